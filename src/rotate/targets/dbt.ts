/**
 * dbt Cloud as a rotation target (reference dbt-cloud.md §4, §7): GET the integration record, POST the full body
 * with the new secret (never DELETE), confirm `updated_at` moved; with `rotation.verifyWithJob`, run that job and
 * wait for its result (a bad Azure DevOps credential shows as a clone failure).
 */
import {
  dbtTimeMs,
  type DbtAzureAdApplication,
  type DbtCloudClient,
} from '../../clients/dbt-cloud/client.js';
import { OperationalError } from '../../core/errors.js';
import type { RotationClock, RotationLimits } from '../clock.js';
import type { PushResult, SecretTarget, TargetCheck } from './target.js';

const DBT = 'dbt Cloud';
const SUCCESS = 10;

export interface DbtTargetOptions {
  dbt: DbtCloudClient;
  /** The Entra app (client) id and tenant: dbt Cloud never returns them, so every update sends ours. */
  clientId: string;
  tenantId: string;
  organization: string;
  authenticationMethod: 'service_user' | 'service_principal';
  verifyWithJob?: number;
  clock: RotationClock;
  limits: RotationLimits;
  /** Redacts secrets from texts dbt Cloud sends back (run messages). */
  redact: (text: string) => string;
}

export function dbtTarget(options: DbtTargetOptions): SecretTarget {
  const { dbt, clock, limits } = options;
  let record: DbtAzureAdApplication | undefined;
  let before: number | undefined;
  let pushedAt: number | undefined;

  const read = async (): Promise<DbtAzureAdApplication> => {
    const found = await dbt.azureAdApplication();
    if (!found) {
      throw new OperationalError(
        `dbt Cloud account ${dbt.accountId} has no Azure DevOps integration record (DBT-INTEGRATION-MISSING): ` +
          'connect Azure DevOps in dbt Cloud (Account settings → Integrations) before rotating its secret.',
        DBT,
      );
    }
    return found;
  };

  const runJob = async (jobId: number): Promise<TargetCheck> => {
    let run = await dbt.triggerJobRun(jobId, 'ado-guard: client secret rotation check');
    const deadline = clock.now() + limits.jobTimeoutMs;
    while (!run.isComplete) {
      if (clock.now() >= deadline) {
        return {
          ok: false,
          message: `job ${jobId} run ${run.id} did not finish within ${Math.round(limits.jobTimeoutMs / 60_000)} min`,
        };
      }
      await clock.sleep(limits.pollIntervalMs);
      run = await dbt.run(run.id);
    }
    if (run.status === SUCCESS) return { ok: true, detail: `job ${jobId} run ${run.id} succeeded` };
    return {
      ok: false,
      message: options.redact(
        `job ${jobId} run ${run.id} ended ${run.statusHumanized ?? `with status ${run.status}`}: ${
          run.statusMessage ?? 'no message'
        }`,
      ),
    };
  };

  return {
    name: 'dbtCloud',
    description: `dbt Cloud account ${dbt.accountId} (Azure DevOps integration record)`,
    resource: { kind: 'dbtAccount', name: String(dbt.accountId), appId: options.clientId },

    async prepare() {
      record = await read();
      before = dbtTimeMs(record.updatedAt);
      return before === undefined ? {} : { updatedAt: before };
    },

    async push(secret): Promise<PushResult> {
      record ??= await read();
      const current = record;
      pushedAt = clock.now();
      try {
        record = await dbt.updateAzureAdApplication(current.id, {
          organizationName: current.organizationName || options.organization,
          clientId: options.clientId,
          clientSecret: secret,
          tenantId: options.tenantId,
          authenticationMethod:
            current.authenticationMethod === 'service_principal' ||
            current.authenticationMethod === 'service_user'
              ? current.authenticationMethod
              : options.authenticationMethod,
        });
        return { accepted: true };
      } catch (error) {
        if (!(error instanceof OperationalError)) throw error;
        // The write may have landed although the answer was lost: the record's update time tells.
        const after = await read().catch(() => undefined);
        const moved = after !== undefined && (dbtTimeMs(after.updatedAt) ?? 0) > (before ?? 0);
        if (after) record = after;
        return { accepted: moved, message: error.message };
      }
    },

    async verify(): Promise<TargetCheck> {
      const now = await read();
      const updated = dbtTimeMs(now.updatedAt);
      if (before !== undefined && pushedAt !== undefined && !(updated !== undefined && updated > before)) {
        return {
          ok: false,
          message: `the record's updated_at did not move (still ${now.updatedAt ?? 'empty'})`,
        };
      }
      const recordNote = `record updated ${now.updatedAt ?? '(no time given)'}`;
      if (options.verifyWithJob === undefined) return { ok: true, detail: recordNote };
      const job = await runJob(options.verifyWithJob);
      return job.ok ? { ok: true, detail: `${recordNote}; ${job.detail}` } : job;
    },
  };
}
