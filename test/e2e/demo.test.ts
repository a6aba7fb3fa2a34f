/** `npm run demo` is the first thing a newcomer runs: the CLI bundle tours the drifted sandbox. */
import { describe, expect, it } from '@jest/globals';
import { baseEnv, BUNDLES, hasStackTrace, runBundle } from './run-bundle.js';

describe('ado-guard demo', () => {
  it('starts the sandbox and runs every step of the tour, saying plainly which are not built yet', async () => {
    const env = baseEnv();
    delete env.NODE_EXTRA_CA_CERTS; // the demo must trust its own sandbox without help
    const r = await runBundle(BUNDLES.cli, ['demo', '--no-color'], env);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    for (const step of [
      'Step 1/5: ado-guard verify',
      'Step 2/5: ado-guard plan',
      'Step 5/5: ado-guard verify',
    ]) {
      expect(r.stdout).toContain(step);
    }
    expect(r.stdout).toContain('ado-guard verify');
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });
});
