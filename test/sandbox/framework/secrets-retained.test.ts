import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import type { NamedSecret } from '../../../src/sandbox/state/entra.js';
import { control, startTestSandbox } from '../helpers.js';

/** Leak scans need every secret that ever existed: a removed or replaced secret printed is still a leak. */
describe('sandbox secrets for leak scans', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox('healthy');
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const named = () => control<{ value: string[]; named: NamedSecret[] }>(sandbox, 'GET', '/secrets');

  it('keeps a removed client secret listed, under a name that says so', async () => {
    const { entra } = sandbox.world;
    const app = entra.resolveApplication('dbt Cloud')!;
    const removed = app.passwordCredentials[0]!;
    expect(entra.removePassword(app, removed.keyId)).toBe(true);
    const secrets = await named();
    expect(secrets.named).toContainEqual({
      name: `entra:dbt Cloud:password:${removed.keyId}:removed`,
      value: removed.secretText,
    });
    expect(secrets.value).toContain(removed.secretText);
  });

  it('keeps the secret dbt Cloud held before an update replaced it', async () => {
    const record = sandbox.world.dbt!.record!;
    const update = (secret: string) =>
      fetch(
        `${sandbox.endpoints.dbtCloud}/api/v3/accounts/${sandbox.world.dbt!.accountId}/azure-ad-applications/${record.id}/`,
        {
          method: 'POST',
          headers: {
            authorization: `Token ${sandbox.env.DBT_CLOUD_TOKEN}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            organization_name: record.organizationName,
            client_id: record.clientId,
            client_secret: secret,
            tenant_id: record.tenantId,
          }),
        },
      );
    expect((await update('first-new-secret-for-the-record')).status).toBe(200);
    expect((await update('second-new-secret-for-the-record')).status).toBe(200);
    const secrets = await named();
    expect(secrets.named).toContainEqual({
      name: 'dbtCloud:azureAdApplication:client_secret:replaced',
      value: 'first-new-secret-for-the-record',
    });
    expect(secrets.named).toContainEqual({
      name: 'dbtCloud:azureAdApplication:client_secret',
      value: 'second-new-secret-for-the-record',
    });
  });

  it('names the credentials of its printed env and the PATs', async () => {
    const secrets = await named();
    const names = new Map(secrets.named.map((s) => [s.value, s.name]));
    expect(names.get(sandbox.env.DBT_CLOUD_TOKEN!)).toBe('dbtCloud:token');
    expect(names.get(sandbox.env.CONDUCTORONE_CLIENT_SECRET!)).toBe('conductorOne:clientSecret');
    for (const pat of Object.values(sandbox.world.ado.patValues())) expect(secrets.value).toContain(pat);
    expect(new Set(secrets.value).size).toBe(secrets.value.length);
  });
});
