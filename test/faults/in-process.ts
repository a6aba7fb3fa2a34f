/**
 * One verify / plan / remediate / rotate run in process against a sandbox, the way runReportCommand does it, but
 * with a tunable HTTP layer (short timeouts and retry waits, so a fault matrix runs in minutes) and rotation time
 * on the sandbox clock (test/rotate/harness.ts).
 */
import { createContext } from '../../src/app/context.js';
import { exitCodeOf } from '../../src/app/publish.js';
import { createServices } from '../../src/app/services.js';
import type { CommandOutcome, ReportCommandRunner } from '../../src/app/commands/outcome.js';
import { runRemediate } from '../../src/app/commands/remediate.js';
import { createRotateRunner } from '../../src/app/commands/rotate.js';
import { runVerify } from '../../src/app/commands/verify.js';
import type { HttpClientOptions } from '../../src/clients/http/index.js';
import { OperationalError } from '../../src/core/errors.js';
import type { ExitCode } from '../../src/core/exit-codes.js';
import { parsePolicy } from '../../src/core/policy/load.js';
import { createReport, type Command, type Report } from '../../src/core/report.js';
import { VERSION } from '../../src/core/version.js';
import { readCliCredentials } from '../../src/platform/cli.js';
import type { Host, RunOptions } from '../../src/platform/host.js';
import type { RotationClock } from '../../src/rotate/clock.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { TEST_LIMITS } from '../rotate/harness.js';

export type HttpTuning = Omit<HttpClientOptions, 'secrets' | 'log'>;

export interface CommandRun {
  command: Command;
  apply?: boolean;
  force?: boolean;
}

export interface RunResult {
  report: Report;
  code: ExitCode;
  /** Attempts our HTTP layer sent (retries included). */
  attempts: number;
  lines: string[];
}

function quietHost(options: RunOptions, env: NodeJS.ProcessEnv, lines: string[]): Host {
  const line = (kind: string) => (message: string) => lines.push(`${kind}: ${message}`);
  return {
    platform: 'cli',
    options,
    credentials: readCliCredentials(env),
    credentialSource: (name) => `input ${name}`,
    setSecret: () => undefined,
    debug: () => undefined,
    info: line('info'),
    warning: line('warning'),
    error: line('error'),
    step: line('step'),
    print: () => undefined,
    setOutput: () => undefined,
    writeSummary: () => Promise.resolve(),
    finish: () => undefined,
  };
}

/** Rotation time is sandbox time: a rotation's wait moves the sandbox clock. */
export function sandboxClock(sandbox: SandboxHandle): RotationClock {
  return {
    now: () => sandbox.world.clock.now(),
    sleep: async (ms) => {
      sandbox.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export async function runInProcess(
  sandbox: SandboxHandle,
  run: CommandRun,
  http: HttpTuning,
): Promise<RunResult> {
  const lines: string[] = [];
  const options: RunOptions = {
    command: run.command,
    configPath: 'ado-guard.yml',
    format: 'json',
    failOn: 'error',
    apply: run.apply ?? false,
    dryRun: false,
    force: run.force ?? false,
    quiet: true,
    color: false,
  };
  const host = quietHost(options, sandbox.env, lines);
  const clock = sandboxClock(sandbox);
  const ctx = createContext(host, new Date(clock.now()));
  const policy = parsePolicy('ado-guard.yml', sandbox.policyYaml, {}).policy;
  const services = createServices(ctx, policy, http);
  const runner: ReportCommandRunner =
    run.command === 'verify'
      ? async (c, p, s) => ({ findings: await runVerify(c, p, s) })
      : run.command === 'rotate'
        ? createRotateRunner({ clock, limits: TEST_LIMITS })
        : runRemediate;
  let outcome: CommandOutcome = { findings: [] };
  let error: { message: string; service?: string } | undefined;
  try {
    outcome = await runner(ctx, policy, services, (partial) => (outcome = partial));
  } catch (failure) {
    if (!(failure instanceof OperationalError)) throw failure;
    error = {
      message: ctx.redact(failure.message),
      ...(failure.service ? { service: failure.service } : {}),
    };
  } finally {
    services.http.close();
  }
  const report = createReport({
    command: run.command,
    version: VERSION,
    startedAt: ctx.startedAt,
    findings: outcome.findings,
    ...(outcome.changes ? { changes: outcome.changes } : {}),
    ...(outcome.rotation ? { rotation: outcome.rotation } : {}),
    requests: services.http.requestCount,
    ...(error ? { error } : {}),
  });
  return { report, code: exitCodeOf(report, ctx), attempts: services.http.requestCount, lines };
}
