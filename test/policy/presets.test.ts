import { describe, expect, it } from '@jest/globals';
import { deriveRequirements } from '../../src/core/policy/presets.js';
import {
  AZURE_DEVOPS_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  wellKnownRoleId,
  wellKnownScopeId,
} from '../../src/core/policy/well-known.js';
import { load } from './helpers.js';

const HEAD = 'version: 1\norganization: contoso\ntenantId: 00000000-0000-0000-0000-000000000000\n';
const DBT_APP = '11111111-1111-1111-1111-111111111111';
const C1_APP = '22222222-2222-2222-2222-222222222222';

const dbt = (method: string, app = DBT_APP) =>
  `  dbtCloud:\n    accessUrl: https://ab123.us1.dbt.com/\n    accountId: 12345\n    applicationClientId: ${app}\n    authenticationMethod: ${method}\n`;
const c1 = (access: string, groups: boolean, app = C1_APP) =>
  `  conductorOne:\n    tenantUrl: https://acme.conductor.one\n    appId: c1app\n    connectorId: c1conn\n    access: ${access}\n    entraGroupProvisioning: ${groups}\n    applicationClientId: ${app}\n`;

const derive = (integrations: string, extra = '') =>
  deriveRequirements(
    load(`${HEAD}serviceUser: dbt-svc@contoso.com\n${extra}integrations:\n${integrations}`).policy,
  );

describe('dbt Cloud service_user', () => {
  const requirements = derive(dbt('service_user'));

  it('needs ServiceHooks 1|2|4 per project and Git 4|16384 per repository for the service user', () => {
    expect(requirements.serviceUser).toBe('dbt-svc@contoso.com');
    expect(requirements.permissions).toEqual([
      {
        integration: 'dbtCloud',
        namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
        namespaceName: 'ServiceHooks',
        bits: [
          { bit: 1, name: 'ViewSubscriptions' },
          { bit: 2, name: 'EditSubscriptions' },
          { bit: 4, name: 'DeleteSubscriptions' },
        ],
        level: 'project',
        grantLevel: 'project',
      },
      {
        integration: 'dbtCloud',
        namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
        namespaceName: 'Git Repositories',
        bits: [
          { bit: 4, name: 'GenericContribute' },
          { bit: 16384, name: 'PullRequestContribute' },
        ],
        level: 'repository',
        grantLevel: 'project',
      },
    ]);
    expect(requirements.readers).toEqual([{ integration: 'dbtCloud' }]);
    expect(requirements.projectAdministrator).toBeUndefined();
  });

  it('needs a multitenant app with both redirect URIs, ADO user_impersonation and no Graph User.Read', () => {
    expect(requirements.apps).toEqual([
      {
        appId: DBT_APP,
        integrations: ['dbtCloud'],
        audience: 'AzureADMultipleOrgs',
        redirectUris: [
          'https://ab123.us1.dbt.com/complete/azure_active_directory',
          'https://ab123.us1.dbt.com/complete/azure_active_directory_service_user',
        ],
        delegated: [{ resourceAppId: AZURE_DEVOPS_APP_ID, scopes: ['user_impersonation'] }],
        unwantedDelegated: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, scopes: ['User.Read'] }],
        appRoles: [],
      },
    ]);
  });

  it('describes the dbt Cloud record and the 90-day rule', () => {
    expect(requirements.dbt).toEqual({
      accountId: 12345,
      accessUrl: 'https://ab123.us1.dbt.com',
      organizationName: 'contoso',
      method: 'service_user',
      appId: DBT_APP,
      staleWarnDays: 75,
      staleErrorDays: 90,
      requireOrganizationInTenant: false,
    });
    expect(requirements.c1).toBeUndefined();
    expect(requirements.defender).toBeUndefined();
  });

  it('grant level follows scope.level, ServiceHooks stopping at the project', () => {
    const org = derive(dbt('service_user'), 'scope:\n  level: organization\n');
    expect(org.permissions.map((p) => [p.level, p.grantLevel])).toEqual([
      ['project', 'organization'],
      ['repository', 'organization'],
    ]);
    const repo = derive(dbt('service_user'), 'scope:\n  level: repository\n');
    expect(repo.permissions.map((p) => [p.level, p.grantLevel])).toEqual([
      ['project', 'project'],
      ['repository', 'repository'],
    ]);
  });

  it('keeps the redirect host with its port', () => {
    const r = derive(dbt('service_user').replace('https://ab123.us1.dbt.com/', 'https://127.0.0.1:8443'));
    expect(r.apps[0]?.redirectUris).toEqual([
      'https://127.0.0.1:8443/complete/azure_active_directory',
      'https://127.0.0.1:8443/complete/azure_active_directory_service_user',
    ]);
  });
});

