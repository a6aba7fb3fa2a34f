/**
 * The dbt Cloud account of a scenario: its API token, the Azure DevOps integration record
 * (`azure-ad-applications`, which stores the Entra client id, tenant id and one secret of the app), jobs
 * and runs. A run triggered through the API succeeds exactly when the stored secret checks `ok` with Entra.
 */
import type { Clock, Rng } from '../ports.js';
import type { ServiceName } from '../types.js';
import { z } from 'zod';
import { checkScenarioSection, describeSecretFailure, type EntraState, type NamedSecret } from './entra.js';

const DAY_MS = 86_400_000;

/** The `dbtCloud:` section of a scenario. */
export interface DbtScenario {
  /** Account id (policy `integrations.dbtCloud.accountId`). Default 12345. */
  accountId?: number;
  /** Default `Contoso Analytics`. */
  accountName?: string;
  /**
   * Permission set of the generated API token (DBT_CLOUD_TOKEN): `accountAdmin` (everything),
   * `jobAdmin` (runs and jobs, no account settings) or `readOnly`. Default `accountAdmin`.
   */
  tokenPermission?: 'accountAdmin' | 'jobAdmin' | 'readOnly';
  /** The Azure DevOps integration record; `null` for none. Default: one for app `dbt Cloud` with its newest secret. */
  azureAdApplication?: DbtAzureAdApplicationScenario | null;
  /** Jobs. Default: one job, id 100, `Daily build`. */
  jobs?: DbtJobScenario[];
  /** Runs that already happened. Default: one successful scheduled run 2 days ago. `[]` for an account that never ran. */
  runs?: DbtRunScenario[];
  /** How long a run triggered through the API takes (sandbox clock). Default 3000. */
  runDurationMs?: number;
}

export interface DbtAzureAdApplicationScenario {
  /** The Entra app whose client id the record stores: displayName, appId or object id. Default `dbt Cloud`. */
  application?: string;
  /**
   * Which of the app's passwords the record holds: `newest`, `{displayName: "…"}`, or `invalid` (a value
   * Entra never issued). Default `newest`.
   */
  secret?: 'newest' | 'invalid' | { displayName: string };
  /** ADO organization name (not a URL). Default `contoso`. */
  organizationName?: string;
  /** Default `service_user`. */
  authenticationMethod?: 'service_user' | 'service_principal';
  /** Stored tenant id. Default: the scenario tenant. */
  tenantId?: string;
  /** The record was soft-deleted (invisible, and a new create fails with `duplicate key value`). */
  deleted?: boolean;
}

export interface DbtJobScenario {
  /** Job id (the run endpoint is `/api/v2/accounts/{account}/jobs/{id}/run/`). */
  id: number;
  /** Default `Daily build`. */
  name?: string;
  /** Default 200. */
  projectId?: number;
  /** Default 300. */
  environmentId?: number;
}

export interface DbtRunScenario {
  /** Default: the first job. */
  jobId?: number;
  /** Default `success`. */
  status?: 'success' | 'error' | 'cancelled';
  /** When the run was created. */
  createdDaysAgo: number;
  /** Default 4. */
  durationMinutes?: number;
  /** Trigger cause text. Default `Kicked off by the scheduler`. */
  cause?: string;
  /** Default `scheduled`. */
  causeCategory?: 'api' | 'ci' | 'scheduled' | 'ui' | 'rerun';
  /** Default: none for a success, `Failed to clone repository.` for an error. */
  statusMessage?: string;
}

const secretRef = z.union([
  z.literal('newest'),
  z.literal('invalid'),
  z.strictObject({ displayName: z.string().min(1) }),
]);

