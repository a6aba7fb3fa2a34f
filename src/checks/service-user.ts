/**
 * Resolves the service user (policy `serviceUser`, a UPN or mail) to its Azure DevOps identity
 * (reference/azure-devops.md §5, §13 step 2): the single active user whose Domain is the org's tenant.
 */
import type { Finding } from '../core/findings.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { AdoIdentity } from '../clients/azure-devops/identities.js';
import type { CheckLog } from './types.js';

export interface ServiceUser {
  upn: string;
  /** VSID. */
  id: string;
  /** Identity descriptor, for the ACL APIs. */
  descriptor: string;
  /** Graph subject descriptor. */
  subjectDescriptor: string;
  displayName: string;
}

export type ServiceUserResolution = { found: ServiceUser } | { finding: Finding };

export interface ServiceUserContext {
  ado: AzureDevOpsClient;
  /** The service user's UPN or mail (policy `serviceUser`). */
  upn: string;
  /** The tenant the organization is connected to (policy `tenantId`). */
  tenantId: string;
}

function describe(identity: AdoIdentity): string {
  const state = identity.isActive ? 'active' : 'inactive';
  return `${identity.account || identity.displayName} (${state}, tenant ${identity.domain || 'none'})`;
}

export async function resolveServiceUser(
  context: ServiceUserContext,
  log: CheckLog,
): Promise<ServiceUserResolution> {
  const { ado, upn } = context;
  const tenant = context.tenantId.toLowerCase();
  log.step(`Looking up service user ${upn}`);
  let matches = (await ado.searchIdentities('General', upn)).filter((identity) => !identity.isGroup);
  if (matches.length === 0) {
    log.debug(`No identity matched ${upn} by General search; trying MailAddress`);
    matches = (await ado.searchIdentities('MailAddress', upn)).filter((identity) => !identity.isGroup);
  }
  const fitting = matches.filter((identity) => identity.isActive && identity.domain.toLowerCase() === tenant);
  if (fitting.length === 1) {
    const identity = fitting[0]!;
    return {
      found: {
        upn,
        id: identity.id,
        descriptor: identity.descriptor,
        subjectDescriptor: identity.subjectDescriptor,
        displayName: identity.displayName,
      },
    };
  }
  const ambiguous = fitting.length > 1;
  const candidates = (ambiguous ? fitting : matches).map(describe);
  const message = ambiguous
    ? `Service user ${upn} matches ${fitting.length} active identities of tenant ${tenant}: ${candidates.join('; ')}.`
    : matches.length === 0
      ? `Service user ${upn} is not an identity of organization ${ado.organization}.`
      : `Service user ${upn} has no active identity in tenant ${tenant}; candidates: ${candidates.join('; ')}.`;
  return {
    finding: {
      ruleId: 'ADO-IDENTITY-NOT-FOUND',
      severity: 'error',
      integration: 'general',
      resource: { kind: 'identity', organization: ado.organization, name: upn },
      message,
      expected: `one active identity ${upn} in tenant ${tenant}`,
      actual: candidates.length === 0 ? 'none' : candidates.join('; '),
      fixable: false,
      fix: ambiguous
        ? 'Set `serviceUser` to the exact UPN of one identity, or remove the duplicate identity from the organization.'
        : 'Add the user to the organization (Organization settings → Users) or correct `serviceUser` in the policy file.',
    },
  };
}

/** The identity check on its own: [] when the service user resolves, else its ADO-IDENTITY-NOT-FOUND. */
export async function checkServiceUser(context: ServiceUserContext, log: CheckLog): Promise<Finding[]> {
  const resolution = await resolveServiceUser(context, log);
  return 'finding' in resolution ? [resolution.finding] : [];
}
