/**
 * @azure/identity 4.13.1 against the sandbox authority over real HTTPS (NODE_EXTRA_CA_CERTS from `npm test`).
 * A new credential object per attempt, as MSAL caches tokens per client.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AzurePipelinesCredential, ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { builtInScenario } from '../../../src/sandbox/scenario/builtins.js';
import type { ScenarioSpec } from '../../../src/sandbox/scenario/spec.js';
import { control, startTestSandbox } from '../helpers.js';

const GITHUB_SUBJECT = 'repo:contoso/ado-guard:ref:refs/heads/main';
const PIPELINES_SUBJECT = 'sc://contoso/data/ado-guard';
const SERVICE_CONNECTION_ID = '5f0c7e7a-1111-4222-8333-444455556666';

/** The healthy built-in, plus an expired dbt secret, a federated credential and a long propagation delay. */
function scenario(): ScenarioSpec {
  const base = builtInScenario('healthy');
  const tenant = base.tenant!;
  return {
    ...base,
    name: 'entra-conformance',
    tenant: {
      ...tenant,
      propagationDelayMs: 120_000,
      automation: {
        federatedIdentityCredentials: [
          { issuer: 'github', subject: GITHUB_SUBJECT },
          { issuer: 'azurePipelines', subject: PIPELINES_SUBJECT },
        ],
      },
      ciOidc: {
        github: { subject: GITHUB_SUBJECT },
        azurePipelines: { subject: PIPELINES_SUBJECT, serviceConnectionId: SERVICE_CONNECTION_ID },
      },
      applications: (tenant.applications ?? []).map((a) =>
        a.displayName === 'dbt Cloud'
          ? {
              ...a,
              passwordCredentials: [
                ...(a.passwordCredentials ?? []),
                { displayName: 'expired', createdDaysAgo: 400, expiresInDays: -2 },
              ],
            }
          : a,
      ),
    },
  };
}

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startTestSandbox(scenario());
});
afterAll(async () => {
  await sandbox?.stop();
});

const options = () => ({ authorityHost: sandbox.endpoints.authority, disableInstanceDiscovery: true });
const GRAPH = 'https://graph.microsoft.com/.default';
const ADO = '499b84ac-1321-427f-aa17-267ca6975798/.default';

describe('@azure/identity against the sandbox authority', () => {
  it('ClientSecretCredential gets a Graph token that the Graph emulator accepts', async () => {
    const { tenantId, clientId, clientSecret } = sandbox.world.entra.automationCredentials();
    const token = await new ClientSecretCredential(tenantId, clientId, clientSecret, options()).getToken(
      GRAPH,
    );
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    const res = await fetch(`${sandbox.endpoints.graph}/v1.0/applications?$select=displayName`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: Array<{ displayName: string }> };
    expect(body.value.map((a) => a.displayName)).toContain('dbt Cloud');
  });

  it('refuses a new secret during the propagation window and accepts it afterwards', async () => {
    const { tenantId, clientId, clientSecret } = sandbox.world.entra.automationCredentials();
    const graphToken = await new ClientSecretCredential(tenantId, clientId, clientSecret, options()).getToken(
      GRAPH,
    );
    const app = sandbox.world.entra.resolveApplication('dbt Cloud')!;
    const added = await fetch(`${sandbox.endpoints.graph}/v1.0/applications/${app.id}/addPassword`, {
      method: 'POST',
      headers: { authorization: `Bearer ${graphToken.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ passwordCredential: { displayName: 'ado-guard test' } }),
    });
    expect(added.status).toBe(200);
    const { secretText } = (await added.json()) as { secretText: string };

    const attempt = () =>
      new ClientSecretCredential(tenantId, app.appId, secretText, options()).getToken(ADO);
    await expect(attempt()).rejects.toThrow(/AADSTS7000215/);
    await control(sandbox, 'POST', '/clock', { advanceMs: 120_000 });
    const token = await attempt();
    expect(sandbox.world.entra.validateAccessToken(token.token, 'azureDevOps')?.appId).toBe(app.appId);
  });

  it('reports AADSTS7000222 for an expired secret', async () => {
    const entra = sandbox.world.entra;
    const app = entra.resolveApplication('dbt Cloud')!;
    const expired = entra.passwordValue('dbt Cloud', { displayName: 'expired' })!;
    await expect(
      new ClientSecretCredential(entra.tenantId, app.appId, expired, options()).getToken(ADO),
    ).rejects.toThrow(/AADSTS7000222/);
  });

  it('ClientAssertionCredential signs in with a GitHub-style OIDC token matching a federated credential', async () => {
    const entra = sandbox.world.entra;
    const requestToken = entra.secrets().find((s) => s.name === 'ciOidc:github:requestToken')!.value;
    const getAssertion = async () => {
      const res = await fetch(
        `${sandbox.endpoints.authority}/_oidc/github/token?api-version=2.0&audience=${encodeURIComponent('api://AzureADTokenExchange')}`,
        {
          headers: { authorization: `Bearer ${requestToken}` },
        },
      );
      return ((await res.json()) as { value: string }).value;
    };
    const token = await new ClientAssertionCredential(
      entra.tenantId,
      entra.automation.appId,
      getAssertion,
      options(),
    ).getToken(GRAPH);
    expect(entra.validateAccessToken(token.token, 'graph')?.roles).toContain('Application.ReadWrite.OwnedBy');

    const foreign = new ClientAssertionCredential(
      entra.tenantId,
      entra.resolveApplication('dbt Cloud')!.appId,
      getAssertion,
      options(),
    );
    await expect(foreign.getToken(GRAPH)).rejects.toThrow(/AADSTS700211/);
  });

  it('AzurePipelinesCredential gets its OIDC token from the pipelines-style issuer (SYSTEM_OIDCREQUESTURI)', async () => {
    const entra = sandbox.world.entra;
    const systemToken = entra
      .secrets()
      .find((s) => s.name === 'ciOidc:azurePipelines:systemAccessToken')!.value;
    const previous = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = `${sandbox.endpoints.authority}/_oidc/azure-pipelines`;
    try {
      const credential = new AzurePipelinesCredential(
        entra.tenantId,
        entra.automation.appId,
        SERVICE_CONNECTION_ID,
        systemToken,
        options(),
      );
      const token = await credential.getToken(ADO);
      expect(entra.validateAccessToken(token.token, 'azureDevOps')?.appId).toBe(entra.automation.appId);
      const wrongToken = new AzurePipelinesCredential(
        entra.tenantId,
        entra.automation.appId,
        SERVICE_CONNECTION_ID,
        'not-the-system-token',
        options(),
      );
      await expect(wrongToken.getToken(ADO)).rejects.toThrow(/oidcToken field not detected/);
    } finally {
      if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = previous;
    }
  });
});