describe('dbt Cloud service_principal', () => {
  const requirements = deriveRequirements(load(`${HEAD}integrations:\n${dbt('service_principal')}`).policy);

  it('needs Project Administrator for the app and the org in the same tenant, not service-user permissions', () => {
    expect(requirements.projectAdministrator).toEqual({ integration: 'dbtCloud', appId: DBT_APP });
    expect(requirements.permissions).toEqual([]);
    expect(requirements.readers).toEqual([]);
    expect(requirements.serviceUser).toBeUndefined();
    expect(requirements.dbt).toMatchObject({
      method: 'service_principal',
      requireOrganizationInTenant: true,
    });
    expect(requirements.apps[0]?.redirectUris).toEqual([
      'https://ab123.us1.dbt.com/complete/azure_active_directory',
    ]);
    expect(requirements.apps[0]?.delegated).toEqual([
      { resourceAppId: AZURE_DEVOPS_APP_ID, scopes: ['user_impersonation'] },
    ]);
  });
});

describe('ConductorOne', () => {
  it('sync: user_impersonation vso.profile vso.graph, the C1 redirect, no app roles', () => {
    const r = deriveRequirements(load(`${HEAD}integrations:\n${c1('sync', false)}`).policy);
    expect(r.apps).toEqual([
      {
        appId: C1_APP,
        integrations: ['conductorOne'],
        audience: 'AzureADMultipleOrgs',
        redirectUris: ['https://accounts.conductor.one/oauth/callback'],
        delegated: [
          { resourceAppId: AZURE_DEVOPS_APP_ID, scopes: ['user_impersonation', 'vso.profile', 'vso.graph'] },
        ],
        unwantedDelegated: [],
        appRoles: [],
      },
    ]);
    expect(r.c1).toEqual({
      tenantUrl: 'https://acme.conductor.one',
      appId: 'c1app',
      connectorId: 'c1conn',
      mode: 'oauth',
      access: 'sync',
      entraGroupProvisioning: false,
      applicationClientId: C1_APP,
      organizationUrl: 'https://dev.azure.com/contoso',
    });
    expect(r.permissions).toEqual([]);
    expect(r.readers).toEqual([]);
  });

  it('provision: the manage scopes; entraGroupProvisioning adds Graph GroupMember.ReadWrite.All with admin consent', () => {
    const without = deriveRequirements(load(`${HEAD}integrations:\n${c1('provision', false)}`).policy);
    expect(without.apps[0]?.delegated).toEqual([
      {
        resourceAppId: AZURE_DEVOPS_APP_ID,
        scopes: [
          'user_impersonation',
          'vso.profile',
          'vso.graph_manage',
          'vso.memberentitlementmanagement_write',
        ],
      },
    ]);
    expect(without.apps[0]?.appRoles).toEqual([]);
    const withGroups = deriveRequirements(load(`${HEAD}integrations:\n${c1('provision', true)}`).policy);
    expect(withGroups.apps[0]?.appRoles).toEqual([
      { resourceAppId: MICROSOFT_GRAPH_APP_ID, roles: ['GroupMember.ReadWrite.All'], adminConsent: true },
    ]);
    const syncWithGroups = deriveRequirements(load(`${HEAD}integrations:\n${c1('sync', true)}`).policy);
    expect(syncWithGroups.apps[0]?.appRoles[0]?.roles).toEqual(['GroupMember.ReadWrite.All']);
  });

  it('pat mode needs no Entra app', () => {
    const text = `${HEAD}integrations:\n  conductorOne:\n    tenantUrl: https://acme.conductor.one\n    appId: a\n    connectorId: c\n    mode: pat\n`;
    const r = deriveRequirements(load(text).policy);
    expect(r.apps).toEqual([]);
    expect(r.c1).toMatchObject({ mode: 'pat' });
    expect(r.c1?.applicationClientId).toBeUndefined();
  });
});

