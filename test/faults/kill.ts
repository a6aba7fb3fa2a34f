/**
 * Runs the CLI bundle as a child process against an in-process sandbox and SIGKILLs it at a chosen point: right
 * after the k-th write is answered (the sandbox's request log tells the moment), or after a delay. Meanwhile every
 * request the sandbox logs is an instant at which the test may check an invariant.
 */
import { spawn } from 'node:child_process';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { RequestLogEntry } from '../../src/sandbox/server/request-log.js';
import { BUNDLES, NODE, baseEnv } from '../e2e/run-bundle.js';
import { isWrite } from '../helpers/writes.js';

/**
 * Where to kill: right after the k-th write is answered, after a delay, or while the first request to a route is
 * held by a `slow` fault (the service acts on it after the client is gone).
 */
export type KillPoint =
  { afterWrite: number } | { afterMs: number } | { inFlight: string; method: string; path: string };

/** How long an in-flight write is held before the service acts on it. */
export const IN_FLIGHT_HOLD_MS = 400;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Writes answered before the child ended. */
  writes: number;
}

/**
 * One CLI run; `kill` stops it with SIGKILL at that point, `observe` is called for every request the sandbox logs
 * while it runs (after the answer was written).
 */
export function runCli(
  sandbox: SandboxHandle,
  args: string[],
  options: { kill?: KillPoint; observe?: (entry: RequestLogEntry) => void } = {},
): Promise<ChildRun> {
  const { log, faults } = sandbox.world;
  const add = log.add.bind(log);
  const decide = faults.decide.bind(faults);
  const kill = options.kill;
  if (kill && 'inFlight' in kill) {
    faults.set({
      rules: [{ kind: 'slow', method: kill.method, path: kill.path, count: 1, delayMs: IN_FLIGHT_HOLD_MS }],
    });
  }
  let writes = 0;
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [BUNDLES.cli, ...args], {
      env: baseEnv(sandbox.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    faults.decide = (service, method, rawPath) => {
      const rule = decide(service, method, rawPath);
      if (rule?.kind === 'slow' && kill && 'inFlight' in kill) child.kill('SIGKILL');
      return rule;
    };
    log.add = (entry) => {
      const logged = add(entry);
      if (isWrite(logged) && logged.status >= 200 && logged.status < 300) {
        writes += 1;
        if (kill && 'afterWrite' in kill && writes === kill.afterWrite) child.kill('SIGKILL');
      }
      options.observe?.(logged);
      return logged;
    };
    const timer =
      kill && 'afterMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      faults.decide = decide;
      // A held write lands after the client is gone; let it, then no more faults.
      const settle = kill && 'inFlight' in kill ? IN_FLIGHT_HOLD_MS + 200 : 0;
      setTimeout(() => {
        faults.set({});
        log.add = add;
        resolve({ code, signal, stdout, stderr, writes });
      }, settle);
    });
  });
}

/** A small seeded generator (mulberry32) for the random kill points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
