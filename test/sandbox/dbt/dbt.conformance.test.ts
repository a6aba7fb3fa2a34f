/** dbt Cloud emulator over real HTTPS with fetch (healthy built-in). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { control, startTestSandbox } from '../helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startTestSandbox('healthy');
});
afterAll(async () => {
  await sandbox?.stop();
});

async function dbt(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.endpoints.dbtCloud}/api${path}`, {
    method,
    headers: {
      authorization: `Token ${sandbox.env.DBT_CLOUD_TOKEN}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- dbt JSON
  return { status: res.status, body: (await res.json()) as any };
}

describe('dbt Cloud over HTTPS', () => {
  it('requires every field on update; a run fails naming AADSTS7000215 after a dead secret is stored, and succeeds after a live one', async () => {
    const accountId = sandbox.world.dbt!.accountId;
    const rec = (await dbt('GET', `/v3/accounts/${accountId}/azure-ad-applications/`)).body.data[0];
    const partial = await dbt('POST', `/v3/accounts/${accountId}/azure-ad-applications/${rec.id}/`, {
      client_secret: 'only-the-secret',
    });
    expect(partial.status).toBe(400);
    expect(partial.body.status.is_success).toBe(false);

    const entra = sandbox.world.entra;
    const app = entra.resolveApplication('dbt Cloud')!;
    const full = (secret: string) => ({
      organization_name: rec.organization_name,
      client_id: app.appId,
      client_secret: secret,
      tenant_id: entra.tenantId,
      azure_service_authentication_method: rec.azure_service_authentication_method,
    });
    expect(
      (
        await dbt(
          'POST',
          `/v3/accounts/${accountId}/azure-ad-applications/${rec.id}/`,
          full('not-a-secret-entra-issued'),
        )
      ).status,
    ).toBe(200);
    const run = await dbt('POST', `/v2/accounts/${accountId}/jobs/${sandbox.world.dbt!.jobs[0]!.id}/run/`, {
      cause: 'conformance',
    });
    await control(sandbox, 'POST', '/clock', { advanceMs: sandbox.world.dbt!.runDurationMs });
    const failed = (await dbt('GET', `/v2/accounts/${accountId}/runs/${run.body.data.id}/`)).body.data;
    expect(failed.status).toBe(20);
    expect(failed.status_message).toContain('AADSTS7000215');

    const live = entra.passwordValue('dbt Cloud', 'newest')!;
    await dbt('POST', `/v3/accounts/${accountId}/azure-ad-applications/${rec.id}/`, full(live));
    const again = await dbt('POST', `/v2/accounts/${accountId}/jobs/${sandbox.world.dbt!.jobs[0]!.id}/run/`, {
      cause: 'conformance',
    });
    await control(sandbox, 'POST', '/clock', { advanceMs: sandbox.world.dbt!.runDurationMs });
    const latest = await dbt('GET', `/v2/accounts/${accountId}/runs/?order_by=-created_at&limit=1`);
    expect(latest.body.data[0]).toMatchObject({ id: again.body.data.id, status: 10 });
  });
});
