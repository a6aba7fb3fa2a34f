import { describe, expect, it } from '@jest/globals';
import { createAuthorityService } from '../../../src/sandbox/services/authority.js';
import { createEntraState, type EntraScenario } from '../../../src/sandbox/state/entra.js';
import { TestClock, call, request, testRng } from './fixtures.js';

const scenario: EntraScenario = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  propagationDelayMs: 2000,
  users: [{ userPrincipalName: 'dbt-svc@contoso.com', perUserMfaState: 'disabled' }],
  automation: {
    federatedIdentityCredentials: [{ issuer: 'github', subject: 'repo:contoso/guard:ref:refs/heads/main' }],
  },
  applications: [
    {
      displayName: 'dbt Cloud',
      passwordCredentials: [
        { displayName: 'old', createdDaysAgo: 400, expiresInDays: -5 },
        { displayName: 'current', createdDaysAgo: 30, expiresInDays: 150 },
      ],
    },
  ],
  ciOidc: {
    github: { subject: 'repo:contoso/guard:ref:refs/heads/main' },
    azurePipelines: {
      subject: 'sc://contoso/data/other',
      serviceConnectionId: 'c0ffee00-0000-4000-8000-000000000001',
    },
  },
};

function setup() {
  const clock = new TestClock();
  const entra = createEntraState(scenario, { rng: testRng(), clock });
  const authority = createAuthorityService(entra, { clock });
  const tokenReq = (form: Record<string, string>) =>
    call(authority.handle, request('authority', 'POST', `/${entra.tenantId}/oauth2/v2.0/token`, { form }));
  return { clock, entra, authority, tokenReq };
}

