/**
 * Every write of remediate and rotate, and the token requests around them, with its answer lost once: a 503
 * (Graph or the service may or may not have acted), a reset connection, an answer slower than the client timeout
 * (the service acts, the client gives up). The run must end with the same findings, changes and final state as
 * without the fault. And a route that keeps failing stops the run quickly (exit 3, a clear error), not a hang.
 * `npm run test:faults`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { FaultRule, FaultSettingsInput } from '../../src/sandbox/server/faults.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { differences, keyIdsOf, outcomeOf, type Outcome } from './compare.js';
import { runInProcess, type CommandRun, type HttpTuning } from './in-process.js';

const HTTP: HttpTuning = { timeoutMs: 800, maxSingleWaitMs: 50, backoffBaseMs: 20, backoffCapMs: 200 };

type Route = Pick<FaultRule, 'service' | 'method' | 'path'>;
interface WriteCase {
  name: string;
  run: CommandRun;
  route: Route;
  /** Kinds whose lost answer this write must survive. */
  kinds: ('503' | 'reset' | 'slow')[];
}

const ROTATE: CommandRun = { command: 'rotate', force: true };
const REMEDIATE: CommandRun = { command: 'remediate', apply: true };
const ALL = ['503', 'reset', 'slow'] as const;

const WRITES: WriteCase[] = [
  // A slow addPassword makes a second secret after the run moved on; see the report of issue 7.
  {
    name: 'Graph addPassword',
    run: ROTATE,
    route: { service: 'graph', method: 'POST', path: '/addPassword$' },
    kinds: ['503', 'reset'],
  },
  {
    name: 'dbt Cloud record update',
    run: ROTATE,
    route: { service: 'dbtCloud', method: 'POST', path: '/azure-ad-applications/' },
    kinds: [...ALL],
  },
  {
    name: 'ConductorOne config update',
    run: ROTATE,
    route: { service: 'conductorOne', method: 'POST', path: '/connectors/[^/]+$' },
    kinds: [...ALL],
  },
  {
    name: 'ConductorOne force_sync',
    run: ROTATE,
    route: { service: 'conductorOne', method: 'POST', path: '/force_sync$' },
    kinds: [...ALL],
  },
  {
    name: 'ConductorOne token',
    run: ROTATE,
    route: { service: 'conductorOne', method: 'POST', path: '/auth/v1/token$' },
    kinds: [...ALL],
  },
  {
    name: 'Azure DevOps ACE write',
    run: REMEDIATE,
    route: { service: 'azureDevOps', method: 'POST', path: '/_apis/accesscontrolentries/' },
    kinds: [...ALL],
  },
  {
    name: 'Readers membership',
    run: REMEDIATE,
    route: { method: 'PUT', path: '/memberships/' },
    kinds: [...ALL],
  },
  {
    name: 'Graph application PATCH',
    run: REMEDIATE,
    route: { service: 'graph', method: 'PATCH', path: '/applications/' },
    kinds: [...ALL],
  },
];

type State = Record<string, unknown>;
interface LogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}

async function runOnce(
  sandbox: SandboxHandle,
  run: CommandRun,
  faults?: FaultSettingsInput,
): Promise<{ outcome: Outcome; log: LogEntry[]; lines: string[] }> {
  await control(sandbox, 'POST', '/reset');
  const start = await control<State>(sandbox, 'GET', '/state');
  if (faults) await control(sandbox, 'PUT', '/faults', faults);
  const result = await runInProcess(sandbox, run, HTTP);
  // A slow answer the client gave up on may still be in flight: let it land before reading the state.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await control(sandbox, 'PUT', '/faults', {});
  // …and what it started finish (a ConductorOne sync queued twice is still running otherwise).
  await control(sandbox, 'POST', '/clock', { advanceMs: 15 * 60_000 });
  const state = await control<State>(sandbox, 'GET', '/state');
  const log = (await control<{ value: LogEntry[] }>(sandbox, 'GET', '/requests')).value;
  return {
    outcome: outcomeOf(result.code, result.report, state, keyIdsOf(start)),
    log,
    lines: result.lines,
  };
}

let cases = 0;
let wrong = 0;
afterAll(() => {
  process.stdout.write(`\nfaults (lost write answers): ${cases} cases, ${wrong} wrong results\n`);
});

describe('a lost answer on each write', () => {
  let sandbox: SandboxHandle;
  const reference = new Map<CommandRun, Outcome>();
  beforeAll(async () => {
    sandbox = await startTestSandbox('drifted');
    for (const run of [ROTATE, REMEDIATE]) reference.set(run, (await runOnce(sandbox, run)).outcome);
  });
  afterAll(() => sandbox.stop());

  for (const write of WRITES) {
    for (const kind of write.kinds) {
      it(`${write.name}, ${kind} once: same outcome as without the fault`, async () => {
        const rule = { kind, ...write.route, count: 1, delayMs: 1200 };
        const faulted = await runOnce(sandbox, write.run, { rules: [rule] });
        const diff = differences(reference.get(write.run)!, faulted.outcome);
        cases += 1;
        if (diff.length > 0) wrong += 1;
        expect(faulted.log.filter((e) => e.fault === kind)).toHaveLength(1);
        expect(diff).toEqual([]);
      });
    }
  }

  it('a route that keeps failing ends the run with exit 3 and a clear error after a bounded number of attempts', async () => {
    const route = '/_apis/accesscontrollists/';
    const faulted = await runOnce(
      sandbox,
      { command: 'verify' },
      {
        rules: [{ kind: 'fail', service: 'azureDevOps', path: route, status: 503 }],
      },
    );
    expect(faulted.outcome.code).toBe(3);
    expect(faulted.outcome.error).toMatch(
      /Azure DevOps: .*\(HTTP 503\) on GET .*accesscontrollists.* after 4 attempts/,
    );
    const failed = faulted.log.filter((e) => e.fault === 'fail');
    // Each ACL read the run made is attempted at most 4 times.
    const distinct = new Set(failed.map((e) => e.path)).size;
    expect(failed.length).toBeLessThanOrEqual(4 * distinct * 4);
    expect(failed.length).toBeGreaterThanOrEqual(4);
  });

  it('a service that keeps asking to wait ends the run with exit 3 once the wait budget is spent', async () => {
    await control(sandbox, 'POST', '/reset');
    await control(sandbox, 'PUT', '/faults', {
      rules: [{ kind: '429', service: 'azureDevOps', retryAfter: 1 }],
    });
    const result = await runInProcess(sandbox, { command: 'verify' }, { ...HTTP, waitBudgetMs: 200 });
    await control(sandbox, 'PUT', '/faults', {});
    expect(result.code).toBe(3);
    expect(result.report.error?.message).toMatch(
      /Azure DevOps kept asking to wait \(Retry-After\): .* beyond this run.s budget of 0\.2 s/,
    );
  });
});
