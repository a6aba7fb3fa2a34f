/**
 * Which in-scope projects lack an identity in one of their groups (direct or nested), shared by the Readers and
 * Project Administrators checks (reference/azure-devops.md §7). The identity's own groups (its expanded
 * `memberOf`, already fetched) are looked up in one batched subject look-up, which clears most projects; only the
 * projects left over have their groups read, recognised locally from the descriptors, and confirmed through the
 * identities API before they are reported. No request grows with repositories.
 */
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { groupIdentityDescriptor, groupSubjectDescriptor } from '../clients/azure-devops/descriptors.js';
import type { AdoGraphGroup } from '../clients/azure-devops/graph.js';
import type { ScopedProject } from './scope.js';
import type { CheckLog } from './types.js';

/**
 * Up to this many projects, two requests per project (scope descriptor, then its groups) are cheapest; above
 * it, one paged listing of every group of the organization keeps the request count flat.
 */
const PER_PROJECT_LIMIT = 5;

/** Project (Collection) Valid Users hold every member; they are never one of the groups asked about (§7). */
const VALID_USERS_SID_SUFFIX = '-0-0-0-0-3';

const PROJECT_DOMAIN = /^vstfs:\/\/\/Classification\/TeamProject\/(.+)$/i;

export interface ProjectGroups {
  project: ScopedProject;
  /** The project's groups among those asked about (absent when the project has no such group). */
  wanted: AdoGraphGroup[];
}

/**
 * The projects where the identity is in none of `groupNames`, each with those groups of the project.
 * `memberOf`: the identity's lower-cased identity descriptors (transitive); `projects` may still be arriving.
 */
export async function projectsWithoutMembership(
  ado: AzureDevOpsClient,
  projects: Promise<readonly ScopedProject[]>,
  memberOf: ReadonlySet<string>,
  groupNames: readonly string[],
  log: CheckLog,
): Promise<ProjectGroups[]> {
  const [inScope, cleared] = await Promise.all([projects, projectsWithMembership(ado, memberOf, groupNames)]);
  const leftover = inScope.filter((project) => !cleared.has(project.id.toLowerCase()));
  if (leftover.length === 0) return [];
  const projectGroups = await readProjectGroups(ado, leftover, groupNames, log);

  const isMemberLocally = (group: AdoGraphGroup): boolean => {
    const descriptor = groupIdentityDescriptor(group.descriptor);
    return descriptor !== undefined && memberOf.has(descriptor.toLowerCase());
  };
  const unmet = projectGroups.filter(({ wanted }) => !wanted.some(isMemberLocally));
  const subjects = unmet.flatMap(({ wanted }) => wanted.map((g) => g.descriptor));
  const identities = subjects.length > 0 ? await ado.identitiesBySubjectDescriptors(subjects) : [];
  const identityOfSubject = new Map(
    identities.map((i) => [i.subjectDescriptor.toLowerCase(), i.descriptor.toLowerCase()]),
  );
  return unmet.filter(
    ({ wanted }) =>
      !wanted.some((g) => {
        const descriptor = identityOfSubject.get(g.descriptor.toLowerCase());
        return descriptor !== undefined && memberOf.has(descriptor);
      }),
  );
}

/** Lower-cased ids of the projects where one of `groupNames` is among the identity's own groups. */
async function projectsWithMembership(
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

/** The `groupNames` groups of each project; requests grow with projects up to a limit, never with repositories. */
async function readProjectGroups(
  ado: AzureDevOpsClient,
  projects: readonly ScopedProject[],
  groupNames: readonly string[],
  log: CheckLog,
): Promise<ProjectGroups[]> {
  const pick = (project: ScopedProject, groups: AdoGraphGroup[]): ProjectGroups => {
    const domain = `vstfs:///Classification/TeamProject/${project.id}`.toLowerCase();
    const wanted = groups.filter(
      (g) => g.domain.toLowerCase() === domain && groupNames.includes(g.displayName),
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
