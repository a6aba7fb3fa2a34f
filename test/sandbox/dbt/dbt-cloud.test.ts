import { describe, expect, it } from '@jest/globals';
import { createDbtCloudService } from '../../../src/sandbox/services/dbt-cloud.js';
import { createDbtState, type DbtScenario } from '../../../src/sandbox/state/dbt.js';
import { createEntraState, type EntraScenario } from '../../../src/sandbox/state/entra.js';
import { TestClock, call, request, testRng } from '../entra/fixtures.js';

const tenant: EntraScenario = {
  propagationDelayMs: 1000,
  applications: [
    {
      displayName: 'dbt Cloud',
      passwordCredentials: [
        { displayName: 'dead', createdDaysAgo: 400, expiresInDays: -1 },
        { displayName: 'live', createdDaysAgo: 10, expiresInDays: 100 },
      ],
    },
  ],
};

function setup(spec: DbtScenario = {}) {
  const clock = new TestClock();
  const rng = testRng(3);
  const entra = createEntraState(tenant, { rng, clock });
  const dbt = createDbtState(spec, { entra, rng, clock, origins: { dbtCloud: 'https://127.0.0.1:41004' } });
  const service = createDbtCloudService(dbt, { entra, clock });
  const d = (method: string, url: string, json?: unknown, auth = `Token ${dbt.token()}`) =>
    call(
      service.handle,
      request('dbtCloud', method, url, {
        headers: { authorization: auth },
        ...(json !== undefined ? { json } : {}),
      }),
    );
  return { clock, entra, dbt, d };
}

const fullBody = (entraTenant: string, clientId: string, secret: string) => ({
  organization_name: 'contoso',
  client_id: clientId,
  client_secret: secret,
  tenant_id: entraTenant,
  azure_service_authentication_method: 'service_user',
});

