/**
 * plan / remediate through the shipped bundles against the sandbox over HTTPS (issue 5 acceptance): plan writes
 * nothing (sandbox request log); apply leaves verify clean but for what ado-guard must not fix; the state diff
 * (sandbox `GET /state`) shows only the intended changes; a re-run is a no-op; read-after-write lag is polled out;
 * a write route that keeps failing gives exit 3 with what landed, and a re-run completes; the action without
 * `apply` only plans.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import type { ScenarioSpec } from '../../src/sandbox/scenario/spec.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { writes } from '../remediate/harness.js';
import type { LoggedRequest, Report } from '../remediate/harness.js';
import { diffState } from '../remediate/state-diff.js';
import { azureOutputs, baseEnv, BUNDLES, githubFiles, hasStackTrace, runBundle } from './run-bundle.js';

interface World {
  sandbox: SandboxHandle;
  policyPath: string;
  dir: string;
}

async function startWorld(scenario: string | ScenarioSpec): Promise<World> {
  const sandbox = await startTestSandbox(scenario);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-remediate-'));
  const policyPath = path.join(dir, 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
  return { sandbox, policyPath, dir };
}

const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: depending on the interop its function is the module or its `default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
})();

/** The CLI bundle with `--format json`; every report must match the report JSON Schema (DESIGN.md §6). */
async function cli(world: World, args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runBundle(
    BUNDLES.cli,
    [...args, '--config', world.policyPath, '--format', 'json'],
    baseEnv(world.sandbox.env),
  );
  expect(hasStackTrace(r.stderr)).toBe(false);
  const report = JSON.parse(r.stdout) as Report;
  expect(validateReport(report)).toBe(true);
  return { code: r.code, report, stderr: r.stderr };
}

const requests = async (world: World, since = 0) =>
  (await control<{ value: LoggedRequest[] }>(world.sandbox, 'GET', `/requests?since=${since}`)).value;
const lastSeq = async (world: World) => (await requests(world)).at(-1)?.seq ?? 0;
const state = (world: World) => control<Record<string, unknown>>(world.sandbox, 'GET', '/state');
const drift = (report: Report) =>
  report.findings.map((f) => `${f.ruleId} ${f.resource.repository ?? ''}`.trim()).sort();

/** After apply on `drifted`: the group deny, the own deny (removeExplicitDeny off), User.Read, the secret. */
const LEFT_ALONE = [
  'ADO-PERMISSION-DENIED finance-dbt',
  'ADO-PERMISSION-DENIED finance-seeds',
  'ENTRA-PERMISSION-UNWANTED',
  'ENTRA-SECRET-EXPIRING',
];

describe('CLI bundle: plan, remediate --apply, re-run on the drifted story', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('drifted');
  });
  afterAll(() => world.sandbox.stop());

  it('plan writes nothing and lists the exact changes', async () => {
    const before = await state(world);
    const { code, report } = await cli(world, ['plan']);
    expect(code).toBe(1);
    const projects = (before.azureDevOps as { projects: { id: string; name: string }[] }).projects;
    const id = (name: string) => projects.find((p) => p.name === name)!.id;
    expect(report.changes.map((c) => [c.kind, c.resource.token ?? c.resource.name, c.applied])).toEqual([
      ['ace', `PublisherSecurity/${id('Finance')}`, false],
      ['ace', `repoV2/${id('Analytics')}`, false],
      ['membership', '[Marketing]\\Readers', false],
      ['app', 'dbt Cloud', false],
    ]);
    expect(writes(await requests(world))).toEqual([]);
  });

  it('apply changes only what was planned, verify is clean but for what must not be fixed, a re-run is a no-op', async () => {
    const before = await state(world);
    const applied = await cli(world, ['remediate', '--apply']);
    expect(applied.code).toBe(1);
    expect(applied.report.changes.map((c) => c.applied)).toEqual([true, true, true, true]);
    expect(drift(applied.report)).toEqual(LEFT_ALONE);

    const diff = diffState(before, await state(world));
    expect(diff.aces.map((a) => [a.namespace, a.token, a.before, a.after])).toEqual([
      [
        'ServiceHooks',
        applied.report.changes[0]!.resource.token,
        { allow: 1, deny: 0 },
        { allow: 7, deny: 0 },
      ],
      ['Git Repositories', applied.report.changes[1]!.resource.token, undefined, { allow: 16388, deny: 0 }],
    ]);
    expect(diff.aces.every((a) => a.descriptor.endsWith('\\dbt-svc@contoso.com'))).toBe(true);
    expect(diff.memberships).toHaveLength(1);
    expect([...diff.applications.values()].map(([, app]) => app.displayName)).toEqual(['dbt Cloud']);
    expect(diff.other).toEqual([]);

    const verify = await cli(world, ['verify']);
    expect(drift(verify.report)).toEqual(LEFT_ALONE);

    const seq = await lastSeq(world);
    const rerun = await cli(world, ['remediate', '--apply']);
    expect(rerun.report.changes).toEqual([]);
    expect(writes(await requests(world, seq))).toEqual([]);
  });
});

