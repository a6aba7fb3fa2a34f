import { describe, expect, it } from '@jest/globals';
import { NAMESPACE_IDS, type AdoIdentity, type AdoScenario } from '../../../src/sandbox/state/ado.js';
import { OTHER_USER, SERVICE_USER, call, callJson, makeWorld, type AdoWorld } from './harness.js';

const GIT = NAMESPACE_IDS['Git Repositories'];
const PROJECT = NAMESPACE_IDS.Project;
const SERVICE_HOOKS = NAMESPACE_IDS.ServiceHooks;
const CONTRIBUTE = 4 | 16384;

const SCENARIO: Omit<AdoScenario, 'automation'> = {
  organization: 'contoso',
  projects: [
    { name: 'Sales', repositories: [{ name: 'dbt-models' }, { name: 'legacy', disabled: true }] },
    { name: 'Ops', repositories: [{ name: 'infra' }] },
  ],
  users: [{ upn: SERVICE_USER }, { upn: OTHER_USER }],
  groups: [
    { name: 'Data Engineers', members: [SERVICE_USER] },
    { name: 'Integrations', project: 'Sales', members: ['[contoso]\\Data Engineers'] },
  ],
  acls: [
    {
      namespace: 'Git Repositories',
      token: 'repoV2/{Sales}',
      aces: [{ identity: '[Sales]\\Integrations', allow: ['GenericContribute', 'PullRequestContribute'] }],
    },
    {
      namespace: 'Git Repositories',
      token: 'repoV2/{Ops}/{infra}',
      aces: [
        { identity: SERVICE_USER, allow: ['GenericContribute'] },
        { identity: '[contoso]\\Data Engineers', deny: ['GenericContribute'] },
      ],
    },
    { namespace: 'Git Repositories', token: 'repoV2/{Sales}/{legacy}', inheritPermissions: false, aces: [] },
    { namespace: 'ServiceHooks', token: 'PublisherSecurity', aces: [{ identity: SERVICE_USER, deny: 2 }] },
    {
      namespace: 'ServiceHooks',
      token: 'PublisherSecurity/{Sales}',
      aces: [{ identity: SERVICE_USER, allow: 7 }],
    },
  ],
};

interface Ace {
  descriptor: string;
  allow: number;
  deny: number;
  extendedInfo?: Record<string, number>;
}
interface Acl {
  inheritPermissions: boolean;
  token: string;
  acesDictionary: Record<string, Ace>;
  includeExtendedInfo: boolean;
}
interface List<T> {
  count: number;
  value: T[];
}

function user(world: AdoWorld, upn: string): AdoIdentity {
  const found = [...world.state.allIdentities()].find(
    (i) => i.principalName === upn && i.domain === world.state.tenantId,
  );
  if (!found) throw new Error(`no identity ${upn}`);
  return found;
}

function ids(world: AdoWorld): { sales: string; ops: string; dbt: string; legacy: string; infra: string } {
  const sales = world.state.project('Sales')!;
  const ops = world.state.project('Ops')!;
  return {
    sales: sales.id,
    ops: ops.id,
    dbt: sales.repositories[0]!.id,
    legacy: sales.repositories[1]!.id,
    infra: ops.repositories[0]!.id,
  };
}

function aclQuery(ns: string, params: Record<string, string>): string {
  return `/contoso/_apis/accesscontrollists/${ns}?${new URLSearchParams({ 'api-version': '7.1', ...params })}`;
}

async function effective(
  world: AdoWorld,
  ns: string,
  token: string,
  descriptor: string,
): Promise<{ acl: Acl; ace: Ace }> {
  const body = await callJson<List<Acl>>(
    world,
    aclQuery(ns, { token, descriptors: descriptor, includeExtendedInfo: 'true' }),
  );
  expect(body.count).toBe(1);
  const acl = body.value[0]!;
  expect(Object.keys(acl.acesDictionary)).toEqual([descriptor]);
  return { acl, ace: acl.acesDictionary[descriptor]! };
}

