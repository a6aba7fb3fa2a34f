/** Graph descriptors and groups on vssps (reference/azure-devops.md §5, §7). */
import { isObject, objectList, text } from '../http/index.js';
import type { JsonObject } from '../http/index.js';
import type { AzureDevOpsClient } from './client.js';
import { inBatches } from './in-batches.js';

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
const MAX_GRAPH_PAGES = 1_000;

/** Descriptors per subject look-up; the service documents no limit, so stay modest. */
const LOOKUP_BATCH = 500;

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
  return (await listGraphSubjects(ado, '/_apis/graph/groups', { scopeDescriptor: scope })).map(toGroup);
}

/**
 * Every entry of a Graph subject listing on vssps (groups, users, service principals), following the
 * `X-MS-ContinuationToken` header from page to page (reference §7).
 */
export async function listGraphSubjects(
  ado: AzureDevOpsClient,
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<JsonObject[]> {
  const entries: JsonObject[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < MAX_GRAPH_PAGES; page++) {
    const response = await ado.get({
      host: 'identity',
      path,
      query: { ...query, continuationToken: continuation },
      apiVersion: GRAPH_API_VERSION,
    });
    for (const entry of objectList(response, response.jsonObject())) entries.push(entry);
    const next = response.headers['x-ms-continuationtoken'];
    if (!next || next === continuation) break;
    continuation = next;
  }
  return entries;
}

/**
 * `POST vssps/_apis/graph/subjectlookup` (reference §5): the Graph subjects of many descriptors in a few requests.
 * The answer's `value` is a dictionary keyed by descriptor; descriptors the service does not know are left out.
 */
export async function lookupSubjects(
  ado: AzureDevOpsClient,
  descriptors: readonly string[],
): Promise<AdoGraphGroup[]> {
  return inBatches(descriptors, LOOKUP_BATCH, async (batch) => {
    const response = await ado.write({
      method: 'POST',
      host: 'identity',
      path: '/_apis/graph/subjectlookup',
      apiVersion: GRAPH_API_VERSION,
      json: { lookupKeys: batch.map((descriptor) => ({ descriptor })) },
      // A read: repeating it changes nothing.
      repeatable: true,
    });
    const value = response.jsonObject().value;
    if (!isObject(value)) throw response.shapeError('a dictionary of subjects in "value"');
    return Object.values(value).filter(isObject).map(toGroup);
  });
}

function toGroup(g: JsonObject): AdoGraphGroup {
  return {
    descriptor: text(g.descriptor),
    displayName: text(g.displayName),
    principalName: text(g.principalName),
    domain: text(g.domain),
  };
}
