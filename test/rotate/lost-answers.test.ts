/**
 * Writes whose answer is lost (issue 7): addPassword is asked again (same displayName) and a secret made for the
 * lost answer is removed; the full-body target updates are retried. The rotation completes as without the fault.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { control } from '../sandbox/helpers.js';
import { startRotateWorld, type RotateWorld } from './harness.js';

let world: RotateWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('rotate with a lost answer', () => {
  it.each([
    ['addPassword', 'graph', '/addPassword$'],
    ['the dbt Cloud push', 'dbtCloud', '/azure-ad-applications/'],
    ['the ConductorOne config update', 'conductorOne', '/connectors/[^/]+$'],
  ])('%s answered 503 once: rotated, one new secret, held by every target', async (_name, service, path) => {
    world = await startRotateWorld('drifted');
    await control(world.sandbox, 'PUT', '/faults', {
      rules: [{ kind: '503', service, method: 'POST', path, count: 1 }],
    });
    const before = world.secretsOf('dbt Cloud').length + world.secretsOf('ConductorOne').length;
    const { report, code } = await world.run({ force: true });
    expect(world.sandbox.world.log.list().filter((e) => e.fault === '503')).toHaveLength(1);
    expect(code).toBe(0);
    expect(report.rotation?.status).toBe('rotated');
    expect(world.dbtHolds().accepted).toBe(true);
    expect(world.c1Holds().accepted).toBe(true);
    const after = world.secretsOf('dbt Cloud').length + world.secretsOf('ConductorOne').length;
    expect(after).toBeLessThanOrEqual(before + 2);
  });
});

describe('a secret Graph makes late for a lost addPassword answer', () => {
  it('is removed before the rotation ends: one new ado-guard secret, the one the targets hold', async () => {
    world = await startRotateWorld('drifted');
    const { entra } = world.sandbox.world;
    const app = entra.resolveApplication('dbt Cloud')!;
    let made = false;
    const { report, code } = await world.run({
      onStep: (step) => {
        // The lost answer's secret appears after the first sweep: same displayName, value known to nobody.
        if (made || !step.step.startsWith('push ')) return;
        const ours = app.passwordCredentials.find((p) => (p.displayName ?? '').startsWith('ado-guard '))!;
        expect(entra.addPassword(app, { displayName: ours.displayName }).ok).toBe(true);
        made = true;
      },
    });
    expect(made).toBe(true);
    expect(code).toBe(0);
    expect(report.rotation?.status).toBe('rotated');
    const ours = world.secretsOf('dbt Cloud').filter((s) => (s.displayName ?? '').startsWith('ado-guard '));
    expect(ours.map((s) => s.keyId)).toEqual([world.dbtHolds().keyId]);
    expect(report.rotation?.steps?.map((s) => s.step)).toContain(
      'remove secrets of lost addPassword answers',
    );
  });
});
