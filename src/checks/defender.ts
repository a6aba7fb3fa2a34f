/**
 * Defender for Cloud DevOps posture (DESIGN.md §3): "Third-party application access via OAuth" must be on
 * (reference/azure-devops.md §9: stored inverted as Policy.DisallowOAuthAuthentication, true = off). The
 * organization's Entra connection is checked by organization.ts.
 */
import type { Finding } from '../core/findings.js';
import type { OrganizationPolicies } from '../clients/azure-devops/org-policy.js';
import { DISALLOW_OAUTH_POLICY } from '../clients/azure-devops/org-policy.js';
import type { CheckLog } from './types.js';

export interface DefenderCheckContext {
  organization: string;
  /** Reads the organization policies, e.g. `() => readOrganizationPolicies({...})`. */
  readPolicies: () => Promise<OrganizationPolicies>;
}

export async function checkDefender(context: DefenderCheckContext, log: CheckLog): Promise<Finding[]> {
  log.step(`Reading the organization policies of ${context.organization}`);
  const result = await context.readPolicies();
  const resource = { kind: 'organization' as const, organization: context.organization };
  if (!result.readable) {
    return [
      {
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'defenderForCloud',
        resource: { kind: 'check', organization: context.organization, name: 'ado.thirdPartyOAuth' },
        message: `"Third-party application access via OAuth" of ${context.organization} was not checked: ${result.reason}.`,
        expected: 'the organization policies readable by the automation identity',
        actual: `HTTP ${result.status}`,
        fixable: false,
        fix: 'Make the automation identity a member of Project Collection Administrators (it reads Organization settings → Policies), then run verify again.',
      },
    ];
  }
  const policy = result.policies.find((p) => p.name === DISALLOW_OAUTH_POLICY);
  // Never set means the default, which is off for new organizations (§9).
  const disallowed = policy === undefined ? true : policy.value;
  if (!disallowed) return [];
  return [
    {
      ruleId: 'ADO-ORG-OAUTH-DISABLED',
      severity: 'warning',
      integration: 'defenderForCloud',
      resource,
      message: `"Third-party application access via OAuth" is off in ${context.organization}; Defender for Cloud's DevOps connector needs it on.`,
      expected: 'on (Policy.DisallowOAuthAuthentication false)',
      actual: policy?.isValueUndefined || policy === undefined ? 'off (never set; the default)' : 'off',
      fixable: false,
      fix: 'An organization owner turns on Organization settings → Policies → "Third-party application access via OAuth".',
    },
  ];
}
