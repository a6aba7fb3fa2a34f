/**
 * Readers: the service user is a member (direct or nested) of each in-scope project's Readers group, or of a
 * higher project group (Contributors, Project Administrators) (DESIGN.md §3; reference/azure-devops.md §7).
 * ONE expanded-membership look-up of the user and ONE batched look-up of those groups find the projects it can
 * read; only the projects left over have their groups read, to confirm and to name the group in the finding.
 */
import type { Finding } from '../core/findings.js';
import type { PolicyIntegration } from '../core/policy/presets.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { groupIdentityDescriptor, groupSubjectDescriptor } from '../clients/azure-devops/descriptors.js';
import type { AdoGraphGroup } from '../clients/azure-devops/graph.js';
import type { ScopedProject } from './scope.js';
import { sessionOf } from './ado-session.js';
import type { AdoCheckContext } from './ado-session.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

/** Membership in any of these counts as "Readers or higher". */
export const READER_OR_HIGHER = ['Readers', 'Contributors', 'Project Administrators'] as const;

/**
 * Up to this many projects, two requests per project (scope descriptor, then its groups) are cheapest; above
 * it, one paged listing of every group of the organization keeps the request count flat.
 */
const PER_PROJECT_LIMIT = 5;

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

  const [scope, memberOf] = await Promise.all([session.scope(), session.memberOf(user)]);
  const readable = await projectsWithMembership(ado, memberOf, READER_OR_HIGHER);
  const unread = scope.projects.filter((project) => !readable.has(project.id.toLowerCase()));
  if (unread.length === 0) return [];
  const projectGroups = await readProjectGroups(ado, unread, log);

  // Membership is recognised from the descriptors themselves; only projects that look unmet are confirmed with
  // the identities API, so a large organization whose user is a member everywhere costs no look-up.
  const isMemberLocally = (g: AdoGraphGroup) => {
    const descriptor = groupIdentityDescriptor(g.descriptor);
    return descriptor !== undefined && memberOf.has(descriptor.toLowerCase());
  };
  const unmet = projectGroups.filter(({ wanted }) => !wanted.some(isMemberLocally));
  const subjects = unmet.flatMap(({ wanted }) => wanted.map((g) => g.descriptor));
  const identities = subjects.length > 0 ? await ado.identitiesBySubjectDescriptors(subjects) : [];
  const identityOfSubject = new Map(
    identities.map((i) => [i.subjectDescriptor.toLowerCase(), i.descriptor.toLowerCase()]),
  );

  const findings: Finding[] = [];
  for (const { project, wanted } of unmet) {
    const isMember = wanted.some((g) => {
      const descriptor = identityOfSubject.get(g.descriptor.toLowerCase());
      return descriptor !== undefined && memberOf.has(descriptor);
    });
    if (isMember) continue;
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

/** Project (Collection) Valid Users hold every member; they are never Readers or higher (reference §7). */
const VALID_USERS_SID_SUFFIX = '-0-0-0-0-3';

const PROJECT_DOMAIN = /^vstfs:\/\/\/Classification\/TeamProject\/(.+)$/i;

/**
 * Lower-cased ids of the projects where one of `groupNames` is among the identity's groups (`memberOf`: its
 * lower-cased identity descriptors), read from the groups themselves (their domain and name) in one batched
 * subject look-up instead of listing every group of the organization.
 */
export async function projectsWithMembership(
  ado: AzureDevOpsClient,
  memberOf: ReadonlySet<string>,
  groupNames: readonly string[],
): Promise<Set<string>> {
  const subjects = [...memberOf]
    .filter((descriptor) => !descriptor.endsWith(VALID_USERS_SID_SUFFIX))
    .map(groupSubjectDescriptor)
    .filter((descriptor): descriptor is string => descriptor !== undefined);
  const found = new Set<string>();
  if (subjects.length === 0) return found;
  for (const group of await ado.lookupSubjects(subjects)) {
    const project = PROJECT_DOMAIN.exec(group.domain)?.[1];
    if (project && groupNames.includes(group.displayName)) found.add(project.toLowerCase());
  }
  return found;
}

export interface ProjectGroups {
  project: ScopedProject;
  /** The project's Readers, Contributors and Project Administrators groups. */
  wanted: AdoGraphGroup[];
}

/** The Readers-or-higher groups of each project; requests grow with projects up to a limit, never with repositories. */
export async function readProjectGroups(
  ado: AzureDevOpsClient,
  projects: ScopedProject[],
  log: CheckLog,
): Promise<ProjectGroups[]> {
  const pick = (project: ScopedProject, groups: AdoGraphGroup[]): ProjectGroups => {
    const domain = `vstfs:///Classification/TeamProject/${project.id}`.toLowerCase();
    const wanted = groups.filter(
      (g) =>
        g.domain.toLowerCase() === domain && (READER_OR_HIGHER as readonly string[]).includes(g.displayName),
    );
    return { project, wanted };
  };
  if (projects.length <= PER_PROJECT_LIMIT) {
    log.step(`Reading the project groups of ${projects.length} project(s)`);
    return Promise.all(
      projects.map(async (project) =>
        pick(project, await ado.listGroups(await ado.scopeDescriptor(project.id))),
      ),
    );
  }
  log.step(`Reading the groups of organization ${ado.organization} for ${projects.length} project(s)`);
  const byDomain = new Map<string, AdoGraphGroup[]>();
  for (const group of await ado.listGroups()) {
    const domain = group.domain.toLowerCase();
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), group]);
  }
  return projects.map((project) =>
    pick(project, byDomain.get(`vstfs:///Classification/TeamProject/${project.id}`.toLowerCase()) ?? []),
  );
}
