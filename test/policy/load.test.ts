import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PolicyError } from '../../src/core/errors.js';
import { ExitCode } from '../../src/core/exit-codes.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { FILE, load, MINIMAL, policyError } from './helpers.js';

const exampleUrl = new URL('./fixtures/design-example.yml', import.meta.url);

describe('loadPolicy', () => {
  it('loads the DESIGN.md §3 example unchanged in meaning', () => {
    const { policy, warnings, text } = loadPolicy(exampleUrl.pathname, { env: {} });
    expect(warnings).toEqual([]);
    expect(text).toBe(readFileSync(exampleUrl, 'utf8'));
    expect(policy).toEqual({
      version: 1,
      organization: 'contoso',
      tenantId: '00000000-0000-0000-0000-000000000000',
      serviceUser: 'dbt-svc@contoso.com',
      scope: {
        projects: ['*'],
        excludeProjects: [],
        repositories: ['*'],
        includeDisabled: false,
        level: 'project',
      },
      integrations: {
        dbtCloud: {
          accessUrl: 'https://ab123.us1.dbt.com',
          accountId: 12345,
          applicationClientId: '11111111-1111-1111-1111-111111111111',
          authenticationMethod: 'service_user',
        },
        conductorOne: {
          tenantUrl: 'https://acme.conductor.one',
          appId: '2abcAppId0000000000000000000',
          connectorId: '2defConnectorId000000000000',
          mode: 'oauth',
          access: 'sync',
          entraGroupProvisioning: false,
          applicationClientId: '22222222-2222-2222-2222-222222222222',
        },
        defenderForCloud: {},
      },
      rotation: {
        maxAgeDays: 90,
        minRemainingDays: 30,
        lifetimeDays: 180,
        retireOld: 'ado-guard',
        output: false,
      },
      remediation: { removeExplicitDeny: false, removeUnwantedPermissions: false },
      endpoints: {
        azureDevOps: 'https://dev.azure.com',
        azureDevOpsIdentity: 'https://vssps.dev.azure.com',
        graph: 'https://graph.microsoft.com',
        authority: 'https://login.microsoftonline.com',
      },
    });
  });

  it('applies every documented default', () => {
    const text = `version: 1
organization: contoso
tenantId: 00000000-0000-0000-0000-000000000000
integrations:
  conductorOne:
    tenantUrl: https://acme.conductor.one
    appId: app
    connectorId: conn
    applicationClientId: 22222222-2222-2222-2222-222222222222
`;
    const { policy, warnings } = load(text);
    expect(warnings).toEqual([]);
    expect(policy.scope).toEqual({
      projects: ['*'],
      excludeProjects: [],
      repositories: ['*'],
      includeDisabled: false,
      level: 'project',
    });
    expect(policy.rotation).toEqual({
      maxAgeDays: 90,
      minRemainingDays: 30,
      lifetimeDays: 180,
      retireOld: 'ado-guard',
      output: false,
    });
    expect(policy.remediation).toEqual({ removeExplicitDeny: false, removeUnwantedPermissions: false });
    expect(policy.endpoints).toEqual({
      azureDevOps: 'https://dev.azure.com',
      azureDevOpsIdentity: 'https://vssps.dev.azure.com',
      graph: 'https://graph.microsoft.com',
      authority: 'https://login.microsoftonline.com',
    });
    expect(policy.integrations.conductorOne).toMatchObject({
      mode: 'oauth',
      access: 'sync',
      entraGroupProvisioning: false,
    });
    expect(policy.serviceUser).toBeUndefined();
  });

  it('defaults dbtCloud.authenticationMethod to service_user and fills a partial section', () => {
    const { policy } = load(
      `${MINIMAL}rotation:\n  maxAgeDays: 60\n  verifyWithJob: "67890"\n  output: true\n`,
    );
    expect(policy.integrations.dbtCloud?.authenticationMethod).toBe('service_user');
    expect(policy.rotation).toEqual({
      maxAgeDays: 60,
      minRemainingDays: 30,
      lifetimeDays: 180,
      retireOld: 'ado-guard',
      verifyWithJob: 67890,
      output: true,
    });
  });

  it('accepts defenderForCloud alone', () => {
    const { policy } = load(
      'version: 1\norganization: contoso\ntenantId: 00000000-0000-0000-0000-000000000000\nintegrations:\n  defenderForCloud: {}\n',
    );
    expect(policy.integrations).toEqual({ defenderForCloud: {} });
  });
});

