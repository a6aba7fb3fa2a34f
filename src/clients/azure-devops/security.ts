/** The ACL query of the Security API (reference/azure-devops.md §2). */
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
  descriptor?: string;
  allow?: number;
  deny?: number;
  extendedInfo?: {
    effectiveAllow?: number;
    effectiveDeny?: number;
    inheritedAllow?: number;
    inheritedDeny?: number;
  };
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
  const body = response.json<{
    value?: { token: string; inheritPermissions?: boolean; acesDictionary?: Record<string, RawAce> }[];
  }>();
  return (body.value ?? []).map((acl) => ({
    token: acl.token,
    inheritPermissions: acl.inheritPermissions ?? true,
    aces: Object.entries(acl.acesDictionary ?? {}).map(([key, ace]) => ({
      descriptor: ace.descriptor ?? key,
      allow: ace.allow ?? 0,
      deny: ace.deny ?? 0,
      effectiveAllow: ace.extendedInfo?.effectiveAllow ?? 0,
      effectiveDeny: ace.extendedInfo?.effectiveDeny ?? 0,
      inheritedAllow: ace.extendedInfo?.inheritedAllow ?? 0,
      inheritedDeny: ace.extendedInfo?.inheritedDeny ?? 0,
    })),
  }));
}
