/**
 * Fault matrix (issue 7): every end-to-end scenario of verify, plan, remediate and rotate is run once without
 * faults and once under a seeded mix of sandbox faults on every service (429 with Retry-After, 503 in JSON and
 * HTML, 200 with Retry-After / X-RateLimit-Delay, connection resets, answers slower than the client timeout);
 * findings, changes, exit code and the sandbox's final state must be the same. `npm run test:faults`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { FaultSettingsInput } from '../../src/sandbox/server/faults.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { differences, keyIdsOf, outcomeOf, type Outcome } from './compare.js';
import { runInProcess, type CommandRun, type HttpTuning } from './in-process.js';
import { runCli } from './kill.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/core/report.js';

const SEEDS = Number(process.env.ADO_GUARD_FAULT_SEEDS ?? 6);

/** Production retry rules (4 attempts), with waits shortened so the matrix runs in minutes. */
const HTTP: HttpTuning = { timeoutMs: 800, maxSingleWaitMs: 50, backoffBaseMs: 20, backoffCapMs: 200 };

/**
 * Every rule on every service; `slow` holds an answer longer than HTTP.timeoutMs. About 1 attempt in 10 fails.
 * The faults are transient: one route fails at most 3 times in a row, so the 4th attempt (the retry bound) gets
 * through; a route that keeps failing (exit 3 by design) is tested with `fail` rules elsewhere.
 */
export const FAULT_MIX: FaultSettingsInput = {
  latencyMs: 1,
  maxInARow: 3,
  rules: [
    // One deterministic fault in every 11 requests, so that every run meets faults.
    { kind: '503', html: true, every: 11 },
    { kind: '429', probability: 0.03, retryAfter: 1 },
    { kind: '503', probability: 0.02, retryAfter: 1 },
    { kind: '503', html: true, probability: 0.02 },
    { kind: 'retryAfter200', probability: 0.05, retryAfter: 1 },
    { kind: 'reset', probability: 0.02 },
    { kind: 'slow', probability: 0.015, delayMs: 1200 },
  ],
};

interface Scenario {
  name: string;
  world: 'drifted' | 'healthy';
  run: CommandRun;
}

const SCENARIOS: Scenario[] = [
  { name: 'verify on drifted', world: 'drifted', run: { command: 'verify' } },
  { name: 'verify on healthy', world: 'healthy', run: { command: 'verify' } },
  { name: 'plan on drifted', world: 'drifted', run: { command: 'plan' } },
  { name: 'remediate --apply on drifted', world: 'drifted', run: { command: 'remediate', apply: true } },
  { name: 'rotate on drifted', world: 'drifted', run: { command: 'rotate' } },
];

type State = Record<string, unknown>;
interface LogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}

/**
 * A request a `slow` rule holds is acted on after the client gave up: wait until every held request was answered,
 * so its effect is in this run's final state and not in the next run's.
 */
