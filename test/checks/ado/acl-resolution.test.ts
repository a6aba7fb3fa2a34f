/**
 * The one-query-per-namespace resolution equals the server's per-token answer
 * (`accesscontrollists/{ns}?token=<t>&descriptors=<user>&includeExtendedInfo=true`), on seeded random layouts of
 * ACLs (allow/deny at the root, project and repository tokens, inheritPermissions=false, case and trailing
 * separators in stored tokens) and nested groups.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NamespacePermissions } from '../../../src/checks/acl-resolution.js';
import { resolveServiceUser } from '../../../src/checks/service-user.js';
import { GIT_NS, HOOKS_NS, SVC, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoSpec, AdoTestWorld } from './helpers.js';

const GIT_BITS = [2, 4, 16384];
const HOOK_BITS = [1, 2, 4];
const GROUPS = ['G1', 'G2', 'G3'];
const PROJECTS = ['P1', 'P2', 'P3'];
const REPOS = ['r1', 'r2', 'r3'];

const layout = fc.record({
  // Which identities are members of which group: SVC, or another group (nesting); alice never counts.
  memberships: fc.array(
    fc.record({
      group: fc.constantFrom(...GROUPS),
      member: fc.constantFrom(SVC, 'alice@contoso.com', ...GROUPS),
    }),
    { maxLength: 6 },
  ),
  acls: fc.array(
    fc.record({
      git: fc.boolean(),
      project: fc.option(fc.constantFrom(...PROJECTS), { nil: undefined }),
      repo: fc.option(fc.constantFrom(...REPOS), { nil: undefined }),
      inherit: fc.boolean(),
      upper: fc.boolean(),
      trailing: fc.boolean(),
      aces: fc.array(
        fc.record({
          identity: fc.constantFrom(SVC, 'alice@contoso.com', ...GROUPS),
          allow: fc.subarray(GIT_BITS),
          deny: fc.subarray(GIT_BITS),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { maxLength: 12 },
  ),
});
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

function toSpec(l: Layout): AdoSpec {
  const memberships = l.memberships.filter((m) => m.member !== m.group);
  const acls = l.acls.map((acl) => {
    const bitsOf = (bits: number[]): number =>
      bits.map((b) => (acl.git ? b : (HOOK_BITS[GIT_BITS.indexOf(b)] ?? 0))).reduce((a, b) => a | b, 0);
    let token = acl.git ? 'repoV2' : 'PublisherSecurity';
    if (acl.project) {
      token += `/{${acl.project}}`;
      if (acl.git && acl.repo) token += `/{${acl.repo}}`;
    }
    if (acl.upper) token = token.replace(/^repoV2|^PublisherSecurity/, (root) => root.toUpperCase());
    if (acl.trailing) token += '/';
    return {
      namespace: acl.git ? 'Git Repositories' : 'ServiceHooks',
      token,
      inheritPermissions: acl.inherit,
      aces: acl.aces.map((ace) => ({
        identity: GROUPS.includes(ace.identity) ? `[contoso]\\${ace.identity}` : ace.identity,
        allow: bitsOf(ace.allow),
        deny: bitsOf(ace.deny),
      })),
    };
  });
  return {
    projects: PROJECTS.map((name) => ({ name, repositories: REPOS.map((r) => ({ name: r })) })),
    users: [{ upn: SVC }, { upn: 'alice@contoso.com' }],
    groups: GROUPS.map((name) => ({
      name,
      members: memberships
        .filter((m) => m.group === name)
        .map((m) => (GROUPS.includes(m.member) ? `[contoso]\\${m.member}` : m.member)),
    })),
    acls,
  };
}

const worlds: AdoTestWorld[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.stop()));
});

async function serverAnswer(world: AdoTestWorld, ns: string, token: string, descriptor: string) {
  const url = new URL(`${world.sandbox.endpoints.azureDevOps}/contoso/_apis/accesscontrollists/${ns}`);
  url.search = new URLSearchParams({
    token,
    descriptors: descriptor,
    includeExtendedInfo: 'true',
    'api-version': '7.1',
  }).toString();
  const response = await fetch(url, { headers: { authorization: await world.authorization() } });
  const body = (await response.json()) as {
    value: {
      acesDictionary: Record<string, { extendedInfo?: { effectiveAllow?: number; effectiveDeny?: number } }>;
    }[];
  };
  const ace = Object.values(body.value[0]?.acesDictionary ?? {})[0];
  return {
    effectiveAllow: ace?.extendedInfo?.effectiveAllow ?? 0,
    effectiveDeny: ace?.extendedInfo?.effectiveDeny ?? 0,
  };
}

describe('NamespacePermissions (inheritance resolution from one namespace-wide query)', () => {
  it('equals the server per-token answer on seeded random ACL and group layouts', async () => {
    const layouts = fc.sample(layout, { numRuns: 12, seed: 20261122 });
    for (const [index, l] of layouts.entries()) {
      const world = await startAdoWorld(scenario(toSpec(l)));
      worlds.push(world);
      const resolution = await resolveServiceUser(
        { ado: world.ado, upn: SVC, tenantId: world.policy.tenantId },
        quietLog,
      );
      if (!('found' in resolution)) throw new Error('the service user must resolve');
      const user = resolution.found;
      const state = world.sandbox.world.ado;
      for (const ns of [GIT_NS, HOOKS_NS]) {
        const perms = new NamespacePermissions(
          ns,
          user.descriptor,
          await world.ado.queryAccessControlLists(ns, {
            descriptors: [user.descriptor],
            includeExtendedInfo: true,
          }),
        );
        const tokens: string[] = [];
        for (const project of state.projects) {
          if (ns === GIT_NS) {
            tokens.push(
              `repoV2/${project.id}`,
              ...project.repositories.map((r) => `repoV2/${project.id}/${r.id}`),
            );
          } else tokens.push(`PublisherSecurity/${project.id}`);
        }
        tokens.push(ns === GIT_NS ? 'repoV2' : 'PublisherSecurity');
        for (const token of tokens) {
          const mine = perms.effective(token);
          const server = await serverAnswer(world, ns, token, user.descriptor);
          expect({
            layout: index,
            token,
            effectiveAllow: mine.effectiveAllow,
            effectiveDeny: mine.effectiveDeny,
          }).toEqual({
            layout: index,
            token,
            ...server,
          });
        }
      }
      await world.stop();
      worlds.pop();
    }
  }, 120_000);
});
