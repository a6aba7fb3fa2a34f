/** Two runs at once never rotate twice; a run that stopped half-way is repaired by the next (DESIGN.md §7). */
import { afterEach, describe, expect, it } from '@jest/globals';
import { markerName } from '../../src/rotate/marker.js';
import { scenario, startRotateWorld, TEST_LIMITS, type RotateWorld } from './harness.js';

let world: RotateWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** What a run leaves behind when it stops right after addPassword: an ado-guard secret nobody holds. */
function crashAfterAddPassword(w: RotateWorld, rotationId: string) {
  const { entra } = w.sandbox.world;
  const app = entra.resolveApplication('dbt Cloud')!;
  const result = entra.addPassword(app, {
    displayName: markerName(rotationId, new Date(w.clock.now())),
    endDateTime: w.clock.now() + 180 * 86_400_000,
  });
  if (!result.ok) throw new Error('sandbox refused addPassword');
  return result.credential;
}

describe('concurrent runs', () => {
  it('two rotations started together add exactly one new secret', async () => {
    world = await startRotateWorld('drifted');
    const before = world.secretsOf('dbt Cloud');
    const [a, b] = await Promise.all([world.run(), world.run()]);
    const statuses = [a.report.rotation!.status, b.report.rotation!.status].sort();
    expect(statuses).toEqual(['rotated', 'skipped']);
    const after = world.secretsOf('dbt Cloud');
    expect(after).toHaveLength(before.length + 1);
    const winner = a.report.rotation!.status === 'rotated' ? a : b;
    const loser = winner === a ? b : a;
    expect(winner.report.rotation!.newKeyId).toBe(after.at(-1)!.keyId);
    expect(loser.report.rotation!.reason).toMatch(/in progress|concurrent run/);
    expect(loser.code).toBe(0);
    expect(world.dbtHolds()).toEqual({ keyId: after.at(-1)!.keyId, accepted: true });
  });

  it('two runs that both read the app before either adds a secret: the earlier secret wins, the other run withdraws', async () => {
    world = await startRotateWorld('drifted');
    const before = world.secretsOf('dbt Cloud');
    // Hold each run after its first read until both have read: both then decide to rotate and add a secret.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const barrier = async (step: { step: string }) => {
      if (!step.step.startsWith('read app')) return;
      arrived += 1;
      if (arrived === 2) release();
      await bothRead;
    };
    const [a, b] = await Promise.all([world.run({ onStep: barrier }), world.run({ onStep: barrier })]);
    const added = [a, b].map((r) => r.steps.some((s) => s.step === 'addPassword'));
    expect(added).toEqual([true, true]);
    const statuses = [a.report.rotation!.status, b.report.rotation!.status].sort();
    expect(statuses).toEqual(['rotated', 'skipped']);
    const loser = a.report.rotation!.status === 'skipped' ? a : b;
    expect(loser.report.rotation!.reason).toMatch(/concurrent run .* withdrew its own secret/);
    const after = world.secretsOf('dbt Cloud');
    expect(after).toHaveLength(before.length + 1);
    expect(world.dbtHolds()).toEqual({ keyId: after.at(-1)!.keyId, accepted: true });
  });
});

describe('crash repair', () => {
  it('a run that stopped after addPassword: the lock holds for the window, then the orphan is removed and the rotation done once', async () => {
    world = await startRotateWorld('drifted');
    const original = world.secretsOf('dbt Cloud');
    const orphan = crashAfterAddPassword(world, 'c0ffee000001');

    const during = await world.run();
    expect(during.report.rotation!.status).toBe('skipped');
    expect(during.report.rotation!.reason).toMatch(/rotation c0ffee000001 .* is in progress/);
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).toEqual([
      ...original.map((s) => s.keyId),
      orphan.keyId,
    ]);

    world.sandbox.world.clock.advance(TEST_LIMITS.lockWindowMs!);
    const repaired = await world.run();
    expect(repaired.code).toBe(0);
    expect(repaired.report.rotation!.status).toBe('rotated');
    const steps = repaired.steps.map((s) => `${s.step}:${s.outcome}`);
    expect(steps).toEqual(expect.arrayContaining(['remove orphaned secret:ok', 'addPassword:ok']));
    const after = world.secretsOf('dbt Cloud').map((s) => s.keyId);
    expect(after).not.toContain(orphan.keyId);
    expect(after).toEqual([...original.map((s) => s.keyId), repaired.report.rotation!.newKeyId]);
    expect(world.dbtHolds()).toEqual({ keyId: repaired.report.rotation!.newKeyId, accepted: true });

    // Converged: the next run has nothing to do.
    const next = await world.run();
    expect(next.report.rotation!.status).toBe('skipped');
    expect(next.report.rotation!.reason).toMatch(/not due/);
  });

  it('a run that stopped after every target took the secret but before retiring: the next run verifies and retires', async () => {
    world = await startRotateWorld(
      scenario('drifted', (spec) => (spec.policy = { ...spec.policy, rotation: { retireOld: 'all' } })),
    );
    const original = world.secretsOf('dbt Cloud');
    const pushed = crashAfterAddPassword(world, 'c0ffee000002');
    // The lost run had stored its secret in dbt Cloud.
    const record = world.sandbox.world.dbt!.record!;
    world.sandbox.world.clock.advance(2000);
    record.clientSecret = pushed.secretText;
    record.updatedAt = world.clock.now();

    world.sandbox.world.clock.advance(TEST_LIMITS.lockWindowMs!);
    const repaired = await world.run();
    expect(repaired.code).toBe(0);
    expect(repaired.report.rotation).toMatchObject({
      status: 'rotated',
      newKeyId: pushed.keyId,
      retiredKeyIds: original.map((s) => s.keyId),
      targets: [{ name: 'dbtCloud', status: 'verified', keyId: pushed.keyId }],
    });
    expect(repaired.steps.map((s) => s.step)).not.toContain('addPassword');
    expect(world.secretsOf('dbt Cloud').map((s) => s.keyId)).toEqual([pushed.keyId]);
    expect(world.dbtHolds()).toEqual({ keyId: pushed.keyId, accepted: true });
  });
});
