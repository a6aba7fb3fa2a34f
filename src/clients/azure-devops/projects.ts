/** Projects (paged) and the organization-wide repository list (reference/azure-devops.md §6). */
import { isObject, objectList, text } from '../http/index.js';
import type { JsonObject } from '../http/index.js';
import { mapJsonListElements } from '../http/json-elements.js';
import type { AzureDevOpsClient } from './client.js';

export interface AdoProjectRef {
  id: string;
  name: string;
  state: string;
}

export interface AdoRepositoryRef {
  id: string;
  name: string;
  projectId: string;
  projectName: string;
  isDisabled: boolean;
}

// The service may answer with fewer (the documented default is 100) and then sends `x-ms-continuationtoken`,
// which is followed; asking for more keeps a large organization to a page or two.
const PROJECT_PAGE = 1000;
/** A guard against a server that repeats its continuation token forever. */
const MAX_PROJECT_PAGES = 10_000;

export async function listProjects(ado: AzureDevOpsClient): Promise<AdoProjectRef[]> {
  const projects: AdoProjectRef[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < MAX_PROJECT_PAGES; page++) {
    const response = await ado.get({
      host: 'core',
      path: '/_apis/projects',
      query: { stateFilter: 'wellFormed', $top: PROJECT_PAGE, continuationToken: continuation },
    });
    const page = objectList(response, response.jsonObject());
    for (const p of page) {
      projects.push({ id: text(p.id), name: text(p.name), state: text(p.state) || 'wellFormed' });
    }
    const next = response.headers['x-ms-continuationtoken'];
    if (!next || next === continuation || page.length === 0) break;
    continuation = next;
  }
  return projects;
}

export async function listRepositories(ado: AzureDevOpsClient): Promise<AdoRepositoryRef[]> {
  const response = await ado.get({ host: 'core', path: '/_apis/git/repositories' });
  // Tens of thousands of repositories are tens of megabytes: read them one at a time, keeping five fields each.
  const streamed = mapJsonListElements(response.body, 'value', (r) =>
    isObject(r) ? toRepository(r) : undefined,
  );
  if (streamed) return streamed.filter((r): r is AdoRepositoryRef => r !== undefined);
  return objectList(response, response.jsonObject()).map(toRepository);
}

function toRepository(r: JsonObject): AdoRepositoryRef {
  const project = isObject(r.project) ? r.project : {};
  return {
    id: text(r.id),
    name: text(r.name),
    projectId: text(project.id),
    projectName: text(project.name),
    isDisabled: r.isDisabled === true,
  };
}
