/**
 * Kill matrix (issue 7): `rotate` and `remediate --apply` run as the CLI bundle and are SIGKILLed right after each
 * write is answered and at seeded random moments; a re-run must converge with DESIGN.md §7's invariants.
 *
 * Kill points: after each answered write, while a write is held in flight (the service acts on it after the client
 * died: for addPassword, a secret whose value nobody knows), and at seeded random moments.
 *
 * rotate: at every request the sandbox logs (during the killed run and the re-run) every target holds a secret
 * Entra accepts; after the re-run each rotated app has exactly one ado-guard secret, every target of the app holds
 * it, no orphan is left, and the final state equals a run that was never killed (normalised). The re-run is in
 * process with the test rotation limits (lock window 30 s) and sandbox time moved past the lock window: the
 * bundle's window is 60 min, and an hour of sandbox time would outdate ConductorOne's client assertion (real time).
 *
 * remediate: the re-run (bundle) exits as an unkilled run does, verify then shows no fixable finding, and the
 * final state equals the unkilled run's. `npm run test:faults`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { TEST_LIMITS } from '../rotate/harness.js';
import { keyIdsOf, normaliser, stateText } from './compare.js';
import { runInProcess } from './in-process.js';
import { runCli, seeded, type KillPoint } from './kill.js';

const RANDOM_POINTS = Number(process.env.ADO_GUARD_KILL_RANDOM_POINTS ?? 3);
const SEED = 7;

type State = Record<string, unknown>;

let points = 0;
let converged = 0;
afterAll(() => {
  process.stdout.write(
    `\nkill: ${points} kill points, ${converged === points ? 'all converged' : `${points - converged} did NOT converge`}\n`,
  );
});

async function fresh(sandbox: SandboxHandle): Promise<Set<string>> {
  await control(sandbox, 'POST', '/reset');
  return keyIdsOf(await control<State>(sandbox, 'GET', '/state'));
}

async function finalState(sandbox: SandboxHandle, start: ReadonlySet<string>): Promise<string> {
  const state = await control<State>(sandbox, 'GET', '/state');
  return normaliser(state, start)(stateText(state));
}

function describePoint(point: KillPoint): string {
  if ('inFlight' in point) return `during ${point.inFlight}`;
  return 'afterWrite' in point ? `after write ${point.afterWrite}` : `after ${point.afterMs} ms`;
}

/** A point at a write must have met a live run (a random moment may come after the run ended). */
function notKilled(point: KillPoint, signal: NodeJS.Signals | null): string[] {
  return 'afterMs' in point || signal === 'SIGKILL' ? [] : ['the run ended before the kill point'];
}

function killPoints(writes: number, durationMs: number, seed: number, inFlight: KillPoint[]): KillPoint[] {
  const random = seeded(seed);
  return [
    ...Array.from({ length: writes }, (_, i) => ({ afterWrite: i + 1 })),
    ...inFlight,
    ...Array.from({ length: RANDOM_POINTS }, () => ({ afterMs: Math.floor(random() * durationMs) })),
  ];
}

/** verify's findings as sorted `ruleId resource [fixable]` lines. */
function findingsOf(run: { stdout: string }): string[] {
  const report = JSON.parse(run.stdout) as {
    findings: { ruleId: string; fixable: boolean; resource: Record<string, string> }[];
  };
  return report.findings
    .map((f) => `${f.ruleId} ${JSON.stringify(f.resource)}${f.fixable ? ' fixable' : ''}`)
    .sort();
}

function policyFile(sandbox: SandboxHandle): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kill-matrix-')), 'ado-guard.yml');
  writeFileSync(file, sandbox.policyYaml);
  return file;
}

/** What each target stores, by app: its keyId and whether Entra accepts it now. */
function targetsHold(
  sandbox: SandboxHandle,
): { target: string; appId: string; keyId?: string; ok: boolean }[] {
  const { entra, dbt, c1 } = sandbox.world;
  const out: { target: string; appId: string; keyId?: string; ok: boolean }[] = [];
  const rec = dbt?.record;
  if (rec) {
    const keyId = entra.keyIdOfSecret(rec.clientId, rec.clientSecret);
    out.push({
      target: 'dbtCloud',
      appId: rec.clientId,
      ...(keyId ? { keyId } : {}),
      ok: entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret) === 'ok',
    });
  }
  for (const connector of c1?.connectors ?? []) {
    const cfg = connector.configuration;
    const clientId = cfg.oauth2_client_cred_grant_client_id ?? '';
    const secret = cfg.oauth2_client_cred_grant_client_secret ?? '';
    const keyId = entra.keyIdOfSecret(clientId, secret);
    out.push({
      target: `conductorOne ${connector.id}`,
      appId: clientId,
      ...(keyId ? { keyId } : {}),
      ok: entra.checkClientSecret(cfg.azure_devops_tenant_id ?? '', clientId, secret) === 'ok',
    });
  }
  return out;
}

function adoGuardSecrets(sandbox: SandboxHandle, appId: string): string[] {
  const app = sandbox.world.entra.resolveApplication(appId);
  return (app?.passwordCredentials ?? [])
    .filter((p) => (p.displayName ?? '').startsWith('ado-guard '))
    .map((p) => p.keyId);
}

