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
import { checkProjectAdministrator } from '../../checks/project-administrator.js';
import type { CheckLog } from '../../checks/types.js';
import { HttpError } from '../../clients/http/index.js';
import type { Finding, RuleId } from '../../core/findings.js';
import { deriveRequirements } from '../../core/policy/presets.js';
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
    async () =>
      requirements.serviceUser === undefined
        ? []
        : unlessRefused(
            () => checkAzureDevOpsServiceUser({ ado: services.azureDevOps, policy, requirements }, log),
            organization,
            (cause) =>
              refused(policy, cause, {
                integration: 'general',
                what: `The Azure DevOps identity of ${requirements.serviceUser} (and its permissions)`,
                check: 'azureDevOps.serviceUser',
              }),
          ),
    async () =>
      requirements.projectAdministrator === undefined
        ? []
        : unlessRefused(
            () => checkProjectAdministrator({ ado: services.azureDevOps, policy, requirements }, log),
            organization,
            (cause) =>
              refused(policy, cause, {
                integration: 'dbtCloud',
                what: `Project Administrator membership of the dbt Cloud service principal (app ${requirements.projectAdministrator?.appId})`,
                check: 'azureDevOps.projectAdministrator',
              }),
          ),
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

/**
 * An organization that is not connected to the tenant refuses its tokens (401): the organization finding is the
 * cause, so the area reports CHECK-SKIPPED naming it instead of failing the run and losing that finding.
 */
async function unlessRefused(
  area: () => Promise<Finding[]>,
  organization: Promise<Finding[]>,
  skipped: (cause: RuleId) => Finding,
): Promise<Finding[]> {
  try {
    return await area();
  } catch (error) {
    const cause = (await organization.catch(() => []))[0];
    if (!cause || !(error instanceof HttpError) || error.status !== 401) throw error;
    return [skipped(cause.ruleId)];
  }
}

function refused(
  policy: Policy,
  cause: RuleId,
  area: { integration: Finding['integration']; what: string; check: string },
): Finding {
  return {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration: area.integration,
    resource: { kind: 'check', organization: policy.organization, name: area.check },
    message:
      `${area.what} was not checked: organization ${policy.organization} refused the automation identity, as it ` +
      `is not connected to tenant ${policy.tenantId} (${cause}).`,
    expected: `organization ${policy.organization} connected to tenant ${policy.tenantId}`,
    actual: 'authentication refused (HTTP 401)',
    fixable: false,
    fix: `Resolve ${cause} first, then run verify again.`,
  };
}
