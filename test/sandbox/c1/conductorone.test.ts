import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createConductorOneService } from '../../../src/sandbox/services/conductorone.js';
import { createC1State, type C1Scenario } from '../../../src/sandbox/state/c1.js';
import { createEntraState, type EntraScenario } from '../../../src/sandbox/state/entra.js';
import { TestClock, call, request, testRng } from '../entra/fixtures.js';
import { c1Assertion } from './sign.js';

const ORIGIN = 'https://127.0.0.1:41005';
const tenant: EntraScenario = {
  applications: [
    {
      displayName: 'ConductorOne',
      passwordCredentials: [
        { displayName: 'dead', createdDaysAgo: 400, expiresInDays: -3 },
        { displayName: 'live', createdDaysAgo: 5, expiresInDays: 100 },
      ],
    },
  ],
};

function setup(spec: C1Scenario = {}) {
  const clock = new TestClock();
  const rng = testRng(5);
  const entra = createEntraState(tenant, { rng, clock });
  const c1 = createC1State(spec, { entra, rng, clock, origins: { conductorOne: ORIGIN } });
  const service = createConductorOneService(c1, { entra, clock });
  const send = (
    method: string,
    url: string,
    init: { json?: unknown; form?: Record<string, string>; token?: string } = {},
  ) =>
    call(
      service.handle,
      request('conductorOne', method, url, {
        origin: ORIGIN,
        ...(init.json !== undefined ? { json: init.json } : {}),
        ...(init.form ? { form: init.form } : {}),
        headers: init.token ? { authorization: `Bearer ${init.token}` } : {},
      }),
    );
  const { clientId, clientSecret } = c1.clientCredentials();
  const login = async () => {
    const res = await send('POST', '/auth/v1/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: c1Assertion(clientId, clientSecret, clock.now()),
      },
    });
    return res.body.access_token as string;
  };
  return { clock, entra, c1, send, login, clientId, clientSecret };
}

