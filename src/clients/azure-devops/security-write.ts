/**
 * The writes remediation makes in Azure DevOps (reference/azure-devops.md §3, §7): merge ACE bits, clear
 * specific bits of one ACE, add a Graph membership.
 */
import { OperationalError } from '../../core/errors.js';
import { objectList } from '../http/index.js';
import { SERVICE } from './client.js';
import type { AzureDevOpsClient } from './client.js';

/** Graph memberships are preview in 7.1 (reference §0). */
const GRAPH_API_VERSION = '7.1-preview.1';

export interface AceWrite {
  /** Identity descriptor (not a Graph subject descriptor: the server would invent an empty ACE for it). */
  descriptor: string;
  allow: number;
  deny: number;
}

export interface WrittenAce {
  descriptor: string;
  allow: number;
  deny: number;
}

function toAce(raw: { descriptor?: unknown; allow?: unknown; deny?: unknown }): WrittenAce {
  return {
    descriptor: typeof raw.descriptor === 'string' ? raw.descriptor : '',
    allow: typeof raw.allow === 'number' ? raw.allow : 0,
    deny: typeof raw.deny === 'number' ? raw.deny : 0,
  };
}

/**
 * Merges the given bits into the ACEs at `token` (`merge: true`: bits not sent keep their value). An empty
 * answer means a server-side decision point vetoed the write (reference §3): an OperationalError.
 */
export async function setAccessControlEntries(
  ado: AzureDevOpsClient,
  namespaceId: string,
  token: string,
  aces: readonly AceWrite[],
): Promise<WrittenAce[]> {
  const response = await ado.write({
    method: 'POST',
    host: 'core',
    path: `/_apis/accesscontrolentries/${encodeURIComponent(namespaceId)}`,
    json: { token, merge: true, accessControlEntries: aces },
    // Merging the same bits twice gives the same ACE: safe to retry.
    repeatable: true,
  });
  const value = objectList(response, response.jsonObject()).map(toAce);
  if (value.length === 0) {
    throw new OperationalError(
      `Azure DevOps did not apply the access control entry on ${token} (empty answer): a server-side policy vetoed it. Set the permission by hand in the project's security settings.`,
      SERVICE,
    );
  }
  return value;
}

export async function removePermissions(
  ado: AzureDevOpsClient,
  namespaceId: string,
  token: string,
  descriptor: string,
  bits: number,
): Promise<WrittenAce> {
  const response = await ado.write({
    method: 'DELETE',
    host: 'core',
    path: `/_apis/permissions/${encodeURIComponent(namespaceId)}/${bits >>> 0}`,
    query: { descriptor, token },
  });
  const body = response.text.trim() === '' ? {} : response.jsonObject();
  return toAce(body);
}

export async function addMembership(
  ado: AzureDevOpsClient,
  subjectDescriptor: string,
  containerDescriptor: string,
): Promise<void> {
  await ado.write({
    method: 'PUT',
    host: 'identity',
    path: `/_apis/graph/memberships/${encodeURIComponent(subjectDescriptor)}/${encodeURIComponent(containerDescriptor)}`,
    apiVersion: GRAPH_API_VERSION,
  });
}
