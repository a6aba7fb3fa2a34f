/** `ado-guard sandbox`: serve the emulator until interrupted. Loaded lazily so other commands start fast. */
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ExitCode } from '../../core/exit-codes.js';
import type { RunContext } from '../context.js';

/** The CA is kept between runs so NODE_EXTRA_CA_CERTS can stay set in a shell. */
export const SANDBOX_CA_DIR = path.join(os.tmpdir(), 'ado-guard-sandbox');

export async function runSandbox(ctx: RunContext): Promise<ExitCode> {
  const { startSandbox, formatSandboxBanner } = await import('../../sandbox/index.js');
  const handle = await startSandbox({
    scenario: ctx.options.scenario ?? 'drifted',
    port: ctx.options.port ?? 0,
    caDir: SANDBOX_CA_DIR,
  });
  const policyPath = path.join(SANDBOX_CA_DIR, 'ado-guard.yml');
  writeFileSync(policyPath, handle.policyYaml);
  ctx.host.print(formatSandboxBanner(handle));
  ctx.host.print(`The policy above is also written to ${policyPath}.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await handle.stop();
  return ExitCode.Clean;
}
