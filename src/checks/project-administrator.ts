/**
 * Project Administrator (dbt Cloud, service_principal method): dbt acts in Azure DevOps as the Entra app's own
 * service principal, which must be a user of the organization and a member (direct or nested) of each in-scope
 * project's Project Administrators group (DESIGN.md §3). Requests: the service principals listing (paged), ONE
 * expanded-membership look-up of the service principal, and the shared project-membership mechanism
 * (project-membership.ts), as for Readers; none grows with repositories.
 */
import type { Finding } from '../core/findings.js';
import type { ProjectAdministratorRequirement } from '../core/policy/presets.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { AdoGraphGroup } from '../clients/azure-devops/graph.js';
import type { AdoServicePrincipal } from '../clients/azure-devops/service-principals.js';
import { sessionOf } from './ado-session.js';
import type { AdoCheckContext } from './ado-session.js';
import { projectsWithoutMembership } from './project-membership.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

const PROJECT_ADMINISTRATORS = 'Project Administrators';

/** [] when the policy does not use the service_principal method; a 403 on any read becomes CHECK-SKIPPED. */
export async function checkProjectAdministrator(context: AdoCheckContext, log: CheckLog): Promise<Finding[]> {
  const requirement = context.requirements.projectAdministrator;
  if (requirement === undefined) return [];
  try {
    return await projectAdministratorFindings(context, requirement, log);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: requirement.integration,
        what: `Project Administrator membership of the dbt Cloud service principal (app ${requirement.appId})`,
        permission:
          'read access to Azure DevOps service principals, groups and identities (vso.graph, vso.identity)',
        resource: { organization: context.ado.organization },
        check: 'azureDevOps.projectAdministrator',
      }),
    ];
  }
}

async function projectAdministratorFindings(
  context: AdoCheckContext,
  requirement: ProjectAdministratorRequirement,
  log: CheckLog,
): Promise<Finding[]> {
  const { ado } = context;
  const session = sessionOf(context, log);
  // The projects do not depend on the service principal: list them while it is looked up. A failure surfaces
  // where the scope is awaited (or not at all when the service principal is absent).
  const scopePromise = session.scope();
  scopePromise.catch(() => undefined);

  log.step(`Looking up the service principal of app ${requirement.appId}`);
  const appId = requirement.appId.toLowerCase();
  const principal = (await ado.listServicePrincipals()).find(
    (sp) => sp.applicationId.toLowerCase() === appId,
  );
  if (!principal) return [notInOrganization(ado, requirement, 'not a user of the organization')];

  // Descriptors of service principals are not decoded by hand (reference §5): the identities API resolves the
  // subject descriptor and, in the same call, lists the groups it belongs to, transitively.
  const [identity] = await ado.identitiesBySubjectDescriptors([principal.descriptor], 'Expanded');
  if (!identity?.isActive) {
    return [
      notInOrganization(ado, requirement, identity ? 'inactive in the organization' : 'no identity resolved'),
    ];
  }
  const memberOf = new Set(identity.memberOf.map((descriptor) => descriptor.toLowerCase()));

  const unmet = await projectsWithoutMembership(
    ado,
    scopePromise.then((scope) => scope.projects),
    memberOf,
    [PROJECT_ADMINISTRATORS],
    log,
  );
  return unmet.map(({ project, wanted }) =>
    notAdministrator(ado, requirement, principal, project.name, wanted[0]),
  );
}

function notInOrganization(
  ado: AzureDevOpsClient,
  requirement: ProjectAdministratorRequirement,
  actual: string,
): Finding {
  return {
    ruleId: 'ADO-IDENTITY-NOT-FOUND',
    severity: 'error',
    integration: requirement.integration,
    resource: { kind: 'servicePrincipal', organization: ado.organization, appId: requirement.appId },
    message:
      `The service principal of the dbt Cloud app ${requirement.appId} is not an active user of organization ` +
      `${ado.organization}: dbt Cloud (service_principal method) cannot reach its repositories.`,
    expected: `the service principal of app ${requirement.appId} added to organization ${ado.organization}`,
    actual,
    fixable: false,
    fix:
      "Add the app's service principal to the organization (Organization settings → Users → Add users, search " +
      'the app by name), or correct `integrations.dbtCloud.applicationClientId` in the policy file.',
  };
}

function notAdministrator(
  ado: AzureDevOpsClient,
  requirement: ProjectAdministratorRequirement,
  principal: AdoServicePrincipal,
  project: string,
  admins: AdoGraphGroup | undefined,
): Finding {
  const groupName = admins?.principalName || `[${project}]\\${PROJECT_ADMINISTRATORS}`;
  const who = `${principal.displayName || 'The service principal'} (app ${requirement.appId})`;
  return {
    ruleId: 'ADO-PROJECT-ADMIN-MISSING',
    severity: 'error',
    integration: requirement.integration,
    resource: {
      kind: 'project',
      organization: ado.organization,
      project,
      name: groupName,
      appId: requirement.appId,
    },
    message: admins
      ? `${who} is not a member of ${groupName} (directly or through a group).`
      : `Project ${project} has no ${PROJECT_ADMINISTRATORS} group, so ${who} cannot be one of them.`,
    expected: `member of ${groupName}`,
    actual: admins ? 'not a member' : `no ${PROJECT_ADMINISTRATORS} group`,
    fixable: false,
    fix:
      `Add the service principal of app ${requirement.appId} to ${groupName} (Project settings → Permissions → ` +
      `${PROJECT_ADMINISTRATORS} → Members). ado-guard leaves granting administrator rights to a person.`,
  };
}
