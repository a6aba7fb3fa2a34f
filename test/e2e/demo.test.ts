/** `npm run demo` is the first thing a newcomer runs: the CLI bundle tours the drifted sandbox. */
import { describe, expect, it } from '@jest/globals';
import { baseEnv, BUNDLES, hasStackTrace, runBundle } from './run-bundle.js';

describe('ado-guard demo', () => {
  it('starts the sandbox and tours verify → plan → remediate → rotate → verify, ending clean of fixable drift', async () => {
    const env = baseEnv();
    delete env.NODE_EXTRA_CA_CERTS; // the demo must trust its own sandbox without help
    const r = await runBundle(BUNDLES.cli, ['demo', '--no-color'], env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    const steps = r.stdout.split(/^━━ Step \d\/5: /m).slice(1);
    expect(steps.map((s) => s.split(' — ')[0])).toEqual([
      'ado-guard verify',
      'ado-guard plan',
      'ado-guard remediate --apply',
      'ado-guard rotate',
      'ado-guard verify',
    ]);
    expect(r.stdout).not.toContain('not in this build');
    const [verify, plan, remediate, rotate, last] = steps as [string, string, string, string, string];
    expect(verify).toContain('ADO-PERMISSION-MISSING');
    expect(verify).toContain('ENTRA-SECRET-EXPIRING');
    expect(plan).toMatch(/Planned changes/);
    expect(remediate).toMatch(/applied/);
    expect(rotate).toContain('Rotation: rotated');
    // What is left is what ado-guard must not fix by itself (a group deny; an own deny without permission).
    expect(last).not.toContain('ADO-PERMISSION-MISSING');
    expect(last).not.toContain('ADO-READER-MISSING');
    expect(last).not.toContain('ENTRA-REDIRECT-MISSING');
    expect(last).not.toContain('ENTRA-SECRET-EXPIRING');
    expect(last).toContain('ADO-PERMISSION-DENIED');
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });
});