/** Validation of the `dbtCloud:` section (field-path errors, unknown keys refused). */
export const dbtScenarioSchema = z.strictObject({
  accountId: z.number().int().positive().optional(),
  accountName: z.string().min(1).optional(),
  tokenPermission: z.enum(['accountAdmin', 'jobAdmin', 'readOnly']).optional(),
  azureAdApplication: z
    .strictObject({
      application: z.string().min(1).optional(),
      secret: secretRef.optional(),
      organizationName: z.string().min(1).optional(),
      authenticationMethod: z.enum(['service_user', 'service_principal']).optional(),
      tenantId: z.string().min(1).optional(),
      deleted: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  jobs: z
    .array(
      z.strictObject({
        id: z.number().int().positive(),
        name: z.string().min(1).optional(),
        projectId: z.number().int().positive().optional(),
        environmentId: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  runs: z
    .array(
      z.strictObject({
        jobId: z.number().int().positive().optional(),
        status: z.enum(['success', 'error', 'cancelled']).optional(),
        createdDaysAgo: z.number().min(0),
        durationMinutes: z.number().positive().optional(),
        cause: z.string().optional(),
        causeCategory: z.enum(['api', 'ci', 'scheduled', 'ui', 'rerun']).optional(),
        statusMessage: z.string().optional(),
      }),
    )
    .optional(),
  runDurationMs: z.number().int().min(0).optional(),
});

export interface DbtIntegrationRecord {
  id: number;
  organizationName: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  authenticationMethod: 'service_user' | 'service_principal';
  createdAt: number;
  updatedAt: number;
  /** 1 active, 2 deleted (soft delete). */
  state: 1 | 2;
}

export interface DbtJob {
  id: number;
  name: string;
  projectId: number;
  environmentId: number;
}

export interface DbtRun {
  id: number;
  triggerId: number;
  jobId: number;
  projectId: number;
  environmentId: number;
  /** 1 queued, 2 starting, 3 running, 10 success, 20 error, 30 cancelled. */
  status: 1 | 2 | 3 | 10 | 20 | 30;
  statusMessage: string | null;
  cause: string;
  causeCategory: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** For runs in progress: when it completes. */
  finishAt?: number;
}

export interface DbtState {
  readonly accountId: number;
  readonly accountName: string;
  readonly tokenPermission: 'accountAdmin' | 'jobAdmin' | 'readOnly';
  readonly runDurationMs: number;
  /** The account's record (active or soft-deleted), if any. */
  record: DbtIntegrationRecord | undefined;
  readonly jobs: DbtJob[];
  readonly runs: DbtRun[];
  /** DBT_CLOUD_TOKEN. */
  token(): string;
  /** Access URL host for `oauth_redirect_uri_domain`. */
  accessHost(): string;
  /** The Entra client id stored in the active record. */
  applicationClientId(): string | undefined;
  nextId(): number;
  /** Complete runs whose time has come (called before every read). */
  settle(): void;
  triggerRun(job: DbtJob, cause: string): DbtRun;
  /** Keeps a replaced secret known to leak scans. */
  retireSecret(name: string, value: string): void;
  /** Current and replaced secrets. */
  secrets(): NamedSecret[];
  snapshot(): Record<string, unknown>;
}

export function createDbtState(
  input: DbtScenario,
  options: { entra: EntraState; rng: Rng; clock: Clock; origins?: Partial<Record<ServiceName, string>> },
): DbtState {
  const spec: DbtScenario = checkScenarioSection(dbtScenarioSchema, input, 'dbtCloud');
  const { entra, rng, clock } = options;
  const now = clock.now();
  const token = `dbtc_${rng.string(54, '_-')}`;
  let idCounter = 70_000_000;
  const nextId = () => ++idCounter;

  const jobs: DbtJob[] = (spec.jobs ?? [{ id: 100 }]).map((j, i) => {
    if (!Number.isInteger(j.id)) throw new Error(`dbtCloud.jobs[${i}].id: must be an integer`);
    return {
      id: j.id,
      name: j.name ?? 'Daily build',
      projectId: j.projectId ?? 200,
      environmentId: j.environmentId ?? 300,
    };
  });

  let record: DbtIntegrationRecord | undefined;
  const recordSpec = spec.azureAdApplication === undefined ? {} : spec.azureAdApplication;
  if (recordSpec) {
    const appRef = recordSpec.application ?? 'dbt Cloud';
    const app = entra.resolveApplication(appRef);
    if (!app) {
      if (recordSpec.application !== undefined || spec.azureAdApplication !== undefined) {
        throw new Error(
          `dbtCloud.azureAdApplication.application: no Entra application "${appRef}" in tenant.applications`,
        );
      }
    } else {
      const which = recordSpec.secret ?? 'newest';
      const secret =
        which === 'invalid' ? `${rng.string(3)}8Q~${rng.string(36)}` : entra.passwordValue(appRef, which);
      if (secret === undefined) {
        throw new Error(
          `dbtCloud.azureAdApplication.secret: application "${appRef}" has no password ${typeof which === 'object' ? `named "${which.displayName}"` : ''}; add it under tenant.applications[].passwordCredentials`,
        );
      }
      record = {
        id: nextId(),
        organizationName: recordSpec.organizationName ?? 'contoso',
        clientId: app.appId,
        clientSecret: secret,
        tenantId: recordSpec.tenantId ?? entra.tenantId,
        authenticationMethod: recordSpec.authenticationMethod ?? 'service_user',
        createdAt: now - 300 * DAY_MS,
        updatedAt: now - 30 * DAY_MS,
        state: recordSpec.deleted ? 2 : 1,
      };
    }
  }

  const runs: DbtRun[] = [];
  const runSpecs = spec.runs ?? [{ createdDaysAgo: 2 }];
  runSpecs.forEach((r, i) => {
    const job = r.jobId === undefined ? jobs[0] : jobs.find((j) => j.id === r.jobId);
    if (!job) throw new Error(`dbtCloud.runs[${i}].jobId: no job ${String(r.jobId)} in dbtCloud.jobs`);
    const createdAt = now - r.createdDaysAgo * DAY_MS;
    const status = r.status === 'error' ? 20 : r.status === 'cancelled' ? 30 : 10;
    runs.push({
      id: 0,
      triggerId: 0,
      jobId: job.id,
      projectId: job.projectId,
      environmentId: job.environmentId,
      status,
      statusMessage: r.statusMessage ?? (status === 20 ? 'Failed to clone repository.' : null),
      cause: r.cause ?? 'Kicked off by the scheduler',
      causeCategory: r.causeCategory ?? 'scheduled',
      createdAt,
      startedAt: createdAt + 20_000,
      finishedAt: createdAt + (r.durationMinutes ?? 4) * 60_000,
    });
  });
  // Ids grow with creation time, like the real service.
  runs.sort((a, b) => a.createdAt - b.createdAt);
  for (const r of runs) {
    r.id = nextId();
    r.triggerId = nextId();
  }
  const runDurationMs = spec.runDurationMs ?? 3000;

  const retired: NamedSecret[] = [];
  const state: DbtState = {
    accountId: spec.accountId ?? 12345,
    accountName: spec.accountName ?? 'Contoso Analytics',
    tokenPermission: spec.tokenPermission ?? 'accountAdmin',
    runDurationMs,
    record,
    jobs,
    runs,
    token: () => token,
    accessHost() {
      const origin = options.origins?.dbtCloud;
      return origin ? new URL(origin).host : 'ab123.us1.dbt.com';
    },
    applicationClientId() {
      return state.record?.state === 1 ? state.record.clientId : undefined;
    },
    nextId,
    settle() {
      const t = clock.now();
      for (const run of runs) {
        if (run.finishAt === undefined) continue;
        // Queued for the first third of its time, then running, then complete.
        if (run.status === 1 && t >= run.createdAt + runDurationMs / 3) {
          run.status = 3;
          run.startedAt = run.createdAt + Math.floor(runDurationMs / 3);
        }
        if (run.finishAt > t) continue;
        const rec = state.record?.state === 1 ? state.record : undefined;
        const check = rec ? entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret) : undefined;
        run.startedAt ??= run.createdAt + Math.floor(runDurationMs / 3);
        run.finishedAt = run.finishAt;
        delete run.finishAt;
        if (check === 'ok') {
          run.status = 10;
          run.statusMessage = null;
        } else {
          run.status = 20;
          run.statusMessage = !rec
            ? 'Azure DevOps is not connected: this account has no Azure Active Directory application configured.'
            : `Failed to clone repository: could not get an Azure DevOps token for the service ${rec.authenticationMethod === 'service_user' ? 'user' : 'principal'}. ${describeSecretFailure(check!, rec.clientId, rec.tenantId).description}`;
        }
      }
    },
    triggerRun(job, cause) {
      const t = clock.now();
      const run: DbtRun = {
        id: nextId(),
        triggerId: nextId(),
        jobId: job.id,
        projectId: job.projectId,
        environmentId: job.environmentId,
        status: 1,
        statusMessage: null,
        cause,
        causeCategory: 'api',
        createdAt: t,
        startedAt: null,
        finishedAt: null,
        finishAt: t + runDurationMs,
      };
      runs.push(run);
      return run;
    },
    retireSecret(name, value) {
      if (value) retired.push({ name: `${name}:replaced`, value });
    },
    secrets() {
      const out: NamedSecret[] = [{ name: 'dbtCloud:token', value: token }, ...retired];
      if (state.record)
        out.push({ name: 'dbtCloud:azureAdApplication:client_secret', value: state.record.clientSecret });
      return out;
    },
    snapshot() {
      state.settle();
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const rec = state.record;
      return {
        accountId: state.accountId,
        accountName: state.accountName,
        tokenPermission: state.tokenPermission,
        azureAdApplication: rec
          ? {
              id: rec.id,
              state: rec.state,
              organizationName: rec.organizationName,
              clientId: rec.clientId,
              tenantId: rec.tenantId,
              authenticationMethod: rec.authenticationMethod,
              clientSecretKeyId: entra.keyIdOfSecret(rec.clientId, rec.clientSecret) ?? null,
              clientSecretHint: rec.clientSecret.slice(0, 3),
              clientSecretCheck: entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret),
              createdAt: iso(rec.createdAt),
              updatedAt: iso(rec.updatedAt),
            }
          : null,
        jobs: jobs.map((j) => ({ ...j })),
        runs: runs.map((r) => ({
          id: r.id,
          jobId: r.jobId,
          status: r.status,
          statusMessage: r.statusMessage,
          cause: r.cause,
          createdAt: iso(r.createdAt),
          finishedAt: iso(r.finishedAt),
        })),
      };
    },
  };
  return state;
}
