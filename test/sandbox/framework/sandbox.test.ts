import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { formatSandboxBanner, startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';
import type { RequestLogEntry } from '../../../src/sandbox/server/request-log.js';
import { loadScenario } from '../../../src/sandbox/scenario/load.js';
import { ScenarioError } from '../../../src/sandbox/scenario/spec.js';
import { SERVICE_NAMES } from '../../../src/sandbox/types.js';
import { control, startTestSandbox, testCaDir } from '../helpers.js';

interface TokenAnswer {
  access_token: string;
}

async function automationToken(sandbox: SandboxHandle): Promise<string> {
  const response = await fetch(
    `${sandbox.endpoints.authority}/${sandbox.env.AZURE_TENANT_ID}/oauth2/v2.0/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.env.AZURE_CLIENT_ID ?? '',
        client_secret: sandbox.env.AZURE_CLIENT_SECRET ?? '',
        scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
      }),
    },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as TokenAnswer).access_token;
}

async function projectsStatus(sandbox: SandboxHandle, token: string): Promise<number> {
  const organization = sandbox.world.ado.organization;
  const response = await fetch(
    `${sandbox.endpoints.azureDevOps}/${organization}/_apis/projects?api-version=7.1`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  await response.arrayBuffer();
  return response.status;
}

describe('startSandbox (drifted)', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox('drifted');
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('serves every service over HTTPS with the test CA and prints a policy that points at them', async () => {
    expect(Object.keys(sandbox.endpoints).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(sandbox.caPath).toBe(path.join(testCaDir(), 'ca.pem'));
    const policy = parse(sandbox.policyYaml) as Record<string, Record<string, unknown>>;
    expect(policy).toMatchObject({
      version: 1,
      organization: 'contoso',
      tenantId: sandbox.env.AZURE_TENANT_ID,
      serviceUser: 'dbt-svc@contoso.com',
      endpoints: {
        authority: sandbox.endpoints.authority,
        azureDevOps: sandbox.endpoints.azureDevOps,
        azureDevOpsIdentity: sandbox.endpoints.azureDevOpsIdentity,
        graph: sandbox.endpoints.graph,
      },
    });
    const openId = await fetch(
      `${sandbox.endpoints.authority}/${sandbox.env.AZURE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
    );
    expect(openId.status).toBe(200);
  });

  it('gives working sandbox credentials: a token from the authority is accepted by Azure DevOps', async () => {
    const token = await automationToken(sandbox);
    expect(await projectsStatus(sandbox, token)).toBe(200);
  });

  it('wires dbt Cloud: its token works, its secret is one the tenant issued, and the policy names the account', async () => {
    const response = await fetch(`${sandbox.endpoints.dbtCloud}/api/v2/accounts/12345/`, {
      headers: { authorization: `Token ${sandbox.env.DBT_CLOUD_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const policy = parse(sandbox.policyYaml) as { integrations: { dbtCloud: Record<string, unknown> } };
    const dbtApp = sandbox.world.entra.resolveApplication('dbt Cloud');
    expect(policy.integrations.dbtCloud).toEqual({
      accessUrl: sandbox.endpoints.dbtCloud,
      accountId: 12345,
      applicationClientId: dbtApp?.appId,
      authenticationMethod: 'service_user',
    });
    const record = sandbox.world.dbt?.record;
    expect(record?.organizationName).toBe('contoso');
    expect(
      sandbox.world.entra.checkClientSecret(
        sandbox.world.entra.tenantId,
        dbtApp?.appId ?? '',
        record?.clientSecret ?? '',
      ),
    ).toBe('ok');
    const secrets = await control<{ value: string[] }>(sandbox, 'GET', '/secrets');
    expect(secrets.value).toEqual(
      expect.arrayContaining([sandbox.env.DBT_CLOUD_TOKEN, record?.clientSecret]),
    );
  });

  it('wires ConductorOne: its client credential gets a token and the policy names the app and connector', async () => {
    const response = await fetch(`${sandbox.endpoints.conductorOne}/auth/v1/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.env.CONDUCTORONE_CLIENT_ID ?? '',
        client_secret: sandbox.env.CONDUCTORONE_CLIENT_SECRET ?? '',
      }),
    });
    expect(response.status).toBe(200);
    const primary = sandbox.world.c1?.primary();
    const policy = parse(sandbox.policyYaml) as { integrations: { conductorOne: Record<string, unknown> } };
    expect(policy.integrations.conductorOne).toEqual({
      tenantUrl: sandbox.endpoints.conductorOne,
      appId: primary?.appId,
      connectorId: primary?.connectorId,
      mode: 'oauth',
      access: 'sync',
      applicationClientId: sandbox.world.entra.resolveApplication('ConductorOne')?.appId,
    });
  });

  it('prints a banner with the origins, the CA export and the credentials', () => {
    const powershell = formatSandboxBanner(sandbox, 'powershell');
    expect(powershell).toContain(`$env:NODE_EXTRA_CA_CERTS = '${sandbox.caPath}'`);
    expect(powershell).toContain(`$env:AZURE_CLIENT_ID = '${sandbox.env.AZURE_CLIENT_ID}'`);
    const banner = formatSandboxBanner(sandbox, 'posix');
    expect(banner).toContain(`export NODE_EXTRA_CA_CERTS=${sandbox.caPath}`);
    for (const service of SERVICE_NAMES) expect(banner).toContain(sandbox.endpoints[service]);
    expect(banner).toContain('export AZURE_CLIENT_ID=');
    expect(banner).toContain('export DBT_CLOUD_TOKEN=');
    expect(banner).toContain('scenario "drifted"');
    expect(banner).toContain('organization: contoso');
  });

  it('control: state without secret values, secrets separately', async () => {
    const state = await control<Record<string, unknown>>(sandbox, 'GET', '/state');
    expect(state).toMatchObject({ scenario: { name: 'drifted', seed: 1 } });
    expect(state).toHaveProperty('tenant');
    expect(state).toHaveProperty('azureDevOps.organization', 'contoso');
    const secrets = await control<{ value: string[] }>(sandbox, 'GET', '/secrets');
    expect(secrets.value).toContain(sandbox.env.AZURE_CLIENT_SECRET);
    const stateText = JSON.stringify(state);
    for (const secret of secrets.value) expect(stateText).not.toContain(secret);
  });

  it('control: the request log records product traffic and can be filtered and emptied', async () => {
    await control(sandbox, 'DELETE', '/requests');
    const token = await automationToken(sandbox);
    await projectsStatus(sandbox, token);
    const all = await control<{ value: RequestLogEntry[] }>(sandbox, 'GET', '/requests');
    expect(all.value.map((entry) => entry.service)).toEqual(['authority', 'azureDevOps']);
    expect(all.value[1]).toMatchObject({
      method: 'GET',
      path: '/contoso/_apis/projects',
      status: 200,
      callerHint: 'Bearer',
      credential: `sha256:${createHash('sha256').update(token).digest('hex')}`,
    });
    expect(JSON.stringify(all)).not.toContain(token);
    const onlyAdo = await control<{ value: RequestLogEntry[] }>(
      sandbox,
      'GET',
      '/requests?service=azureDevOps',
    );
    expect(onlyAdo.value).toHaveLength(1);
    const since = await control<{ value: RequestLogEntry[] }>(
      sandbox,
      'GET',
      `/requests?since=${all.value[0]?.seq}`,
    );
    expect(since.value).toHaveLength(1);
    expect(JSON.stringify(all)).not.toContain(token);
    await control(sandbox, 'DELETE', '/requests');
    expect((await control<{ count: number }>(sandbox, 'GET', '/requests')).count).toBe(0);
  });

  it('control: faults switch at run time and invalid settings are refused with the field', async () => {
    const token = await automationToken(sandbox);
    await control(sandbox, 'PUT', '/faults', {
      rules: [{ kind: 'fail', service: 'azureDevOps', status: 503 }],
    });
    expect(await projectsStatus(sandbox, token)).toBe(503);
    const bad = await fetch(`${sandbox.endpoints.control}/faults`, {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ kind: '429', every: 0 }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('rules[0].every');
    await control(sandbox, 'PUT', '/faults', {});
    expect(await projectsStatus(sandbox, token)).toBe(200);
  });

  it('control: the clock moves forward, reset brings the scenario back with the same credentials', async () => {
    const before = Date.now();
    const moved = await control<{ now: string; offsetMs: number }>(sandbox, 'POST', '/clock', {
      advanceMs: 86_400_000,
    });
    expect(moved.offsetMs).toBe(86_400_000);
    expect(Date.parse(moved.now)).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(sandbox.world.clock.now()).toBeGreaterThanOrEqual(before + 86_400_000);
    const refused = await fetch(`${sandbox.endpoints.control}/clock`, {
      method: 'POST',
      body: '{"advanceMs":-1}',
    });
    expect(refused.status).toBe(400);
    const tooFar = await fetch(`${sandbox.endpoints.control}/clock`, {
      method: 'POST',
      body: '{"advanceMs":1e20}',
    });
    expect(tooFar.status).toBe(400);

    const oldAdo = sandbox.world.ado;
    await control(sandbox, 'POST', '/reset');
    expect(sandbox.world.clock.offsetMs).toBe(0);
    expect(sandbox.world.ado).not.toBe(oldAdo);
    expect(sandbox.world.ado.organizationId).toBe(oldAdo.organizationId);
    expect(sandbox.world.env()).toEqual(sandbox.env);
    const token = await automationToken(sandbox);
    expect(await projectsStatus(sandbox, token)).toBe(200);
  });

  it('control: unknown routes answer 404 naming the routes', async () => {
    const response = await fetch(`${sandbox.endpoints.control}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('GET /state');
  });
});

describe('startSandbox scenarios', () => {
  it('replays the same ids and credentials for the same seed, and others for another seed', async () => {
    const first = await startTestSandbox('healthy');
    const second = await startTestSandbox('healthy');
    const third = await startTestSandbox('healthy', { seed: 99 });
    try {
      // The ConductorOne client id names its host and port, which differ between the two sandboxes.
      const { CONDUCTORONE_CLIENT_ID: firstC1, ...firstRest } = first.env;
      const { CONDUCTORONE_CLIENT_ID: secondC1, ...secondRest } = second.env;
      expect(secondRest).toEqual(firstRest);
      expect(secondC1?.replace(/@.*/, '')).toBe(firstC1?.replace(/@.*/, ''));
      expect(second.world.ado.organizationId).toBe(first.world.ado.organizationId);
      expect(third.env.AZURE_CLIENT_SECRET).not.toBe(first.env.AZURE_CLIENT_SECRET);
    } finally {
      await Promise.all([first.stop(), second.stop(), third.stop()]);
    }
  });

  it('starts a generated large organization of the requested size', async () => {
    const sandbox = await startTestSandbox('large:40x5');
    try {
      expect(sandbox.world.ado.projects).toHaveLength(40);
      expect(sandbox.world.ado.projects.every((project) => project.repositories.length === 5)).toBe(true);
      expect(sandbox.world.scenario.name).toBe('large:40x5');
    } finally {
      await sandbox.stop();
    }
  });

  it('answers 404 for an integration the scenario does not have, and leaves it out of the policy and env', async () => {
    const sandbox = await startTestSandbox({
      name: 'ado-only',
      azureDevOps: { organization: 'fabrikam', projects: [{ name: 'Data' }] },
    });
    try {
      const response = await fetch(`${sandbox.endpoints.dbtCloud}/api/v2/accounts/`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toContain('"dbtCloud" section');
      expect(sandbox.env.DBT_CLOUD_TOKEN).toBeUndefined();
      expect((parse(sandbox.policyYaml) as { integrations: unknown }).integrations).toEqual({});
    } finally {
      await sandbox.stop();
    }
  });

  it('replays the scenario faults for the same seed over HTTP', async () => {
    const scenario = {
      ...loadScenario('healthy').spec,
      faults: { rules: [{ kind: '503' as const, service: 'authority' as const, probability: 0.5 }] },
    };
    const statuses = async (seed: number): Promise<string> => {
      const sandbox = await startTestSandbox(scenario, { seed });
      try {
        const url = `${sandbox.endpoints.authority}/${sandbox.env.AZURE_TENANT_ID}/v2.0/.well-known/openid-configuration`;
        let out = '';
        for (let i = 0; i < 24; i++) {
          const response = await fetch(url);
          await response.arrayBuffer();
          out += response.status === 503 ? 'x' : '.';
        }
        return out;
      } finally {
        await sandbox.stop();
      }
    };
    const first = await statuses(5);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await statuses(5)).toBe(first);
    expect(await statuses(6)).not.toBe(first);
  });

  it('starts the example scenario of docs/sandbox.md', async () => {
    const guide = readFileSync(path.join(process.cwd(), 'docs', 'sandbox.md'), 'utf8');
    const example = /Example:\n\n```yaml\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'ado-guard-doc-scenario-'));
    const file = path.join(dir, 'example.yml');
    writeFileSync(file, example ?? '');
    const sandbox = await startTestSandbox(file);
    try {
      expect(sandbox.world.scenario.name).toBe('one-repo-missing');
      expect(sandbox.world.ado.organization).toBe('fabrikam');
      expect(sandbox.world.dbt?.accountId).toBe(777);
      const policy = parse(sandbox.policyYaml) as Record<string, unknown>;
      expect(policy).toMatchObject({ serviceUser: 'dbt-svc@fabrikam.com', rotation: { maxAgeDays: 60 } });
      expect(sandbox.world.faults.settings().rules).toHaveLength(1);
    } finally {
      await sandbox.stop();
    }
  });

  it('names the scenario and the field when a slice refuses it', async () => {
    const attempt = startSandbox({
      caDir: testCaDir(),
      scenario: { name: 'broken', azureDevOps: { organization: 'not a name', projects: [] } },
    });
    await expect(attempt).rejects.toThrow(ScenarioError);
    await expect(attempt).rejects.toThrow(/Scenario given in code: azureDevOps\.organization/);
  });
});
