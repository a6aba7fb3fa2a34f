/**
 * `ado-guard demo`: starts the sandbox (drifted scenario) in this process and runs the CLI against it, step by
 * step, exactly as a user would: verify → plan → remediate --apply → rotate → verify.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode } from '../../core/exit-codes.js';
import type { RunContext } from '../context.js';
import { SANDBOX_CA_DIR } from './sandbox.js';

/** Commands this build can run; the tour says plainly which steps are still to come. */
export const AVAILABLE_COMMANDS = new Set(['verify', 'plan', 'remediate', 'rotate']);

const TOUR: { args: string[]; what: string }[] = [
  { args: ['verify'], what: 'find the drift' },
  { args: ['plan'], what: 'show the changes that would fix it' },
  { args: ['remediate', '--apply'], what: 'apply the plan and verify again' },
  { args: ['rotate'], what: 'rotate the expiring client secret and push it to dbt Cloud and ConductorOne' },
  { args: ['verify'], what: 'confirm what is left' },
];

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here, not at start-up: only the demo starts processes, and every other command would pay for it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1] ?? '', ...args], { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? ExitCode.Operational));
  });
}

export async function runDemo(ctx: RunContext): Promise<ExitCode> {
  const { startSandbox } = await import('../../sandbox/index.js');
  ctx.step('Starting the sandbox (scenario: drifted)');
  const sandbox = await startSandbox({ scenario: 'drifted', port: 0, caDir: SANDBOX_CA_DIR });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ado-guard-demo-'));
  const policyPath = path.join(dir, 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
  for (const value of Object.values(sandbox.env)) ctx.mask(value);
  const env = { ...process.env, ...sandbox.env, NODE_EXTRA_CA_CERTS: sandbox.caPath };
  try {
    for (const [index, step] of TOUR.entries()) {
      const command = step.args[0]!;
      ctx.host.print(
        `\n━━ Step ${index + 1}/${TOUR.length}: ado-guard ${step.args.join(' ')} — ${step.what}`,
      );
      if (!AVAILABLE_COMMANDS.has(command)) {
        ctx.host.print(`(${command} is not in this build yet: this step is skipped.)`);
        continue;
      }
      const code = await runCli([...step.args, '--config', policyPath, '--fail-on', 'never'], env);
      if (code === ExitCode.Usage || code === ExitCode.Operational) {
        ctx.error(`the demo stopped: ado-guard ${step.args.join(' ')} exited ${code}.`);
        return ExitCode.Operational;
      }
    }
    ctx.host.print(`\nThe sandbox policy used is ${policyPath}. Try it yourself: ado-guard sandbox`);
    return ExitCode.Clean;
  } finally {
    await sandbox.stop();
  }
}