describe('kill matrix: rotate --force (CLI bundle)', () => {
  let sandbox: SandboxHandle;
  let policy: string;
  let reference: string;
  const cases: KillPoint[] = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox('drifted');
    policy = policyFile(sandbox);
    const start = await fresh(sandbox);
    const started = Date.now();
    const run = await runCli(sandbox, ['rotate', '--config', policy, '--format', 'json', '--force']);
    expect(run.code).toBe(0);
    reference = await finalState(sandbox, start);
    cases.push(
      ...killPoints(run.writes, Date.now() - started, SEED, [
        { inFlight: 'addPassword', method: 'POST', path: '/addPassword$' },
        { inFlight: 'the dbt Cloud push', method: 'POST', path: '/azure-ad-applications/' },
        { inFlight: 'the ConductorOne config update', method: 'POST', path: '/connectors/[^/]+$' },
      ]),
    );
  });
  afterAll(() => sandbox.stop());

  it('converges after a SIGKILL at every write boundary and at random moments', async () => {
    expect(cases.length).toBeGreaterThan(RANDOM_POINTS);
    const failures: string[] = [];
    for (const point of cases) {
      points += 1;
      const where = describePoint(point);
      const start = await fresh(sandbox);
      const instants: string[] = [];
      const check = (when: string) => {
        for (const held of targetsHold(sandbox)) {
          if (!held.ok) instants.push(`${when}: ${held.target} holds a secret Entra refuses`);
        }
      };
      const killed = await runCli(sandbox, ['rotate', '--config', policy, '--format', 'json', '--force'], {
        kill: point,
        observe: (e) => check(`${e.method} ${e.path}`),
      });
      check('after the kill');
      await control(sandbox, 'POST', '/clock', { advanceMs: (TEST_LIMITS.lockWindowMs ?? 0) + 1000 });
      const rerun = await runInProcess(sandbox, { command: 'rotate', force: true }, {});
      check('after the re-run');
      const problems = [...new Set(instants), ...notKilled(point, killed.signal)];
      if (rerun.code !== 0) problems.push(`re-run exit ${rerun.code}: ${rerun.report.error?.message ?? ''}`);
      const byApp = new Map<string, Set<string | undefined>>();
      for (const held of targetsHold(sandbox)) {
        byApp.set(held.appId, (byApp.get(held.appId) ?? new Set()).add(held.keyId));
      }
      for (const [appId, keyIds] of byApp) {
        const ours = adoGuardSecrets(sandbox, appId);
        if (ours.length !== 1) problems.push(`app ${appId} has ${ours.length} ado-guard secrets`);
        if (keyIds.size !== 1 || !ours.includes([...keyIds][0]!)) {
          problems.push(
            `the targets of app ${appId} hold ${[...keyIds].join(', ')}, not its ado-guard secret`,
          );
        }
      }
      if ((await finalState(sandbox, start)) !== reference)
        problems.push('final state differs from an unkilled run');
      if (problems.length > 0) {
        failures.push(
          `${where} (killed run: ${killed.signal ?? `exit ${killed.code}`}): ${problems.join('; ')}`,
        );
      } else converged += 1;
    }
    expect(failures).toEqual([]);
  });
});

describe('kill matrix: remediate --apply (CLI bundle)', () => {
  let sandbox: SandboxHandle;
  let policy: string;
  let reference: { state: string; code: number | null; findings: string[] };
  const cases: KillPoint[] = [];
  const args = () => ['remediate', '--apply', '--config', policy, '--format', 'json'];
  const verifyArgs = () => ['verify', '--config', policy, '--format', 'json'];

  beforeAll(async () => {
    sandbox = await startTestSandbox('drifted');
    policy = policyFile(sandbox);
    const start = await fresh(sandbox);
    const started = Date.now();
    const run = await runCli(sandbox, args());
    reference = {
      state: await finalState(sandbox, start),
      code: run.code,
      findings: findingsOf(await runCli(sandbox, verifyArgs())),
    };
    cases.push(
      ...killPoints(run.writes, Date.now() - started, SEED + 1, [
        { inFlight: 'an ACE write', method: 'POST', path: '/_apis/accesscontrolentries/' },
        { inFlight: 'the Readers membership', method: 'PUT', path: '/memberships/' },
        { inFlight: 'the app PATCH', method: 'PATCH', path: '/applications/' },
      ]),
    );
  });
  afterAll(() => sandbox.stop());

  it('converges after a SIGKILL at every write boundary and at random moments', async () => {
    expect(cases.length).toBeGreaterThan(RANDOM_POINTS);
    const failures: string[] = [];
    for (const point of cases) {
      points += 1;
      const start = await fresh(sandbox);
      const killed = await runCli(sandbox, args(), { kill: point });
      const rerun = await runCli(sandbox, args());
      const findings = findingsOf(await runCli(sandbox, verifyArgs()));
      const problems = notKilled(point, killed.signal);
      if (rerun.code !== reference.code)
        problems.push(`re-run exit ${rerun.code}, unkilled ${reference.code}`);
      // Fixable by remediate: everything fixable except the expiring secret, which is rotate's.
      const fixable = findings.filter((f) => f.includes('fixable') && !f.startsWith('ENTRA-SECRET-'));
      if (fixable.length > 0) problems.push(`verify still shows fixable findings: ${fixable.join(', ')}`);
      if (JSON.stringify(findings) !== JSON.stringify(reference.findings)) {
        problems.push(`verify findings differ from an unkilled run: ${findings.join(', ')}`);
      }
      if ((await finalState(sandbox, start)) !== reference.state) {
        problems.push('final state differs from an unkilled run');
      }
      if (problems.length > 0) {
        failures.push(
          `${describePoint(point)} (killed run: ${killed.signal ?? `exit ${killed.code}`}): ${problems.join('; ')}`,
        );
      } else converged += 1;
    }
    expect(failures).toEqual([]);
  });
});
