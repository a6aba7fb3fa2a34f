/**
 * remediate --apply when Azure DevOps misbehaves: a write route that keeps failing (sandbox `fail` fault) stops
 * the writes that depend on it, the report says exactly which changes landed (exit 3), and a re-run completes the
 * rest; read-after-write lag (scenario `aclLagMs`) is waited out by re-verify's bounded polling.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { control } from '../sandbox/helpers.js';
import { startRemediateWorld, writes } from './harness.js';
import type { RemediateWorld } from './harness.js';

const SVC = 'dbt-svc@contoso.com';

describe('a write route that keeps failing', () => {
  let world: RemediateWorld;

  beforeAll(async () => {
    const spec = structuredClone(builtInScenario('drifted'));
    // The user's own deny on the Analytics project token: clearing it must precede the grant on that same ACE.
    spec.azureDevOps.acls = [
      ...(spec.azureDevOps.acls ?? []),
      {
        namespace: 'Git Repositories',
        token: 'repoV2/{Analytics}',
        aces: [{ identity: SVC, deny: ['GenericContribute'] }],
      },
    ];
    spec.policy = { ...spec.policy, remediation: { removeExplicitDeny: true } };
    world = await startRemediateWorld(spec);
  });
  afterAll(() => world.stop());

  it('stops the dependent grant, reports what landed with exit 3, and a re-run completes the rest', async () => {
    await control(world.sandbox, 'PUT', '/faults', {
      rules: [
        { kind: 'fail', service: 'azureDevOps', method: 'DELETE', path: '/_apis/permissions/', status: 500 },
      ],
    });
    const failed = await world.json(['remediate', '--apply']);
    expect(failed.code).toBe(3);
    expect(failed.report.status).toBe('error');
    expect(failed.report.error?.message).toMatch(/^3 of 6 change\(s\) applied; 3 did not land/);
    expect(failed.report.error?.message).toContain('run `ado-guard remediate --apply` again');
    const outcome = failed.report.changes.map((c) => [
      c.kind,
      c.description.split(' ').slice(0, 4).join(' '),
      c.applied,
      c.error === undefined ? '' : c.error.startsWith('Not attempted: it depends on') ? 'blocked' : 'failed',
    ]);
    expect(outcome).toEqual([
      ['ace', 'Clear the explicit deny', false, 'failed'],
      ['ace', 'Clear the explicit deny', false, 'failed'],
      ['ace', 'Allow EditSubscriptions, DeleteSubscriptions for', true, ''],
      ['ace', 'Allow GenericContribute, PullRequestContribute for', false, 'blocked'],
      ['membership', `Add ${SVC} to [Marketing]\\Readers.`, true, ''],
      ['app', 'Add Web redirect URI(s)', true, ''],
    ]);
    // What still drifts is reported after the partial apply.
    expect(failed.report.findings.map((f) => f.ruleId)).not.toContain('ADO-READER-MISSING');
    expect(failed.report.findings.map((f) => f.resource.repository)).toContain('dbt-macros');

    await control(world.sandbox, 'PUT', '/faults', { rules: [] });
    const seq = (await world.requests()).at(-1)?.seq ?? 0;
    const rerun = await world.json(['remediate', '--apply']);
    expect(rerun.code).toBe(1);
    expect(
      rerun.report.changes.map((c) => [c.kind, c.description.split(' ').slice(0, 4).join(' '), c.applied]),
    ).toEqual([
      ['ace', 'Clear the explicit deny', true],
      ['ace', 'Clear the explicit deny', true],
      ['ace', 'Allow GenericContribute, PullRequestContribute for', true],
    ]);
    expect(writes(await world.requests(seq)).map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'POST']);
    expect(rerun.report.findings.map((f) => `${f.ruleId} ${f.resource.repository ?? ''}`).sort()).toEqual([
      'ADO-PERMISSION-DENIED finance-dbt',
      'ENTRA-PERMISSION-UNWANTED ',
      'ENTRA-SECRET-EXPIRING ',
    ]);
  }, 60_000);
});

describe('read-after-write lag', () => {
  let world: RemediateWorld;

  beforeAll(async () => {
    const spec = structuredClone(builtInScenario('drifted'));
    spec.azureDevOps.aclLagMs = 2_500;
    world = await startRemediateWorld(spec);
  });
  afterAll(() => world.stop());

  it('re-verify polls until the applied ACEs show, then reports only what remains', async () => {
    const { code, report, stderr } = await world.json(['remediate', '--apply']);
    expect(code).toBe(1);
    expect(report.changes.every((c) => c.applied)).toBe(true);
    expect(stderr).toContain('read-after-write lag');
    expect(stderr).not.toContain('still show after');
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource.repository ?? ''}`).sort()).toEqual([
      'ADO-PERMISSION-DENIED finance-dbt',
      'ADO-PERMISSION-DENIED finance-seeds',
      'ENTRA-PERMISSION-UNWANTED ',
      'ENTRA-SECRET-EXPIRING ',
    ]);
    const requests = await world.requests();
    const aclReadsAfterWrites = requests.filter(
      (r) =>
        r.method === 'GET' &&
        r.path.includes('/_apis/accesscontrollists/') &&
        r.seq > writes(requests).at(-1)!.seq,
    );
    // More than one verify's worth of ACL reads: it polled.
    expect(aclReadsAfterWrites.length).toBeGreaterThan(4);
  }, 60_000);
});

describe('a write that gets no answer', () => {
  let world: RemediateWorld;

  beforeAll(async () => {
    world = await startRemediateWorld('drifted');
  });
  afterAll(() => world.stop());

  it('stops every later write and says why', async () => {
    await control(world.sandbox, 'PUT', '/faults', {
      rules: [
        { kind: 'reset', service: 'azureDevOpsIdentity', method: 'PUT', path: '/_apis/graph/memberships/' },
      ],
    });
    const { code, report } = await world.json(['remediate', '--apply']);
    expect(code).toBe(3);
    expect(report.changes.map((c) => [c.kind, c.applied, c.error?.split(':')[0] ?? ''])).toEqual([
      ['ace', true, ''],
      ['ace', true, ''],
      ['membership', false, 'Azure DevOps'],
      ['app', false, 'Not attempted'],
    ]);
    expect(report.changes[3]!.error).toContain('an earlier write failed (no answer)');
  }, 60_000);
});
