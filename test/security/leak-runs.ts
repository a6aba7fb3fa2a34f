/**
 * Runs verify, plan, remediate and rotate in process through src, on each of the three hosts (CLI flags, GitHub
 * Action inputs, Azure Pipelines task inputs), against a sandbox, and keeps everything each run puts out: stdout,
 * stderr, the report file in the chosen format, the job summary, GITHUB_OUTPUT and the `##vso` lines. Rotation runs
 * on the sandbox clock (test/faults/in-process.ts), so its waits cost no real time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { CommandRunners } from '../../src/app/commands/outcome.js';
import { createRotateRunner } from '../../src/app/commands/rotate.js';
import { run } from '../../src/app/run.js';
import { ExitCode } from '../../src/core/exit-codes.js';
import type { Command } from '../../src/core/report.js';
import { createAzureHost, failAzureSetup } from '../../src/platform/azure-pipelines.js';
import { cliMain } from '../../src/platform/cli-main.js';
import { createGithubHost, failGithubSetup } from '../../src/platform/github.js';
import type { OutputFormat } from '../../src/platform/host.js';
import { SECRET_CREDENTIALS } from '../../src/platform/inputs.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { NamedSecret } from '../../src/sandbox/state/entra.js';
import { sandboxClock } from '../faults/in-process.js';
import { credentialInputs } from '../helpers/credential-inputs.js';
import { TEST_LIMITS } from '../rotate/harness.js';
import type { CapturedOutput } from './leak-scan.js';

export const FORMATS: readonly OutputFormat[] = ['text', 'markdown', 'json', 'sarif'];

export interface LeakRun {
  command: Command;
  /** `apply`, `force`, `dryRun`: given as flags on the CLI and as inputs in CI. */
  apply?: boolean;
  force?: boolean;
  /** Credentials the run gets instead of the sandbox's own, by environment variable name. */
  env?: Record<string, string>;
  /** Policy YAML edits, e.g. `rotation.output: true`. */
  policy?: (yaml: string) => string;
}

/** Stdout and stderr writes, and console output (jest's console does not write to process.stdout). */
async function capture(fn: () => Promise<unknown>): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = (to: 'out' | 'err') =>
    ((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (to === 'out') stdout += text;
      else stderr += text;
      return true;
    }) as typeof process.stdout.write;
  const line =
    (to: 'out' | 'err') =>
    (...args: unknown[]) =>
      write(to)(`${args.map(String).join(' ')}\n`);
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
  };
  process.stdout.write = write('out');
  process.stderr.write = write('err');
  console.log = console.info = console.debug = line('out');
  console.warn = console.error = line('err');
  try {
    await fn();
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    Object.assign(console, {
      log: saved.log,
      info: saved.info,
      warn: saved.warn,
      error: saved.error,
      debug: saved.debug,
    });
  }
  return { stdout, stderr };
}

/**
 * After a run that stopped on an error, checks still running in parallel finish their requests; wait until the
 * sandbox has seen none for a moment, inside the capture, so their output is scanned too and the sandbox can stop.
 */
