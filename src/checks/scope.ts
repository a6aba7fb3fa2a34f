/**
 * The in-scope projects and repositories (policy `scope`): projects paged, repositories from ONE
 * organization-wide list grouped by project (reference/azure-devops.md §6).
 */
import { matchesScope } from '../core/policy/scope.js';
import type { Policy } from '../core/policy/schema.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { CheckLog } from './types.js';

export interface ScopedRepository {
  id: string;
  name: string;
}

export interface ScopedProject {
  id: string;
  name: string;
  /** In-scope repositories of the project, by name. */
  repositories: ScopedRepository[];
}

export interface ResolvedScope {
  projects: ScopedProject[];
}

export async function resolveScope(
  ado: AzureDevOpsClient,
  scope: Policy['scope'],
  log: CheckLog,
): Promise<ResolvedScope> {
  log.step('Listing projects and repositories');
  const [projects, repositories] = await Promise.all([ado.listProjects(), ado.listRepositories()]);
  const byProject = new Map<string, ScopedRepository[]>();
  for (const repository of repositories) {
    if (repository.isDisabled && !scope.includeDisabled) continue;
    if (!matchesScope(repository.name, scope.repositories)) continue;
    const key = repository.projectId.toLowerCase();
    const list = byProject.get(key) ?? [];
    list.push({ id: repository.id, name: repository.name });
    byProject.set(key, list);
  }
  const inScope = projects
    .filter((project) => matchesScope(project.name, scope.projects, scope.excludeProjects))
    .map((project) => ({
      id: project.id,
      name: project.name,
      repositories: (byProject.get(project.id.toLowerCase()) ?? []).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  log.debug(
    `${inScope.length} project(s) and ${inScope.reduce((n, p) => n + p.repositories.length, 0)} repository(ies) in scope`,
  );
  return { projects: inScope };
}