describe('file errors', () => {
  it('names the path and --config when the file is missing', () => {
    let caught: unknown;
    try {
      loadPolicy('/nowhere/ado-guard.yml', { env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    const error = caught as PolicyError;
    expect(error.message).toContain('/nowhere/ado-guard.yml does not exist');
    expect(error.message).toContain('--config');
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.location).toEqual({ file: '/nowhere/ado-guard.yml' });
  });

  it('uses the injected readFile', () => {
    const { policy } = loadPolicy('virtual.yml', { env: {}, readFile: () => MINIMAL });
    expect(policy.organization).toBe('contoso');
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = policyError('version: 1\norganization: [contoso\ntenantId: x\n');
    expect(error.message).toMatch(/^ado-guard\.yml:\d+:\d+ is not valid YAML: /);
    expect(error.location?.line).toBeGreaterThanOrEqual(2);
    expect(error.location?.file).toBe(FILE);
  });

  it('reports a duplicate key at its position', () => {
    const error = policyError(`${MINIMAL}organization: other\n`);
    expect(error.location).toEqual({ file: FILE, line: 10, column: 1 });
    expect(error.message).toContain('is not valid YAML');
  });

  it('reports aliases that cannot be resolved or refer to themselves', () => {
    expect(policyError('version: 1\na: [1, *x]\n').message).toBe(
      'ado-guard.yml:2:8 is not valid YAML: alias *x has no anchor &x before it',
    );
    expect(policyError('version: 1\na: &x [1, *x]\n').message).toBe(
      'ado-guard.yml:2:11 is not valid YAML: this alias refers to a node that contains it',
    );
  });

  it('rejects an empty file', () => {
    expect(policyError('# nothing here\n').message).toBe(
      'ado-guard.yml:1:1 is empty: a policy needs at least version: 1, organization, tenantId and one integration',
    );
  });

  it('rejects a document that is not a mapping', () => {
    const error = policyError('- version: 1\n');
    expect(error.message).toBe('ado-guard.yml:1:1 must be a mapping (key: value pairs) (got a list)');
    expect(error.field).toBeUndefined();
  });
});

describe('schema errors carry field, line and column', () => {
  it('missing version points at the top', () => {
    const error = policyError(MINIMAL.replace('version: 1\n', ''));
    expect(error.field).toBe('version');
    expect(error.location).toEqual({ file: FILE, line: 1, column: 1 });
    expect(error.message).toBe('ado-guard.yml:1:1 version: is required');
  });

  it('wrong version', () => {
    const error = policyError(MINIMAL.replace('version: 1', 'version: 2'));
    expect(error.message).toBe('ado-guard.yml:1:10 version: must be 1 (got 2)');
  });

  it('missing field inside an integration points at its mapping', () => {
    const error = policyError(MINIMAL.replace('    accountId: 12345\n', ''));
    expect(error.field).toBe('integrations.dbtCloud.accountId');
    expect(error.location).toEqual({ file: FILE, line: 7, column: 5 });
  });

  it('wrong type', () => {
    const error = policyError(`${MINIMAL}scope:\n  includeDisabled: "yes"\n`);
    expect(error.message).toBe(
      'ado-guard.yml:11:20 scope.includeDisabled: must be true or false (got "yes")',
    );
    expect(error.field).toBe('scope.includeDisabled');
  });

  it('enum value', () => {
    const error = policyError(`${MINIMAL}scope:\n  level: org\n`);
    expect(error.message).toBe(
      'ado-guard.yml:11:10 scope.level: must be one of organization, project, repository (got "org")',
    );
  });

  it('list item', () => {
    const error = policyError(`${MINIMAL}scope:\n  projects: [Sales, 7]\n`);
    expect(error.field).toBe('scope.projects[1]');
    expect(error.location).toEqual({ file: FILE, line: 11, column: 21 });
  });

  it('accountId must be a positive integer', () => {
    const error = policyError(MINIMAL.replace('accountId: 12345', 'accountId: -5'));
    expect(error.message).toBe(
      'ado-guard.yml:8:16 integrations.dbtCloud.accountId: must be a positive integer such as 12345 (got -5)',
    );
    expect(policyError(MINIMAL.replace('accountId: 12345', 'accountId: abc')).field).toBe(
      'integrations.dbtCloud.accountId',
    );
    expect(policyError(MINIMAL.replace('accountId: 12345', 'accountId: 1.5')).field).toBe(
      'integrations.dbtCloud.accountId',
    );
  });

  it('needs at least one integration', () => {
    const error = policyError(MINIMAL.replace(/integrations:[\s\S]*$/, 'integrations: {}\n'));
    expect(error.field).toBe('integrations');
    expect(error.message).toBe(
      'ado-guard.yml:5:15 integrations: must name at least one integration: dbtCloud, conductorOne or defenderForCloud',
    );
  });

  it('defenderForCloud with no value says what to write', () => {
    const error = policyError(`${MINIMAL}  defenderForCloud:\n`);
    expect(error.field).toBe('integrations.defenderForCloud');
    expect(error.message).toBe(
      'ado-guard.yml:10:3 integrations.defenderForCloud: must be a mapping (key: value pairs); write `defenderForCloud: {}` for one with no settings (got no value)',
    );
    expect(error.location).toEqual({ file: FILE, line: 10, column: 3 });
  });

  it('lists every problem, located at the first', () => {
    const error = policyError(
      MINIMAL.replace('version: 1', 'version: 3').replace('accountId: 12345', 'accountId: x'),
    );
    expect(error.message.split('\n')).toEqual([
      '2 problems in ado-guard.yml:',
      '  ado-guard.yml:1:10 version: must be 1 (got 3)',
      '  ado-guard.yml:8:16 integrations.dbtCloud.accountId: must be a positive integer such as 12345 (got "x")',
    ]);
    expect(error.field).toBe('version');
    expect(error.location).toEqual({ file: FILE, line: 1, column: 10 });
  });
});

describe('unknown keys', () => {
  it('names the key and suggests the near miss', () => {
    const error = policyError(MINIMAL.replace('accessUrl:', 'acessUrl:'));
    expect(error.message).toBe(
      'ado-guard.yml:7:5 integrations.dbtCloud.acessUrl: unknown key "acessUrl": did you mean "accessUrl"?',
    );
    expect(error.field).toBe('integrations.dbtCloud.acessUrl');
  });

  it('suggests across case', () => {
    expect(policyError(MINIMAL.replace('tenantId:', 'TenantID:')).message).toContain(
      'did you mean "tenantId"?',
    );
  });

  it('lists the allowed keys when nothing is close', () => {
    const error = policyError(`${MINIMAL}colour: blue\n`);
    expect(error.message).toBe(
      'ado-guard.yml:10:1 colour: unknown key "colour": expected one of version, organization, tenantId, ' +
        'serviceUser, scope, integrations, rotation, remediation, endpoints',
    );
  });

  it('__proto__ is an ordinary unknown key', () => {
    const error = policyError(`${MINIMAL}__proto__:\n  level: org\n`);
    expect(error.field).toBe('__proto__');
    expect(error.location).toEqual({ file: FILE, line: 10, column: 1 });
  });

  it('defenderForCloud takes no keys', () => {
    const error = policyError(`${MINIMAL}  defenderForCloud:\n    enabled: true\n`);
    expect(error.message).toBe(
      'ado-guard.yml:11:5 integrations.defenderForCloud.enabled: unknown key "enabled": this mapping takes no keys',
    );
  });
});

describe('secrets never live in the file', () => {
  it.each([
    ['clientSecret', 'integrations.dbtCloud', 'AZURE_CLIENT_SECRET'],
    ['token', 'integrations.dbtCloud', 'DBT_CLOUD_TOKEN'],
    ['clientSecret', 'integrations.conductorOne', 'CONDUCTORONE_CLIENT_SECRET'],
  ])('%s under %s points at %s', (key, parent, variable) => {
    const text =
      parent === 'integrations.dbtCloud'
        ? MINIMAL.replace('    accountId:', `    ${key}: s3cr3t-value\n    accountId:`)
        : `${MINIMAL}  conductorOne:\n    ${key}: s3cr3t-value\n`;
    const error = policyError(text);
    expect(error.field).toBe(`${parent}.${key}`);
    expect(error.message).toContain(`environment variable ${variable}`);
    expect(error.message).not.toContain('s3cr3t-value');
  });

  it('password at the top level, with its position', () => {
    const error = policyError(`${MINIMAL}password: hunter22\n`);
    expect(error.location).toEqual({ file: FILE, line: 10, column: 1 });
    expect(error.message).toContain('secrets never live in the policy file: remove "password"');
    expect(error.message).not.toContain('hunter22');
  });
});

describe('${env:NAME} interpolation', () => {
  const text = MINIMAL.replace('tenantId: 00000000-0000-0000-0000-000000000000', 'tenantId: ${env:TENANT}');

  it('substitutes a set variable', () => {
    const { policy } = load(text, { TENANT: 'aaaaaaaa-0000-0000-0000-000000000000' });
    expect(policy.tenantId).toBe('aaaaaaaa-0000-0000-0000-000000000000');
  });

  it('substitutes inside a longer string and in lists', () => {
    const { policy } = load(
      `${MINIMAL.replace('accessUrl: https://ab123.us1.dbt.com', 'accessUrl: https://${env:PREFIX}.us1.dbt.com')}scope:\n  projects: ["\${env:P}-*"]\n`,
      { PREFIX: 'zz9', P: 'Sales' },
    );
    expect(policy.integrations.dbtCloud?.accessUrl).toBe('https://zz9.us1.dbt.com');
    expect(policy.scope.projects).toEqual(['Sales-*']);
  });

  it('turns a digit string from the environment into accountId', () => {
    const { policy } = load(MINIMAL.replace('accountId: 12345', 'accountId: ${env:DBT_ACCOUNT}'), {
      DBT_ACCOUNT: '777',
    });
    expect(policy.integrations.dbtCloud?.accountId).toBe(777);
  });

  it('names the field and the variable when unset', () => {
    const error = policyError(text, {});
    expect(error.message).toBe(
      'ado-guard.yml:3:11 tenantId: refers to the environment variable TENANT, which is not set: set TENANT or change the value',
    );
    expect(error.field).toBe('tenantId');
  });

  it('$${ is a literal ${', () => {
    const { policy } = load(`${MINIMAL}scope:\n  projects: ["$\${env:X}"]\n`, {});
    expect(policy.scope.projects).toEqual(['${env:X}']);
  });

  it('refuses other ${ forms', () => {
    const error = policyError(`${MINIMAL}scope:\n  projects: ["\${{ secrets.X }}"]\n`);
    expect(error.field).toBe('scope.projects[0]');
    expect(error.message).toContain('only ${env:NAME} references are supported');
  });

  it('does not echo a value that came from the environment', () => {
    const error = policyError(text, { TENANT: 'not-a-guid-value' });
    expect(error.message).toContain('(got the value of ${env:TENANT})');
    expect(error.message).not.toContain('not-a-guid-value');
  });
});