describe('ConductorOne auth', () => {
  it('generates a client id and secret in the documented formats', () => {
    const { clientId, clientSecret } = setup();
    expect(clientId).toMatch(/^[a-z]+-[a-z]+-\d{5}@127\.0\.0\.1:41005\/pcc$/);
    expect(clientSecret).toMatch(/^secret-token:conductorone\.com:v1:[A-Za-z0-9_-]+$/);
  });

  it('accepts an EdDSA client assertion and a client secret; introspect works with the token', async () => {
    const { send, login, clientId, clientSecret } = setup();
    const token = await login();
    expect(token).toEqual(expect.any(String));
    const bySecret = await send('POST', '/auth/v1/token', {
      form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    expect(bySecret.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const me = await send('GET', '/api/v1/auth/introspect', { token });
    expect(me.body.roles).toEqual(['Connector Administrator']);
    expect((await send('GET', '/api/v1/auth/introspect', { token: 'nope' })).body).toEqual({
      code: 'unauthenticated',
      message: expect.any(String),
      details: [],
    });
  });

  it('rejects assertions with a port in aud, a long exp or a foreign key', async () => {
    const { send, clock, clientId, clientSecret } = setup();
    const form = (assertion: string) => ({
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    });
    const withPort = await send(
      'POST',
      '/auth/v1/token',
      form(c1Assertion(clientId, clientSecret, clock.now(), { aud: '127.0.0.1:41005' })),
    );
    expect(withPort.status).toBe(401);
    expect(withPort.body.message).toContain('aud');
    const longExp = await send(
      'POST',
      '/auth/v1/token',
      form(c1Assertion(clientId, clientSecret, clock.now(), { exp: Math.floor(clock.now() / 1000) + 3600 })),
    );
    expect(longExp.status).toBe(401);
    const foreignJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const foreignSecret = `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(foreignJwk)).toString('base64url')}`;
    const foreign = await send(
      'POST',
      '/auth/v1/token',
      form(c1Assertion(clientId, foreignSecret, clock.now())),
    );
    expect(foreign.status).toBe(401);
    expect(foreign.body.message).toContain('signature');
  });
});

describe('ConductorOne connectors', () => {
  it('lists and gets the connector without secret config keys', async () => {
    const { send, login, c1, entra } = setup();
    const token = await login();
    const { appId, connectorId } = c1.primary()!;
    const list = await send('GET', `/api/v1/apps/${appId}/connectors?page_size=10`, { token });
    expect(list.body.list).toHaveLength(1);
    const got = await send('GET', `/api/v1/apps/${appId}/connectors/${connectorId}`, { token });
    const cfg = got.body.connectorView.connector.config;
    expect(cfg['@type']).toBe('type.googleapis.com/c1.api.app.v1.EnvConfig');
    expect(cfg.configuration.C1_selected_field_group_name).toEqual({
      stringValue: 'azure_devops_group_oauth',
    });
    expect(cfg.configuration.oauth2_client_cred_grant_client_id).toEqual({
      stringValue: entra.resolveApplication('ConductorOne')!.appId,
    });
    expect(cfg.configuration).not.toHaveProperty('oauth2_client_cred_grant_client_secret');
    expect(got.body.connectorView.connector.status.status).toBe('SYNC_STATUS_DONE');
  });

  it('replaces the whole configuration on update: sending only the secret loses the other keys', async () => {
    const { send, login, c1, entra } = setup();
    const token = await login();
    const { appId, connectorId } = c1.primary()!;
    const live = entra.passwordValue('ConductorOne', { displayName: 'live' })!;
    const wrongType = await send('POST', `/api/v1/apps/${appId}/connectors/${connectorId}`, {
      token,
      json: {
        connector: { config: { '@type': 'type.googleapis.com/Other', configuration: {} } },
        updateMask: 'config',
      },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('invalid_argument');
    const onlySecret = await send('POST', `/api/v1/apps/${appId}/connectors/${connectorId}`, {
      token,
      json: {
        connector: {
          id: connectorId,
          appId,
          config: {
            '@type': 'type.googleapis.com/c1.api.app.v1.EnvConfig',
            configuration: { oauth2_client_cred_grant_client_secret: { stringValue: live } },
          },
        },
        updateMask: 'config',
      },
    });
    expect(onlySecret.status).toBe(200);
    expect(onlySecret.body.connectorView.connector.config.configuration).toEqual({});
    expect(c1.connectors[0]!.configuration).toEqual({ oauth2_client_cred_grant_client_secret: live });
  });

  it('force_sync runs, then ends DONE with a live secret or ERROR naming the AADSTS code with a dead one', async () => {
    const live = setup();
    let token = await live.login();
    let { appId, connectorId } = live.c1.primary()!;
    expect(
      (
        await live.send('POST', `/api/v1/apps/${appId}/connectors/${connectorId}/force_sync`, {
          token,
          json: {},
        })
      ).body,
    ).toEqual({});
    const running = await live.send('GET', `/api/v1/apps/${appId}/connectors/${connectorId}`, { token });
    expect(running.body.connectorView.connector.status.status).toBe('SYNC_STATUS_RUNNING');
    live.clock.advance(live.c1.syncDurationMs);
    expect(
      (await live.send('GET', `/api/v1/apps/${appId}/connectors/${connectorId}`, { token })).body
        .connectorView.connector.status,
    ).toMatchObject({ status: 'SYNC_STATUS_DONE', lastError: '' });

    const dead = setup({ apps: [{ connectors: [{ secret: { displayName: 'dead' } }] }] });
    token = await dead.login();
    ({ appId, connectorId } = dead.c1.primary()!);
    await dead.send('POST', `/api/v1/apps/${appId}/connectors/${connectorId}/force_sync`, {
      token,
      json: {},
    });
    dead.clock.advance(dead.c1.syncDurationMs);
    const status = (await dead.send('GET', `/api/v1/apps/${appId}/connectors/${connectorId}`, { token })).body
      .connectorView.connector.status;
    expect(status.status).toBe('SYNC_STATUS_ERROR');
    expect(status.lastError).toContain('AADSTS7000222');
  });

  it('refuses updates to a read-only credential and answers not_found for unknown connectors', async () => {
    const { send, login, c1 } = setup({ credential: { roles: ['Read-Only Administrator'] } });
    const token = await login();
    const { appId, connectorId } = c1.primary()!;
    const denied = await send('POST', `/api/v1/apps/${appId}/connectors/${connectorId}/force_sync`, {
      token,
      json: {},
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('permission_denied');
    expect((await send('GET', `/api/v1/apps/${appId}/connectors/nope`, { token })).status).toBe(404);
  });

  it('shows deletedAt on a deleted connector and leaves it out of the list', async () => {
    const { send, login, c1 } = setup({
      apps: [{ connectors: [{ mode: 'pat', deleted: true }, { mode: 'pat' }] }],
    });
    const token = await login();
    const [deleted, kept] = c1.connectors;
    const list = await send('GET', `/api/v1/apps/${deleted!.appId}/connectors`, { token });
    expect(list.body.list.map((v: { connector: { id: string } }) => v.connector.id)).toEqual([kept!.id]);
    const got = await send('GET', `/api/v1/apps/${deleted!.appId}/connectors/${deleted!.id}`, { token });
    expect(got.body.connectorView.connector.deletedAt).toEqual(expect.any(String));
    expect(got.body.connectorView.connector.config.configuration).not.toHaveProperty('personal_access_token');
  });

  it('pages connectors with page_size and nextPageToken', async () => {
    const { send, login, c1 } = setup({
      apps: [{ connectors: [{ mode: 'pat' }, { mode: 'pat' }, { mode: 'pat' }] }],
    });
    const token = await login();
    const appId = c1.apps[0]!.id;
    const first = await send('GET', `/api/v1/apps/${appId}/connectors?page_size=2`, { token });
    expect(first.body.list).toHaveLength(2);
    const second = await send(
      'GET',
      `/api/v1/apps/${appId}/connectors?page_size=2&page_token=${first.body.nextPageToken}`,
      { token },
    );
    expect(second.body.list).toHaveLength(1);
    expect(second.body.nextPageToken).toBe('');
    const ids = [...first.body.list, ...second.body.list].map(
      (v: { connector: { id: string } }) => v.connector.id,
    );
    expect(new Set(ids).size).toBe(3);
  });
});
