/** rotate when a target fails: roll back before any target took the secret; keep the old one after. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { RotationStep } from '../../src/core/report.js';
import type { ScenarioSpec } from '../../src/sandbox/index.js';
import { control } from '../sandbox/helpers.js';
import { everythingPrinted, scenario, startRotateWorld, TEST_LIMITS, type RotateWorld } from './harness.js';

let world: RotateWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** dbt Cloud and ConductorOne share the dbt Cloud app, whose secret expires in 10 days. */
function sharedApp(spec: ScenarioSpec, rotation: Record<string, unknown> = {}): void {
  spec.conductorOne!.apps![0]!.connectors![0]!.application = 'dbt Cloud';
  spec.policy = { ...spec.policy, rotation };
}

const probe = (w: RotateWorld) => (step: RotationStep) => {
  expect({ step: step.step, dbt: w.dbtHolds().accepted, c1: w.c1Holds().accepted }).toEqual({
    step: step.step,
    dbt: true,
    c1: true,
  });
};

describe('a target fails', () => {
  it('before any target took the new secret: rolled back, the new secret removed, exit 3', async () => {
    world = await startRotateWorld(scenario('drifted', (spec) => sharedApp(spec)));
    const before = world.secretsOf('dbt Cloud');
    const dbtBefore = world.dbtHolds();
    await control(world.sandbox, 'PUT', '/faults', {
      rules: [
        { kind: 'fail', service: 'dbtCloud', method: 'POST', path: 'azure-ad-applications', status: 500 },
      ],
    });
    const result = await world.run({ onStep: probe(world) });
    expect(result.code).toBe(3);
    const rotation = result.report.rotation!;
    expect(rotation.status).toBe('rolledBack');
    expect(rotation.targets).toEqual([
      { name: 'dbtCloud', status: 'failed', message: expect.stringMatching(/kept its previous secret/) },
      { name: 'conductorOne', status: 'failed', message: expect.stringMatching(/keeps its previous secret/) },
    ]);
    expect(result.steps.map((s) => `${s.step}:${s.outcome}`)).toContain(
      'roll back: remove the new secret:ok',
    );
    expect(world.secretsOf('dbt Cloud')).toEqual(before);
    expect(world.dbtHolds()).toEqual(dbtBefore);
    expect(result.report.error!.message).toMatch(/rotation not completed.*rolled back/);
    for (const known of world.knownSecrets()) expect(everythingPrinted(result)).not.toContain(known);
  });

  it('after one target took it: nothing retired, the report says who holds what, and a re-run completes', async () => {
    world = await startRotateWorld(scenario('drifted', (spec) => sharedApp(spec, { retireOld: 'all' })));
    const original = world.secretsOf('dbt Cloud');
    await control(world.sandbox, 'PUT', '/faults', {
      rules: [
        { kind: 'fail', service: 'conductorOne', method: 'POST', path: '/connectors/[^/]+$', status: 500 },
      ],
    });
    const failed = await world.run({ onStep: probe(world) });
    expect(failed.code).toBe(3);
    const rotation = failed.report.rotation!;
    expect(rotation.status).toBe('failed');
    const firstNew = rotation.newKeyId!;
    expect(rotation.targets).toEqual([
      { name: 'dbtCloud', status: 'updated', keyId: firstNew },
      { name: 'conductorOne', status: 'failed', message: expect.stringMatching(/kept its previous secret/) },
    ]);
    expect(rotation.retiredKeyIds).toEqual([]);
    expect(rotation.reason).toMatch(/dbtCloud holds the new secret .*NOT retired/);
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).toEqual([
      ...original.map((s) => s.keyId),
      firstNew,
    ]);
    expect(world.dbtHolds().keyId).toBe(firstNew);
    expect(world.c1Holds().keyId).toBe(original[0]!.keyId);

    // Right away the unfinished rotation holds the lock: a re-run leaves it alone.
    await control(world.sandbox, 'PUT', '/faults', { rules: [] });
    const early = await world.run({ onStep: probe(world) });
    expect(early.report.rotation!.status).toBe('skipped');
    expect(early.report.rotation!.reason).toMatch(/in progress/);

    // After the lock window the next run completes it: one new secret everywhere, the rest retired.
    world.sandbox.world.clock.advance(TEST_LIMITS.lockWindowMs!);
    const repaired = await world.run({ onStep: probe(world) });
    expect(repaired.code).toBe(0);
    expect(repaired.report.rotation!.status).toBe('rotated');
    expect(repaired.report.rotation!.reason).toMatch(/interrupted rotation/);
    const finalKey = repaired.report.rotation!.newKeyId!;
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).toEqual([finalKey]);
    expect(repaired.report.rotation!.retiredKeyIds.sort()).toEqual([original[0]!.keyId, firstNew].sort());
    expect(world.dbtHolds()).toEqual({ keyId: finalKey, accepted: true });
    expect(world.c1Holds()).toEqual({ keyId: finalKey, accepted: true });
  });

  it('one app shared by dbt Cloud and ConductorOne is rotated once and its secret goes to both', async () => {
    world = await startRotateWorld(scenario('drifted', (spec) => sharedApp(spec)));
    const before = world.secretsOf('dbt Cloud').length;
    const result = await world.run({ onStep: probe(world) });
    expect(result.report.rotation!.status).toBe('rotated');
    expect(world.secretsOf('dbt Cloud')).toHaveLength(before + 1);
    const key = result.report.rotation!.newKeyId;
    expect(result.report.rotation!.targets).toEqual([
      { name: 'dbtCloud', status: 'verified', keyId: key },
      { name: 'conductorOne', status: 'verified', keyId: key },
    ]);
    expect(result.steps.filter((s) => s.step === 'addPassword')).toHaveLength(1);
  });

  it('a ConductorOne sync that fails after the update: failed, nothing retired', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => {
        sharedApp(spec, { retireOld: 'all' });
      }),
    );
    const original = world.secretsOf('dbt Cloud');
    // The connector's organization URL is wrong: the update lands, the sync fails.
    const connector = world.sandbox.world.c1!.connectors[0]!;
    delete connector.configuration.organization_url;
    const result = await world.run();
    expect(result.code).toBe(3);
    expect(result.report.rotation!.status).toBe('failed');
    const key = result.report.rotation!.newKeyId!;
    expect(result.report.rotation!.targets).toEqual([
      { name: 'dbtCloud', status: 'verified', keyId: key },
      {
        name: 'conductorOne',
        status: 'failed',
        keyId: key,
        message: expect.stringMatching(/did not verify: sync failed/),
      },
    ]);
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).toEqual([...original.map((s) => s.keyId), key]);
  });
});

