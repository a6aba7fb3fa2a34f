/**
 * The Azure DevOps emulation over real HTTPS, driven by the real azure-devops-node-api (its resource-area and
 * location negotiation included) and by fetch, compared key for key with the recorded real answers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebApi, getBearerHandler, getPersonalAccessTokenHandler } from 'azure-devops-node-api';
import { NAMESPACE_IDS, type AdoIdentity } from '../../../src/sandbox/state/ado.js';
import { OTHER_USER, OUTSIDER, SERVICE_USER, makeWorld, startWorld, type RunningWorld } from './harness.js';
import { GROUPS, PROJECTS, REPOS, SECURITY, keysOf, recorded, recordedJson } from './recordings.js';

const PROJECT_NS = NAMESPACE_IDS.Project;
const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PAT = 'sandboxpat000000000000000000000000000000000000000001';

let world: RunningWorld;

beforeAll(async () => {
  world = await startWorld(
    makeWorld({
      organization: 'contoso',
      projects: [
        { name: 'Sales', repositories: [{ name: 'dbt-models' }, { name: 'legacy', disabled: true }] },
        { name: 'Ops', repositories: [{ name: 'infra', defaultBranch: null }] },
        { name: 'Archive', state: 'createPending' },
      ],
      users: [{ upn: SERVICE_USER }, { upn: OTHER_USER }],
      otherTenantIdentities: [{ mail: SERVICE_USER, tenantId: OTHER_TENANT, active: false }],
      groups: [
        { name: 'Data Engineers', members: [SERVICE_USER] },
        { name: 'Integrations', project: 'Sales', members: ['[contoso]\\Data Engineers'] },
      ],
      pats: [{ identity: SERVICE_USER, name: 'svc', value: PAT }],
      oauthThirdPartyAccess: true,
    }),
  );
});
afterAll(async () => {
  await world.servers.close();
});

function bearer(): Record<string, string> {
  return { authorization: `Bearer ${world.automationToken()}`, accept: 'application/json;api-version=7.1' };
}

async function getJson<T>(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, {
    ...init,
    headers: { ...bearer(), ...(init.headers as Record<string, string>) },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

function svc(): AdoIdentity {
  return [...world.state.allIdentities()].find(
    (i) => i.principalName === SERVICE_USER && i.domain === world.state.tenantId,
  )!;
}

describe('azure-devops-node-api against the sandbox', () => {
  it('lists projects and repositories with a bearer token after resource-area and location negotiation', async () => {
    const api = new WebApi(`${world.dev}/contoso`, getBearerHandler(world.automationToken()));
    const core = await api.getCoreApi();
    const projects = await core.getProjects();
    expect(projects.map((p) => p.name)).toEqual(['Sales', 'Ops']);
    const git = await api.getGitApi();
    const repos = await git.getRepositories();
    expect(repos.map((r) => [r.name, r.isDisabled, r.project?.name])).toEqual([
      ['dbt-models', false, 'Sales'],
      ['legacy', true, 'Sales'],
      ['infra', false, 'Ops'],
    ]);
    const perProject = await git.getRepositories('Ops');
    expect(perProject.map((r) => r.name)).toEqual(['infra']);
  });

  it('authenticates a PAT (Basic, any user name) as its identity', async () => {
    const api = new WebApi(`${world.dev}/contoso`, getPersonalAccessTokenHandler(PAT));
    const connection = await api.connect();
    expect(connection.authenticatedUser?.id).toBe(svc().id);
    const core = await api.getCoreApi();
    expect((await core.getProjects('all', 1, 2)).map((p) => p.name)).toEqual(['Archive']);
  });

  it('pages projects with $top and the x-ms-continuationtoken header', async () => {
    const first = await getJson<{ count: number; value: { name: string }[] }>(
      `${world.dev}/contoso/_apis/projects?$top=1`,
    );
    expect(first.body.value.map((p) => p.name)).toEqual(['Sales']);
    expect(first.headers.get('x-ms-continuationtoken')).toBe('1');
    const second = await getJson<{ value: { name: string }[] }>(
      `${world.dev}/contoso/_apis/projects?$top=1&continuationToken=1`,
    );
    expect(second.body.value.map((p) => p.name)).toEqual(['Ops']);
    expect(second.headers.get('x-ms-continuationtoken')).toBeNull();
  });
});

describe('authentication and tenant headers (reference §0, §9)', () => {
  it('answers an unauthenticated HEAD of the organization with 401 and the tenant headers', async () => {
    const res = await fetch(`${world.dev}/contoso`, { method: 'HEAD' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-vss-resourcetenant')).toBe(world.entra.tenantId);
    expect(res.headers.get('www-authenticate')).toContain(`Bearer authorization_uri=`);
    expect(res.headers.get('www-authenticate')).toContain(`/${world.entra.tenantId}`);
  });

  it('answers 404 for an organization it does not serve', async () => {
    const res = await fetch(`${world.dev}/fabrikam/_apis/projects`, { headers: bearer() });
    expect(res.status).toBe(404);
  });

  it('refuses an unknown token, a user who is not in the organization and an unknown PAT with 401', async () => {
    const outsider = world.entra.issueUserToken(OUTSIDER, 'azureDevOps').accessToken;
    const member = world.entra.issueUserToken(OTHER_USER, 'azureDevOps').accessToken;
    const status = async (authorization: string): Promise<number> =>
      (await fetch(`${world.dev}/contoso/_apis/projects`, { headers: { authorization } })).status;
    expect(await status(`Bearer ${member}`)).toBe(200);
    expect(await status(`Bearer ${member}x`)).toBe(401);
    expect(await status(`Bearer ${outsider}`)).toBe(401);
    expect(await status(`Basic ${Buffer.from(':not-a-pat').toString('base64')}`)).toBe(401);
    const res = await fetch(`${world.dev}/contoso/_apis/projects`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-vss-resourcetenant')).toBe(world.entra.tenantId);
  });

  it('carries the recorded response headers, x-vss-userdata naming the caller', async () => {
    const res = await fetch(`${world.dev}/contoso/_apis/projects`, { headers: bearer() });
    for (const name of [
      'activityid',
      'x-tfs-session',
      'x-vss-e2eid',
      'x-tfs-processid',
      'x-vss-senderdeploymentid',
      'x-msedge-ref',
    ]) {
      expect(res.headers.get(name)).toBeTruthy();
    }
    expect(res.headers.get('x-vss-userdata')).toBe(
      `${world.state.automation.id}:${world.state.automation.principalName}`,
    );
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8; api-version=7.1');
  });

  it('says all zeros for an MSA-backed organization', async () => {
    const msa = await startWorld(makeWorld({ organization: 'personal', tenantId: null, projects: [] }));
    try {
      const res = await fetch(`${msa.dev}/personal`, { method: 'HEAD' });
      expect(res.headers.get('x-vss-resourcetenant')).toBe('00000000-0000-0000-0000-000000000000');
      const withToken = await fetch(`${msa.dev}/personal/_apis/projects`, {
        headers: { authorization: `Bearer ${msa.automationToken()}` },
      });
      expect(withToken.status).toBe(401);
    } finally {
      await msa.servers.close();
    }
  });
});

describe('recorded shapes', () => {
  it('projects: list item and single project keys', async () => {
    const list = await getJson<{ value: object[] }>(`${world.dev}/contoso/_apis/projects`);
    const real = recordedJson<{ value: object[] }>(PROJECTS, 7);
    expect(keysOf(list.body.value[0])).toEqual(keysOf(real.value[0]));
    const one = await getJson<object>(`${world.dev}/contoso/_apis/projects/Sales`);
    expect(keysOf(one.body)).toEqual(keysOf(recordedJson(GROUPS, 9)));
    const caps = await getJson<object>(`${world.dev}/contoso/_apis/projects/Sales?includeCapabilities=true`);
    expect(keysOf(caps.body)).toEqual(keysOf(recordedJson(SECURITY, 8)));
  });

  it('repositories: list item keys and single repository keys', async () => {
    const list = await getJson<{ value: Record<string, unknown>[] }>(
      `${world.dev}/contoso/Sales/_apis/git/repositories`,
    );
    const real = recordedJson<{ value: Record<string, unknown>[] }>(REPOS, 1);
    const ours = list.body.value[0]!;
    expect(keysOf(ours).filter((k) => k !== 'defaultBranch')).toEqual(keysOf(real.value[0]));
    expect(keysOf(ours.project)).toEqual(keysOf(real.value[0]!.project));
    const one = await getJson<Record<string, unknown>>(
      `${world.dev}/contoso/Ops/_apis/git/repositories/infra`,
    );
    const realOne = recordedJson<Record<string, unknown>>(REPOS, 2);
    expect(keysOf(one.body)).toEqual(keysOf(realOne));
    expect(keysOf(one.body._links)).toEqual(keysOf(realOne._links));
  });

  it('security namespaces: the recorded Project namespace verbatim', async () => {
    const ours = await getJson<unknown>(`${world.dev}/contoso/_apis/SecurityNamespaces/${PROJECT_NS}`);
    expect(ours.body).toEqual(recordedJson(SECURITY, 11));
    const all = await getJson<{ count: number }>(
      `${world.dev}/contoso/_apis/securitynamespaces?localOnly=false`,
    );
    expect(all.body.count).toBe(61);
  });

  it('ACLs: namespace-wide answer and ACE write answer keys', async () => {
    const d = svc().descriptor;
    const q = new URLSearchParams({ descriptors: d, includeExtendedInfo: 'true', recurse: 'false' });
    const ours = await getJson<{ value: Record<string, unknown>[] }>(
      `${world.dev}/contoso/_apis/AccessControlLists/${PROJECT_NS}?${q}`,
    );
    const real = recordedJson<{ value: Record<string, Record<string, Record<string, unknown>>>[] }>(
      SECURITY,
      13,
    );
    expect(keysOf(ours.body)).toEqual(['count', 'value']);
    expect(keysOf(ours.body.value[0])).toEqual(keysOf(real.value[0]));
    const realAce = Object.values(real.value[0]!.acesDictionary!)[0];
    const ourAce = Object.values(ours.body.value[0]!.acesDictionary as object)[0] as object;
    expect(keysOf(ourAce)).toEqual(keysOf(realAce));

    const token = `$PROJECT:vstfs:///Classification/TeamProject/${world.state.project('Ops')!.id}`;
    const post = await getJson<unknown>(`${world.dev}/contoso/_apis/AccessControlEntries/${PROJECT_NS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        merge: true,
        accessControlEntries: [{ allow: 65536, deny: 0, descriptor: d }],
      }),
    });
    const realPost = recordedJson<{ value: object[] }>(SECURITY, 18);
    expect(keysOf(post.body)).toEqual(keysOf(realPost));
    expect(keysOf((post.body as { value: object[] }).value[0])).toEqual(keysOf(realPost.value[0]));
    const del = await fetch(
      `${world.dev}/contoso/_apis/AccessControlEntries/${PROJECT_NS}?${new URLSearchParams({ token, descriptors: d })}`,
      { method: 'DELETE', headers: bearer() },
    );
    expect(await del.text()).toBe(recorded(SECURITY, 34).response.body.string);
  });

  it('identities: search by mail returns both same-mail identities in the recorded shape', async () => {
    const res = await getJson<{ count: number; value: Record<string, unknown>[] }>(
      `${world.vssps}/contoso/_apis/Identities?searchFilter=General&filterValue=${encodeURIComponent(SERVICE_USER)}`,
    );
    const real = recordedJson<{ value: Record<string, Record<string, unknown>>[] }>(SECURITY, 12);
    expect(res.body.count).toBe(2);
    const [inOrg, other] = res.body.value as [
      Record<string, Record<string, { $value: string }>>,
      Record<string, unknown>,
    ];
    expect(keysOf(inOrg)).toEqual(keysOf(real.value[0]));
    expect(keysOf(inOrg.properties)).toEqual(keysOf(real.value[0]!.properties));
    expect(inOrg.properties!.Domain!.$value).toBe(world.state.tenantId);
    expect(inOrg.descriptor).toBe(
      `Microsoft.IdentityModel.Claims.ClaimsIdentity;${world.state.tenantId}\\${SERVICE_USER}`,
    );
    expect(other.isActive).toBe(false);
    expect(other.descriptor).toBe(
      `Microsoft.IdentityModel.Claims.ClaimsIdentity;${OTHER_TENANT}\\${SERVICE_USER}`,
    );
  });

  it('identities: Expanded membership lists nested groups; subjectDescriptors maps to the identity descriptor', async () => {
    const me = svc();
    const expanded = await getJson<{ value: { memberOf: string[] }[] }>(
      `${world.vssps}/contoso/_apis/identities?descriptors=${encodeURIComponent(me.descriptor)}&queryMembership=Expanded`,
    );
    const sales = world.state.project('Sales')!;
    expect(expanded.body.value[0]!.memberOf.sort()).toEqual(
      [
        world.state.projectGroup(sales, 'Integrations').descriptor,
        world.state.projectGroup(sales, 'Project Valid Users').descriptor,
        [...world.state.allIdentities()].find((i) => i.principalName === '[contoso]\\Data Engineers')!
          .descriptor,
        world.state.collectionGroup('validUsers').descriptor,
      ].sort(),
    );
    const direct = await getJson<{ value: { memberOf: string[] }[] }>(
      `${world.vssps}/contoso/_apis/identities?descriptors=${encodeURIComponent(me.descriptor)}&queryMembership=Direct`,
    );
    expect(direct.body.value[0]!.memberOf).toHaveLength(1);
    const bySubject = await getJson<{ value: { descriptor: string }[] }>(
      `${world.vssps}/contoso/_apis/identities?subjectDescriptors=${me.subjectDescriptor}`,
    );
    expect(bySubject.body.value[0]!.descriptor).toBe(me.descriptor);
  });

  it('graph: project scope descriptor, its groups (Readers by name and domain) and their recorded keys', async () => {
    const sales = world.state.project('Sales')!;
    const scope = await getJson<{ value: string; _links: object }>(
      `${world.vssps}/contoso/_apis/Graph/Descriptors/${sales.id}`,
    );
    const realScope = recordedJson<{ _links: object }>(GROUPS, 10);
    expect(keysOf(scope.body)).toEqual(keysOf(realScope));
    expect(keysOf(scope.body._links)).toEqual(keysOf(realScope._links));
    expect(scope.body.value).toMatch(/^scp\./);
    expect(Buffer.from(scope.body.value.slice(4), 'base64url').toString()).not.toBe(sales.id);
    const back = await getJson<{ value: string }>(
      `${world.vssps}/contoso/_apis/Graph/StorageKeys/${scope.body.value}`,
    );
    expect(back.body.value).toBe(sales.id);

    const groups = await getJson<{ count: number; value: Record<string, unknown>[] }>(
      `${world.vssps}/contoso/_apis/Graph/Groups?scopeDescriptor=${scope.body.value}`,
    );
    expect(groups.body.value.map((g) => g.displayName)).toEqual([
      'Sales Team',
      'Readers',
      'Project Valid Users',
      'Contributors',
      'Project Administrators',
      'Build Administrators',
      'Integrations',
    ]);
    const readers = groups.body.value.find((g) => g.displayName === 'Readers')!;
    expect(readers.domain).toBe(`vstfs:///Classification/TeamProject/${sales.id}`);
    expect(readers.principalName).toBe('[Sales]\\Readers');
    const realReaders = recordedJson<{ value: Record<string, unknown>[] }>(GROUPS, 11).value[1]!;
    expect(keysOf(readers)).toEqual(keysOf(realReaders));
    expect(keysOf(readers._links)).toEqual(keysOf(realReaders._links));
    // vssgp encodes the SID of the group's identity descriptor (§0).
    const sid = Buffer.from((readers.descriptor as string).slice(6), 'base64url').toString();
    expect(world.state.projectGroup(sales, 'Readers').descriptor).toBe(
      `Microsoft.TeamFoundation.Identity;${sid}`,
    );
    const validUsers = groups.body.value.find((g) => g.displayName === 'Project Valid Users')!;
    expect(Buffer.from((validUsers.descriptor as string).slice(6), 'base64url').toString()).toMatch(
      /-0-0-0-0-3$/,
    );
  });

  it('graph: memberships down, PUT/HEAD/DELETE and subject lookup in the recorded shapes', async () => {
    const sales = world.state.project('Sales')!;
    const readers = world.state.projectGroup(sales, 'Readers');
    const validUsers = world.state.projectGroup(sales, 'Project Valid Users');
    const me = svc();
    const down = await getJson<{ count: number; value: object[] }>(
      `${world.vssps}/contoso/_apis/Graph/Memberships/${validUsers.subjectDescriptor}?direction=down`,
    );
    expect(down.body.count).toBe(6);
    expect(keysOf(down.body.value[0])).toEqual(
      keysOf(recordedJson<{ value: object[] }>(GROUPS, 14).value[0]),
    );

    const url = `${world.vssps}/contoso/_apis/Graph/Memberships/${me.subjectDescriptor}/${readers.subjectDescriptor}`;
    expect((await fetch(url, { method: 'HEAD', headers: bearer() })).status).toBe(404);
    const put = await getJson<Record<string, object>>(url, { method: 'PUT' });
    expect(put.status).toBe(201);
    const realPut = recordedJson<Record<string, object>>(GROUPS, 39);
    expect(keysOf(put.body)).toEqual(keysOf(realPut));
    expect(keysOf(put.body._links)).toEqual(keysOf(realPut._links));
    const head = await fetch(url, { method: 'HEAD', headers: bearer() });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-vss-resourcetenant')).toBe(world.state.tenantId);
    const lookup = await getJson<{ count: number; value: Record<string, Record<string, unknown>> }>(
      `${world.vssps}/contoso/_apis/Graph/SubjectLookup`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          lookupKeys: [{ descriptor: readers.subjectDescriptor }, { descriptor: me.subjectDescriptor }],
        }),
      },
    );
    const realLookup = recordedJson<{ value: Record<string, Record<string, unknown>> }>(GROUPS, 40);
    const realUser = Object.values(realLookup.value).find((s) => s.subjectKind === 'user')!;
    expect(lookup.body.count).toBe(2);
    expect(keysOf(lookup.body.value[me.subjectDescriptor])).toEqual(keysOf(realUser));
    expect(keysOf(lookup.body.value[me.subjectDescriptor]!._links)).toEqual(keysOf(realUser._links));
    expect((await fetch(url, { method: 'DELETE', headers: bearer() })).status).toBe(200);
    expect((await fetch(url, { method: 'HEAD', headers: bearer() })).status).toBe(404);
  });

  it('graph: only depth 1 memberships', async () => {
    const res = await getJson<{ message: string }>(
      `${world.vssps}/contoso/_apis/Graph/Memberships/${svc().subjectDescriptor}?direction=up&depth=2`,
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('depth');
  });
});

describe('organization policy data provider (reference §9)', () => {
  it('reports Policy.DisallowOAuthAuthentication inverted from the scenario', async () => {
    const res = await getJson<{
      fps: {
        dataProviders: {
          data: Record<
            string,
            {
              policies: Record<
                string,
                { policy: { name: string; value: boolean; effectiveValue: boolean } }[]
              >;
            }
          >;
        };
      };
    }>(`${world.dev}/contoso/_settings/organizationPolicy?__rt=fps&__ver=2`);
    const provider = res.body.fps.dataProviders.data['ms.vss-admin-web.organization-policies-data-provider']!;
    const oauth = provider.policies.applicationConnection!.find(
      (p) => p.policy.name === 'Policy.DisallowOAuthAuthentication',
    )!;
    expect(oauth.policy.value).toBe(false);
    expect(oauth.policy.effectiveValue).toBe(false);
    expect(keysOf(provider.policies)).toEqual(['applicationConnection', 'privacy', 'security', 'user']);
  });
});

describe('rate limiting (reference §8)', () => {
  it('announces the budget, then delays with Retry-After, then blocks with 429 TF400733', async () => {
    const limited = await startWorld(
      makeWorld({
        organization: 'contoso',
        projects: [],
        rateLimit: { limit: 2, blockAfter: 3, retryAfterSeconds: 7 },
      }),
    );
    try {
      const get = (): Promise<Response> =>
        fetch(`${limited.dev}/contoso/_apis/projects`, {
          headers: { authorization: `Bearer ${limited.automationToken()}` },
        });
      const first = await get();
      expect(first.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(first.headers.get('x-ratelimit-resource')).toBeTruthy();
      expect(first.headers.get('retry-after')).toBeNull();
      await get();
      const delayed = await get();
      expect(delayed.status).toBe(200);
      expect(delayed.headers.get('retry-after')).toBe('7');
      expect(delayed.headers.get('x-ratelimit-delay')).toBeTruthy();
      expect(delayed.headers.get('x-ratelimit-remaining')).toBe('0');
      const blocked = await get();
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { message: string }).message).toMatch(/^TF400733:/);
      limited.clock.advance(300_001);
      expect((await get()).status).toBe(200);
    } finally {
      await limited.servers.close();
    }
  });
});
