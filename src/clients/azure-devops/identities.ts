/** The legacy Identities API on vssps (reference/azure-devops.md §5): search, by descriptor, by subject. */
import { isObject, objectList, strings, text } from '../http/index.js';
import type { AzureDevOpsClient } from './client.js';
import { inBatches } from './in-batches.js';

export type IdentitySearchFilter = 'General' | 'MailAddress' | 'AccountName' | 'DirectoryAlias';
export type MembershipQuery = 'None' | 'Direct' | 'Expanded';

export interface AdoIdentity {
  /** VSID (storage key). */
  id: string;
  /** Identity descriptor: what the ACL APIs take. */
  descriptor: string;
  /** Graph subject descriptor (`aad.…`, `vssgp.…`). */
  subjectDescriptor: string;
  displayName: string;
  isActive: boolean;
  isGroup: boolean;
  /** `properties.Domain`: a user's tenant, a group's scope domain. */
  domain: string;
  /** `properties.Account`: UPN for users, `[Scope]\Name` for groups. */
  account: string;
  mail: string;
  /** Identity descriptors of containing groups (transitive with `Expanded`). */
  memberOf: string[];
}

/** How many descriptors go into one request (URLs stay well below common limits). */
const BATCH = 40;

type RawIdentity = Record<string, unknown>;

function property(raw: RawIdentity, name: string): string {
  const properties = isObject(raw.properties) ? raw.properties : {};
  const entry = properties[name];
  return isObject(entry) ? text(entry.$value) : '';
}

function toIdentity(raw: RawIdentity): AdoIdentity {
  return {
    id: text(raw.id),
    descriptor: text(raw.descriptor),
    subjectDescriptor: text(raw.subjectDescriptor),
    displayName: text(raw.customDisplayName) || text(raw.providerDisplayName),
    isActive: raw.isActive === true,
    isGroup: raw.isContainer === true || property(raw, 'SchemaClassName') === 'Group',
    domain: property(raw, 'Domain'),
    account: property(raw, 'Account'),
    mail: property(raw, 'Mail'),
    memberOf: strings(raw.memberOf),
  };
}

async function identities(ado: AzureDevOpsClient, query: Record<string, string>): Promise<AdoIdentity[]> {
  const response = await ado.get({ host: 'identity', path: '/_apis/identities', query });
  return objectList(response, response.jsonObject()).map(toIdentity);
}

export function searchIdentities(
  ado: AzureDevOpsClient,
  filter: IdentitySearchFilter,
  value: string,
): Promise<AdoIdentity[]> {
  return identities(ado, { searchFilter: filter, filterValue: value });
}

export function identitiesByDescriptors(
  ado: AzureDevOpsClient,
  descriptors: readonly string[],
  membership: MembershipQuery,
): Promise<AdoIdentity[]> {
  return inBatches(descriptors, BATCH, (batch) =>
    identities(ado, { descriptors: batch.join(','), queryMembership: membership }),
  );
}

export function identitiesBySubjectDescriptors(
  ado: AzureDevOpsClient,
  subjectDescriptors: readonly string[],
  membership: MembershipQuery = 'None',
): Promise<AdoIdentity[]> {
  return inBatches(subjectDescriptors, BATCH, (batch) =>
    identities(ado, { subjectDescriptors: batch.join(','), queryMembership: membership }),
  );
}