async function settleHeldRequests(sandbox: SandboxHandle): Promise<void> {
  const { fired, rules } = await control<{ fired: number[]; rules?: { kind: string }[] }>(
    sandbox,
    'GET',
    '/faults',
  );
  const held = (rules ?? []).reduce((n, rule, i) => n + (rule.kind === 'slow' ? (fired[i] ?? 0) : 0), 0);
  for (let waited = 0; waited < 5000; waited += 50) {
    const log = (await control<{ value: LogEntry[] }>(sandbox, 'GET', '/requests')).value;
    if (log.filter((e) => e.fault === 'slow').length >= held) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${held} request(s) held by a slow fault were not answered within 5 s`);
}

async function runOnce(
  sandbox: SandboxHandle,
  run: CommandRun,
  faults: FaultSettingsInput | undefined,
): Promise<{ outcome: Outcome; log: LogEntry[] }> {
  await control(sandbox, 'POST', '/reset');
  const start = await control<State>(sandbox, 'GET', '/state');
  if (faults) await control(sandbox, 'PUT', '/faults', faults);
  const result = await runInProcess(sandbox, run, HTTP);
  await settleHeldRequests(sandbox);
  await control(sandbox, 'PUT', '/faults', {});
  const state = await control<State>(sandbox, 'GET', '/state');
  const log = (await control<{ value: LogEntry[] }>(sandbox, 'GET', '/requests')).value;
  return { outcome: outcomeOf(result.code, result.report, state, keyIdsOf(start)), log };
}

/** The mix for the CLI bundle, whose client waits out real Retry-After and times out after 30 s: `slow` stays under it. */
const BUNDLE_FAULT_MIX: FaultSettingsInput = {
  ...FAULT_MIX,
  rules: FAULT_MIX.rules!.map((rule) => (rule.kind === 'slow' ? { ...rule, delayMs: 300 } : rule)),
};

let wrong = 0;
let compared = 0;
let comparedThroughBundle = 0;

afterAll(() => {
  process.stdout.write(
    `\nfaults: ${SCENARIOS.length} scenarios × ${SEEDS} seeds, ${wrong} wrong results ` +
      `(${compared} compared in process, ${comparedThroughBundle} through the CLI bundle)\n`,
  );
});

for (let seed = 1; seed <= SEEDS; seed++) {
  describe(`seed ${seed}`, () => {
    const sandboxes = new Map<string, SandboxHandle>();
    beforeAll(async () => {
      for (const name of ['drifted', 'healthy'] as const) {
        const spec = structuredClone(builtInScenario(name));
        spec.seed = seed;
        sandboxes.set(name, await startTestSandbox(spec));
      }
    });
    afterAll(async () => {
      for (const sandbox of sandboxes.values()) await sandbox.stop();
    });

    for (const scenario of SCENARIOS) {
      it(`${scenario.name}: same findings, changes and final state under faults`, async () => {
        const sandbox = sandboxes.get(scenario.world)!;
        const reference = await runOnce(sandbox, scenario.run, undefined);
        const faulted = await runOnce(sandbox, scenario.run, FAULT_MIX);
        const faultsFired = faulted.log.filter((e) => e.fault).length;
        compared += 1;
        const diff = differences(reference.outcome, faulted.outcome);
        if (diff.length > 0) wrong += 1;
        expect(diff).toEqual([]);
        // The mix did something, and retries are bounded: per route, at most 4 attempts per request of the
        // reference run.
        expect(faultsFired).toBeGreaterThan(0);
        const perRoute = (log: LogEntry[]) => {
          const counts = new Map<string, number>();
          for (const e of log)
            counts.set(`${e.method} ${e.path}`, (counts.get(`${e.method} ${e.path}`) ?? 0) + 1);
          return counts;
        };
        const allowed = perRoute(reference.log);
        const beyond = [...perRoute(faulted.log)]
          .filter(([route, n]) => n > 4 * (allowed.get(route) ?? 0))
          .map(([route, n]) => `${route}: ${n} attempts, ${allowed.get(route) ?? 0} in the reference run`);
        expect(beyond).toEqual([]);
      });
    }
  });
}

const BUNDLE_SCENARIOS: { name: string; args: string[] }[] = [
  { name: 'verify on drifted', args: ['verify'] },
  { name: 'remediate --apply on drifted', args: ['remediate', '--apply'] },
];

describe('through the CLI bundle (seed 1)', () => {
  let sandbox: SandboxHandle;
  let policy: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox('drifted');
    policy = path.join(mkdtempSync(path.join(os.tmpdir(), 'fault-matrix-')), 'ado-guard.yml');
    writeFileSync(policy, sandbox.policyYaml);
  });
  afterAll(() => sandbox.stop());

  const bundleRun = async (
    args: string[],
    faults?: FaultSettingsInput,
  ): Promise<{ outcome: Outcome; fired: number }> => {
    await control(sandbox, 'POST', '/reset');
    const start = await control<State>(sandbox, 'GET', '/state');
    if (faults) await control(sandbox, 'PUT', '/faults', faults);
    const run = await runCli(sandbox, [...args, '--config', policy, '--format', 'json']);
    await settleHeldRequests(sandbox);
    await control(sandbox, 'PUT', '/faults', {});
    const state = await control<State>(sandbox, 'GET', '/state');
    const log = (await control<{ value: { fault?: string }[] }>(sandbox, 'GET', '/requests')).value;
    return {
      outcome: outcomeOf(run.code ?? -1, JSON.parse(run.stdout) as Report, state, keyIdsOf(start)),
      fired: log.filter((e) => e.fault).length,
    };
  };

  for (const scenario of BUNDLE_SCENARIOS) {
    it(`${scenario.name}: same findings, changes and final state under faults`, async () => {
      const reference = await bundleRun(scenario.args);
      const faulted = await bundleRun(scenario.args, BUNDLE_FAULT_MIX);
      const diff = differences(reference.outcome, faulted.outcome);
      comparedThroughBundle += 1;
      if (diff.length > 0) wrong += 1;
      expect(diff).toEqual([]);
      expect(faulted.fired).toBeGreaterThan(0);
    });
  }
});
