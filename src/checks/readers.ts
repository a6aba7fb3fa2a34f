/**
 * Readers: the service user is a member (direct or nested) of each in-scope project's Readers group, or of a
 * higher project group (Contributors, Project Administrators) (DESIGN.md §3; reference/azure-devops.md §7).
 * ONE expanded-membership look-up of the user, then the shared project-membership mechanism
 * (project-membership.ts) finds the projects where it is in none of those groups.
 */
import type { Finding } from '../core/findings.js';
import type { PolicyIntegration } from '../core/policy/presets.js';
import { sessionOf } from './ado-session.js';
import type { AdoCheckContext } from './ado-session.js';
import { projectsWithoutMembership } from './project-membership.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

/** Membership in any of these counts as "Readers or higher". */
export const READER_OR_HIGHER = ['Readers', 'Contributors', 'Project Administrators'] as const;

/** A 403 on any read becomes CHECK-SKIPPED (info): the check could not run, it did not pass. */
export async function checkReaders(context: AdoCheckContext, log: CheckLog): Promise<Finding[]> {
  const integration = context.requirements.readers[0]?.integration;
  if (integration === undefined) return [];
  try {
    return await readerFindings(context, integration, log);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration,
        what: `Readers membership of ${context.requirements.serviceUser ?? 'the service user'}`,
        permission: 'read access to Azure DevOps groups and identities (vso.graph, vso.identity)',
        resource: { organization: context.ado.organization },
        check: 'azureDevOps.readers',
      }),
    ];
  }
}

async function readerFindings(
  context: AdoCheckContext,
  integration: PolicyIntegration,
  log: CheckLog,
): Promise<Finding[]> {
  const { ado } = context;
  const session = sessionOf(context, log);
  const user = await session.serviceUser();
  if (!user) return [];

  // The projects are listed while the memberships are read; a failure surfaces where they are awaited.
  const projects = session.scope().then((scope) => scope.projects);
  projects.catch(() => undefined);
  const memberOf = await session.memberOf(user);
  const unmet = await projectsWithoutMembership(ado, projects, memberOf, READER_OR_HIGHER, log);

  const findings: Finding[] = [];
  for (const { project, wanted } of unmet) {
    const readers = wanted.find((g) => g.displayName === 'Readers');
    const groupName = readers?.principalName || `[${project.name}]\\Readers`;
    findings.push({
      ruleId: 'ADO-READER-MISSING',
      severity: 'error',
      integration,
      resource: { kind: 'project', organization: ado.organization, project: project.name, name: groupName },
      message: `${user.upn} is not a member of ${groupName} (directly or through a group), nor of a higher project group.`,
      expected: `member of ${groupName} or higher`,
      actual: 'not a member',
      fixable: readers !== undefined,
      fix:
        readers !== undefined
          ? `Run \`ado-guard remediate\`, or add ${user.upn} to ${groupName} (Project settings → Permissions).`
          : `Project ${project.name} has no Readers group: add ${user.upn} to a project group that can read it.`,
      permissions: [{ name: 'Readers', state: 'missing' }],
    });
  }
  return findings;
}
