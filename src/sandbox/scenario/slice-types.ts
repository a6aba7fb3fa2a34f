/** Scenario section types of the dbt Cloud and ConductorOne slices (placeholders until their state files land). */
export type { DbtScenario } from '../state/dbt.js';
export type C1Scenario = Record<string, unknown>;
