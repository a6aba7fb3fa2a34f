/**
 * Azure DevOps security namespaces ado-guard works with: ids, action bits, token formats
 * (reference/azure-devops.md §1). Namespace names are not unique in ADO: always key by id.
 */

export interface SecurityNamespace {
  id: string;
  name: string;
  /** Splits a token into its hierarchy. */
  separator: string;
  /** Action name → bit. */
  actions: Readonly<Record<string, number>>;
}

export const SERVICE_HOOKS = {
  id: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
  name: 'ServiceHooks',
  separator: '/',
  actions: { ViewSubscriptions: 1, EditSubscriptions: 2, DeleteSubscriptions: 4, PublishEvents: 8 },
} as const satisfies SecurityNamespace;

export const GIT_REPOSITORIES = {
  id: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
  name: 'Git Repositories',
  separator: '/',
  actions: {
    Administer: 1,
    GenericRead: 2,
    GenericContribute: 4,
    ForcePush: 8,
    CreateBranch: 16,
    CreateTag: 32,
    ManageNote: 64,
    PolicyExempt: 128,
    CreateRepository: 256,
    DeleteRepository: 512,
    RenameRepository: 1024,
    EditPolicies: 2048,
    RemoveOthersLocks: 4096,
    ManagePermissions: 8192,
    PullRequestContribute: 16384,
    PullRequestBypassPolicy: 32768,
    ViewAdvSecAlerts: 65536,
    DismissAdvSecAlerts: 131072,
    ManageAdvSecScanning: 262144,
  },
} as const satisfies SecurityNamespace;

/** Only the actions reference/azure-devops.md names; others are shown as `bit <n>`. */
export const PROJECT = {
  id: '52d39943-cb85-4d7f-8fa8-c6baac873819',
  name: 'Project',
  separator: ':',
  actions: { GENERIC_READ: 1, GENERIC_WRITE: 2, DELETE: 4, RENAME: 65536 },
} as const satisfies SecurityNamespace;

export const SECURITY_NAMESPACES: readonly SecurityNamespace[] = [SERVICE_HOOKS, GIT_REPOSITORIES, PROJECT];

/** A namespace by id (case-insensitive) or the namespace itself. Throws for a namespace ado-guard does not know. */
export function securityNamespace(ns: string | SecurityNamespace): SecurityNamespace {
  if (typeof ns !== 'string') return ns;
  const found = SECURITY_NAMESPACES.find((candidate) => candidate.id === ns.toLowerCase());
  if (!found) throw new Error(`Unknown security namespace ${ns}`);
  return found;
}

// Token builders. Ids are written as given; compare tokens with canonicalToken.

/** ServiceHooks: `PublisherSecurity` (organization) or `PublisherSecurity/<projectId>`. */
export function serviceHooksToken(projectId?: string): string {
  return projectId === undefined ? 'PublisherSecurity' : `PublisherSecurity/${projectId}`;
}

/** Git: `repoV2` (organization), `repoV2/<projectId>`, `repoV2/<projectId>/<repoId>`. */
export function gitToken(projectId?: string, repositoryId?: string): string {
  if (projectId === undefined) {
    if (repositoryId !== undefined) throw new Error('gitToken: a repository token needs its project id');
    return 'repoV2';
  }
  return repositoryId === undefined ? `repoV2/${projectId}` : `repoV2/${projectId}/${repositoryId}`;
}

/** Project: `$PROJECT:vstfs:///Classification/TeamProject/<projectId>`. */
export function projectToken(projectId: string): string {
  return `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;
}

/** The server's form of a token: trailing separators trimmed, lower-case (so `repoV2/P/R/` equals `repov2/p/r`). */
export function canonicalToken(ns: string | SecurityNamespace, token: string): string {
  const { separator } = securityNamespace(ns);
  let end = token.length;
  while (end > 0 && token.endsWith(separator, end)) end -= separator.length;
  return token.slice(0, end).toLowerCase();
}

/**
 * The token one level up the namespace hierarchy (canonical form), or undefined at the root.
 * `repoV2/p/r` → `repov2/p` → `repov2` → undefined.
 */
export function parentToken(ns: string | SecurityNamespace, token: string): string | undefined {
  const namespace = securityNamespace(ns);
  const canonical = canonicalToken(namespace, token);
  const cut = canonical.lastIndexOf(namespace.separator);
  return cut <= 0 ? undefined : canonicalToken(namespace, canonical.slice(0, cut));
}

/** Names of the bits set in `bits`, lowest first; a bit the namespace does not name is `bit <n>`. */
export function bitNames(ns: string | SecurityNamespace, bits: number): string[] {
  const namespace = securityNamespace(ns);
  const names: string[] = [];
  // ACL masks are 32-bit integers and may arrive signed.
  const mask = bits < 0 ? bits >>> 0 : bits;
  for (let bit = 1; bit <= mask; bit *= 2) {
    if (Math.floor(mask / bit) % 2 === 1) {
      const name = Object.entries(namespace.actions).find(([, value]) => value === bit)?.[0];
      names.push(name ?? `bit ${bit}`);
    }
  }
  return names;
}

/** The bit of a named action (throws for a name the namespace does not have: a programming error). */
export function actionBit(ns: string | SecurityNamespace, action: string): number {
  const namespace = securityNamespace(ns);
  const bit = namespace.actions[action];
  if (bit === undefined) throw new Error(`${namespace.name} has no action ${action}`);
  return bit;
}