describe('ACL query: effective permissions (reference §2)', () => {
  it('grants through a nested group on a parent token, with a synthesised inheriting ACL at the repository', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { sales, dbt } = ids(world);
    const { acl, ace } = await effective(world, GIT, `repoV2/${sales}/${dbt}`, svc.descriptor);
    expect(acl.inheritPermissions).toBe(true);
    expect(acl.token).toBe(`repoV2/${sales}/${dbt}`);
    expect(ace.allow).toBe(0);
    expect(ace.deny).toBe(0);
    // Group ACEs on ancestors count in effective*, never in inherited* (§2 step 5).
    expect(ace.extendedInfo).toEqual({ effectiveAllow: CONTRIBUTE });
  });

  it('lets a group deny on the same token win over the user’s own allow', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { ops, infra } = ids(world);
    const { ace } = await effective(world, GIT, `repoV2/${ops}/${infra}`, svc.descriptor);
    expect(ace.allow).toBe(4);
    expect(ace.extendedInfo).toEqual({ effectiveDeny: 4 });
  });

  it('stops at an ACL with inheritPermissions=false', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { sales, legacy } = ids(world);
    const { acl, ace } = await effective(world, GIT, `repoV2/${sales}/${legacy}`, svc.descriptor);
    expect(acl.inheritPermissions).toBe(false);
    expect(ace.extendedInfo).toEqual({});
  });

  it('lets an explicit allow on a child token beat the user’s deny on the parent, and reports the inherited deny', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { ace } = await effective(
      world,
      SERVICE_HOOKS,
      `PublisherSecurity/${ids(world).sales}`,
      svc.descriptor,
    );
    expect(ace.allow).toBe(7);
    expect(ace.extendedInfo).toEqual({ inheritedDeny: 2, effectiveAllow: 7 });
    const ops = await effective(world, SERVICE_HOOKS, `PublisherSecurity/${ids(world).ops}`, svc.descriptor);
    expect(ops.ace.extendedInfo).toEqual({ inheritedDeny: 2, effectiveDeny: 2 });
  });

  it('treats tokens case-insensitively and trims trailing separators', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { ops, infra } = ids(world);
    const body = await callJson<List<Acl>>(
      world,
      aclQuery(GIT, {
        token: `REPOV2/${ops.toUpperCase()}/${infra}/`,
        descriptors: svc.descriptor,
        includeExtendedInfo: 'true',
      }),
    );
    expect(body.value[0]!.acesDictionary[svc.descriptor]).toEqual({
      descriptor: svc.descriptor,
      allow: 4,
      deny: 0,
      extendedInfo: { effectiveDeny: 4 },
    });
  });

  it('returns child ACLs with recurse=true and nothing for an unstored token without extended info', async () => {
    const world = makeWorld(SCENARIO);
    const { sales, legacy, dbt } = ids(world);
    const recursed = await callJson<List<Acl>>(
      world,
      aclQuery(GIT, { token: `repoV2/${sales}`, recurse: 'true' }),
    );
    expect(recursed.value.map((a) => a.token)).toEqual([`repoV2/${sales}`, `repoV2/${sales}/${legacy}`]);
    const none = await callJson<List<Acl>>(world, aclQuery(GIT, { token: `repoV2/${sales}/${dbt}` }));
    expect(none).toEqual({ count: 0, value: [] });
  });

  it('answers a namespace-wide query with every stored ACL and exactly one (synthesised) ACE per descriptor', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const body = await callJson<List<Acl>>(
      world,
      aclQuery(PROJECT, { descriptors: svc.descriptor, includeExtendedInfo: 'true', recurse: 'false' }),
    );
    const stored = world.state
      .namespace(PROJECT)!
      .toJSON()
      .map((a) => a.token);
    expect(body.value.map((a) => a.token)).toEqual(stored);
    expect(body.count).toBe(2); // one per project, as recorded
    for (const acl of body.value)
      expect(acl.token).toMatch(/^\$PROJECT:vstfs:\/\/\/Classification\/TeamProject\/[0-9a-f-]{36}$/);
    for (const acl of body.value) {
      expect(Object.keys(acl)).toEqual([
        'inheritPermissions',
        'token',
        'acesDictionary',
        'includeExtendedInfo',
      ]);
      expect(acl.acesDictionary).toEqual({
        [svc.descriptor]: expect.objectContaining({ descriptor: svc.descriptor, allow: 0, deny: 0 }),
      });
    }
    // Integrations (a Sales group) is in Sales' Project Valid Users, which may view the Sales project.
    const salesAcl = body.value.find((a) => a.token.endsWith(ids(world).sales))!;
    expect(salesAcl.acesDictionary[svc.descriptor]!.extendedInfo).toEqual({ effectiveAllow: 1 });
    const opsAcl = body.value.find((a) => a.token.endsWith(ids(world).ops))!;
    expect(opsAcl.acesDictionary[svc.descriptor]!.extendedInfo).toEqual({});
  });

  it('invents an empty ACE for a Graph subject descriptor passed where an identity descriptor belongs (§0 pitfall)', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { ace } = await effective(
      world,
      PROJECT,
      `$PROJECT:vstfs:///Classification/TeamProject/${ids(world).sales}`,
      svc.subjectDescriptor,
    );
    expect(ace).toEqual({ descriptor: svc.subjectDescriptor, allow: 0, deny: 0, extendedInfo: {} });
  });

  it('answers 404 with the ADO error shape for an unknown namespace', async () => {
    const world = makeWorld(SCENARIO);
    const response = await call(
      world,
      '/contoso/_apis/accesscontrollists/11111111-2222-3333-4444-555555555555',
    );
    expect(response.status).toBe(404);
    expect(Object.keys(response.json as object)).toEqual([
      '$id',
      'innerException',
      'message',
      'typeName',
      'typeKey',
      'errorCode',
      'eventId',
    ]);
  });
});

