import { describe, expect, it } from '@jest/globals';
import { createGraphService } from '../../../src/sandbox/services/graph/index.js';
import { createEntraState, type EntraScenario } from '../../../src/sandbox/state/entra.js';
import { TestClock, call, request, testRng } from '../entra/fixtures.js';

const scenario: EntraScenario = {
  propagationDelayMs: 0,
  graphReadLagMs: 3000,
  passwordMaxLifetime: 'P180D',
  securityDefaultsEnabled: true,
  users: [
    { userPrincipalName: 'dbt-svc@contoso.com', displayName: 'dbt service', perUserMfaState: 'enforced' },
  ],
  applications: [
    {
      displayName: 'dbt Cloud',
      web: {
        redirectUris: [
          'https://{dbtCloud}/complete/azure_active_directory',
          'https://{dbtCloud}/complete/azure_active_directory_service_user',
        ],
      },
      requiredResourceAccess: [{ resource: 'azureDevOps', scopes: ['user_impersonation'] }],
      passwordCredentials: [{ displayName: 'current', createdDaysAgo: 10, expiresInDays: 100 }],
      adminConsent: { azureDevOps: ['user_impersonation'] },
    },
    { displayName: 'Not ours', ownedByAutomation: false, passwordMaxLifetime: 'P30D' },
  ],
};

function setup(spec: EntraScenario = scenario) {
  const clock = new TestClock();
  const entra = createEntraState(spec, {
    rng: testRng(7),
    clock,
    origins: { dbtCloud: 'https://127.0.0.1:41004' },
  });
  const graph = createGraphService(entra, { clock });
  const token = entra.issueAppToken(entra.automation.appId, 'graph').accessToken;
  const g = (method: string, url: string, json?: unknown, bearer = token) =>
    call(
      graph.handle,
      request('graph', method, url, {
        headers: { authorization: `Bearer ${bearer}` },
        ...(json !== undefined ? { json } : {}),
      }),
    );
  const dbt = entra.resolveApplication('dbt Cloud')!;
  return { clock, entra, graph, g, dbt };
}

