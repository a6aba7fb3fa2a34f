/**
 * dbt Cloud's side of the Azure DevOps integration (DESIGN.md §3, reference/dbt-cloud.md §4, §6): the
 * integration record exists and names the organization and authentication method the policy says, and in
 * service_user mode a run happened recently enough for dbt to keep the service user's sign-in alive.
 */
import type { Finding, ResourceRef } from '../core/findings.js';
import type { DbtRequirement } from '../core/policy/presets.js';
import type { DbtCloudClient } from '../clients/dbt-cloud/client.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

const DAY_MS = 86_400_000;

export interface DbtCloudCheckContext {
  dbt: DbtCloudClient;
  requirement: DbtRequirement;
  /** Injectable clock (ms since epoch). */
  now?: () => number;
}

export async function checkDbtCloud(context: DbtCloudCheckContext, log: CheckLog): Promise<Finding[]> {
  const { requirement } = context;
  const account: ResourceRef = { kind: 'dbtAccount', name: String(requirement.accountId) };
  const findings: Finding[] = [];

  log.step(`Reading the Azure DevOps integration of dbt Cloud account ${requirement.accountId}`);
  let record;
  try {
    record = await context.dbt.azureAdApplication();
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    findings.push(
      checkSkipped({
        integration: 'dbtCloud',
        what: `The Azure DevOps integration record of dbt Cloud account ${requirement.accountId}`,
        permission: 'a DBT_CLOUD_TOKEN with Account Admin permission',
        resource: { name: String(requirement.accountId) },
        check: 'dbt.integration',
      }),
    );
  }
  if (record === undefined && findings.length === 0) {
    findings.push({
      ruleId: 'DBT-INTEGRATION-MISSING',
      severity: 'error',
      integration: 'dbtCloud',
      resource: account,
      message: `dbt Cloud account ${requirement.accountId} has no Azure DevOps integration (no Entra app is configured).`,
      expected: `an integration for organization ${requirement.organizationName} with app ${requirement.appId}`,
      actual: 'none',
      fixable: false,
      fix: 'A dbt Cloud account admin sets it up under Account settings → Integrations → Azure DevOps (Entra app client id, tenant id and secret).',
    });
  }
  if (record) {
    if (record.organizationName !== requirement.organizationName) {
      const looksLikeUrl = /[/.]/.test(record.organizationName);
      findings.push({
        ruleId: 'DBT-ORGANIZATION-MISMATCH',
        severity: 'error',
        integration: 'dbtCloud',
        resource: account,
        message:
          `dbt Cloud's Azure DevOps integration names organization "${record.organizationName}", not "${requirement.organizationName}"` +
          (looksLikeUrl ? ': dbt Cloud wants the organization name, not its URL.' : '.'),
        expected: requirement.organizationName,
        actual: record.organizationName,
        fixable: false,
        fix: `In dbt Cloud → Account settings → Integrations → Azure DevOps, set the organization to "${requirement.organizationName}" (the name only, not https://dev.azure.com/…).`,
      });
    }
    if (record.authenticationMethod !== null && record.authenticationMethod !== requirement.method) {
      findings.push({
        ruleId: 'DBT-ORGANIZATION-MISMATCH',
        severity: 'error',
        integration: 'dbtCloud',
        resource: account,
        message: `dbt Cloud's Azure DevOps integration authenticates as ${record.authenticationMethod}, but the policy says ${requirement.method}.`,
        expected: `azure_service_authentication_method ${requirement.method}`,
        actual: `azure_service_authentication_method ${record.authenticationMethod}`,
        fixable: false,
        fix: 'Change the authentication method in dbt Cloud → Account settings → Integrations → Azure DevOps, or correct integrations.dbtCloud.authenticationMethod in the policy file.',
      });
    }
  }

  if (requirement.method === 'service_user') findings.push(...(await staleness(context, account, log)));
  return findings;
}

/** dbt refreshes the service user's sign-in on each run; after 90 days without one an admin must reconnect. */
async function staleness(
  context: DbtCloudCheckContext,
  account: ResourceRef,
  log: CheckLog,
): Promise<Finding[]> {
  const { requirement } = context;
  log.step(`Reading the newest run of dbt Cloud account ${requirement.accountId}`);
  let run;
  try {
    run = await context.dbt.newestRun();
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: 'dbtCloud',
        what: `The newest run of dbt Cloud account ${requirement.accountId}`,
        permission: 'a DBT_CLOUD_TOKEN with read access to runs',
        resource: { name: String(requirement.accountId) },
        check: 'dbt.serviceUserStale',
      }),
    ];
  }
  const fix =
    'Run any dbt Cloud job (scheduler, API or CI) at least every 90 days; once past 90 days, an admin disconnects and reconnects the service user in dbt Cloud.';
  if (!run) {
    return [
      {
        ruleId: 'DBT-SERVICE-USER-STALE',
        severity: 'warning',
        integration: 'dbtCloud',
        resource: account,
        message: `dbt Cloud account ${requirement.accountId} has no runs: the service user's sign-in is not being refreshed.`,
        expected: `a run within the last ${requirement.staleWarnDays} days`,
        actual: 'no runs',
        fixable: false,
        fix,
      },
    ];
  }
  const created = run.createdAt ? parseDbtTime(run.createdAt) : Number.NaN;
  if (Number.isNaN(created)) {
    log.debug(`dbt Cloud run ${run.id} has no readable created_at; staleness not judged.`);
    return [];
  }
  const ageDays = Math.floor(((context.now?.() ?? Date.now()) - created) / DAY_MS);
  if (ageDays < requirement.staleWarnDays) return [];
  const error = ageDays >= requirement.staleErrorDays;
  return [
    {
      ruleId: 'DBT-SERVICE-USER-STALE',
      severity: error ? 'error' : 'warning',
      integration: 'dbtCloud',
      resource: account,
      message: error
        ? `The newest dbt Cloud run is ${ageDays} days old: after ${requirement.staleErrorDays} days without runs dbt Cloud stops refreshing the service user's sign-in.`
        : `The newest dbt Cloud run is ${ageDays} days old; at ${requirement.staleErrorDays} days dbt Cloud stops refreshing the service user's sign-in.`,
      expected: `a run within the last ${requirement.staleWarnDays} days`,
      actual: `newest run ${run.id} created ${new Date(created).toISOString().slice(0, 10)} (${ageDays} days ago)`,
      fixable: false,
      fix,
    },
  ];
}

/** ISO 8601 or dbt's `2026-06-01 12:00:00.000000+00:00`. */
function parseDbtTime(value: string): number {
  const direct = Date.parse(value);
  if (!Number.isNaN(direct)) return direct;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value.trim(),
  );
  if (!m) return Number.NaN;
  const fraction = m[3] ? `.${m[3].slice(0, 3)}` : '';
  return Date.parse(`${m[1]}T${m[2]}${fraction}${m[4] ?? 'Z'}`);
}
