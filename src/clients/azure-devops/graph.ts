/** Graph descriptors and groups on vssps (reference/azure-devops.md §5, §7). */
import { objectList, text } from '../http/index.js';
import type { AzureDevOpsClient } from './client.js';

export interface AdoGraphGroup {
  /** Subject descriptor (`vssgp.…`). */
  descriptor: string;
  displayName: string;
  principalName: string;
  /** `vstfs:///Classification/TeamProject/<projectId>` for project groups. */
  domain: string;
}

/** Graph groups are preview in 7.1 (reference §0). */
const GRAPH_API_VERSION = '7.1-preview.1';

/** A guard against a server that repeats its continuation token forever. */
const MAX_GROUP_PAGES = 1_000;

export async function scopeDescriptor(ado: AzureDevOpsClient, storageKey: string): Promise<string> {
  const response = await ado.get({
    host: 'identity',
    path: `/_apis/graph/descriptors/${encodeURIComponent(storageKey)}`,
  });
  const value = response.jsonObject().value;
  if (typeof value !== 'string' || !value) throw response.shapeError('a descriptor in "value"');
  return value;
}

export async function listGroups(ado: AzureDevOpsClient, scope?: string): Promise<AdoGraphGroup[]> {
  const groups: AdoGraphGroup[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < MAX_GROUP_PAGES; page++) {
    const response = await ado.get({
      host: 'identity',
      path: '/_apis/graph/groups',
      query: { scopeDescriptor: scope, continuationToken: continuation },
      apiVersion: GRAPH_API_VERSION,
    });
    for (const g of objectList(response, response.jsonObject())) {
      groups.push({
        descriptor: text(g.descriptor),
        displayName: text(g.displayName),
        principalName: text(g.principalName),
        domain: text(g.domain),
      });
    }
    const next = response.headers['x-ms-continuationtoken'];
    if (!next || next === continuation) break;
    continuation = next;
  }
  return groups;
}
