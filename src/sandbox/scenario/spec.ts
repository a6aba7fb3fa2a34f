/**
 * The scenario format (docs/sandbox.md): the top-level sections and their validation. Each service section is
 * defined and checked in depth by its slice (state/entra.ts, state/ado.ts, state/dbt.ts, state/c1.ts); this file
 * checks the shape around them.
 */
import { z } from 'zod';
import { faultSettingsSchema, type FaultSettingsInput } from '../server/faults.js';
import type { AdoScenario } from '../state/ado.js';
import type { EntraScenario } from '../state/entra.js';
import type { C1Scenario, DbtScenario } from './slice-types.js';

export interface ScenarioSpec {
  /** Shown in the banner and in `GET /state`. */
  name: string;
  description?: string;
  /** Seeds ids, secrets and fault dice. Default 1. `startSandbox({seed})` overrides it. */
  seed?: number;
  /** The Entra ID directory. */
  tenant?: EntraScenario;
  azureDevOps: AdoScenario;
  dbtCloud?: DbtScenario;
  conductorOne?: C1Scenario;
  faults?: FaultSettingsInput;
  /** Merged (deeply) into the printed ado-guard.yml. */
  policy?: Record<string, unknown>;
}

const section = z.record(z.string(), z.unknown());
/** Lists of named things: checked here for shape (clear field paths); each slice checks the rest. */
const named = (key: string) => z.array(z.looseObject({ [key]: z.string().min(1) }));

const tenantSection = z.looseObject({
  users: named('userPrincipalName').optional(),
  applications: named('displayName').optional(),
});

const azureDevOpsSection = z.looseObject({
  organization: z.string({ error: 'required: the Azure DevOps organization name, e.g. contoso' }).min(1),
  projects: z.array(z.looseObject({ name: z.string().min(1), repositories: named('name').optional() })),
  users: named('upn').optional(),
  groups: named('name').optional(),
  acls: z
    .array(z.looseObject({ namespace: z.string().min(1), token: z.string().min(1), aces: z.array(section) }))
    .optional(),
});

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    tenant: tenantSection.optional(),
    azureDevOps: azureDevOpsSection,
    dbtCloud: section.optional(),
    conductorOne: section.optional(),
    faults: faultSettingsSchema.optional(),
    policy: section.optional(),
  })
  .strict();

/** `a.b[0].c` from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

/** Thrown for a scenario that cannot be used; the message names the scenario and the field. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Validates the top-level shape; throws a ScenarioError naming `source` and every field at fault. */
export function validateScenario(input: unknown, source: string): ScenarioSpec {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${fieldPath(issue.path)}: ${issue.message}`);
    throw new ScenarioError(`Scenario ${source} is not valid:\n${problems.join('\n')}`);
  }
  return result.data as unknown as ScenarioSpec;
}
