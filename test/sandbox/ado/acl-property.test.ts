/**
 * Property: for random ACL layouts, the per-token ACL query answers what the namespace-wide stored ACLs and
 * nearest-stored-ancestor inheritance say (reference §2), and matches a brute-force evaluation of the rules.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NAMESPACE_IDS, type AdoScenario } from '../../../src/sandbox/state/ado.js';
import { SERVICE_USER, callJson, makeWorld } from './harness.js';

const GIT = NAMESPACE_IDS['Git Repositories'];
const TOKENS = [
  'repoV2',
  'repoV2/p1',
  'repoV2/p1/r1',
  'repoV2/p1/r2',
  'repoV2/p2',
  'repoV2/p2/r3',
  'repoV2/p2/r3/refs',
];
/** The service user, the group it is in, the group that group is in, and an unrelated group. */
const IDENTITIES = [SERVICE_USER, '[contoso]\\G1', '[contoso]\\G2', '[contoso]\\Other'] as const;
const COUNTS = new Set<string>([SERVICE_USER, '[contoso]\\G1', '[contoso]\\G2']);

interface AceLayout {
  identity: (typeof IDENTITIES)[number];
  allow: number;
  deny: number;
}
interface AclLayout {
  token: string;
  inheritPermissions: boolean;
  aces: AceLayout[];
}

const aceArb = fc.record({
  identity: fc.constantFrom(...IDENTITIES),
  allow: fc.integer({ min: 0, max: 15 }),
  deny: fc.integer({ min: 0, max: 15 }),
});
const layoutArb = fc.subarray(TOKENS, { minLength: 0 }).chain((tokens) =>
  fc.tuple(
    ...tokens.map((token) =>
      fc.record({
        token: fc.constant(token),
        inheritPermissions: fc.boolean(),
        aces: fc.uniqueArray(aceArb, { selector: (a) => a.identity, maxLength: 4 }),
      }),
    ),
  ),
);

function parent(token: string): string | undefined {
  const cut = token.lastIndexOf('/');
  return cut > 0 ? token.slice(0, cut) : undefined;
}

/** Brute force of §2 steps 2–4 for the service user. */
function oracle(layout: AclLayout[], token: string): { effectiveAllow: number; effectiveDeny: number } {
  let allow = 0;
  let deny = 0;
  for (let level: string | undefined = token; level !== undefined; level = parent(level)) {
    const acl = layout.find((a) => a.token === level);
    if (!acl) continue;
    let levelAllow = 0;
    let levelDeny = 0;
    for (const ace of acl.aces) {
      if (!COUNTS.has(ace.identity)) continue;
      levelAllow |= ace.allow & ~ace.deny;
      levelDeny |= ace.deny;
    }
    levelAllow &= ~levelDeny;
    allow |= levelAllow & ~deny;
    deny |= levelDeny & ~allow;
    if (!acl.inheritPermissions) break;
  }
  return { effectiveAllow: allow, effectiveDeny: deny };
}

interface Acl {
  token: string;
  acesDictionary: Record<string, { extendedInfo: Record<string, number> }>;
}

function bits(info: Record<string, number> | undefined): { effectiveAllow: number; effectiveDeny: number } {
  return { effectiveAllow: info?.effectiveAllow ?? 0, effectiveDeny: info?.effectiveDeny ?? 0 };
}

describe('ACL query property (seeded)', () => {
  it('per-token answers = stored ACLs + nearest-stored-ancestor inheritance = brute force', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, async (layout) => {
        const scenario: Omit<AdoScenario, 'automation'> = {
          organization: 'contoso',
          projects: [],
          users: [{ upn: SERVICE_USER }],
          defaultAcls: false,
          // G2 is declared before G1, its member: groups may reference groups declared later.
          groups: [
            { name: 'G2', members: ['[contoso]\\G1'] },
            { name: 'G1', members: [SERVICE_USER] },
            { name: 'Other' },
          ],
          acls: layout.map((acl) => ({
            namespace: 'Git Repositories',
            token: acl.token,
            inheritPermissions: acl.inheritPermissions,
            aces: acl.aces.map((ace) => ({ identity: ace.identity, allow: ace.allow, deny: ace.deny })),
          })),
        };
        const world = makeWorld(scenario);
        const descriptor = world.state.identitiesNamed(SERVICE_USER)[0]!.descriptor;
        const query = (token?: string): Promise<{ count: number; value: Acl[] }> =>
          callJson(
            world,
            `/contoso/_apis/accesscontrollists/${GIT}?${new URLSearchParams({
              ...(token ? { token } : {}),
              descriptors: descriptor,
              includeExtendedInfo: 'true',
            })}`,
          );
        const wide = await query();
        expect(wide.value.map((a) => a.token).sort()).toEqual(layout.map((a) => a.token).sort());
        const perToken = new Map<string, { effectiveAllow: number; effectiveDeny: number }>();
        for (const token of TOKENS) {
          const answer = await query(token);
          expect(answer.count).toBe(1);
          perToken.set(token, bits(answer.value[0]!.acesDictionary[descriptor]!.extendedInfo));
        }
        for (const token of TOKENS) {
          const mine = perToken.get(token)!;
          const stored = wide.value.find((a) => a.token === token);
          if (stored) expect(mine).toEqual(bits(stored.acesDictionary[descriptor]!.extendedInfo));
          else {
            const up = parent(token);
            expect(mine).toEqual(up ? perToken.get(up) : { effectiveAllow: 0, effectiveDeny: 0 });
          }
          expect(mine).toEqual(oracle(layout, token));
        }
      }),
      { seed: 20261122, numRuns: 40 },
    );
  });
});
