import { describe, expect, it } from '@jest/globals';
import { generateLargeAdo, NAMESPACE_IDS, type AdoScenario } from '../../../src/sandbox/state/ado.js';
import { OTHER_USER, SERVICE_USER, callJson, makeWorld } from './harness.js';

const BASE: Omit<AdoScenario, 'automation'> = {
  organization: 'contoso',
  projects: [{ name: 'Sales', repositories: [{ name: 'dbt-models' }] }],
  users: [{ upn: SERVICE_USER }, { upn: OTHER_USER }],
};

describe('scenario loading', () => {
  it.each([
    [{ organization: 'https://dev.azure.com/contoso' }, 'azureDevOps.organization'],
    [{ projects: [{ name: 'Sales' }, { name: 'sales' }] }, 'azureDevOps.projects[1].name'],
    [{ groups: [{ name: 'X', project: 'Nope' }] }, 'azureDevOps.groups[0].project: project "Nope"'],
    [
      { groups: [{ name: 'X', members: ['nobody@contoso.com'] }] },
      'azureDevOps.groups[0].members[0]: user "nobody@contoso.com"',
    ],
    [
      { groups: [{ name: 'X', members: ['[contoso]\\Missing'] }] },
      'azureDevOps.groups[0].members[0]: group "[contoso]\\Missing"',
    ],
    [
      { acls: [{ namespace: 'Git Repositories', token: 'repoV2/{Sales}/{missing}', aces: [] }] },
      'azureDevOps.acls[0].token: repository "missing" is not in project "Sales"',
    ],
    [{ acls: [{ namespace: 'Gits', token: 'repoV2', aces: [] }] }, 'azureDevOps.acls[0].namespace: "Gits"'],
    [
      {
        acls: [
          {
            namespace: 'ServiceHooks',
            token: 'PublisherSecurity',
            aces: [{ identity: SERVICE_USER, allow: ['Edit'] }],
          },
        ],
      },
      'azureDevOps.acls[0].aces[0].allow: "Edit" is not an action of ServiceHooks',
    ],
    [{ pats: [{ identity: 'ghost@contoso.com' }] }, 'azureDevOps.pats[0].identity'],
  ] as [Partial<AdoScenario>, string][])('names the field at fault: %j', (override, message) => {
    expect(() => makeWorld({ ...BASE, ...override })).toThrow(message);
  });

  it('resolves {Project}/{repo} placeholders and action names in ACL specs', () => {
    const world = makeWorld({
      ...BASE,
      acls: [
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{Sales}/{dbt-models}',
          aces: [{ identity: SERVICE_USER, allow: ['GenericContribute', 'PullRequestContribute'], deny: 8 }],
        },
      ],
    });
    const sales = world.state.project('Sales')!;
    const acl = world.state
      .namespace(NAMESPACE_IDS['Git Repositories'])!
      .get(`repoV2/${sales.id}/${sales.repositories[0]!.id}`, 'write')!;
    expect([...acl.aces.values()]).toEqual([
      { descriptor: world.state.identitiesNamed(SERVICE_USER)[0]!.descriptor, allow: 16388, deny: 8 },
    ]);
  });

  it('makes the six recorded default groups per project and the collection groups, with their memberships', () => {
    const world = makeWorld(BASE);
    const sales = world.state.project('Sales')!;
    const groups = world.state.groupsOfScope(sales.scopeDescriptor).map((g) => g.principalName);
    expect(groups).toEqual([
      '[Sales]\\Sales Team',
      '[Sales]\\Readers',
      '[Sales]\\Project Valid Users',
      '[Sales]\\Contributors',
      '[Sales]\\Project Administrators',
      '[Sales]\\Build Administrators',
    ]);
    const validUsers = world.state.projectGroup(sales, 'Project Valid Users');
    expect(
      world.state
        .directMembers(validUsers.id)
        .map((g) => g.displayName)
        .sort(),
    ).toEqual(
      ['Build Administrators', 'Contributors', 'Project Administrators', 'Readers', 'Sales Team'].sort(),
    );
    expect(world.state.directContainers(world.state.automation.id).map((g) => g.principalName)).toEqual([
      '[contoso]\\Project Collection Administrators',
    ]);
  });

  it('keeps the same ids for the same seed and different ones for another seed', () => {
    const a = makeWorld(BASE, 3).state.snapshot();
    const b = makeWorld(BASE, 3).state.snapshot();
    const c = makeWorld(BASE, 4).state.snapshot();
    expect(a.projects).toEqual(b.projects);
    expect(a.projects[0]!.id).not.toBe(c.projects[0]!.id);
  });

  it('snapshots ACLs and memberships without PAT values; secrets() lists them', () => {
    const world = makeWorld({ ...BASE, pats: [{ identity: SERVICE_USER, name: 'svc-pat' }] });
    const snapshot = world.state.snapshot();
    const [pat] = world.state.secrets();
    expect(pat).toHaveLength(52);
    expect(JSON.stringify(snapshot)).not.toContain(pat!);
    expect(snapshot.pats).toEqual([{ name: 'svc-pat', identity: SERVICE_USER, active: true }]);
    expect(snapshot.acls['Git Repositories']!.map((a) => a.token)).toContain('repoV2');
    expect(snapshot.memberships).toContainEqual({
      container: '[contoso]\\Project Collection Administrators',
      member: world.state.automation.principalName,
    });
  });

  it('authenticates a generated PAT with any user name', async () => {
    const world = makeWorld({ ...BASE, pats: [{ identity: SERVICE_USER }] });
    const [pat] = world.state.secrets();
    const body = await callJson<{ authenticatedUser: { id: string } }>(
      world,
      '/contoso/_apis/connectionData',
      {
        headers: { authorization: `Basic ${Buffer.from(`anything:${pat}`).toString('base64')}` },
      },
    );
    expect(body.authenticatedUser.id).toBe(world.state.identitiesNamed(SERVICE_USER)[0]!.id);
  });

  it('refuses a revoked PAT', async () => {
    const world = makeWorld({
      ...BASE,
      pats: [{ identity: SERVICE_USER, active: false, value: 'x'.repeat(52) }],
    });
    const response = await callJson<unknown>(
      world,
      '/contoso/_apis/projects',
      { headers: { authorization: `Basic ${Buffer.from(`:${'x'.repeat(52)}`).toString('base64')}` } },
      401,
    );
    expect(response).toMatchObject({ typeKey: 'UnauthorizedRequestException' });
  });

  it('connects an org to another tenant: its tokens are refused, the header names that tenant', async () => {
    const world = makeWorld({ ...BASE, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    const response = await callJson<unknown>(world, '/contoso/_apis/projects', {}, 401);
    expect(response).toMatchObject({ typeKey: 'UnauthorizedRequestException' });
    expect(world.state.identitiesNamed(SERVICE_USER)[0]!.descriptor).toBe(
      `Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${SERVICE_USER}`,
    );
  });
});

describe('generateLargeAdo', () => {
  it('makes projects × repositories with the service user in every Readers group', () => {
    const spec = generateLargeAdo(12, 3, {
      organization: 'big',
      serviceUser: SERVICE_USER,
      disabledEvery: 5,
    });
    expect(spec.projects).toHaveLength(12);
    expect(spec.projects[0]).toEqual({
      name: 'project-01',
      repositories: [
        { name: 'repo-1', disabled: false },
        { name: 'repo-2', disabled: false },
        { name: 'repo-3', disabled: false },
      ],
    });
    expect(spec.projects.flatMap((p) => p.repositories ?? []).filter((r) => r.disabled)).toHaveLength(7);
    const world = makeWorld(spec);
    const readers = world.state.projectGroup(world.state.project('project-12')!, 'Readers');
    expect(world.state.directMembers(readers.id).map((m) => m.principalName)).toEqual([SERVICE_USER]);
  });

  it('builds the 3000 × 10 organization and answers a namespace-wide query with every stored ACL', async () => {
    const world = makeWorld(generateLargeAdo(3000, 10, { organization: 'large', serviceUser: SERVICE_USER }));
    const descriptor = world.state.identitiesNamed(SERVICE_USER)[0]!.descriptor;
    const body = await callJson<{ count: number }>(
      world,
      `/large/_apis/accesscontrollists/${NAMESPACE_IDS['Git Repositories']}?descriptors=${encodeURIComponent(descriptor)}&includeExtendedInfo=true`,
    );
    expect(body.count).toBe(3001);
    const repos = await callJson<{ count: number }>(world, '/large/_apis/git/repositories');
    expect(repos.count).toBe(30000);
  });
});

describe('expanded membership', () => {
  it('includes the implicit Project Collection Valid Users for a user in no group', async () => {
    const world = makeWorld(BASE);
    const other = world.state.identitiesNamed(OTHER_USER)[0]!;
    const body = await callJson<{ value: { memberOf: string[] }[] }>(
      world,
      `/contoso/_apis/identities?descriptors=${encodeURIComponent(other.descriptor)}&queryMembership=Expanded`,
      { service: 'azureDevOpsIdentity' },
    );
    expect(body.value[0]!.memberOf).toEqual([world.state.collectionGroup('validUsers').descriptor]);
    const direct = await callJson<{ value: { memberOf: string[] }[] }>(
      world,
      `/contoso/_apis/identities?descriptors=${encodeURIComponent(other.descriptor)}&queryMembership=Direct`,
      { service: 'azureDevOpsIdentity' },
    );
    expect(direct.value[0]!.memberOf).toEqual([]);
  });
});
