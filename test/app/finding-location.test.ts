/** Annotations point at the policy line that states what a finding checks. */
import { describe, expect, it } from '@jest/globals';
import { findingLocator } from '../../src/app/finding-location.js';
import type { Finding } from '../../src/core/findings.js';

const POLICY = [
  'version: 1', //                                    1
  'organization: contoso', //                         2
  'tenantId: 6cf764cf-ca59-43c5-b0e6-58c6862c38f0', // 3
  'serviceUser: dbt-svc@contoso.com', //              4
  'integrations:', //                                 5
  '  dbtCloud:', //                                   6
  '    accessUrl: https://ab123.us1.dbt.com', //      7
  '    accountId: 12345', //                          8
  '    applicationClientId: a59d0fdd-a674-4c49-9c40-1594a69cee04', // 9
  '  conductorOne:', //                               10
  '    tenantUrl: https://acme.conductor.one', //     11
  '    appId: P7p99', //                              12
  '    connectorId: 2TT8', //                         13
  '    mode: oauth', //                               14
  '    applicationClientId: c32307a5-f917-4be4-82d8-e0df619cefb4', // 15
  '  defenderForCloud: {}', //                        16
  '',
].join('\n');

const finding = (ruleId: Finding['ruleId'], integration: Finding['integration']): Finding => ({
  ruleId,
  severity: 'error',
  integration,
  resource: { kind: 'organization' },
  message: 'm',
  fixable: false,
});

describe('findingLocator', () => {
  const locate = findingLocator('ado-guard.yml', POLICY);
  it.each([
    ['ADO-PERMISSION-MISSING', 'dbtCloud', 4],
    ['ADO-READER-MISSING', 'dbtCloud', 4],
    ['ADO-ORG-TENANT-MISMATCH', 'general', 3],
    ['ADO-ORG-OAUTH-DISABLED', 'defenderForCloud', 16],
    ['ENTRA-REDIRECT-MISSING', 'dbtCloud', 9],
    ['ENTRA-SECRET-EXPIRING', 'conductorOne', 15],
    ['DBT-INTEGRATION-MISSING', 'dbtCloud', 8],
    ['DBT-ORGANIZATION-MISMATCH', 'dbtCloud', 2],
    ['C1-CONNECTOR-MODE', 'conductorOne', 14],
    ['C1-CONNECTOR-SYNC-ERROR', 'conductorOne', 13],
  ] as const)('%s (%s) → line %i', (ruleId, integration, line) => {
    expect(locate(finding(ruleId, integration))).toMatchObject({ file: 'ado-guard.yml', line });
  });

  it("points a service principal's findings at the integration's app id, a service user's at serviceUser", () => {
    const servicePrincipal: Finding = {
      ...finding('ADO-IDENTITY-NOT-FOUND', 'dbtCloud'),
      resource: { kind: 'servicePrincipal', appId: 'a59d0fdd-a674-4c49-9c40-1594a69cee04' },
    };
    expect(locate(servicePrincipal)).toMatchObject({ line: 9 });
    expect(locate(finding('ADO-PROJECT-ADMIN-MISSING', 'dbtCloud'))).toMatchObject({ line: 9 });
    expect(
      locate({ ...finding('ADO-IDENTITY-NOT-FOUND', 'general'), resource: { kind: 'identity' } }),
    ).toMatchObject({ line: 4 });
  });

  it('falls back to the nearest line present, and to line 1 for text that is not a mapping', () => {
    const withoutServiceUser = POLICY.replace('serviceUser: dbt-svc@contoso.com\n', '');
    expect(findingLocator('p.yml', withoutServiceUser)(finding('ADO-READER-MISSING', 'dbtCloud')).line).toBe(
      1,
    );
    expect(findingLocator('p.yml', '')(finding('ENTRA-AUDIENCE', 'dbtCloud'))).toMatchObject({ line: 1 });
  });
});