describe('authority token endpoint', () => {
  it('serves an OpenID configuration with the four endpoints MSAL needs', async () => {
    const { authority, entra } = setup();
    const res = await call(
      authority.handle,
      request('authority', 'GET', `/${entra.tenantId}/v2.0/.well-known/openid-configuration`),
    );
    expect(res.status).toBe(200);
    expect(res.body.token_endpoint).toBe(`https://127.0.0.1:41000/${entra.tenantId}/oauth2/v2.0/token`);
    for (const k of ['authorization_endpoint', 'issuer', 'jwks_uri'])
      expect(typeof res.body[k]).toBe('string');
  });

  it('issues a Graph token carrying the automation roles for a valid client secret', async () => {
    const { entra, tokenReq } = setup();
    const { clientId, clientSecret } = entra.automationCredentials();
    const res = await tokenReq({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const principal = entra.validateAccessToken(res.body.access_token, 'graph');
    expect(principal?.roles.sort()).toEqual([
      'Application.Read.All',
      'Application.ReadWrite.OwnedBy',
      'Policy.Read.All',
    ]);
    expect(entra.validateAccessToken(res.body.access_token, 'azureDevOps')).toBeUndefined();
  });

  it('maps the Azure DevOps resource to the azureDevOps audience', async () => {
    const { entra, tokenReq } = setup();
    const { clientId, clientSecret } = entra.automationCredentials();
    const res = await tokenReq({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
    });
    expect(entra.validateAccessToken(res.body.access_token, 'azureDevOps')?.appId).toBe(clientId);
  });

  it('answers 401 AADSTS7000215 for a wrong secret, and 7000222 for an expired one', async () => {
    const { entra, tokenReq } = setup();
    const app = entra.resolveApplication('dbt Cloud')!;
    const wrong = await tokenReq({
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: 'nope',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrong.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    for (const k of ['timestamp', 'trace_id', 'correlation_id']) expect(typeof wrong.body[k]).toBe('string');
    const expired = await tokenReq({
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: entra.passwordValue('dbt Cloud', { displayName: 'old' })!,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error_codes).toEqual([7000222]);
  });

  it('refuses a new password until the propagation delay has passed', async () => {
    const { entra, clock, tokenReq } = setup();
    const app = entra.resolveApplication('dbt Cloud')!;
    const added = entra.addPassword(app, { displayName: 'new' });
    if (!added.ok) throw new Error('addPassword failed');
    const form = {
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: added.credential.secretText,
      scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
    };
    expect(entra.checkClientSecret(entra.tenantId, app.appId, added.credential.secretText)).toBe(
      'notPropagated',
    );
    expect((await tokenReq(form)).body.error_codes).toEqual([7000215]);
    clock.advance(2000);
    expect((await tokenReq(form)).status).toBe(200);
  });

  it('answers 700016 for an unknown app and 500011 for an unknown resource', async () => {
    const { entra, tokenReq } = setup();
    const unknown = await tokenReq({
      grant_type: 'client_credentials',
      client_id: 'aaaaaaaa-0000-4000-8000-000000000000',
      client_secret: 'x',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const { clientId, clientSecret } = entra.automationCredentials();
    const resource = await tokenReq({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://vault.azure.net/.default',
    });
    expect(resource.status).toBe(400);
    expect(resource.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it('accepts a GitHub-style OIDC assertion matching a federated credential, and rejects a foreign subject', async () => {
    const { entra, authority, tokenReq } = setup();
    const requestToken = entra.secrets().find((s) => s.name === 'ciOidc:github:requestToken')!.value;
    const oidc = await call(
      authority.handle,
      request('authority', 'GET', '/_oidc/github/token?api-version=2.0&audience=api://AzureADTokenExchange', {
        headers: { authorization: `Bearer ${requestToken}` },
      }),
    );
    expect(oidc.status).toBe(200);
    const form = {
      grant_type: 'client_credentials',
      client_id: entra.automation.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      scope: 'https://graph.microsoft.com/.default',
    };
    expect((await tokenReq({ ...form, client_assertion: oidc.body.value })).status).toBe(200);

    const bad = await call(
      authority.handle,
      request('authority', 'GET', '/_oidc/github/token?audience=x', {
        headers: { authorization: 'Bearer wrong' },
      }),
    );
    expect(bad.status).toBe(401);

    const pipelinesToken = entra
      .secrets()
      .find((s) => s.name === 'ciOidc:azurePipelines:systemAccessToken')!.value;
    const pipes = await call(
      authority.handle,
      request(
        'authority',
        'POST',
        '/_oidc/azure-pipelines?api-version=7.1&serviceConnectionId=c0ffee00-0000-4000-8000-000000000001',
        { headers: { authorization: `Bearer ${pipelinesToken}` } },
      ),
    );
    expect(pipes.status).toBe(200);
    const refused = await tokenReq({ ...form, client_assertion: pipes.body.oidcToken });
    expect(refused.status).toBe(401);
    expect(refused.body.error_codes).toEqual([700211]);
  });

  it('rejects an assertion whose signature is not the sandbox issuer key', async () => {
    const { entra, authority, tokenReq } = setup();
    const requestToken = entra.secrets().find((s) => s.name === 'ciOidc:github:requestToken')!.value;
    const oidc = await call(
      authority.handle,
      request('authority', 'GET', '/_oidc/github/token?audience=api://AzureADTokenExchange', {
        headers: { authorization: `Bearer ${requestToken}` },
      }),
    );
    const [h, p] = (oidc.body.value as string).split('.');
    const res = await tokenReq({
      grant_type: 'client_credentials',
      client_id: entra.automation.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: `${h}.${p}.AAAA`,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(401);
    expect(res.body.error_codes).toEqual([50013]);
  });

  it('accepts client_secret_basic, and names missing parameters, foreign tenants, scopes and SP-less apps', async () => {
    const { entra, authority, tokenReq } = setup();
    const { clientId, clientSecret } = entra.automationCredentials();
    const basic = await call(
      authority.handle,
      request('authority', 'POST', `/${entra.domain}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' },
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      }),
    );
    expect(basic.status).toBe(200);
    const noScope = await tokenReq({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(noScope.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
    expect(noScope.body.error_description).toContain("'scope'");
    const notDefault = await tokenReq({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/User.Read',
    });
    expect(notDefault.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const otherTenant = await call(
      authority.handle,
      request('authority', 'POST', '/fabrikam.com/oauth2/v2.0/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        },
      }),
    );
    expect(otherTenant.body.error_codes).toEqual([90002]);
    const password = await tokenReq({
      grant_type: 'password',
      client_id: clientId,
      username: 'a',
      password: 'b',
    });
    expect(password.body.error).toBe('unsupported_grant_type');
  });

  it('refuses apps without a service principal in the tenant (AADSTS7000229)', async () => {
    const clock = new TestClock();
    const entra = createEntraState(
      {
        applications: [
          { displayName: 'Lonely', servicePrincipal: false, passwordCredentials: [{ displayName: 's' }] },
        ],
      },
      { rng: testRng(), clock },
    );
    const authority = createAuthorityService(entra, { clock });
    const app = entra.resolveApplication('Lonely')!;
    const res = await call(
      authority.handle,
      request('authority', 'POST', `/${entra.tenantId}/oauth2/v2.0/token`, {
        form: {
          grant_type: 'client_credentials',
          client_id: app.appId,
          client_secret: entra.passwordValue('Lonely', 'newest')!,
          scope: 'https://graph.microsoft.com/.default',
        },
      }),
    );
    expect(res.status).toBe(401);
    expect(res.body.error_codes).toEqual([7000229]);
  });
});
