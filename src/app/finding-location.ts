/**
 * Where in the policy file a finding's requirement is stated, so a CI annotation points at that line (the
 * service user for permission findings, the integration's app id for app findings, and so on).
 */
import type { Finding } from '../core/findings.js';
import type { SourceLocation } from '../core/errors.js';
import { PolicySource } from '../core/policy/source.js';
import type { FieldPath } from '../core/policy/source.js';

const INTEGRATION_KEY: Record<string, string> = {
  dbtCloud: 'dbtCloud',
  conductorOne: 'conductorOne',
  defenderForCloud: 'defenderForCloud',
};

/** The policy field that states what the finding checks. */
export function policyFieldOf(finding: Finding): FieldPath {
  const integration = INTEGRATION_KEY[finding.integration];
  const inIntegration = (...rest: string[]): FieldPath =>
    integration ? ['integrations', integration, ...rest] : ['integrations'];
  switch (finding.ruleId) {
    case 'ADO-ORG-TENANT-MISMATCH':
    case 'ADO-ORG-NOT-ENTRA-BACKED':
      return ['tenantId'];
    case 'ADO-ORG-OAUTH-DISABLED':
      return ['integrations', 'defenderForCloud'];
    case 'ADO-IDENTITY-NOT-FOUND':
      // A missing service principal is the app the integration names; a missing service user, `serviceUser`.
      return finding.resource.kind === 'servicePrincipal'
        ? inIntegration('applicationClientId')
        : ['serviceUser'];
    case 'ADO-PROJECT-ADMIN-MISSING':
      return inIntegration('applicationClientId');
    case 'ADO-PERMISSION-MISSING':
    case 'ADO-PERMISSION-DENIED':
    case 'ADO-READER-MISSING':
    case 'ENTRA-SERVICE-USER-MFA':
    case 'DBT-SERVICE-USER-STALE':
      return ['serviceUser'];
    case 'DBT-INTEGRATION-MISSING':
      return ['integrations', 'dbtCloud', 'accountId'];
    case 'DBT-ORGANIZATION-MISMATCH':
      return ['organization'];
    case 'C1-CONNECTOR-MISSING':
    case 'C1-CONNECTOR-MODE':
    case 'C1-CONNECTOR-SYNC-ERROR':
      return [
        'integrations',
        'conductorOne',
        finding.ruleId === 'C1-CONNECTOR-MODE' ? 'mode' : 'connectorId',
      ];
    case 'CHECK-SKIPPED':
      return inIntegration();
    default:
      // ENTRA-*: the app the integration names.
      return inIntegration('applicationClientId');
  }
}

/** Locates findings in the policy text; line 1 when the text does not parse (it did, to get this far). */
export function findingLocator(file: string, text: string): (finding: Finding) => SourceLocation {
  let source: PolicySource | undefined;
  try {
    source = new PolicySource(file, text);
  } catch {
    source = undefined;
  }
  return (finding) => source?.locate(policyFieldOf(finding)) ?? { file, line: 1 };
}
