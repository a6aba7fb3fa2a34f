/**
 * plan and remediate on the `drifted` demo story, in-process through the CLI entry against the sandbox: what is
 * planned, that plan writes nothing, that apply changes exactly the planned ACEs / membership / app (sandbox
 * `GET /state` before and after), that verify is clean afterwards except what ado-guard must not fix, and that a
 * re-run is a no-op.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { diffState } from './state-diff.js';
import { startRemediateWorld, writes } from './harness.js';
import type { RemediateWorld, Report, SandboxState } from './harness.js';

const SVC = 'dbt-svc@contoso.com';
const GIT = 'Git Repositories';

interface Ids {
  project(name: string): string;
  repo(project: string, name: string): string;
  svcDescriptor: string;
}

function idsOf(state: SandboxState): Ids {
  const ado = state.azureDevOps as {
    projects: { id: string; name: string; repositories: { id: string; name: string }[] }[];
    identities: { descriptor: string }[];
  };
  const project = (name: string) => ado.projects.find((p) => p.name === name)!;
  return {
    project: (name) => project(name).id,
    repo: (p, name) => project(p).repositories.find((r) => r.name === name)!.id,
    svcDescriptor: ado.identities.find((i) => i.descriptor.endsWith(`\\${SVC}`))!.descriptor,
  };
}

const remaining = (report: Report) =>
  report.findings
    .map((f) => `${f.ruleId} ${f.resource.project ?? ''}/${f.resource.repository ?? ''} fixable=${f.fixable}`)
    .sort();

describe('plan and remediate --apply on the drifted story (scope.level project)', () => {
  let world: RemediateWorld;
  let ids: Ids;
  let dbtApp: Record<string, unknown>;
  let before: SandboxState;

  beforeAll(async () => {
    world = await startRemediateWorld('drifted');
    before = await world.state();
    ids = idsOf(before);
    dbtApp = (before.tenant as { applications: Record<string, unknown>[] }).applications.find(
      (a) => a.displayName === 'dbt Cloud',
    )!;
  });
  afterAll(() => world.stop());

  it('plan lists one change per ACE, the Readers membership and the app fix, and writes nothing', async () => {
    const { code, report } = await world.json(['plan']);
    expect(code).toBe(1);
    expect(report.command).toBe('plan');
    const finance = ids.project('Finance');
    const analytics = ids.project('Analytics');
    expect(
      report.changes.map((c) => [c.kind, c.resource.token ?? c.resource.name ?? c.resource.appId]),
    ).toEqual([
      ['ace', `PublisherSecurity/${finance}`],
      ['ace', `repoV2/${analytics}`],
      ['membership', '[Marketing]\\Readers'],
      ['app', 'dbt Cloud'],
    ]);
    expect(report.changes.every((c) => c.applied === false && c.error === undefined)).toBe(true);
    expect(report.changes[0]!.description).toContain('Allow EditSubscriptions, DeleteSubscriptions for');
    expect(report.changes[1]!.description).toContain('Allow GenericContribute, PullRequestContribute for');
    expect(report.changes[3]!.description).toContain('/complete/azure_active_directory_service_user');
    expect(report.changes[3]!.description).not.toContain('User.Read');

    // Not fixable, with the reason: the group deny names the group and the token.
    const groupDeny = report.findings.find((f) => f.resource.repository === 'finance-dbt')!;
    expect(groupDeny).toMatchObject({ ruleId: 'ADO-PERMISSION-DENIED', fixable: false });
    expect(groupDeny.fix).toContain(
      `[contoso]\\Contractors at repoV2/${finance}/${ids.repo('Finance', 'finance-dbt')}`,
    );
    const ownDeny = report.findings.find((f) => f.resource.repository === 'finance-seeds')!;
    expect(ownDeny).toMatchObject({ fixable: false });
    expect(ownDeny.fix).toContain('remediation.removeExplicitDeny: true');
    const unwanted = report.findings.find((f) => f.ruleId === 'ENTRA-PERMISSION-UNWANTED')!;
    expect(unwanted).toMatchObject({ fixable: false });
    expect(unwanted.fix).toContain('remediation.removeUnwantedPermissions: true');

    expect(writes(await world.requests())).toEqual([]);
    expect(await world.state()).toMatchObject({ azureDevOps: before.azureDevOps });
  });

  it('remediate without --apply only plans and says how to apply', async () => {
    const seq = (await world.requests()).at(-1)?.seq ?? 0;
    const plain = await world.cli(['remediate']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('Planned changes (4)');
    expect(plain.stderr).toContain('ado-guard remediate --apply');
    const json = await world.json(['remediate']);
    expect(json.report.changes.map((c) => [c.kind, c.applied])).toEqual([
      ['ace', false],
      ['ace', false],
      ['membership', false],
      ['app', false],
    ]);
    expect(writes(await world.requests(seq))).toEqual([]);
  });

  it('apply changes exactly the planned ACEs, membership and app; verify is left with what ado-guard must not fix', async () => {
    const { code, report } = await world.json(['remediate', '--apply']);
    expect(code).toBe(1);
    expect(report.changes.map((c) => c.applied)).toEqual([true, true, true, true]);
    expect(remaining(report)).toEqual([
      'ADO-PERMISSION-DENIED Finance/finance-dbt fixable=false',
      'ADO-PERMISSION-DENIED Finance/finance-seeds fixable=false',
      'ENTRA-PERMISSION-UNWANTED / fixable=false',
      'ENTRA-SECRET-EXPIRING / fixable=true',
    ]);

    const diff = diffState(before, await world.state());
    expect(diff.aces).toEqual([
      {
        namespace: 'ServiceHooks',
        token: `PublisherSecurity/${ids.project('Finance')}`,
        descriptor: ids.svcDescriptor,
        before: { allow: 1, deny: 0 },
        after: { allow: 7, deny: 0 },
      },
      {
        namespace: GIT,
        token: `repoV2/${ids.project('Analytics')}`,
        descriptor: ids.svcDescriptor,
        after: { allow: 16388, deny: 0 },
      },
    ]);
    expect(diff.memberships).toHaveLength(1);
    expect(diff.memberships[0]).toMatch(/^\+\[Marketing\]\\Readers<-.*dbt-svc/);
    expect([...diff.applications.keys()]).toEqual([dbtApp.appId]);
    const [oldApp, newApp] = diff.applications.get(String(dbtApp.appId))!;
    const web = oldApp.web as { redirectUris: string[] };
    const added = web.redirectUris[0]!.replace(
      /azure_active_directory$/,
      'azure_active_directory_service_user',
    );
    expect(newApp).toEqual({ ...oldApp, web: { ...web, redirectUris: [...web.redirectUris, added] } });
    expect(diff.other).toEqual([]);

    const verify = await world.json(['verify']);
    expect(remaining(verify.report)).toEqual([
      'ADO-PERMISSION-DENIED Finance/finance-dbt fixable=false',
      'ADO-PERMISSION-DENIED Finance/finance-seeds fixable=false',
      'ENTRA-PERMISSION-UNWANTED / fixable=false',
      'ENTRA-SECRET-EXPIRING / fixable=true',
    ]);
  });

  it('a re-run plans nothing and writes nothing', async () => {
    const seq = (await world.requests()).at(-1)?.seq ?? 0;
    const state = await world.state();
    const { code, report } = await world.json(['remediate', '--apply']);
    expect(code).toBe(1);
    expect(report.changes).toEqual([]);
    expect(writes(await world.requests(seq))).toEqual([]);
    expect(diffState(state, await world.state())).toMatchObject({ aces: [], memberships: [], other: [] });
  });
});

describe('with removeExplicitDeny, removeUnwantedPermissions and scope.level repository', () => {
  let world: RemediateWorld;
  let before: SandboxState;
  let ids: Ids;

  beforeAll(async () => {
    const spec = structuredClone(builtInScenario('drifted'));
    spec.policy = {
      ...spec.policy,
      scope: { level: 'repository' },
      remediation: { removeExplicitDeny: true, removeUnwantedPermissions: true },
    };
    world = await startRemediateWorld(spec);
    before = await world.state();
    ids = idsOf(before);
  });
  afterAll(() => world.stop());

  it('clears only the denied bit of the own ACE, grants per repository and drops only Graph User.Read', async () => {
    const plan = await world.json(['plan']);
    const seeds = `repoV2/${ids.project('Finance')}/${ids.repo('Finance', 'finance-seeds')}`;
    const macros = `repoV2/${ids.project('Analytics')}/${ids.repo('Analytics', 'dbt-macros')}`;
    expect(plan.report.changes.map((c) => [c.kind, c.resource.token ?? c.resource.name])).toEqual([
      ['ace', seeds],
      ['ace', `PublisherSecurity/${ids.project('Finance')}`],
      ['ace', macros],
      ['membership', '[Marketing]\\Readers'],
      ['app', 'dbt Cloud'],
    ]);
    // Once the deny is gone, finance-seeds inherits the project's allow: no grant on it.
    expect(plan.report.changes[0]!.description).toMatch(/^Clear the explicit deny of GenericContribute on/);
    expect(plan.report.changes[4]!.description).toContain(
      'stop requesting Microsoft Graph User.Read (delegated)',
    );

    const { report } = await world.json(['remediate', '--apply']);
    expect(report.changes.every((c) => c.applied)).toBe(true);
    expect(remaining(report)).toEqual([
      'ADO-PERMISSION-DENIED Finance/finance-dbt fixable=false',
      'ENTRA-SECRET-EXPIRING / fixable=true',
    ]);
    const diff = diffState(before, await world.state());
    expect(diff.aces).toEqual(
      expect.arrayContaining([
        {
          namespace: GIT,
          token: seeds,
          descriptor: ids.svcDescriptor,
          before: { allow: 0, deny: 4 },
          after: { allow: 0, deny: 0 },
        },
        { namespace: GIT, token: macros, descriptor: ids.svcDescriptor, after: { allow: 16388, deny: 0 } },
      ]),
    );
    expect(diff.aces).toHaveLength(3);
    const [oldApp, newApp] = [...diff.applications.values()][0]!;
    const oldAccess = oldApp.requiredResourceAccess as { resourceAppId: string }[];
    expect(newApp.requiredResourceAccess).toEqual(
      oldAccess.filter((e) => e.resourceAppId !== '00000003-0000-0000-c000-000000000000'),
    );
    expect(diff.other).toEqual([]);
  });
});

describe('what plan leaves alone says why', () => {
  let world: RemediateWorld;

  beforeAll(async () => {
    const spec = structuredClone(builtInScenario('healthy'));
    spec.azureDevOps.oauthThirdPartyAccess = false;
    spec.policy = { ...spec.policy, integrations: { defenderForCloud: {} } };
    world = await startRemediateWorld(spec);
  });
  afterAll(() => world.stop());

  it('an organization policy without an API is not planned, and the report says so', async () => {
    const { code, report } = await world.json(['plan']);
    expect(code).toBe(0); // a warning, below the default failOn
    expect(report.changes).toEqual([]);
    const oauth = report.findings.find((f) => f.ruleId === 'ADO-ORG-OAUTH-DISABLED')!;
    expect(oauth.fixable).toBe(false);
    expect(oauth.fix).toMatch(
      /^This organization policy has no public REST API to change it\. An organization owner/,
    );
    const markdown = await world.cli(['plan', '--format', 'markdown']);
    expect(markdown.stdout).toContain('### Not fixable by ado-guard (1)');
    expect(markdown.stdout).toContain('| `ADO-ORG-OAUTH-DISABLED` |');
  });
});