describe('dbt Cloud API', () => {
  it('authenticates with Token or Bearer and answers 401 in the envelope otherwise', async () => {
    const { d, dbt } = setup();
    expect((await d('GET', '/api/v2/accounts/')).body.data[0].id).toBe(12345);
    expect((await d('GET', '/api/v2/accounts/', undefined, `Bearer ${dbt.token()}`)).status).toBe(200);
    const bare = await d('GET', '/api/v2/accounts/', undefined, dbt.token());
    expect(bare.status).toBe(401);
    expect(bare.body.status).toMatchObject({ code: 401, is_success: false });
  });

  it('returns the integration record without client_id, client_secret or tenant_id', async () => {
    const { d } = setup();
    const list = await d('GET', '/api/v3/accounts/12345/azure-ad-applications/');
    expect(list.body.data).toHaveLength(1);
    const rec = list.body.data[0];
    expect(rec).toMatchObject({
      account_id: 12345,
      organization_name: 'contoso',
      azure_service_authentication_method: 'service_user',
      oauth_redirect_uri_domain: '127.0.0.1:41004',
    });
    for (const k of ['client_id', 'client_secret', 'tenant_id']) expect(rec).not.toHaveProperty(k);
    expect((await d('GET', `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`)).body.data.id).toBe(
      rec.id,
    );
  });

  it('requires every field on update, then stores the new secret and moves updated_at', async () => {
    const { d, dbt, entra, clock } = setup();
    const rec = (await d('GET', '/api/v3/accounts/12345/azure-ad-applications/')).body.data[0];
    const partial = await d('POST', `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`, {
      client_secret: 'x',
    });
    expect(partial.status).toBe(400);
    expect(partial.body.status.user_message).toMatch(/organization_name, client_id, tenant_id/);
    expect(Object.keys(partial.body.data).sort()).toEqual(['client_id', 'organization_name', 'tenant_id']);
    const withAccount = await d('POST', `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`, {
      ...fullBody(entra.tenantId, 'a', 'b'),
      account_id: 12345,
    });
    expect(withAccount.status).toBe(400);

    clock.advance(1000);
    const app = entra.resolveApplication('dbt Cloud')!;
    const live = entra.passwordValue('dbt Cloud', { displayName: 'live' })!;
    const ok = await d(
      'POST',
      `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`,
      fullBody(entra.tenantId, app.appId, live),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.data.updated_at).not.toBe(rec.updated_at);
    expect(dbt.record?.clientSecret).toBe(live);
  });

  it('soft-deletes: the record disappears and a new create fails with duplicate key value', async () => {
    const { d, entra } = setup();
    const rec = (await d('GET', '/api/v3/accounts/12345/azure-ad-applications/')).body.data[0];
    expect((await d('DELETE', `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`)).status).toBe(200);
    expect((await d('GET', '/api/v3/accounts/12345/azure-ad-applications/')).body.data).toEqual([]);
    expect((await d('GET', `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`)).status).toBe(404);
    const create = await d(
      'POST',
      '/api/v3/accounts/12345/azure-ad-applications/',
      fullBody(entra.tenantId, 'a', 'b'),
    );
    expect(create.status).toBe(400);
    expect(create.body.status.user_message).toContain('duplicate key value');
  });

  it('runs a job: success with a live secret, error naming AADSTS7000222 with an expired one', async () => {
    const live = setup();
    const started = await live.d('POST', '/api/v2/accounts/12345/jobs/100/run/', {
      cause: 'secret rotation check',
    });
    expect(started.body.data).toMatchObject({ status: 1, is_complete: false });
    live.clock.advance(live.dbt.runDurationMs);
    const done = await live.d('GET', `/api/v2/accounts/12345/runs/${started.body.data.id}/`);
    expect(done.body.data).toMatchObject({ status: 10, is_complete: true, is_success: true });

    const dead = setup({ azureAdApplication: { secret: { displayName: 'dead' } } });
    const run = await dead.d('POST', '/api/v2/accounts/12345/jobs/100/run/', { cause: 'check' });
    dead.clock.advance(dead.dbt.runDurationMs);
    const failed = await dead.d('GET', `/api/v2/accounts/12345/runs/${run.body.data.id}/`);
    expect(failed.body.data).toMatchObject({ status: 20, is_error: true });
    expect(failed.body.data.status_message).toContain('AADSTS7000222');
    expect((await dead.d('POST', '/api/v2/accounts/12345/jobs/100/run/', {})).status).toBe(400);
  });

  it('lists runs with order_by, limit, offset, status__in and include_related', async () => {
    const { d } = setup({
      runs: [
        { createdDaysAgo: 100, status: 'success' },
        { createdDaysAgo: 50, status: 'error' },
        { createdDaysAgo: 5, status: 'cancelled' },
      ],
    });
    const newest = await d(
      'GET',
      '/api/v2/accounts/12345/runs/?order_by=-created_at&limit=1&include_related=trigger',
    );
    expect(newest.body.data).toHaveLength(1);
    expect(newest.body.data[0].status).toBe(30);
    expect(newest.body.data[0].trigger.cause_category).toBe('scheduled');
    expect(newest.body.extra.pagination).toEqual({ count: 1, total_count: 3 });
    const finished = await d(
      'GET',
      `/api/v2/accounts/12345/runs/?order_by=-finished_at&status__in=${encodeURIComponent('[10,20]')}`,
    );
    expect(finished.body.data.map((r: { status: number }) => r.status)).toEqual([20, 10]);
    const second = await d('GET', '/api/v2/accounts/12345/runs/?order_by=id&limit=1&offset=1');
    expect(second.body.data[0].status).toBe(20);
    const asJson = await d(
      'GET',
      `/api/v2/accounts/12345/runs/?limit=1&include_related=${encodeURIComponent('["trigger","job"]')}`,
    );
    expect(asJson.body.data[0].trigger.cause).toEqual(expect.any(String));
    expect(asJson.body.data[0].job.id).toBe(100);
    expect((await d('GET', '/api/v2/accounts/12345/runs/?order_by=status')).status).toBe(400);
    expect((await d('GET', '/api/v2/accounts/12345/runs/?limit=101')).status).toBe(400);
    expect((await d('GET', '/api/v2/accounts/12345/runs/?status__in=10,20')).status).toBe(400);
  });

  it('refuses record writes to a job-admin token and other accounts', async () => {
    const { d, entra } = setup({ tokenPermission: 'jobAdmin' });
    const rec = (await d('GET', '/api/v3/accounts/12345/azure-ad-applications/')).body.data[0];
    expect(
      (
        await d(
          'POST',
          `/api/v3/accounts/12345/azure-ad-applications/${rec.id}/`,
          fullBody(entra.tenantId, 'a', 'b'),
        )
      ).status,
    ).toBe(403);
    expect((await d('GET', '/api/v3/accounts/999/azure-ad-applications/')).status).toBe(404);
  });
});