describe('ACE writes (reference §3)', () => {
  it('replays the recorded merge sequence: allow, then merged deny moves the bit, then permission and ACE removal', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const token = `$PROJECT:vstfs:///Classification/TeamProject/${ids(world).sales}`;
    const post = (allow: number, deny: number): Promise<List<Ace>> =>
      callJson(world, `/contoso/_apis/AccessControlEntries/${PROJECT}`, {
        method: 'POST',
        body: { token, merge: true, accessControlEntries: [{ allow, deny, descriptor: svc.descriptor }] },
      });
    expect(await post(65536, 0)).toEqual({
      count: 1,
      value: [{ descriptor: svc.descriptor, allow: 65536, deny: 0 }],
    });
    expect(await post(0, 65536)).toEqual({
      count: 1,
      value: [{ descriptor: svc.descriptor, allow: 0, deny: 65536 }],
    });
    const { ace } = await effective(world, PROJECT, token, svc.descriptor);
    expect(ace).toEqual({
      descriptor: svc.descriptor,
      allow: 0,
      deny: 65536,
      extendedInfo: { effectiveDeny: 65536, effectiveAllow: 1 },
    });
    const removed = await callJson<Ace>(
      world,
      `/contoso/_apis/Permissions/${PROJECT}/65536?${new URLSearchParams({ descriptor: svc.descriptor, token })}`,
      { method: 'DELETE' },
    );
    expect(removed).toEqual({ descriptor: svc.descriptor, allow: 0, deny: 0 });
    const deleted = await call(
      world,
      `/contoso/_apis/AccessControlEntries/${PROJECT}?${new URLSearchParams({ token, descriptors: svc.descriptor })}`,
      {
        method: 'DELETE',
      },
    );
    expect(deleted.json).toBe(true);
    expect(world.state.namespace(PROJECT)!.get(token, 'write')!.aces.has(svc.descriptor.toLowerCase())).toBe(
      false,
    );
  });

  it('adds allow bits with merge (5 + 8 = 13) and replaces the ACE without merge', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const token = `repoV2/${ids(world).ops}`;
    const post = (allow: number, deny: number, merge: boolean): Promise<List<Ace>> =>
      callJson(world, `/contoso/_apis/accesscontrolentries/${GIT}`, {
        method: 'POST',
        body: { token, merge, accessControlEntries: [{ descriptor: svc.descriptor, allow, deny }] },
      });
    await post(5, 16, false);
    expect((await post(8, 0, true)).value[0]).toEqual({ descriptor: svc.descriptor, allow: 13, deny: 16 });
    expect((await post(2, 0, false)).value[0]).toEqual({ descriptor: svc.descriptor, allow: 2, deny: 0 });
  });

  it('overwrites a whole ACL, including inheritPermissions, with POST accesscontrollists', async () => {
    const world = makeWorld(SCENARIO);
    const svc = user(world, SERVICE_USER);
    const { sales, dbt } = ids(world);
    const token = `repoV2/${sales}/${dbt}`;
    const response = await call(world, `/contoso/_apis/accesscontrollists/${GIT}`, {
      method: 'POST',
      body: {
        count: 1,
        value: [
          { token, inheritPermissions: false, acesDictionary: { [svc.descriptor]: { allow: 2, deny: 0 } } },
        ],
      },
    });
    expect(response.status).toBe(204);
    const { acl, ace } = await effective(world, GIT, token, svc.descriptor);
    expect(acl.inheritPermissions).toBe(false);
    expect(ace.extendedInfo).toEqual({ effectiveAllow: 2 });
  });

  it('refuses writes with 403 for a plain-reader automation, which can still read', async () => {
    const world = makeWorld({ ...SCENARIO, automation: { collectionAdministrator: false } });
    const svc = user(world, SERVICE_USER);
    const token = `repoV2/${ids(world).sales}`;
    const read = await call(
      world,
      aclQuery(GIT, { token, descriptors: svc.descriptor, includeExtendedInfo: 'true' }),
    );
    expect(read.status).toBe(200);
    const write = await call(world, `/contoso/_apis/accesscontrolentries/${GIT}`, {
      method: 'POST',
      body: {
        token,
        merge: true,
        accessControlEntries: [{ descriptor: svc.descriptor, allow: CONTRIBUTE, deny: 0 }],
      },
    });
    expect(write.status).toBe(403);
    expect((write.json as { typeKey: string; message: string }).message).toContain("'ManagePermissions'");
  });

  it('names the missing field in a 400', async () => {
    const world = makeWorld(SCENARIO);
    const response = await call(world, `/contoso/_apis/accesscontrolentries/${GIT}`, {
      method: 'POST',
      body: { merge: true, accessControlEntries: [] },
    });
    expect(response.status).toBe(400);
    expect((response.json as { message: string }).message).toContain('Parameter name: token');
  });

  it('shows the state before a write to reads within aclLagMs, then the new state', async () => {
    const world = makeWorld({ ...SCENARIO, aclLagMs: 5000 });
    const svc = user(world, SERVICE_USER);
    const token = `$PROJECT:vstfs:///Classification/TeamProject/${ids(world).ops}`;
    await callJson(world, `/contoso/_apis/accesscontrolentries/${PROJECT}`, {
      method: 'POST',
      body: {
        token,
        merge: true,
        accessControlEntries: [{ descriptor: svc.descriptor, allow: 65536, deny: 0 }],
      },
    });
    expect((await effective(world, PROJECT, token, svc.descriptor)).ace.allow).toBe(0);
    world.clock.advance(5001);
    expect((await effective(world, PROJECT, token, svc.descriptor)).ace.allow).toBe(65536);
  });
});