describe('Graph applications', () => {
  it('finds an app by $filter=appId and by the appId alternate key, with $select', async () => {
    const { g, dbt } = setup();
    const list = await g('GET', `/v1.0/applications?$filter=appId eq '${dbt.appId}'&$select=id,appId,web`);
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(1);
    expect(Object.keys(list.body.value[0]).sort()).toEqual(['appId', 'id', 'web']);
    expect(list.body.value[0].web.redirectUris).toEqual([
      'https://127.0.0.1:41004/complete/azure_active_directory',
      'https://127.0.0.1:41004/complete/azure_active_directory_service_user',
    ]);
    const byAlt = await g('GET', `/v1.0/applications(appId='${dbt.appId}')`);
    expect(byAlt.body.id).toBe(dbt.id);
    expect(byAlt.body.passwordCredentials[0]).toMatchObject({ displayName: 'current', secretText: null });
    expect(byAlt.body.passwordCredentials[0].hint).toHaveLength(3);
    const byAppIdAsObjectId = await g('GET', `/v1.0/applications/${dbt.appId}`);
    expect(byAppIdAsObjectId.status).toBe(404);
    expect(byAppIdAsObjectId.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('replaces collections and merges complex types on PATCH', async () => {
    const { g, dbt } = setup();
    const patched = await g('PATCH', `/v1.0/applications/${dbt.id}`, {
      web: { redirectUris: ['https://example.com/cb'] },
    });
    expect(patched.status).toBe(204);
    const after = (await g('GET', `/v1.0/applications/${dbt.id}`)).body;
    expect(after.web.redirectUris).toEqual(['https://example.com/cb']);
    expect(after.web.implicitGrantSettings).toEqual({
      enableAccessTokenIssuance: false,
      enableIdTokenIssuance: false,
    });
    expect(after.requiredResourceAccess).toHaveLength(1);
    await g('PATCH', `/v1.0/applications/${dbt.id}`, {
      requiredResourceAccess: [
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: [{ id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695', type: 'Role' }],
        },
      ],
    });
    const again = (await g('GET', `/v1.0/applications/${dbt.id}`)).body;
    expect(again.requiredResourceAccess).toEqual([
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695', type: 'Role' }],
      },
    ]);
  });

  it('refuses passwordCredentials, unknown properties and bad redirect URIs in PATCH', async () => {
    const { g, dbt } = setup();
    for (const body of [
      { passwordCredentials: [] },
      { colour: 'blue' },
      { web: { redirectUris: ['http://example.com/cb'] } },
      { web: null },
      { web: { colour: 'blue' } },
      { web: { implicitGrantSettings: 'yes' } },
      { displayName: { text: 'x' } },
      { signInAudience: 'Everyone' },
    ]) {
      const res = await g('PATCH', `/v1.0/applications/${dbt.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('Request_BadRequest');
      expect(res.body.error.innerError['request-id']).toEqual(expect.any(String));
    }
  });

  it('answers 403 Authorization_RequestDenied to OwnedBy callers on apps they do not own', async () => {
    const { g, entra } = setup({
      ...scenario,
      automation: { graphRoles: ['Application.ReadWrite.OwnedBy'] },
    });
    const other = entra.resolveApplication('Not ours')!;
    const res = await g('POST', `/v1.0/applications/${other.id}/addPassword`, {
      passwordCredential: { displayName: 'x' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Authorization_RequestDenied');
    expect((await g('GET', `/v1.0/applications/${other.id}`)).status).toBe(403);
    const list = await g('GET', '/v1.0/applications');
    expect(list.body.value.map((a: { displayName: string }) => a.displayName)).toEqual(['dbt Cloud']);
    expect((await g('GET', '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy')).status).toBe(403);
  });

  it('addPassword returns the secret once, honours the lifetime policy and the read lag; removePassword removes it', async () => {
    const { g, dbt, clock, entra } = setup();
    const tooLong = await g('POST', `/v1.0/applications/${dbt.id}/addPassword`, {
      passwordCredential: {
        displayName: 'long',
        endDateTime: new Date(clock.now() + 200 * 86400000).toISOString(),
      },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('CredentialInvalidLifetimeAsPerAppPolicy');
    expect(tooLong.body.error.details[0]).toMatchObject({ code: 'InvalidKeyEndDate', target: 'EndDate' });

    const added = await g('POST', `/v1.0/applications(appId='${dbt.appId}')/addPassword`, {
      passwordCredential: {
        displayName: 'ado-guard r1',
        endDateTime: new Date(clock.now() + 90 * 86400000).toISOString(),
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.secretText).toEqual(expect.any(String));
    expect(added.body.hint).toBe(added.body.secretText.slice(0, 3));
    expect(entra.keyIdOfSecret(dbt.appId, added.body.secretText)).toBe(added.body.keyId);
    const keyIds = async () =>
      (await g('GET', `/v1.0/applications/${dbt.id}`)).body.passwordCredentials.map(
        (p: { keyId: string }) => p.keyId,
      );
    expect(await keyIds()).not.toContain(added.body.keyId);
    clock.advance(3000);
    expect(await keyIds()).toContain(added.body.keyId);

    expect(
      (await g('POST', `/v1.0/applications/${dbt.id}/removePassword`, { keyId: added.body.keyId })).status,
    ).toBe(204);
    expect(await keyIds()).not.toContain(added.body.keyId);
    expect(
      (await g('POST', `/v1.0/applications/${dbt.id}/removePassword`, { keyId: added.body.keyId })).status,
    ).toBe(400);
  });

  it('defaults endDateTime to two years, which a P180D tenant policy refuses', async () => {
    const { g, dbt } = setup();
    const res = await g('POST', `/v1.0/applications/${dbt.id}/addPassword`, {});
    expect(res.status).toBe(400);
    const free = setup({ ...scenario, passwordMaxLifetime: null });
    const ok = await free.g('POST', `/v1.0/applications/${free.dbt.id}/addPassword`, {});
    expect(Date.parse(ok.body.endDateTime) - Date.parse(ok.body.startDateTime)).toBe(730 * 86400000);
  });
});

describe('Graph service principals, consent, policies, users', () => {
  it('serves resource SPs with real ids, consent grants and app role assignments', async () => {
    const { g, dbt, entra } = setup();
    const ado = await g(
      'GET',
      "/v1.0/servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798')?$select=id,oauth2PermissionScopes,appRoles",
    );
    expect(
      ado.body.oauth2PermissionScopes.find((s: { value: string }) => s.value === 'user_impersonation').id,
    ).toBe('ee69721e-6c3a-468f-a9ec-302d16a4c599');
    const sp = await g('GET', `/v1.0/servicePrincipals?$filter=appId eq '${dbt.appId}'`);
    const spId = sp.body.value[0].id;
    const grants = await g('GET', `/v1.0/oauth2PermissionGrants?$filter=clientId eq '${spId}'`);
    expect(grants.body.value).toEqual([
      expect.objectContaining({
        consentType: 'AllPrincipals',
        resourceId: ado.body.id,
        scope: 'user_impersonation',
      }),
    ]);
    const roles = await g(
      'GET',
      `/v1.0/servicePrincipals/${entra.automation.servicePrincipalId}/appRoleAssignments`,
    );
    expect(roles.body.value.map((r: { appRoleId: string }) => r.appRoleId)).toContain(
      '18a4783c-866b-4cc7-a460-3d5e5662c884',
    );
  });

  it('serves policies and per-user MFA state (beta only) to Policy.Read.All', async () => {
    const { g } = setup();
    expect((await g('GET', '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy')).body.isEnabled).toBe(
      true,
    );
    const policy = await g('GET', '/v1.0/policies/defaultAppManagementPolicy');
    expect(policy.body.applicationRestrictions.passwordCredentials[0]).toMatchObject({
      restrictionType: 'passwordLifetime',
      maxLifetime: 'P180D',
    });
    expect(
      (await g('GET', '/beta/users/dbt-svc@contoso.com/authentication/requirements')).body.perUserMfaState,
    ).toBe('enforced');
    expect((await g('GET', '/v1.0/users/dbt-svc@contoso.com/authentication/requirements')).status).toBe(404);
    expect((await g('GET', '/v1.0/users/dbt-svc@contoso.com')).status).toBe(403);
  });

  it('answers 401 InvalidAuthenticationToken without a Graph token', async () => {
    const { g, entra } = setup();
    const adoToken = entra.issueAppToken(entra.automation.appId, 'azureDevOps').accessToken;
    const res = await g('GET', '/v1.0/applications', undefined, adoToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('blocks addPassword under a passwordAddition restriction and shows it in the tenant policy', async () => {
    const { g, dbt } = setup({ ...scenario, passwordAdditionBlocked: true });
    const res = await g('POST', `/v1.0/applications/${dbt.id}/addPassword`, {
      passwordCredential: { displayName: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CredentialTypeNotAllowedAsPerAppPolicy');
    const policy = await g('GET', '/v1.0/policies/defaultAppManagementPolicy');
    expect(
      policy.body.applicationRestrictions.passwordCredentials.map(
        (r: { restrictionType: string }) => r.restrictionType,
      ),
    ).toEqual(['passwordLifetime', 'passwordAddition']);
  });

  it('pages with $top and @odata.nextLink', async () => {
    const { g } = setup();
    const first = await g('GET', '/v1.0/servicePrincipals?$top=2&$select=appId');
    expect(first.body.value).toHaveLength(2);
    const next = new URL(first.body['@odata.nextLink']);
    const rest = await g('GET', `${next.pathname}${next.search}`);
    expect(rest.body.value.length).toBeGreaterThan(0);
    const all = await g('GET', '/v1.0/servicePrincipals?$select=appId');
    expect([...first.body.value, ...rest.body.value].map((s: { appId: string }) => s.appId)).toEqual(
      all.body.value.map((s: { appId: string }) => s.appId).slice(0, 2 + rest.body.value.length),
    );
    expect((await g('GET', '/v1.0/servicePrincipals?$top=0')).status).toBe(400);
  });
});