describe('shared app', () => {
  it('dbt Cloud and C1 on one app: one entry, merged redirect URIs and scopes, User.Read still unwanted', () => {
    const r = derive(dbt('service_user') + c1('provision', true, DBT_APP.toUpperCase()));
    expect(r.apps).toEqual([
      {
        appId: DBT_APP,
        integrations: ['dbtCloud', 'conductorOne'],
        audience: 'AzureADMultipleOrgs',
        redirectUris: [
          'https://ab123.us1.dbt.com/complete/azure_active_directory',
          'https://ab123.us1.dbt.com/complete/azure_active_directory_service_user',
          'https://accounts.conductor.one/oauth/callback',
        ],
        delegated: [
          {
            resourceAppId: AZURE_DEVOPS_APP_ID,
            scopes: [
              'user_impersonation',
              'vso.profile',
              'vso.graph_manage',
              'vso.memberentitlementmanagement_write',
            ],
          },
        ],
        unwantedDelegated: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, scopes: ['User.Read'] }],
        appRoles: [
          { resourceAppId: MICROSOFT_GRAPH_APP_ID, roles: ['GroupMember.ReadWrite.All'], adminConsent: true },
        ],
      },
    ]);
  });

  it('separate apps stay separate', () => {
    const r = derive(dbt('service_user') + c1('sync', false));
    expect(r.apps.map((app) => [app.appId, app.integrations])).toEqual([
      [DBT_APP, ['dbtCloud']],
      [C1_APP, ['conductorOne']],
    ]);
  });
});

describe('Defender for Cloud', () => {
  it('requires the Entra connection and third-party OAuth, nothing else', () => {
    const r = deriveRequirements(load(`${HEAD}integrations:\n  defenderForCloud: {}\n`).policy);
    expect(r).toEqual({
      organization: 'contoso',
      tenantId: '00000000-0000-0000-0000-000000000000',
      scope: {
        projects: ['*'],
        excludeProjects: [],
        repositories: ['*'],
        includeDisabled: false,
        level: 'project',
      },
      permissions: [],
      readers: [],
      apps: [],
      defender: { requireEntraConnection: true, requireThirdPartyOAuth: true },
    });
  });
});

describe('well-known ids', () => {
  it('resolve scope and role values to their ids', () => {
    expect(wellKnownScopeId(AZURE_DEVOPS_APP_ID, 'user_impersonation')).toBe(
      'ee69721e-6c3a-468f-a9ec-302d16a4c599',
    );
    expect(wellKnownScopeId(AZURE_DEVOPS_APP_ID, 'vso.graph_manage')).toBe(
      'e5125ad5-f716-4bc5-8688-14499b80567e',
    );
    expect(wellKnownScopeId(MICROSOFT_GRAPH_APP_ID, 'User.Read')).toBe(
      'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    );
    expect(wellKnownRoleId(MICROSOFT_GRAPH_APP_ID.toUpperCase(), 'GroupMember.ReadWrite.All')).toBe(
      'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
    );
    expect(wellKnownRoleId(AZURE_DEVOPS_APP_ID, 'GroupMember.ReadWrite.All')).toBeUndefined();
    expect(wellKnownScopeId('99999999-0000-0000-0000-000000000000', 'user_impersonation')).toBeUndefined();
  });
});
