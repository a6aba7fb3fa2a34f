/** What changed between two sandbox `GET /state` snapshots: ACEs, memberships, applications, everything else. */

interface Ace {
  descriptor: string;
  allow: number;
  deny: number;
}
interface Acl {
  token: string;
  inheritPermissions: boolean;
  aces: Ace[];
}
type State = Record<string, unknown>;

export interface AceDiff {
  namespace: string;
  token: string;
  descriptor: string;
  before?: { allow: number; deny: number };
  after?: { allow: number; deny: number };
}

export interface StateDiff {
  aces: AceDiff[];
  /** `+container<-member` or `-container<-member`. */
  memberships: string[];
  /** appId → [before, after] of each application that changed. */
  applications: Map<string, [Record<string, unknown>, Record<string, unknown>]>;
  /** Top-level state sections (and ADO sections) that changed in any other way. */
  other: string[];
}

function aceMap(state: State): Map<string, { namespace: string; token: string; ace: Ace; inherit: boolean }> {
  const acls = (state.azureDevOps as { acls: Record<string, Acl[]> }).acls;
  const map = new Map<string, { namespace: string; token: string; ace: Ace; inherit: boolean }>();
  for (const [namespace, list] of Object.entries(acls)) {
    for (const acl of list) {
      for (const ace of acl.aces) {
        map.set(`${namespace}|${acl.token}|${ace.descriptor}`, {
          namespace,
          token: acl.token,
          ace,
          inherit: acl.inheritPermissions,
        });
      }
    }
  }
  return map;
}

/** `ns|token` → inheritPermissions of every stored ACL. */
function inheritFlags(state: State): Map<string, boolean> {
  const acls = (state.azureDevOps as { acls: Record<string, Acl[]> }).acls;
  return new Map(
    Object.entries(acls).flatMap(([ns, list]) =>
      list.map((a) => [`${ns}|${a.token}`, a.inheritPermissions] as const),
    ),
  );
}

const memberships = (state: State) =>
  new Set(
    (state.azureDevOps as { memberships: { container: string; member: string }[] }).memberships.map(
      (m) => `${m.container}<-${m.member}`,
    ),
  );

const applications = (state: State) =>
  new Map(
    (state.tenant as { applications: Record<string, unknown>[] }).applications.map((a) => [
      String(a.appId),
      a,
    ]),
  );

export function diffState(before: State, after: State): StateDiff {
  const aces: AceDiff[] = [];
  const a = aceMap(before);
  const b = aceMap(after);
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x && y && x.ace.allow === y.ace.allow && x.ace.deny === y.ace.deny) continue;
    const ref = (x ?? y)!;
    aces.push({
      namespace: ref.namespace,
      token: ref.token,
      descriptor: ref.ace.descriptor,
      ...(x ? { before: { allow: x.ace.allow, deny: x.ace.deny } } : {}),
      ...(y ? { after: { allow: y.ace.allow, deny: y.ace.deny } } : {}),
    });
  }
  const ma = memberships(before);
  const mb = memberships(after);
  const membershipDiff = [
    ...[...mb].filter((m) => !ma.has(m)).map((m) => `+${m}`),
    ...[...ma].filter((m) => !mb.has(m)).map((m) => `-${m}`),
  ];
  const appsBefore = applications(before);
  const appsAfter = applications(after);
  const changedApps = new Map<string, [Record<string, unknown>, Record<string, unknown>]>();
  for (const [appId, app] of appsAfter) {
    const old = appsBefore.get(appId);
    if (!old || JSON.stringify(old) !== JSON.stringify(app)) changedApps.set(appId, [old ?? {}, app]);
  }
  const other: string[] = [];
  // An ACL the first ACE creates inherits; a stored ACL keeps its flag.
  const flagsBefore = inheritFlags(before);
  for (const [key, inherit] of inheritFlags(after)) {
    if ((flagsBefore.get(key) ?? true) !== inherit) other.push(`azureDevOps.acls ${key} inheritPermissions`);
  }
  for (const key of ['projects', 'identities', 'pats', 'organization', 'tenantId', 'oauthThirdPartyAccess']) {
    const x = (before.azureDevOps as State)[key];
    const y = (after.azureDevOps as State)[key];
    if (JSON.stringify(x) !== JSON.stringify(y)) other.push(`azureDevOps.${key}`);
  }
  for (const key of ['dbtCloud', 'conductorOne']) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) other.push(key);
  }
  // A service principal's replyUrls follow its application's redirect URIs (Graph does that, not us).
  const withoutReplyUrls = (list: unknown) =>
    (list as Record<string, unknown>[]).map(({ replyUrls: _, ...rest }) => rest);
  for (const key of ['users', 'servicePrincipals', 'appRoleAssignments', 'oauth2PermissionGrants']) {
    const pick = (state: State) => {
      const value = (state.tenant as State)[key];
      return key === 'servicePrincipals' ? withoutReplyUrls(value) : value;
    };
    const x = pick(before);
    const y = pick(after);
    if (JSON.stringify(x) !== JSON.stringify(y)) other.push(`tenant.${key}`);
  }
  return { aces, memberships: membershipDiff, applications: changedApps, other };
}
