import { describe, expect, it } from '@jest/globals';
import { normalizeOrigin } from '../../src/core/policy/normalize.js';
import { FILE, load, MINIMAL, policyError } from './helpers.js';

const withOrganization = (value: string) =>
  MINIMAL.replace('organization: contoso', `organization: ${value}`);
const withAccessUrl = (value: string) =>
  MINIMAL.replace('accessUrl: https://ab123.us1.dbt.com', `accessUrl: ${value}`);

describe('organization', () => {
  it.each([
    ['https://dev.azure.com/contoso'],
    ['https://dev.azure.com/contoso/'],
    ['dev.azure.com/contoso'],
    ['https://contoso.visualstudio.com'],
    ['contoso.visualstudio.com/'],
  ])('%s becomes contoso with a warning naming the field', (url) => {
    const { policy, warnings } = load(withOrganization(url));
    expect(policy.organization).toBe('contoso');
    expect(warnings).toEqual([
      {
        message: `${FILE}:2:15 organization: must be the organization name, not a URL: using "contoso"; write organization: contoso`,
        field: 'organization',
        line: 2,
        column: 15,
      },
    ]);
  });

  it('keeps a plain name without warnings', () => {
    const { policy, warnings } = load(withOrganization('Contoso-Data-01'));
    expect(policy.organization).toBe('Contoso-Data-01');
    expect(warnings).toEqual([]);
  });

  it.each([
    'https://dev.azure.com/contoso/Sales',
    'https://example.com/contoso',
    'con toso',
    '-contoso',
    'a'.repeat(51),
  ])('refuses %s with the example', (value) => {
    const error = policyError(withOrganization(value));
    expect(error.field).toBe('organization');
    expect(error.location).toEqual({ file: FILE, line: 2, column: 15 });
    expect(error.message).toContain('must be the organization name, e.g. "contoso"');
  });
});

describe('origins', () => {
  it('strips a trailing slash silently', () => {
    const { policy, warnings } = load(withAccessUrl('https://ab123.us1.dbt.com/'));
    expect(policy.integrations.dbtCloud?.accessUrl).toBe('https://ab123.us1.dbt.com');
    expect(warnings).toEqual([]);
  });

  it('keeps a port and lower-cases the host', () => {
    const { policy } = load(
      `${MINIMAL}endpoints:\n  graph: https://127.0.0.1:8443/\n  authority: https://LOGIN.example.COM\n`,
    );
    expect(policy.endpoints.graph).toBe('https://127.0.0.1:8443');
    expect(policy.endpoints.authority).toBe('https://login.example.com');
    expect(policy.endpoints.azureDevOps).toBe('https://dev.azure.com');
  });

  it('refuses a value without a scheme, with the exact message of the contract', () => {
    const error = policyError(withAccessUrl('ab123.us1.dbt.com/'));
    expect(error.message).toBe(
      'ado-guard.yml:7:16 integrations.dbtCloud.accessUrl: must be an https origin such as https://ab123.us1.dbt.com (got "ab123.us1.dbt.com/")',
    );
    expect(error.field).toBe('integrations.dbtCloud.accessUrl');
    expect(error.location).toEqual({ file: FILE, line: 7, column: 16 });
  });

  it('refuses http', () => {
    const error = policyError(withAccessUrl('http://ab123.us1.dbt.com'));
    expect(error.message).toContain('accessUrl: must use https');
  });

  it('refuses a path', () => {
    const error = policyError(withAccessUrl('https://ab123.us1.dbt.com/api/v2'));
    expect(error.message).toContain('without a path');
  });

  it('refuses credentials without echoing them', () => {
    const error = policyError(withAccessUrl('https://me:pa55word@ab123.us1.dbt.com'));
    expect(error.message).toContain('remove the user name and password');
    expect(error.message).not.toContain('pa55word');
  });

  it('checks endpoints and tenantUrl with their own example', () => {
    expect(policyError(`${MINIMAL}endpoints:\n  graph: https://graph.microsoft.com/v1.0\n`).message).toBe(
      'ado-guard.yml:11:10 endpoints.graph: must be an https origin such as https://graph.microsoft.com, without a path: ado-guard appends the API paths itself (got "https://graph.microsoft.com/v1.0")',
    );
    const c1 = `${MINIMAL}  conductorOne:\n    tenantUrl: acme.conductor.one\n    appId: a\n    connectorId: c\n    applicationClientId: 22222222-2222-2222-2222-222222222222\n`;
    expect(policyError(c1).message).toContain(
      'tenantUrl: must be an https origin such as https://acme.conductor.one',
    );
  });

  it.each([
    ['https://x.example', { origin: 'https://x.example' }],
    ['https://x.example:443/', { origin: 'https://x.example' }],
    [
      'https://x.example?q=1',
      { problem: 'must be an https origin such as E, without a query or fragment', echo: true },
    ],
    [
      'https://x.example/#a',
      { problem: 'must be an https origin such as E, without a query or fragment', echo: true },
    ],
    ['ftp://x.example', { problem: 'must be an https origin such as E', echo: true }],
    ['https://', { problem: 'must be an https origin such as E', echo: true }],
  ])('normalizeOrigin(%s)', (value, expected) => {
    expect(normalizeOrigin(value, 'E')).toEqual(expected);
  });
});

