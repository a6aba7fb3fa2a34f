/** ADO-PERMISSION-MISSING / ADO-PERMISSION-DENIED and inheritance, against the sandbox over HTTPS. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkServiceUserPermissions } from '../../../src/checks/permissions.js';
import type { Finding } from '../../../src/core/findings.js';
import { GIT_NS, HOOKS_NS, ORG, SVC, ids, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoSpec, AdoTestWorld } from './helpers.js';

const GIT = ['GenericContribute', 'PullRequestContribute'];
const HOOKS = ['ViewSubscriptions', 'EditSubscriptions', 'DeleteSubscriptions'];

const PROJECTS: AdoSpec['projects'] = [
  {
    name: 'Sales',
    repositories: [{ name: 'dbt-models' }, { name: 'web' }, { name: 'legacy', disabled: true }],
  },
  { name: 'Ops', repositories: [{ name: 'infra' }] },
];

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function hooksGrant(project: string) {
  return {
    namespace: 'ServiceHooks',
    token: `PublisherSecurity/{${project}}`,
    aces: [{ identity: SVC, allow: HOOKS }],
  };
}

function missingGit(w: AdoTestWorld, project: string, repo: string, names = GIT): Finding {
  const id = ids(w);
  const bits: Record<string, number> = { GenericContribute: 4, PullRequestContribute: 16384 };
  const token = `repoV2/${id.project(project)}/${id.repo(project, repo)}`;
  return {
    ruleId: 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: {
      kind: 'repository',
      organization: ORG,
      project,
      repository: repo,
      token,
      namespaceId: GIT_NS,
    },
    message: `${SVC} lacks ${names.join(', ')} in Git Repositories on repository ${project}/${repo}.`,
    expected: GIT.join(', '),
    actual: GIT.filter((n) => !names.includes(n)).join(', ') || 'none',
    fixable: true,
    fix: `Run \`ado-guard remediate\`, or allow ${names.join(', ')} for ${SVC} in Git Repositories on ${token}.`,
    permissions: names.map((name) => ({ name, bit: bits[name]!, state: 'missing' as const })),
  };
}

function missingHooks(w: AdoTestWorld, project: string): Finding {
  const token = `PublisherSecurity/${ids(w).project(project)}`;
  return {
    ruleId: 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'project', organization: ORG, project, token, namespaceId: HOOKS_NS },
    message: `${SVC} lacks ${HOOKS.join(', ')} in ServiceHooks on project ${project}.`,
    expected: HOOKS.join(', '),
    actual: 'none',
    fixable: true,
    fix: `Run \`ado-guard remediate\`, or allow ${HOOKS.join(', ')} for ${SVC} in ServiceHooks on ${token}.`,
    permissions: [
      { name: 'ViewSubscriptions', bit: 1, state: 'missing' },
      { name: 'EditSubscriptions', bit: 2, state: 'missing' },
      { name: 'DeleteSubscriptions', bit: 4, state: 'missing' },
    ],
  };
}

describe('checkServiceUserPermissions', () => {
  it('reports every in-scope project and enabled repository the user lacks the bits on (ADO-PERMISSION-MISSING)', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC }],
        groups: [{ name: 'Readers', project: 'Sales', members: [SVC] }],
      }),
    );
    const findings = await checkServiceUserPermissions(world, quietLog);
    expect(findings).toEqual([
      missingHooks(world, 'Ops'),
      missingHooks(world, 'Sales'),
      missingGit(world, 'Ops', 'infra'),
      missingGit(world, 'Sales', 'dbt-models'),
      missingGit(world, 'Sales', 'web'),
    ]);
  });

  it('inherits an allow on repoV2/<project> and PublisherSecurity into every repository and project; inheritPermissions=false blocks it', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC }],
        acls: [
          { namespace: 'ServiceHooks', token: 'PublisherSecurity', aces: [{ identity: SVC, allow: HOOKS }] },
          { namespace: 'Git Repositories', token: 'repoV2/{Sales}', aces: [{ identity: SVC, allow: GIT }] },
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Ops}/',
            aces: [{ identity: SVC, allow: ['PullRequestContribute'] }],
          },
          // An ACL that stops inheritance, with only an unrelated ACE.
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Sales}/{web}',
            inheritPermissions: false,
            aces: [{ identity: '[Sales]\\Readers', allow: ['GenericRead'] }],
          },
        ],
      }),
    );
    const findings = await checkServiceUserPermissions(world, quietLog);
    expect(findings).toEqual([
      missingGit(world, 'Ops', 'infra', ['GenericContribute']),
      missingGit(world, 'Sales', 'web'),
    ]);
  });

  it('names the own ACE or the (nested) group and the token that denies a bit (ADO-PERMISSION-DENIED)', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC }],
        groups: [
          { name: 'Blockers', project: 'Ops', members: ['[Ops]\\Inner'] },
          { name: 'Inner', project: 'Ops', members: [SVC] },
        ],
        acls: [
          hooksGrant('Sales'),
          hooksGrant('Ops'),
          { namespace: 'Git Repositories', token: 'repoV2/{Sales}', aces: [{ identity: SVC, allow: GIT }] },
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Sales}/{dbt-models}',
            aces: [{ identity: SVC, deny: ['GenericContribute'] }],
          },
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Ops}',
            aces: [
              { identity: SVC, allow: GIT },
              { identity: '[Ops]\\Blockers', deny: ['PullRequestContribute'] },
            ],
          },
        ],
      }),
    );
    const id = ids(world);
    const sales = id.project('Sales');
    const ops = id.project('Ops');
    const ownToken = `repoV2/${sales}/${id.repo('Sales', 'dbt-models')}`;
    const infraToken = `repoV2/${ops}/${id.repo('Ops', 'infra')}`;
    const findings = await checkServiceUserPermissions(world, quietLog);
    expect(findings).toEqual([
      {
        ruleId: 'ADO-PERMISSION-DENIED',
        severity: 'error',
        integration: 'dbtCloud',
        resource: {
          kind: 'repository',
          organization: ORG,
          project: 'Ops',
          repository: 'infra',
          token: infraToken,
          namespaceId: GIT_NS,
        },
        message: `${SVC} is denied PullRequestContribute in Git Repositories on repository Ops/infra.`,
        expected: GIT.join(', '),
        actual: 'GenericContribute',
        fixable: false,
        fix: `A group deny blocks it ([Ops]\\Blockers at repoV2/${ops}): remove that deny or take ${SVC} out of the group; ado-guard does not change group permissions.`,
        permissions: [
          {
            name: 'PullRequestContribute',
            bit: 16384,
            state: 'denied',
            deniedBy: `[Ops]\\Blockers at repoV2/${ops}`,
          },
        ],
      },
      {
        ruleId: 'ADO-PERMISSION-DENIED',
        severity: 'error',
        integration: 'dbtCloud',
        resource: {
          kind: 'repository',
          organization: ORG,
          project: 'Sales',
          repository: 'dbt-models',
          token: ownToken,
          namespaceId: GIT_NS,
        },
        message: `${SVC} is denied GenericContribute in Git Repositories on repository Sales/dbt-models.`,
        expected: GIT.join(', '),
        actual: 'PullRequestContribute',
        fixable: false,
        fix: `Clear the explicit deny on ${SVC}'s own ACE, or set \`remediation.removeExplicitDeny: true\` and run \`ado-guard remediate\`.`,
        permissions: [
          { name: 'GenericContribute', bit: 4, state: 'denied', deniedBy: `own ACE at ${ownToken}` },
        ],
      },
    ]);
  });

  it('an own-ACE deny is fixable when remediation.removeExplicitDeny is true; a missing bit on the same token joins the finding', async () => {
    world = await startAdoWorld(
      scenario({
        projects: [{ name: 'Sales', repositories: [{ name: 'dbt-models' }] }],
        users: [{ upn: SVC }],
        acls: [
          hooksGrant('Sales'),
          {
            namespace: 'Git Repositories',
            token: 'repoV2',
            aces: [{ identity: SVC, deny: ['GenericContribute'] }],
          },
        ],
      }),
      { remediation: { removeExplicitDeny: true } },
    );
    const findings = await checkServiceUserPermissions(world, quietLog);
    const id = ids(world);
    expect(findings).toEqual([
      {
        ruleId: 'ADO-PERMISSION-DENIED',
        severity: 'error',
        integration: 'dbtCloud',
        resource: {
          kind: 'repository',
          organization: ORG,
          project: 'Sales',
          repository: 'dbt-models',
          token: `repoV2/${id.project('Sales')}/${id.repo('Sales', 'dbt-models')}`,
          namespaceId: GIT_NS,
        },
        message: `${SVC} is denied GenericContribute in Git Repositories on repository Sales/dbt-models.`,
        expected: GIT.join(', '),
        actual: 'none',
        fixable: true,
        fix: `Run \`ado-guard remediate\`: it clears the explicit deny on ${SVC}'s own ACE and grants the permissions.`,
        permissions: [
          { name: 'GenericContribute', bit: 4, state: 'denied', deniedBy: 'own ACE at repoV2' },
          { name: 'PullRequestContribute', bit: 16384, state: 'missing' },
        ],
      },
    ]);
  });

  it('names a group the user is in only implicitly (Project Collection Valid Users) when it denies', async () => {
    world = await startAdoWorld(
      scenario({
        projects: [{ name: 'Sales', repositories: [{ name: 'dbt-models' }] }],
        users: [{ upn: SVC }],
        acls: [
          hooksGrant('Sales'),
          { namespace: 'Git Repositories', token: 'repoV2', aces: [{ identity: SVC, allow: GIT }] },
          {
            namespace: 'Git Repositories',
            token: 'repoV2/{Sales}',
            aces: [
              { identity: '[contoso]\\Project Collection Valid Users', deny: ['PullRequestContribute'] },
            ],
          },
        ],
      }),
    );
    const [finding] = await checkServiceUserPermissions(world, quietLog);
    expect(finding?.permissions).toEqual([
      {
        name: 'PullRequestContribute',
        bit: 16384,
        state: 'denied',
        deniedBy: `[contoso]\\Project Collection Valid Users at repoV2/${ids(world).project('Sales')}`,
      },
    ]);
    expect(finding?.fixable).toBe(false);
  });

  it('finds nothing when the user holds every required bit', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC }],
        groups: [{ name: 'Contributors', project: 'Sales', members: [SVC] }],
        acls: [
          hooksGrant('Sales'),
          hooksGrant('Ops'),
          { namespace: 'Git Repositories', token: 'repoV2/{Ops}', aces: [{ identity: SVC, allow: GIT }] },
        ],
      }),
    );
    expect(await checkServiceUserPermissions(world, quietLog)).toEqual([]);
  });
});
