import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MissingCredentialError, OperationalError } from '../../src/core/errors.js';
import type { CredentialInputs, CredentialName } from '../../src/platform/host.js';
import {
  adoAuthorization,
  createTokenProvider,
  proveClientSecret,
  TOKEN_SCOPES,
} from '../../src/clients/auth/index.js';
import { HttpClient } from '../../src/clients/http/index.js';
import { startFakeEntra } from './fake-entra.js';
import type { FakeEntra } from './fake-entra.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const GOOD_SECRET = 'good~secret~value~0123456789';
const BAD_SECRET = 'wrong~secret~value~9876543210';
const OIDC_JWT = 'eyJhbGciOiJSUzI1NiJ9.github-oidc-token.sig';
const FILE_JWT = 'eyJhbGciOiJSUzI1NiJ9.file-token.sig';
const PIPELINES_JWT = 'eyJhbGciOiJSUzI1NiJ9.pipelines-token.sig';
const SYSTEM_ACCESS_TOKEN = 'system-access-token-abcdef';

let entra: FakeEntra;
let issued = 0;

beforeAll(async () => {
  entra = await startFakeEntra({
    pipelinesOidc: { systemAccessToken: SYSTEM_ACCESS_TOKEN, oidcToken: PIPELINES_JWT },
    decide: (form) => {
      const assertionOk = [OIDC_JWT, FILE_JWT, PIPELINES_JWT].includes(form.client_assertion ?? '');
      if (form.client_secret === GOOD_SECRET || assertionOk)
        return { token: `access-token-${++issued}-for-${form.scope}` };
      return {
        status: 401,
        error: 'invalid_client',
        description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'.",
      };
    },
  });
});
afterAll(async () => {
  await entra.close();
});

const source = (name: CredentialName): string =>
  ({
    azureTenantId: 'AZURE_TENANT_ID',
    azureClientId: 'AZURE_CLIENT_ID',
    azureClientSecret: 'AZURE_CLIENT_SECRET',
    azureFederatedTokenFile: 'AZURE_FEDERATED_TOKEN_FILE',
    azureDevOpsToken: 'AZURE_DEVOPS_TOKEN',
    dbtCloudToken: 'DBT_CLOUD_TOKEN',
    conductorOneClientId: 'CONDUCTORONE_CLIENT_ID',
    conductorOneClientSecret: 'CONDUCTORONE_CLIENT_SECRET',
  })[name];

function provider(
  credentials: CredentialInputs,
  extra: { getIdToken?: (aud: string) => Promise<string>; http?: HttpClient } = {},
) {
  const secrets: string[] = [];
  const p = createTokenProvider({
    credentials,
    tenantId: credentials.azureTenantId ?? '',
    authorityHost: entra.authorityHost,
    onSecret: (v) => secrets.push(v),
    credentialSource: source,
    ...extra,
  });
  return { p, secrets };
}