describe('identifiers and the service user', () => {
  it('tenantId must be a GUID', () => {
    const error = policyError(
      MINIMAL.replace('tenantId: 00000000-0000-0000-0000-000000000000', 'tenantId: contoso.onmicrosoft.com'),
    );
    expect(error.message).toBe(
      'ado-guard.yml:3:11 tenantId: must be the Directory (tenant) id, a GUID such as 00000000-0000-0000-0000-000000000000 (got "contoso.onmicrosoft.com")',
    );
  });

  it('applicationClientId must be a GUID', () => {
    const error = policyError(MINIMAL.replace('11111111-1111-1111-1111-111111111111', '1111'));
    expect(error.field).toBe('integrations.dbtCloud.applicationClientId');
    expect(error.location).toEqual({ file: FILE, line: 9, column: 26 });
  });

  it('serviceUser must look like a UPN', () => {
    const error = policyError(MINIMAL.replace('serviceUser: dbt-svc@contoso.com', 'serviceUser: dbt-svc'));
    expect(error.message).toBe(
      `ado-guard.yml:4:14 serviceUser: must be the service user's UPN or mail, such as dbt-svc@contoso.com (got "dbt-svc")`,
    );
  });

  it('serviceUser is required for dbt service_user, and the error says so', () => {
    const error = policyError(MINIMAL.replace('serviceUser: dbt-svc@contoso.com\n', ''));
    expect(error.field).toBe('serviceUser');
    expect(error.message).toContain(
      'is required when integrations.dbtCloud.authenticationMethod is service_user',
    );
    expect(error.location).toEqual({ file: FILE, line: 6, column: 5 });
  });

  it('serviceUser is not required for service_principal, and is ignored with a warning', () => {
    const text = `${MINIMAL}    authenticationMethod: service_principal\n`;
    expect(load(text.replace('serviceUser: dbt-svc@contoso.com\n', '')).warnings).toEqual([]);
    const { warnings } = load(text);
    expect(warnings.map((w) => w.field)).toEqual(['serviceUser']);
    expect(warnings[0]?.message).toContain('it is ignored');
  });
});

describe('GUIDs and scope', () => {
  it('lower-cases GUIDs', () => {
    const { policy } = load(
      MINIMAL.replace('11111111-1111-1111-1111-111111111111', 'ABCDEF00-1111-1111-1111-111111111111'),
    );
    expect(policy.integrations.dbtCloud?.applicationClientId).toBe('abcdef00-1111-1111-1111-111111111111');
  });

  it('warns when no project is in scope', () => {
    const { warnings } = load(`${MINIMAL}scope:\n  projects: []\n`);
    expect(warnings.map((w) => [w.field, w.line, w.column])).toEqual([['scope.projects', 11, 13]]);
  });
});

describe('ConductorOne rules', () => {
  const c1 = (extra: string) =>
    `${MINIMAL}  conductorOne:\n    tenantUrl: https://acme.conductor.one\n    appId: a\n    connectorId: c\n${extra}`;

  it('oauth mode needs applicationClientId', () => {
    const error = policyError(c1(''));
    expect(error.field).toBe('integrations.conductorOne.applicationClientId');
    expect(error.message).toContain('is required when mode is oauth');
  });

  it('pat mode needs no app, and cannot provision Entra groups', () => {
    expect(load(c1('    mode: pat\n')).policy.integrations.conductorOne?.mode).toBe('pat');
    const error = policyError(c1('    mode: pat\n    entraGroupProvisioning: true\n'));
    expect(error.field).toBe('integrations.conductorOne.entraGroupProvisioning');
    expect(error.message).toContain('needs mode: oauth');
  });
});

describe('rotation rules', () => {
  it('minRemainingDays must be below lifetimeDays', () => {
    const error = policyError(`${MINIMAL}rotation:\n  minRemainingDays: 200\n`);
    expect(error.message).toBe(
      'ado-guard.yml:11:21 rotation.minRemainingDays: must be less than rotation.lifetimeDays (180), or every run would rotate again (got 200)',
    );
  });

  it('verifyWithJob without dbtCloud is ignored with a warning', () => {
    const text = `version: 1\norganization: contoso\ntenantId: 00000000-0000-0000-0000-000000000000\nintegrations:\n  defenderForCloud: {}\nrotation:\n  verifyWithJob: 5\n`;
    expect(load(text).warnings.map((w) => [w.field, w.line, w.column])).toEqual([
      ['rotation.verifyWithJob', 7, 18],
    ]);
  });
});
