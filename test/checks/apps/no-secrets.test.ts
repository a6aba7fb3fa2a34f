import { afterEach, describe, expect, it } from '@jest/globals';
import { checkEntra } from '../../../src/checks/app-registration.js';
import { checkDbtCloud } from '../../../src/checks/dbt-cloud.js';
import { quietLog, scenario, startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('findings never carry a secret', () => {
  it('drifted, with expired secrets and a wrong dbt organization: no sandbox secret or hint in any finding', async () => {
    world = await startWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.applications![0]!.passwordCredentials = [
          { displayName: 'expired', createdDaysAgo: 400, expiresInDays: -3 },
        ];
        spec.dbtCloud!.azureAdApplication = {
          ...spec.dbtCloud!.azureAdApplication,
          secret: 'invalid',
          organizationName: 'dev.azure.com/contoso',
        };
      }),
    );
    const findings = [
      ...(await checkEntra(
        { graph: world.graph, requirements: world.requirements, rotation: world.policy.rotation },
        quietLog,
      )),
      ...(await checkDbtCloud({ dbt: world.dbt, requirement: world.requirements.dbt! }, quietLog)),
    ];
    expect(findings.map((f) => f.ruleId)).toEqual([
      'ENTRA-REDIRECT-MISSING',
      'ENTRA-PERMISSION-UNWANTED',
      'ENTRA-SECRET-EXPIRED',
      'DBT-ORGANIZATION-MISMATCH',
    ]);
    const text = JSON.stringify(findings);
    const secrets = world.sandbox.world.secrets();
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const name of ['AZURE_CLIENT_SECRET', 'DBT_CLOUD_TOKEN', 'CONDUCTORONE_CLIENT_SECRET']) {
      const value = world.sandbox.env[name];
      if (value) expect(text).not.toContain(value);
    }
  });
});