describe('createTokenProvider', () => {
  it('gets tokens with a client secret; each token passes onSecret before it is returned', async () => {
    const before = entra.tokenRequests.length;
    const { p, secrets } = provider({
      azureTenantId: TENANT,
      azureClientId: CLIENT,
      azureClientSecret: GOOD_SECRET,
    });
    expect(p.mode).toBe('client-secret');
    const graph = await p.getToken('graph');
    const ado = await p.getToken('azureDevOps');
    expect(graph).toMatch(/^access-token-\d+-for-https:\/\/graph\.microsoft\.com\/\.default/);
    expect(ado).toContain(`for-${TOKEN_SCOPES.azureDevOps}`);
    expect(secrets).toEqual(expect.arrayContaining([GOOD_SECRET, graph, ado]));
    const sent = entra.tokenRequests.slice(before);
    expect(sent.map((f) => f.grant_type)).toEqual(['client_credentials', 'client_credentials']);
    expect(sent[0]?.client_id).toBe(CLIENT);
  });

  it('shares one token request per resource among concurrent callers, and reuses the token', async () => {
    const before = entra.tokenRequests.length;
    const { p } = provider({ azureTenantId: TENANT, azureClientId: CLIENT, azureClientSecret: GOOD_SECRET });
    const first = await Promise.all([
      p.getToken('graph'),
      p.getToken('azureDevOps'),
      p.getToken('graph'),
      p.getToken('azureDevOps'),
      p.getToken('graph'),
    ]);
    const again = await p.getToken('graph');
    expect(new Set(first.filter((t) => t.includes('graph'))).size).toBe(1);
    expect(again).toBe(first[0]);
    expect(
      entra.tokenRequests
        .slice(before)
        .map((f) => f.scope)
        .sort(),
    ).toEqual([TOKEN_SCOPES.azureDevOps, TOKEN_SCOPES.graph].sort());
  });

  it('gives every concurrent caller the refusal of the one request, and asks again on a later call', async () => {
    const before = entra.tokenRequests.length;
    const { p } = provider({ azureTenantId: TENANT, azureClientId: CLIENT, azureClientSecret: BAD_SECRET });
    const results = await Promise.allSettled([p.getToken('graph'), p.getToken('graph'), p.getToken('graph')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const afterConcurrent = entra.tokenRequests.length - before;
    await expect(p.getToken('graph')).rejects.toThrow('AADSTS7000215');
    expect(entra.tokenRequests.length - before).toBeGreaterThan(afterConcurrent);
  });

  it('maps AADSTS7000215 to a hint and never echoes the secret', async () => {
    const { p } = provider({ azureTenantId: TENANT, azureClientId: CLIENT, azureClientSecret: BAD_SECRET });
    let error: Error | undefined;
    try {
      await p.getToken('graph');
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(OperationalError);
    expect(error?.message).toContain('AADSTS7000215');
    expect(error?.message).toContain('the secret value is wrong — not the secret ID? —');
    expect(error?.message).toContain('AZURE_CLIENT_SECRET');
    expect(error?.message).not.toContain(BAD_SECRET);
    expect(error?.message).not.toMatch(/\n\s+at /);
  });

  it('signs in with a GitHub OIDC token as the client assertion, asked for once per token request', async () => {
    const audiences: string[] = [];
    const { p, secrets } = provider(
      { azureTenantId: TENANT, azureClientId: CLIENT, federation: { kind: 'github-oidc' } },
      {
        getIdToken: async (aud) => {
          audiences.push(aud);
          return OIDC_JWT;
        },
      },
    );
    expect(p.mode).toBe('github-oidc');
    const token = await p.getToken('graph');
    expect(token).toMatch(/^access-token-/);
    expect(audiences).toEqual(['api://AzureADTokenExchange']);
    expect(entra.tokenRequests.at(-1)?.client_assertion).toBe(OIDC_JWT);
    expect(secrets).toEqual(expect.arrayContaining([OIDC_JWT, token]));
  });

  it('explains a failing GitHub OIDC token request', async () => {
    const { p } = provider(
      { azureTenantId: TENANT, azureClientId: CLIENT, federation: { kind: 'github-oidc' } },
      {
        getIdToken: () =>
          Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')),
      },
    );
    await expect(p.getToken('graph')).rejects.toThrow(/id-token: write/);
  });

  it('signs in with a federated token file, read for each token request', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-guard-fed-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, FILE_JWT);
    const { p } = provider({ azureTenantId: TENANT, azureClientId: CLIENT, azureFederatedTokenFile: file });
    expect(p.mode).toBe('federated-token-file');
    await expect(p.getToken('azureDevOps')).resolves.toMatch(/^access-token-/);
    expect(entra.tokenRequests.at(-1)?.client_assertion).toBe(FILE_JWT);
  });

  it('signs in through an Azure Pipelines service connection (its OIDC token as the client assertion)', async () => {
    const previous = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = `${entra.authorityHost}/oidc`;
    try {
      const { p, secrets } = provider({
        federation: {
          kind: 'azure-pipelines',
          serviceConnectionId: 'sc-1',
          tenantId: TENANT,
          clientId: CLIENT,
          systemAccessToken: SYSTEM_ACCESS_TOKEN,
        },
      });
      expect(p.mode).toBe('azure-pipelines');
      await expect(p.getToken('graph')).resolves.toMatch(/^access-token-/);
      expect(entra.tokenRequests.at(-1)?.client_assertion).toBe(PIPELINES_JWT);
      expect(entra.tokenRequests.at(-1)?.client_id).toBe(CLIENT);
      expect(secrets).toContain(SYSTEM_ACCESS_TOKEN);
      const oidcCall = entra.server.requests.find((r) => r.url.startsWith('/oidc'));
      expect(oidcCall?.url).toContain('serviceConnectionId=sc-1');
    } finally {
      if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = previous;
    }
  });

  it('names the missing variable when a piece is missing', async () => {
    await expect(
      provider({ azureTenantId: TENANT, azureClientSecret: GOOD_SECRET }).p.getToken('graph'),
    ).rejects.toThrow(
      new MissingCredentialError(
        'AZURE_CLIENT_ID',
        'to sign in to Entra ID (for Microsoft Graph and Azure DevOps)',
      ),
    );
    const none = provider({ azureTenantId: TENANT, azureClientId: CLIENT }).p;
    expect(none.mode).toBe('none');
    const error = await none.getToken('graph').catch((e: unknown) => e as MissingCredentialError);
    expect(error).toBeInstanceOf(MissingCredentialError);
    expect((error as MissingCredentialError).source).toBe('AZURE_CLIENT_SECRET');
    expect((error as Error).message).toContain('AZURE_FEDERATED_TOKEN_FILE');
  });

  it('sends one token request per resource, through the HTTP layer it is given, and no OpenID metadata request', async () => {
    const http = new HttpClient();
    const requestsBefore = entra.server.requests.length;
    const { p } = provider(
      { azureTenantId: TENANT, azureClientId: CLIENT, azureClientSecret: GOOD_SECRET },
      { http },
    );
    await p.getToken('graph');
    await p.getToken('azureDevOps');
    const sent = entra.server.requests.slice(requestsBefore);
    expect(sent.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `POST /${TENANT}/oauth2/v2.0/token`,
      `POST /${TENANT}/oauth2/v2.0/token`,
    ]);
    expect(http.requestCount).toBe(2);
  });

  it('names the variable to fix when the federated token file cannot be read or is empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-guard-fed-'));
    const missing = provider({
      azureTenantId: TENANT,
      azureClientId: CLIENT,
      azureFederatedTokenFile: path.join(dir, 'absent'),
    }).p;
    await expect(missing.getToken('graph')).rejects.toThrow(
      /Could not read the federated token file .*absent \(ENOENT\); check AZURE_FEDERATED_TOKEN_FILE\./,
    );
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    const blank = provider({
      azureTenantId: TENANT,
      azureClientId: CLIENT,
      azureFederatedTokenFile: empty,
    }).p;
    await expect(blank.getToken('graph')).rejects.toThrow(/is empty; check AZURE_FEDERATED_TOKEN_FILE/);
  });

  it('explains an Azure Pipelines federation without SYSTEM_OIDCREQUESTURI or with a refused System.AccessToken', async () => {
    const federation = {
      kind: 'azure-pipelines' as const,
      serviceConnectionId: 'sc-1',
      tenantId: TENANT,
      clientId: CLIENT,
      systemAccessToken: SYSTEM_ACCESS_TOKEN,
    };
    const noUri = createTokenProvider({
      credentials: { federation },
      tenantId: TENANT,
      authorityHost: entra.authorityHost,
      env: {},
      onSecret: () => undefined,
      credentialSource: source,
    });
    await expect(noUri.getToken('graph')).rejects.toThrow(/SYSTEM_OIDCREQUESTURI/);
    const refused = createTokenProvider({
      credentials: {
        federation: {
          ...federation,
          systemAccessToken: 'not-the-token',
          oidcRequestUri: `${entra.authorityHost}/oidc`,
        },
      },
      tenantId: TENANT,
      authorityHost: entra.authorityHost,
      env: {},
      onSecret: () => undefined,
      credentialSource: source,
    });
    const error = (await refused.getToken('graph').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toMatch(/HTTP 401.*service connection "sc-1".*SYSTEM_ACCESSTOKEN/);
    expect(error.message).not.toContain('not-the-token');
  });
});

