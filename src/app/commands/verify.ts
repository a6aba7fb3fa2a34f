/**
 * verify: every check area of DESIGN.md §3/§5, in a fixed order so reports are stable. An area that lacks a
 * credential or permission reports CHECK-SKIPPED (info), never a silent pass.
 */
import { checkEntra } from '../../checks/app-registration.js';
import { checkAzureDevOpsServiceUser } from '../../checks/azure-devops.js';
import { checkConductorOne } from '../../checks/conductorone.js';
import { checkDbtCloud } from '../../checks/dbt-cloud.js';
import { checkDefender } from '../../checks/defender.js';
import { checkOrganization } from '../../checks/organization.js';
import type { CheckLog } from '../../checks/types.js';
import { HttpError } from '../../clients/http/index.js';
import type { Finding, RuleId } from '../../core/findings.js';
import { deriveRequirements } from '../../core/policy/presets.js';
import type { Requirements } from '../../core/policy/presets.js';
import type { Policy } from '../../core/policy/schema.js';
import type { RunContext } from '../context.js';
import type { Services } from '../services.js';

export async function runVerify(ctx: RunContext, policy: Policy, services: Services): Promise<Finding[]> {
  const requirements = deriveRequirements(policy);
  const log: CheckLog = { step: (m) => ctx.step(m), debug: (m) => ctx.debug(m) };

  ctx.step(`Checking organization ${policy.organization}`);
  const organization = checkOrganization(services.azureDevOps, policy);

  // The areas read different services and share nothing, so they run side by side; findings keep this order.
  const areas: (() => Promise<Finding[]>)[] = [
    () => organization,
    async () => {
      if (requirements.serviceUser === undefined) return [];
      try {
        return await checkAzureDevOpsServiceUser({ ado: services.azureDevOps, policy, requirements }, log);
      } catch (error) {
        // An organization that is not connected to the tenant refuses its tokens (401): the organization finding
        // is the cause, so report the area as skipped instead of failing the run and losing that finding.
        const cause = (await organization.catch(() => []))[0];
        if (!cause || !(error instanceof HttpError) || error.status !== 401) throw error;
        return [serviceUserRefused(policy, requirements.serviceUser, cause.ruleId)];
      }
    },
    async () =>
      requirements.projectAdministrator ? [projectAdministratorSkipped(policy, requirements)] : [],
    () =>
      checkEntra(
        {
          graph: services.graph,
          requirements,
          rotation: { minRemainingDays: policy.rotation.minRemainingDays },
          removeUnwanted: policy.remediation.removeUnwantedPermissions,
        },
        log,
      ),
    async () =>
      requirements.dbt && services.dbtCloud
        ? checkDbtCloud({ dbt: services.dbtCloud, requirement: requirements.dbt }, log)
        : [],
    async () =>
      requirements.c1 && services.conductorOne
        ? checkConductorOne({ c1: services.conductorOne, requirement: requirements.c1 }, log)
        : [],
    async () =>
      requirements.defender
        ? checkDefender(
            { organization: policy.organization, readPolicies: services.organizationPolicies },
            log,
          )
        : [],
  ];
  return (await Promise.all(areas.map((area) => area()))).flat();
}

function projectAdministratorSkipped(policy: Policy, requirements: Requirements): Finding {
  return {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration: 'dbtCloud',
    resource: { kind: 'check', organization: policy.organization, name: 'azureDevOps.projectAdministrator' },
    message:
      `Project Administrator membership of the dbt Cloud service principal (${requirements.projectAdministrator?.appId}) ` +
      'was not checked: this build of ado-guard verifies the service_user method only.',
    fixable: false,
    fix: 'Check in Project settings → Permissions that the service principal is a Project Administrator of each in-scope project.',
  };
}

function serviceUserRefused(policy: Policy, serviceUser: string, cause: RuleId): Finding {
  return {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration: 'general',
    resource: { kind: 'check', organization: policy.organization, name: 'azureDevOps.serviceUser' },
    message:
      `The Azure DevOps identity of ${serviceUser} (and its permissions) was not checked: organization ` +
      `${policy.organization} refused the automation identity, as it is not connected to tenant ${policy.tenantId} (${cause}).`,
    expected: `organization ${policy.organization} connected to tenant ${policy.tenantId}`,
    actual: 'authentication refused (HTTP 401)',
    fixable: false,
    fix: `Resolve ${cause} first, then run verify again.`,
  };
}