async function settle(sandbox: SandboxHandle): Promise<void> {
  let seen = -1;
  for (let count = sandbox.world.log.list().length; count !== seen; count = sandbox.world.log.list().length) {
    seen = count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every file of a folder, as outputs. */
function filesOf(dir: string, label: string): CapturedOutput[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => ({
      label: `${label} · ${entry.name}`,
      text: readFileSync(path.join(dir, entry.name), 'utf8'),
    }));
}

/**
 * GITHUB_OUTPUT without the `clientSecret` entry: with `rotation.output: true` that output is how the new secret
 * is handed on (masked first with ::add-mask::); the runner reads the file, it is never shown.
 */
function withoutSecretOutput(text: string): string {
  return text.replace(/^clientSecret<<(\S+)\n[\s\S]*?\n\1\n/m, '');
}

/** task-lib reads INPUT_* and ENDPOINT_* into its vault when loaded; a new run's inputs need a new load. */
const taskLibInternal = createRequire(import.meta.url)('azure-pipelines-task-lib/internal.js') as {
  _loadData(): void;
};

export class LeakRuns {
  readonly outputs: CapturedOutput[] = [];
  private readonly known = new Map<string, NamedSecret>();
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'leaks-'));
  private count = 0;

  /** Every secret any sandbox of these runs knew (removed and replaced ones included). */
  secrets(): NamedSecret[] {
    return [...this.known.values()];
  }

  /** A secret the runs were given that no sandbox knows (a wrong credential is still a credential). */
  alsoSecret(name: string, value: string): void {
    this.known.set(value, { name, value });
  }

  /** Notes the sandbox's secrets; call after each run and before the sandbox is reset or stopped. */
  remember(sandbox: SandboxHandle): void {
    for (const secret of sandbox.world.namedSecrets()) {
      if (!this.known.has(secret.value)) this.known.set(secret.value, secret);
    }
  }

  /** The CLI once per report format: `--format F --output FILE --debug`. */
  async cli(sandbox: SandboxHandle, label: string, spec: LeakRun, formats = FORMATS): Promise<void> {
    for (const format of formats) {
      const folder = this.folder();
      const policyPath = this.writePolicy(folder, sandbox, spec);
      const reportPath = path.join(folder, 'reports', `report.${format}`);
      const flags = [...(spec.apply ? ['--apply'] : []), ...(spec.force ? ['--force'] : []), '--debug'];
      let stdout = '';
      let stderr = '';
      const streams = {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      };
      const where = `${label} · cli --format ${format}`;
      const console = await capture(async () => {
        const code = await cliMain(
          [spec.command, '--config', policyPath, '--format', format, '--output', reportPath, ...flags],
          { ...sandbox.env, ...spec.env },
          streams,
          this.runners(sandbox),
        );
        if (code === ExitCode.Operational) await settle(sandbox);
      });
      this.add(where, { stdout, stderr, console: console.stdout + console.stderr });
      if (existsSync(path.dirname(reportPath)))
        this.outputs.push(...filesOf(path.dirname(reportPath), where));
      process.exitCode = undefined;
      this.remember(sandbox);
    }
  }

  /** The GitHub Action's path: inputs in INPUT_*, outputs to GITHUB_OUTPUT, the job summary, workflow commands. */
  async github(
    sandbox: SandboxHandle,
    label: string,
    spec: LeakRun,
    format: OutputFormat = 'json',
  ): Promise<void> {
    const folder = this.folder();
    const policyPath = this.writePolicy(folder, sandbox, spec);
    const runnerTemp = path.join(folder, 'runner-temp');
    mkdirSync(runnerTemp);
    const files = { output: path.join(folder, 'github-output'), summary: path.join(folder, 'step-summary') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const credentials = { ...sandbox.env, ...spec.env };
    await this.withEnv(
      {
        INPUT_COMMAND: spec.command,
        INPUT_CONFIG: policyPath,
        INPUT_FORMAT: format,
        INPUT_APPLY: String(spec.apply ?? false),
        INPUT_FORCE: String(spec.force ?? false),
        INPUT_FAILON: 'never',
        // Credentials as action inputs, the way a workflow passes `${{ secrets.* }}`.
        ...credentialInputs(credentials),
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: runnerTemp,
        RUNNER_DEBUG: '1',
      },
      async () => {
        const where = `${label} · github (${format})`;
        const out = await capture(async () => {
          try {
            await run(createGithubHost(), this.runners(sandbox));
          } catch (error) {
            failGithubSetup(error);
          }
          if (process.exitCode === ExitCode.Operational) await settle(sandbox);
        });
        this.add(where, { stdout: out.stdout, stderr: out.stderr });
        this.outputs.push(
          {
            label: `${where} · GITHUB_OUTPUT`,
            text: withoutSecretOutput(readFileSync(files.output, 'utf8')),
          },
          { label: `${where} · job summary`, text: readFileSync(files.summary, 'utf8') },
          ...filesOf(runnerTemp, where),
        );
      },
    );
    this.remember(sandbox);
  }

  /**
   * The Azure Pipelines task's path: inputs through task-lib (secret credentials as inputs too, the way
   * `dbtCloudToken: $(dbtToken)` passes them), outputs as `##vso[task.setvariable]`, the summary through
   * `task.uploadsummary`.
   */
  async azure(
    sandbox: SandboxHandle,
    label: string,
    spec: LeakRun,
    format: OutputFormat = 'sarif',
  ): Promise<void> {
    const folder = this.folder();
    const policyPath = this.writePolicy(folder, sandbox, spec);
    const agentTemp = path.join(folder, 'agent-temp');
    mkdirSync(agentTemp);
    const credentials: Record<string, string | undefined> = { ...sandbox.env, ...spec.env };
    await this.withEnv(
      {
        INPUT_COMMAND: spec.command,
        INPUT_CONFIG: policyPath,
        INPUT_FORMAT: format,
        INPUT_APPLY: String(spec.apply ?? false),
        INPUT_FORCE: String(spec.force ?? false),
        INPUT_FAILON: 'never',
        AGENT_TEMPDIRECTORY: agentTemp,
        SYSTEM_DEBUG: 'true',
        ...credentials,
        AZURE_CLIENT_SECRET: undefined,
        AZURE_DEVOPS_TOKEN: undefined,
        DBT_CLOUD_TOKEN: undefined,
        CONDUCTORONE_CLIENT_SECRET: undefined,
        ...credentialInputs(credentials, SECRET_CREDENTIALS),
      },
      async () => {
        const where = `${label} · azure (${format})`;
        const out = await capture(async () => {
          taskLibInternal._loadData();
          try {
            await run(createAzureHost(), this.runners(sandbox));
          } catch (error) {
            failAzureSetup(error);
          }
          if (process.exitCode === ExitCode.Operational) await settle(sandbox);
        });
        this.add(where, { stdout: out.stdout, stderr: out.stderr });
        this.outputs.push(...filesOf(agentTemp, where));
      },
    );
    this.remember(sandbox);
  }

  /** verify/plan/remediate as shipped; rotate on the sandbox clock with the rotation tests' bounds. */
  private runners(sandbox: SandboxHandle): CommandRunners {
    return { rotate: createRotateRunner({ clock: sandboxClock(sandbox), limits: TEST_LIMITS }) };
  }

  private add(label: string, texts: Record<string, string>): void {
    for (const [stream, text] of Object.entries(texts))
      this.outputs.push({ label: `${label} · ${stream}`, text });
  }

  private folder(): string {
    const folder = path.join(this.dir, String(++this.count));
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  private writePolicy(folder: string, sandbox: SandboxHandle, spec: LeakRun): string {
    const policyPath = path.join(folder, 'ado-guard.yml');
    writeFileSync(policyPath, spec.policy ? spec.policy(sandbox.policyYaml) : sandbox.policyYaml);
    return policyPath;
  }

  /** Runs `fn` with these variables set (undefined ones removed) and every INPUT_*, GITHUB_* and AZURE_* reset. */
  private async withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) {
      if (/^(INPUT_|GITHUB_|RUNNER_|AGENT_|SYSTEM_|AZURE_|DBT_|CONDUCTORONE_)/.test(key))
        delete process.env[key];
    }
    for (const [key, value] of Object.entries(vars)) if (value !== undefined) process.env[key] = value;
    try {
      await fn();
    } finally {
      process.env = saved;
      process.exitCode = undefined;
    }
  }
}