describe('adoAuthorization', () => {
  it('uses Basic with the PAT when one is set, without asking Entra', async () => {
    const before = entra.tokenRequests.length;
    const creds: CredentialInputs = { azureDevOpsToken: 'my-pat-value-1234' };
    const { p, secrets } = provider(creds);
    const header = await adoAuthorization(p, creds)();
    expect(header).toBe(`Basic ${Buffer.from(':my-pat-value-1234').toString('base64')}`);
    expect(secrets).toContain('my-pat-value-1234');
    expect(entra.tokenRequests.length).toBe(before);
  });

  it('uses Bearer with an Entra token for Azure DevOps otherwise', async () => {
    const creds: CredentialInputs = {
      azureTenantId: TENANT,
      azureClientId: CLIENT,
      azureClientSecret: GOOD_SECRET,
    };
    const header = await adoAuthorization(provider(creds).p, creds)();
    expect(header).toMatch(
      new RegExp(`^Bearer access-token-\\d+-for-${TOKEN_SCOPES.azureDevOps.replace(/[.]/g, '\\.')}`),
    );
  });
});

describe('proveClientSecret', () => {
  const input = (secret: string) => ({
    tenantId: TENANT,
    clientId: CLIENT,
    secret,
    authorityHost: entra.authorityHost,
  });

  it('asks afresh each call: two proofs are two token requests', async () => {
    const before = entra.tokenRequests.length;
    await expect(proveClientSecret(input(GOOD_SECRET))).resolves.toEqual({ ok: true });
    await expect(proveClientSecret(input(GOOD_SECRET))).resolves.toEqual({ ok: true });
    expect(entra.tokenRequests.length - before).toBe(2);
  });

  it('reports a refused secret with its AADSTS code and without the secret', async () => {
    const result = await proveClientSecret(input(BAD_SECRET));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('AADSTS7000215');
    expect(result.message).toContain('not the secret ID?');
    expect(result.message).not.toContain(BAD_SECRET);
  });
});
