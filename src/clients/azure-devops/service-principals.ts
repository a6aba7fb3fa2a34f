/**
 * Graph service principals on vssps: Entra apps added to the organization as users
 * (`GET vssps/_apis/graph/serviceprincipals`, 7.1-preview.1, paged through the `X-MS-ContinuationToken` header like
 * groups and users). No recording covers them (reference/azure-devops.md §5): descriptors are kept opaque and
 * resolved through the API, never built or decoded here.
 */
import { text } from '../http/index.js';
import type { AzureDevOpsClient } from './client.js';
import { listGraphSubjects } from './graph.js';

export interface AdoServicePrincipal {
  /** Graph subject descriptor (opaque; `aadsp.…` in public material). */
  descriptor: string;
  /** The Entra application (client) id. */
  applicationId: string;
  displayName: string;
  /** Entra object id of the service principal. */
  originId: string;
}

export async function listServicePrincipals(ado: AzureDevOpsClient): Promise<AdoServicePrincipal[]> {
  const found: AdoServicePrincipal[] = [];
  for (const sp of await listGraphSubjects(ado, '/_apis/graph/serviceprincipals')) {
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
  return found;
}