describe('targets that cannot take the secret: nothing is created', () => {
  it.each([
    [
      'a ConductorOne connector that shows no oauth config group',
      (w: RotateWorld) => {
        const cfg = w.sandbox.world.c1!.connectors[0]!.configuration;
        delete cfg.C1_selected_field_group_name;
        delete cfg.oauth2_client_cred_grant_client_id;
      },
      /cannot tell it uses an Entra client secret/,
    ],
    [
      'a ConductorOne connector in the PAT group',
      (w: RotateWorld) => {
        w.sandbox.world.c1!.connectors[0]!.configuration.C1_selected_field_group_name =
          'azure_devops_group_pat';
      },
      /does not use an Entra client secret/,
    ],
    [
      'a dbt Cloud account without the integration record',
      (w: RotateWorld) => {
        w.sandbox.world.dbt!.record!.state = 2;
      },
      /DBT-INTEGRATION-MISSING/,
    ],
  ])('%s', async (_name, breakIt, message) => {
    world = await startRotateWorld(scenario('drifted', (spec) => sharedApp(spec)));
    breakIt(world);
    const before = world.secretsOf('dbt Cloud');
    const result = await world.run();
    expect(result.code).toBe(3);
    expect(result.report.rotation).toMatchObject({ status: 'failed', targets: [] });
    expect(result.report.error!.message).toMatch(message);
    expect(result.steps.map((s) => s.step)).not.toContain('addPassword');
    expect(world.secretsOf('dbt Cloud')).toEqual(before);
  });
});

describe('what rotation leaves alone or adds on request', () => {
  it('ConductorOne in PAT mode: says Entra rotation does not apply', async () => {
    world = await startRotateWorld('drifted');
    const result = await world.run({ policy: (yaml) => yaml.replace('mode: oauth', 'mode: pat') });
    expect(result.report.rotation!.status).toBe('rotated');
    expect(result.steps[0]).toMatchObject({ step: 'conductorOne not rotated', outcome: 'skipped' });
    expect(result.steps[0]!.detail).toMatch(/personal access token .*does not apply/);
    expect(result.report.rotation!.targets.map((t) => t.name)).toEqual(['dbtCloud']);
  });

  it('rotation.output: exposes the new secret as a secret output, masked', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => (spec.policy = { ...spec.policy, rotation: { output: true } })),
    );
    const result = await world.run();
    const added = world.secretsOf('dbt Cloud').at(-1)!;
    const value = world.sandbox.world.entra.passwordValue('dbt Cloud', { displayName: added.displayName! })!;
    expect(result.host.outputs.clientSecret).toEqual({ value, secret: true });
    expect(result.host.masked).toContain(value);
    expect(everythingPrinted(result)).not.toContain(value);
  });

  it('rotation.verifyWithJob: runs the dbt Cloud job and waits for its result', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => (spec.policy = { ...spec.policy, rotation: { verifyWithJob: 100 } })),
    );
    const result = await world.run();
    expect(result.report.rotation!.status).toBe('rotated');
    expect(result.steps.find((s) => s.step === 'verify dbtCloud')!.detail).toMatch(
      /job 100 run \d+ succeeded/,
    );
  });
});
