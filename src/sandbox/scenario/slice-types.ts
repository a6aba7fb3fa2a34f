/** Scenario section types of the dbt Cloud and ConductorOne slices, in one place for the scenario module. */
export type { DbtScenario } from '../state/dbt.js';
export type { C1Scenario } from '../state/c1.js';
