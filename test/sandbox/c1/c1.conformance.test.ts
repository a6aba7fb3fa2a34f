/** ConductorOne emulator over real HTTPS with fetch; the EdDSA assertion is signed here with node:crypto. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { control, startTestSandbox } from '../helpers.js';
import { c1Assertion } from './sign.js';

let sandbox: SandboxHandle;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox('healthy');
  const clientId = sandbox.env.CONDUCTORONE_CLIENT_ID!;
  const res = await fetch(`${sandbox.endpoints.conductorOne}/auth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: c1Assertion(
        clientId,
        sandbox.env.CONDUCTORONE_CLIENT_SECRET!,
        sandbox.world.clock.now(),
      ),
    }),
  });
  expect(res.status).toBe(200);
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sandbox?.stop();
});

async function c1(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.endpoints.conductorOne}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- C1 JSON
  return { status: res.status, body: (await res.json()) as any };
}

describe('ConductorOne over HTTPS', () => {
  it('update replaces the config; force_sync ends in ERROR with a dead secret and DONE with the full group and a live one', async () => {
    const { appId, connectorId } = sandbox.world.c1!.primary()!;
    const base = `/apps/${appId}/connectors/${connectorId}`;
    const read = (await c1('GET', base)).body.connectorView.connector;
    const kept = read.config.configuration as Record<string, { stringValue: string }>;
    expect(kept).not.toHaveProperty('oauth2_client_cred_grant_client_secret');

    const update = (configuration: Record<string, { stringValue: string }>) =>
      c1('POST', base, {
        connector: {
          id: connectorId,
          appId,
          catalogId: read.catalogId,
          config: { '@type': 'type.googleapis.com/c1.api.app.v1.EnvConfig', configuration },
        },
        updateMask: 'config',
      });
    const sync = async () => {
      expect((await c1('POST', `${base}/force_sync`, {})).body).toEqual({});
      await control(sandbox, 'POST', '/clock', { advanceMs: sandbox.world.c1!.syncDurationMs });
      return (await c1('GET', base)).body.connectorView.connector.status;
    };

    const live = sandbox.world.entra.passwordValue('ConductorOne', 'newest')!;
    const onlySecret = await update({ oauth2_client_cred_grant_client_secret: { stringValue: live } });
    expect(onlySecret.status).toBe(200);
    expect(onlySecret.body.connectorView.connector.config.configuration).toEqual({});
    expect((await sync()).lastError).toMatch(/missing required field/);

    await update({ ...kept, oauth2_client_cred_grant_client_secret: { stringValue: 'dead~secret' } });
    const dead = await sync();
    expect(dead.status).toBe('SYNC_STATUS_ERROR');
    expect(dead.lastError).toContain('AADSTS7000215');

    await update({ ...kept, oauth2_client_cred_grant_client_secret: { stringValue: live } });
    const ok = await sync();
    expect(ok).toMatchObject({ status: 'SYNC_STATUS_DONE', lastError: '' });
  });
});
