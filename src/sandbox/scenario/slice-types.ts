/** Scenario section types of the dbt Cloud and ConductorOne slices (placeholders until their state files land). */
export type DbtScenario = Record<string, unknown>;
export type C1Scenario = Record<string, unknown>;
