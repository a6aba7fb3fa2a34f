/** Microsoft Graph emulator over real HTTPS with fetch, signed in through the sandbox authority. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { builtInScenario } from '../../../src/sandbox/scenario/builtins.js';
import type { ScenarioSpec } from '../../../src/sandbox/scenario/spec.js';
import { startTestSandbox } from '../helpers.js';

function scenario(): ScenarioSpec {
  const base = builtInScenario('healthy');
  return {
    ...base,
    name: 'graph-conformance',
    tenant: {
      ...base.tenant,
      automation: { graphRoles: ['Application.ReadWrite.OwnedBy', 'Policy.Read.All'] },
      applications: [
        ...(base.tenant?.applications ?? []),
        { displayName: 'Someone else', ownedByAutomation: false },
      ],
    },
  };
}

let sandbox: SandboxHandle;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox(scenario());
  const { tenantId, clientId, clientSecret } = sandbox.world.entra.automationCredentials();
  const res = await fetch(`${sandbox.endpoints.authority}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sandbox?.stop();
});

async function graph(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.endpoints.graph}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Graph JSON
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}

describe('Graph over HTTPS', () => {
  it('PATCH replaces a collection: an item not sent back is gone, items sent are kept', async () => {
    const app = sandbox.world.entra.resolveApplication('dbt Cloud')!;
    const before = (await graph('GET', `/applications(appId='${app.appId}')?$select=id,web`)).body;
    const uris: string[] = before.web.redirectUris;
    expect(uris.length).toBeGreaterThanOrEqual(2);

    expect(
      (
        await graph('PATCH', `/applications/${before.id}`, {
          web: { redirectUris: [...uris, 'https://example.com/extra'] },
        })
      ).status,
    ).toBe(204);
    expect((await graph('GET', `/applications/${before.id}?$select=web`)).body.web.redirectUris).toEqual([
      ...uris,
      'https://example.com/extra',
    ]);

    expect(
      (
        await graph('PATCH', `/applications/${before.id}`, {
          web: { redirectUris: ['https://example.com/extra'] },
        })
      ).status,
    ).toBe(204);
    const after = (await graph('GET', `/applications/${before.id}?$select=web`)).body.web;
    expect(after.redirectUris).toEqual(['https://example.com/extra']);
    expect(after.implicitGrantSettings).toEqual(before.web.implicitGrantSettings);
  });

  it('answers 403 Authorization_RequestDenied to Application.ReadWrite.OwnedBy on an app it does not own', async () => {
    const other = sandbox.world.entra.resolveApplication('Someone else')!;
    const res = await graph('POST', `/applications/${other.id}/addPassword`, {
      passwordCredential: { displayName: 'nope' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Authorization_RequestDenied');
    expect(res.body.error.innerError).toEqual(
      expect.objectContaining({ 'request-id': expect.any(String), date: expect.any(String) }),
    );
    const list = await graph('GET', '/applications?$select=displayName');
    expect(list.body.value.map((a: { displayName: string }) => a.displayName)).not.toContain('Someone else');
  });

  it('adds and removes a password on an owned app', async () => {
    const app = sandbox.world.entra.resolveApplication('ConductorOne')!;
    const added = await graph('POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { displayName: 'ado-guard conformance' },
    });
    expect(added.status).toBe(200);
    expect(added.body.secretText.slice(0, 3)).toBe(added.body.hint);
    const seen = (await graph('GET', `/applications/${app.id}`)).body.passwordCredentials.map(
      (p: { keyId: string }) => p.keyId,
    );
    expect(seen).toContain(added.body.keyId);
    expect(
      (await graph('POST', `/applications/${app.id}/removePassword`, { keyId: added.body.keyId })).status,
    ).toBe(204);
  });
});
