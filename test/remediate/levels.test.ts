/**
 * Where grants go: the token at `scope.level`, or the finding's own token when a level in between does not
 * inherit (the plan fixes the effective permission). Checked by applying and verifying again.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import type { ScenarioSpec } from '../../src/sandbox/scenario/spec.js';
import { startRemediateWorld } from './harness.js';
import type { RemediateWorld } from './harness.js';

let world: RemediateWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function drifted(change: (spec: ScenarioSpec) => void): ScenarioSpec {
  const spec = structuredClone(builtInScenario('drifted'));
  change(spec);
  return spec;
}

const aceTargets = (changes: { kind: string; resource: Record<string, string> }[]) =>
  changes.filter((c) => c.kind === 'ace').map((c) => c.resource.token);

const isAdoPermission = (f: { ruleId: string }) => f.ruleId.startsWith('ADO-PERMISSION');

describe('grant placement', () => {
  it('scope.level organization grants once on the organization-wide tokens', async () => {
    world = await startRemediateWorld(
      drifted((spec) => {
        spec.policy = { ...spec.policy, scope: { level: 'organization' } };
      }),
    );
    const { report } = await world.json(['remediate', '--apply']);
    expect(aceTargets(report.changes)).toEqual(['PublisherSecurity', 'repoV2']);
    expect(report.changes.every((c) => c.applied)).toBe(true);
    expect(
      report.findings
        .filter(isAdoPermission)
        .map((f) => f.resource.repository)
        .sort(),
    ).toEqual(['finance-dbt', 'finance-seeds']);
  });

  it('scope.level organization: a project that does not inherit gets the grant on its own token', async () => {
    world = await startRemediateWorld(
      drifted((spec) => {
        spec.policy = { ...spec.policy, scope: { level: 'organization' } };
        spec.azureDevOps.acls = [
          ...(spec.azureDevOps.acls ?? []),
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Analytics}',
            inheritPermissions: false,
            aces: [{ identity: 'alex@contoso.com', allow: ['GenericRead'] }],
          },
        ];
      }),
    );
    const state = (await world.state()) as {
      azureDevOps: { projects: { id: string; name: string }[] };
    };
    const analytics = state.azureDevOps.projects.find((p) => p.name === 'Analytics')!;
    const { report } = await world.json(['remediate', '--apply']);
    expect(aceTargets(report.changes)).toEqual(['PublisherSecurity', `repoV2/${analytics.id}`]);
    expect(report.findings.filter(isAdoPermission).map((f) => f.resource.repository)).not.toContain(
      'dbt-macros',
    );
  });

  it('a repository that does not inherit gets the grant on its own token', async () => {
    world = await startRemediateWorld(
      drifted((spec) => {
        spec.azureDevOps.acls = [
          ...(spec.azureDevOps.acls ?? []),
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Analytics}/{dbt-macros}',
            inheritPermissions: false,
            aces: [{ identity: 'alex@contoso.com', allow: ['GenericRead'] }],
          },
        ];
      }),
    );
    const before = (await world.state()) as {
      azureDevOps: { projects: { id: string; name: string; repositories: { id: string; name: string }[] }[] };
    };
    const analytics = before.azureDevOps.projects.find((p) => p.name === 'Analytics')!;
    const macros = analytics.repositories.find((r) => r.name === 'dbt-macros')!;
    const { report } = await world.json(['remediate', '--apply']);
    expect(aceTargets(report.changes)).toContain(`repoV2/${analytics.id}/${macros.id}`);
    expect(aceTargets(report.changes)).not.toContain(`repoV2/${analytics.id}`);
    expect(report.findings.filter(isAdoPermission).map((f) => f.resource.repository)).not.toContain(
      'dbt-macros',
    );
  });
});

describe('many projects', () => {
  it('adds the service user to the Readers group of each of them, from one listing of the groups', async () => {
    const names = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
    world = await startRemediateWorld(
      (() => {
        const spec = structuredClone(builtInScenario('healthy'));
        spec.azureDevOps.projects = [
          ...(spec.azureDevOps.projects ?? []),
          ...names.map((name) => ({ name, repositories: [] })),
        ];
        return spec;
      })(),
    );
    const { report } = await world.json(['remediate', '--apply']);
    expect(
      report.changes.filter((c) => c.kind === 'membership').map((c) => [c.resource.name, c.applied]),
    ).toEqual(names.map((name) => [`[${name}]\\Readers`, true]));
    expect(report.findings.filter((f) => f.ruleId === 'ADO-READER-MISSING')).toEqual([]);
    // No per-project scope descriptor look-ups (verify lists the organization's groups above five projects too).
    expect((await world.requests()).filter((r) => r.path.includes('/_apis/graph/descriptors/'))).toEqual([]);
  });
});
