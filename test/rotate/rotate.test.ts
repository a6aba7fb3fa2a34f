/** rotate against the in-process sandbox: the happy path, dry run, the lifetime policy and propagation. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { RotationStep } from '../../src/core/report.js';
import { control } from '../sandbox/helpers.js';
import { everythingPrinted, scenario, startRotateWorld, type RotateWorld } from './harness.js';

let world: RotateWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** At every step each target holds a secret Entra accepts (DESIGN.md §7). */
function invariantProbe(w: RotateWorld, seen: string[]) {
  return (step: RotationStep) => {
    const dbt = w.dbtHolds();
    const c1 = w.c1Holds();
    seen.push(`${step.step}: dbt ${dbt.accepted ? 'ok' : 'REFUSED'}, c1 ${c1.accepted ? 'ok' : 'REFUSED'}`);
    expect({ step: step.step, dbt: dbt.accepted, c1: c1.accepted }).toEqual({
      step: step.step,
      dbt: true,
      c1: true,
    });
  };
}

describe('rotate on drifted (the dbt Cloud secret expires in 10 days)', () => {
  it('rotates the dbt Cloud app, pushes and verifies, retires nothing it did not create, and leaks nothing', async () => {
    world = await startRotateWorld('drifted');
    const before = world.secretsOf('dbt Cloud');
    const c1Before = world.secretsOf('ConductorOne');
    const seen: string[] = [];
    const result = await world.run({ onStep: invariantProbe(world, seen) });

    expect(result.code).toBe(0);
    const rotation = result.report.rotation!;
    expect(rotation.status).toBe('rotated');
    const after = world.secretsOf('dbt Cloud');
    expect(after).toHaveLength(before.length + 1);
    const added = after.at(-1)!;
    expect(rotation.newKeyId).toBe(added.keyId);
    expect(added.displayName).toMatch(/^ado-guard [0-9a-f]+ \d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    expect(world.dbtHolds()).toEqual({ keyId: added.keyId, accepted: true });
    // retireOld: ado-guard keeps the secret someone else created.
    expect(rotation.retiredKeyIds).toEqual([]);
    expect(after.map((s) => s.keyId)).toContain(before[0]!.keyId);
    // The ConductorOne app is not due: untouched.
    expect(world.secretsOf('ConductorOne')).toEqual(c1Before);
    expect(rotation.targets).toEqual([{ name: 'dbtCloud', status: 'verified', keyId: added.keyId }]);
    expect(rotation.secretExpiresOn).toBeDefined();
    expect(result.host.outputs.rotatedKeyId?.value).toBe(added.keyId);
    expect(result.host.outputs.secretExpiresOn?.value).toBe(rotation.secretExpiresOn);
    expect(result.host.outputs.clientSecret).toBeUndefined();

    const steps = result.steps.map((s) => `${s.step}:${s.outcome}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        'decide:ok',
        'addPassword:ok',
        'wait until Graph shows the new key:ok',
        'prove new secret:ok',
        'push dbtCloud:ok',
        'verify dbtCloud:ok',
        'retire old secrets:skipped',
      ]),
    );
    expect(seen.length).toBe(result.steps.length);
    expect(result.host.summary).toContain('sequenceDiagram');
    expect(result.host.summary).toContain('addPassword');

    // The new secret was masked, and appears nowhere.
    const secretValue = world.sandbox.world.entra.passwordValue('dbt Cloud', {
      displayName: added.displayName!,
    })!;
    expect(result.host.masked).toContain(secretValue);
    const printed = everythingPrinted(result);
    for (const known of world.knownSecrets()) expect(printed).not.toContain(known);
  });

  it('with --force rotates both apps, pushes to dbt Cloud and ConductorOne, and retires older ado-guard secrets on the next forced run', async () => {
    world = await startRotateWorld('drifted');
    const seen: string[] = [];
    const first = await world.run({ force: true, onStep: invariantProbe(world, seen) });
    expect(first.report.rotation!.status).toBe('rotated');
    const dbtNew = world.secretsOf('dbt Cloud').at(-1)!.keyId;
    const c1New = world.secretsOf('ConductorOne').at(-1)!.keyId;
    expect(first.report.rotation!.targets).toEqual([
      { name: 'dbtCloud', status: 'verified', keyId: dbtNew },
      { name: 'conductorOne', status: 'verified', keyId: c1New },
    ]);
    expect(world.c1Holds()).toEqual({ keyId: c1New, accepted: true });
    // The ConductorOne config keeps every non-secret key.
    const config = world.sandbox.world.c1!.connectors[0]!.configuration;
    expect(Object.keys(config).sort()).toEqual(
      expect.arrayContaining(['C1_selected_field_group_name', 'organization_url', 'azure_devops_tenant_id']),
    );

    // A second forced run: the first run's secrets are ado-guard's and older: retired.
    const second = await world.run({ force: true, onStep: invariantProbe(world, seen) });
    expect(second.report.rotation!.status).toBe('rotated');
    expect(second.report.rotation!.retiredKeyIds.sort()).toEqual([dbtNew, c1New].sort());
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).not.toContain(dbtNew);
    expect(world.dbtHolds().accepted).toBe(true);
    expect(world.c1Holds().accepted).toBe(true);
  });

  it('is not due on healthy: skipped, nothing written', async () => {
    world = await startRotateWorld('healthy');
    await control(world.sandbox, 'DELETE', '/requests');
    const result = await world.run();
    expect(result.code).toBe(0);
    expect(result.report.rotation).toMatchObject({ status: 'skipped', retiredKeyIds: [], targets: [] });
    expect(result.report.rotation!.reason).toMatch(/not due/);
    const log = await control<{ value: { method: string; path: string }[] }>(
      world.sandbox,
      'GET',
      '/requests',
    );
    expect(log.value.filter((r) => r.method !== 'GET' && !r.path.includes('/token'))).toEqual([]);
  });
});

describe('dry run', () => {
  it('prints the plan and writes nothing (request log has reads and token requests only)', async () => {
    world = await startRotateWorld('drifted');
    const before = world.secretsOf('dbt Cloud');
    await control(world.sandbox, 'DELETE', '/requests');
    const result = await world.run({ dryRun: true, force: true });
    expect(result.code).toBe(0);
    expect(result.report.rotation!.status).toBe('skipped');
    expect(result.report.rotation!.reason).toMatch(/dry run/);
    expect(result.report.changes.length).toBeGreaterThanOrEqual(3);
    expect(result.report.changes.every((c) => !c.applied)).toBe(true);
    const log = await control<{ value: { method: string; path: string }[] }>(
      world.sandbox,
      'GET',
      '/requests',
    );
    const writes = log.value.filter(
      (r) => r.method !== 'GET' && !/\/(oauth2\/v2\.0|auth\/v1)\/token$/.test(r.path),
    );
    expect(writes).toEqual([]);
    expect(world.secretsOf('dbt Cloud')).toEqual(before);
  });
});

describe('Entra specifics', () => {
  it('waits out the propagation delay: the first proof is refused (AADSTS7000215) and retried', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.propagationDelayMs = 8000;
      }),
    );
    const result = await world.run();
    expect(result.report.rotation!.status).toBe('rotated');
    const prove = result.steps.find((s) => s.step === 'prove new secret')!;
    expect(prove.outcome).toBe('ok');
    expect(Number(/(\d+) attempt/.exec(prove.detail ?? '')?.[1])).toBeGreaterThan(1);
  });

  it('rolls back when the secret never propagates within the window', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.propagationDelayMs = 60 * 60_000;
      }),
    );
    const before = world.secretsOf('dbt Cloud');
    const dbtBefore = world.dbtHolds();
    const result = await world.run();
    expect(result.code).toBe(3);
    expect(result.report.status).toBe('error');
    expect(result.report.rotation!.status).toBe('rolledBack');
    expect(result.report.rotation!.reason).toMatch(/AADSTS7000215.*rolled back/);
    expect(result.report.error!.message).toMatch(/rotation not completed/);
    expect(world.secretsOf('dbt Cloud')).toEqual(before);
    expect(world.dbtHolds()).toEqual(dbtBefore);
  });

  it('clamps the lifetime to the tenant policy it can read', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.passwordMaxLifetime = 'P90D';
      }),
    );
    const result = await world.run();
    expect(result.report.rotation!.status).toBe('rotated');
    const expires = Date.parse(result.report.rotation!.secretExpiresOn!);
    const days = (expires - world.clock.now()) / 86_400_000;
    expect(days).toBeLessThanOrEqual(90);
    expect(days).toBeGreaterThan(89);
    expect(result.steps.find((s) => s.step === 'addPassword')!.detail).toMatch(/clamped/);
  });

  it('retries once with the allowed lifetime when it may not read the policy (CredentialInvalidLifetimeAsPerAppPolicy)', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.passwordMaxLifetime = 'P60D';
        spec.tenant!.automation = {
          ...spec.tenant!.automation,
          graphRoles: ['Application.ReadWrite.OwnedBy', 'Application.Read.All'],
        };
      }),
    );
    const result = await world.run();
    expect(result.report.rotation!.status).toBe('rotated');
    expect(result.steps.find((s) => s.step === 'addPassword')!.detail).toMatch(/shortened to 59 days/);
    const log = await control<{ value: { method: string; path: string; status: number }[] }>(
      world.sandbox,
      'GET',
      '/requests?service=graph',
    );
    const adds = log.value.filter((r) => r.path.endsWith('/addPassword'));
    expect(adds.map((r) => r.status)).toEqual([400, 200]);
  });

  it('fails clearly and changes nothing when the tenant blocks new passwords', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        spec.tenant!.passwordAdditionBlocked = true;
      }),
    );
    const before = world.secretsOf('dbt Cloud');
    const result = await world.run();
    expect(result.code).toBe(3);
    expect(result.report.rotation!.status).toBe('failed');
    expect(result.report.error!.message).toMatch(/blocks new client secrets/);
    expect(world.secretsOf('dbt Cloud')).toEqual(before);
  });
});