describe('has-permission for the caller (reference §4)', () => {
  it('evaluates tokens for the caller in order', async () => {
    const world = makeWorld(SCENARIO);
    const { sales, ops } = ids(world);
    const body = await callJson<List<boolean>>(
      world,
      `/contoso/_apis/permissions/${GIT}/8192?tokens=repoV2/${sales},repoV2/${ops}`,
    );
    expect(body).toEqual({ count: 2, value: [true, true] });
    const asUser = await callJson<List<boolean>>(
      world,
      `/contoso/_apis/permissions/${GIT}/4?tokens=repoV2/${sales},repoV2/${ops}`,
      {
        headers: { authorization: `Bearer ${world.userToken(SERVICE_USER)}` },
      },
    );
    expect(asUser).toEqual({ count: 2, value: [true, false] });
  });
});

describe('permission evaluation batch and read checks', () => {
  it('evaluates a batch for the caller, echoing each evaluation with its value', async () => {
    const world = makeWorld(SCENARIO);
    const { sales, ops } = ids(world);
    const evaluations = [
      { securityNamespaceId: GIT, token: `repoV2/${sales}`, permissions: 4 },
      { securityNamespaceId: GIT, token: `repoV2/${ops}`, permissions: 4 },
    ];
    const body = await callJson<{ evaluations: { value: boolean }[] }>(
      world,
      '/contoso/_apis/security/permissionevaluationbatch',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${world.userToken(SERVICE_USER)}` },
        body: { alwaysAllowAdministrators: false, evaluations },
      },
    );
    expect(body.evaluations).toEqual([
      { ...evaluations[0], value: true },
      { ...evaluations[1], value: false },
    ]);
  });

  it('refuses to show an ACL to a caller without the namespace read permission', async () => {
    const world = makeWorld(SCENARIO);
    const { ops } = ids(world);
    const asUser = { headers: { authorization: `Bearer ${world.userToken(OTHER_USER)}` } };
    const denied = await call(world, aclQuery(GIT, { token: `repoV2/${ops}` }), asUser);
    expect(denied.status).toBe(403);
    expect((denied.json as { message: string }).message).toContain("'GenericRead'");
    const wide = await callJson<List<Acl>>(world, aclQuery(GIT, {}), asUser);
    expect(wide.count).toBe(0);
  });
});

describe('api-version', () => {
  it('is accepted in the query or the Accept header, and a malformed one is a 400', async () => {
    const world = makeWorld(SCENARIO);
    const inQuery = await call(world, '/contoso/_apis/projects?api-version=7.1-preview.4');
    expect(inQuery.headers?.['content-type']).toBe(
      'application/json; charset=utf-8; api-version=7.1-preview.4',
    );
    const inAccept = await call(world, '/contoso/_apis/projects', {
      headers: { accept: 'application/json;api-version=5.0' },
    });
    expect(inAccept.headers?.['content-type']).toBe('application/json; charset=utf-8; api-version=5.0');
    const bad = await call(world, '/contoso/_apis/projects?api-version=latest');
    expect(bad.status).toBe(400);
    expect((bad.json as { typeKey: string }).typeKey).toBe('VssInvalidApiVersionException');
  });
});

describe('graph group paging', () => {
  it('pages the organization’s groups with X-MS-ContinuationToken', async () => {
    const world = makeWorld({
      organization: 'contoso',
      projects: Array.from({ length: 90 }, (_, i) => ({ name: `p${i}` })),
    });
    const first = await call(world, '/contoso/_apis/graph/groups', { service: 'azureDevOpsIdentity' });
    const page1 = first.json as List<{ descriptor: string }>;
    expect(page1.count).toBe(500);
    const token = first.headers?.['X-MS-ContinuationToken'] as string;
    expect(token).toBeTruthy();
    const second = await call(world, `/contoso/_apis/graph/groups?continuationToken=${token}`, {
      service: 'azureDevOpsIdentity',
    });
    const page2 = second.json as List<{ descriptor: string }>;
    expect(page2.count).toBe(90 * 6 + 2 - 500);
    expect(second.headers?.['X-MS-ContinuationToken']).toBeUndefined();
    expect(new Set([...page1.value, ...page2.value].map((g) => g.descriptor)).size).toBe(542);
  });
});

describe('ACL removal and inactive identities', () => {
  it('removes ACLs (recursively when asked) with DELETE accesscontrollists', async () => {
    const world = makeWorld(SCENARIO);
    const { sales, legacy } = ids(world);
    const remove = (tokens: string, recurse: boolean): Promise<boolean> =>
      callJson(world, `/contoso/_apis/accesscontrollists/${GIT}?tokens=${tokens}&recurse=${recurse}`, {
        method: 'DELETE',
      });
    expect(await remove(`repoV2/${sales}/nothing-here`, false)).toBe(false);
    expect(await remove(`repoV2/${sales}`, true)).toBe(true);
    const acls = world.state.namespace(GIT)!;
    expect(acls.get(`repoV2/${sales}`, 'write')).toBeUndefined();
    expect(acls.get(`repoV2/${sales}/${legacy}`, 'write')).toBeUndefined();
    expect(acls.get('repoV2', 'write')).toBeDefined();
  });

  it('refuses an inactive identity’s token with 401', async () => {
    const world = makeWorld({
      ...SCENARIO,
      users: [{ upn: SERVICE_USER, active: false }, { upn: OTHER_USER }],
    });
    const response = await call(world, '/contoso/_apis/projects', {
      headers: { authorization: `Bearer ${world.userToken(SERVICE_USER)}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers?.['www-authenticate']).toContain('Bearer authorization_uri=');
  });
});

