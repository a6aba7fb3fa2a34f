/**
 * Graph service principals on vssps: Entra apps added to the organization as users
 * (`GET vssps/_apis/graph/serviceprincipals`, 7.1-preview.1, paged through the `X-MS-ContinuationToken` header like
 * groups and users). No recording covers them (reference/azure-devops.md §5): descriptors are kept opaque and
 * resolved through the API, never built or decoded here.
 */
import { objectList, text } from '../http/index.js';
import type { AzureDevOpsClient } from './client.js';

export interface AdoServicePrincipal {
  /** Graph subject descriptor (opaque; `aadsp.…` in public material). */
  descriptor: string;
  /** The Entra application (client) id. */
  applicationId: string;
  displayName: string;
  /** Entra object id of the service principal. */
  originId: string;
}

/** Graph service principals are preview in 7.1, like the rest of Graph (reference §0). */
const GRAPH_API_VERSION = '7.1-preview.1';

/** A guard against a server that repeats its continuation token forever. */
const MAX_PAGES = 1_000;

export async function listServicePrincipals(ado: AzureDevOpsClient): Promise<AdoServicePrincipal[]> {
  const found: AdoServicePrincipal[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await ado.get({
      host: 'identity',
      path: '/_apis/graph/serviceprincipals',
      query: { continuationToken: continuation },
      apiVersion: GRAPH_API_VERSION,
    });
    for (const sp of objectList(response, response.jsonObject())) {
      const descriptor = text(sp.descriptor);
      // An entry without a descriptor cannot be resolved further; an empty one would match nothing anyway.
      if (!descriptor) continue;
      found.push({
        descriptor,
        applicationId: text(sp.applicationId),
        displayName: text(sp.displayName),
        originId: text(sp.originId),
      });
    }
    const next = response.headers['x-ms-continuationtoken'];
    if (!next || next === continuation) break;
    continuation = next;
  }
  return found;
}