describe('action bundle', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('drifted');
  });
  afterAll(() => world.sandbox.stop());

  it('INPUT_COMMAND=remediate without INPUT_APPLY only plans: no write, the plan in the summary', async () => {
    const gh = githubFiles();
    const r = await runBundle(
      BUNDLES.action,
      [],
      baseEnv({
        ...world.sandbox.env,
        ...gh.env,
        INPUT_COMMAND: 'remediate',
        INPUT_CONFIG: world.policyPath,
      }),
    );
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.code).toBe(1);
    expect(writes(await requests(world))).toEqual([]);
    expect(gh.outputs()).toMatchObject({ status: 'drift' });
    const summary = gh.summary();
    expect(summary).toContain('### Planned changes (4)');
    expect(summary).toContain('| Kind | Resource | Description | Applied | Error |');
    expect(summary).toContain('### Not fixable by ado-guard');
    const report = JSON.parse(readFileSync(gh.outputs().report!, 'utf8')) as Report;
    expect(report.changes.every((c) => !c.applied)).toBe(true);
  });
});

describe('task bundle', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('drifted');
  });
  afterAll(() => world.sandbox.stop());

  it('INPUT_COMMAND=remediate without INPUT_APPLY only plans: no write', async () => {
    const r = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({
        ...world.sandbox.env,
        AGENT_TEMPDIRECTORY: world.dir,
        INPUT_COMMAND: 'remediate',
        INPUT_CONFIG: world.policyPath,
      }),
    );
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Failed;\]/m);
    expect(writes(await requests(world))).toEqual([]);
    const report = JSON.parse(readFileSync(azureOutputs(r.stdout).report!, 'utf8')) as Report;
    expect(report.changes.map((c) => c.applied)).toEqual([false, false, false, false]);
  });
});

describe('CLI bundle: lag and failure', () => {
  it('read-after-write lag: re-verify polls until the changes show', async () => {
    const spec = structuredClone(builtInScenario('drifted'));
    spec.azureDevOps.aclLagMs = 2_500;
    const world = await startWorld(spec);
    try {
      const { code, report, stderr } = await cli(world, ['remediate', '--apply']);
      expect(code).toBe(1);
      expect(stderr).toContain('read-after-write lag');
      expect(drift(report)).toEqual(LEFT_ALONE);
    } finally {
      await world.sandbox.stop();
    }
  }, 60_000);

  it('a write route that keeps failing: exit 3, what landed is listed, a re-run completes', async () => {
    const world = await startWorld('drifted');
    try {
      await control(world.sandbox, 'PUT', '/faults', {
        rules: [
          { kind: 'fail', service: 'azureDevOpsIdentity', method: 'PUT', path: '/_apis/graph/memberships/' },
        ],
      });
      const failed = await cli(world, ['remediate', '--apply']);
      expect(failed.code).toBe(3);
      expect(failed.report.status).toBe('error');
      expect(failed.report.changes.map((c) => [c.kind, c.applied, c.error !== undefined])).toEqual([
        ['ace', true, false],
        ['ace', true, false],
        ['membership', false, true],
        ['app', true, false],
      ]);
      expect(failed.report.error?.message).toMatch(/^3 of 4 change\(s\) applied; 1 did not land/);
      expect(drift(failed.report)).toEqual([...LEFT_ALONE, 'ADO-READER-MISSING'].sort());

      await control(world.sandbox, 'PUT', '/faults', { rules: [] });
      const rerun = await cli(world, ['remediate', '--apply']);
      expect(rerun.code).toBe(1);
      expect(rerun.report.changes.map((c) => [c.kind, c.applied])).toEqual([['membership', true]]);
      expect(drift(rerun.report)).toEqual(LEFT_ALONE);
    } finally {
      await world.sandbox.stop();
    }
  }, 60_000);
});