describe('malformed bodies', () => {
  it('answers a malformed JSON body with a 400 in the ADO error shape', async () => {
    const world = makeWorld(SCENARIO);
    const { buildSandboxRequest } = await import('../../../src/sandbox/server/request.js');
    const req = buildSandboxRequest(
      'azureDevOps',
      'https://127.0.0.1:1',
      {
        method: 'POST',
        url: `/contoso/_apis/accesscontrolentries/${GIT}`,
        headers: { authorization: `Bearer ${world.automationToken()}` },
      },
      Buffer.from('{not json', 'utf8'),
    );
    const response = await world.services.azureDevOps.handle(req);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      $id: '1',
      typeKey: 'ArgumentException',
      errorCode: 0,
      eventId: 3000,
    });
  });
});

describe('read-after-write lag on namespace-wide reads', () => {
  it('lists a newly written ACL only after aclLagMs, and a removed one until then', async () => {
    const world = makeWorld({ ...SCENARIO, aclLagMs: 2000 });
    const svc = user(world, SERVICE_USER);
    const { sales, dbt, legacy } = ids(world);
    const tokens = async (): Promise<string[]> =>
      (await callJson<List<Acl>>(world, aclQuery(GIT, {}))).value.map((a) => a.token);
    await callJson(world, `/contoso/_apis/accesscontrolentries/${GIT}`, {
      method: 'POST',
      body: {
        token: `repoV2/${sales}/${dbt}`,
        merge: true,
        accessControlEntries: [{ descriptor: svc.descriptor, allow: 2, deny: 0 }],
      },
    });
    await callJson(world, `/contoso/_apis/accesscontrollists/${GIT}?tokens=repoV2/${sales}/${legacy}`, {
      method: 'DELETE',
    });
    expect(await tokens()).not.toContain(`repoV2/${sales}/${dbt}`);
    expect(await tokens()).toContain(`repoV2/${sales}/${legacy}`);
    world.clock.advance(2001);
    expect(await tokens()).toContain(`repoV2/${sales}/${dbt}`);
    expect(await tokens()).not.toContain(`repoV2/${sales}/${legacy}`);
  });
});
