/** The ACL query of the Security API (reference/azure-devops.md §2). */
import { integer, isObject, objectList, text } from '../http/index.js';
import type { JsonObject } from '../http/index.js';
import { mapJsonListElements } from '../http/json-elements.js';
import type { AzureDevOpsClient } from './client.js';

export interface AclQuery {
  /** Omitted: every ACL of the namespace. */
  token?: string;
  /** Identity descriptors: each ACL then holds exactly one ACE per descriptor (synthesized when none is stored). */
  descriptors?: readonly string[];
  includeExtendedInfo?: boolean;
  recurse?: boolean;
}

export interface AccessControlEntry {
  descriptor: string;
  allow: number;
  deny: number;
  /** Zero when the server left the field out (it omits zero values). */
  effectiveAllow: number;
  effectiveDeny: number;
  inheritedAllow: number;
  inheritedDeny: number;
}

export interface AccessControlList {
  token: string;
  inheritPermissions: boolean;
  aces: AccessControlEntry[];
}

interface RawAce {
  descriptor?: unknown;
  allow?: unknown;
  deny?: unknown;
  extendedInfo?: unknown;
}

export async function queryAccessControlLists(
  ado: AzureDevOpsClient,
  namespaceId: string,
  query: AclQuery,
): Promise<AccessControlList[]> {
  const response = await ado.get({
    host: 'core',
    path: `/_apis/accesscontrollists/${encodeURIComponent(namespaceId)}`,
    query: {
      token: query.token,
      descriptors: query.descriptors?.length ? query.descriptors.join(',') : undefined,
      includeExtendedInfo: query.includeExtendedInfo ?? false,
      recurse: query.recurse ?? false,
    },
  });
  // A namespace-wide query of a large organization lists every repository's ACL (megabytes): read them one at a
  // time, keeping the compact form, rather than holding the whole answer as one object graph.
  const streamed = mapJsonListElements(response.body, 'value', (acl) =>
    isObject(acl) ? toAcl(acl) : undefined,
  );
  if (streamed) return streamed.filter((acl): acl is AccessControlList => acl !== undefined);
  return objectList(response, response.jsonObject()).map(toAcl);
}

function toAcl(acl: JsonObject): AccessControlList {
  return {
    token: text(acl.token),
    inheritPermissions: acl.inheritPermissions !== false,
    aces: Object.entries(isObject(acl.acesDictionary) ? acl.acesDictionary : {})
      .filter((entry): entry is [string, RawAce] => isObject(entry[1]))
      .map(([key, ace]) => {
        const info = isObject(ace.extendedInfo) ? ace.extendedInfo : {};
        return {
          descriptor: text(ace.descriptor) || key,
          allow: integer(ace.allow),
          deny: integer(ace.deny),
          effectiveAllow: integer(info.effectiveAllow),
          effectiveDeny: integer(info.effectiveDeny),
          inheritedAllow: integer(info.inheritedAllow),
          inheritedDeny: integer(info.inheritedDeny),
        };
      }),
  };
}
