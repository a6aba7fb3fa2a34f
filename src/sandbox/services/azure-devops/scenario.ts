/**
 * The `azureDevOps:` section of a sandbox scenario file, and the generator of the `large` scenario's organization.
 *
 * Identity references (`AdoIdentityRef`) are strings:
 * - `$automation`: the automation identity (the app ado-guard signs in as);
 * - a UPN or mail (contains `@`): an Entra user of the org (see `users`), or an `otherTenantIdentities` entry;
 * - `[Project]\Group` or `[org]\Group`: a group by principal name, e.g. `[Sales]\Readers`,
 *   `[contoso]\Project Collection Administrators`;
 * - `app:<application>`: a service principal of `servicePrincipals` (or the automation) by its Entra application
 *   (client) id, or by the display name of a `tenant.applications` entry, e.g. `app:dbt Cloud`;
 * - anything else is taken as a raw identity descriptor (e.g. `Microsoft.TeamFoundation.Identity;S-1-9-…`).
 */

/** See the module comment for the forms. */
export type AdoIdentityRef = string;

export interface AdoRepositorySpec {
  /** Repository name, unique within its project. */
  name: string;
  /** Repository id; generated from the scenario seed when omitted. */
  id?: string;
  /** Disabled repositories are listed with `isDisabled: true`. Default false. */
  disabled?: boolean;
  /** Default `refs/heads/main`; `null` for an empty repository (the field is then omitted, as recorded). */
  defaultBranch?: string | null;
}

export interface AdoProjectSpec {
  /** Project name, unique in the organization (case-insensitive). */
  name: string;
  /** Project id; generated from the scenario seed when omitted. */
  id?: string;
  /** Default `private`. */
  visibility?: 'private' | 'public' | 'organization';
  /** Default `wellFormed`. Projects in another state appear only with `stateFilter=all` or that state. */
  state?: 'wellFormed' | 'createPending' | 'deleting' | 'new';
  /** Default empty. */
  description?: string;
  repositories?: AdoRepositorySpec[];
}

export interface AdoUserSpec {
  /** UPN of an Entra user of the scenario's tenant (looked up through EntraPort.findUser). */
  upn: string;
  /** Used when the Entra state does not know the user (e.g. a guest): the user's Entra object id. */
  objectId?: string;
  /** Display name when the Entra state does not know the user. Default: the UPN. */
  displayName?: string;
  /** Mail address; default the Entra user's mail, else the UPN. */
  mail?: string;
  /** Default true. An inactive identity is still returned by the identities API with `isActive: false`. */
  active?: boolean;
}

export interface AdoAutomationSpec {
  /** Entra application (client) id of the automation app; its service principal object id comes from EntraPort. */
  appId?: string;
  /** Entra object id of the automation's service principal (or of a user, for delegated tokens). */
  objectId?: string;
  /** Default `ado-guard automation`. */
  displayName?: string;
  /**
   * Default true: a member of Project Collection Administrators, so it can read and write every ACL.
   * false makes it a plain reader: an ACE of its own at the root tokens of ServiceHooks, Git Repositories and
   * Project allows only each namespace's readPermission bits, so reads work and writes answer 403.
   */
  collectionAdministrator?: boolean;
}

export interface AdoServicePrincipalSpec {
  /**
   * The Entra application whose service principal is added to the organization: its application (client) id, or
   * the display name of a `tenant.applications` entry (e.g. `dbt Cloud`). Refer to it as `app:<application>`.
   */
  application: string;
  /** Entra object id of the service principal. Default: the tenant's service principal of the app, else generated. */
  objectId?: string;
  /** Default: the app's display name, else the application id. */
  displayName?: string;
  /** Default true. An inactive (disabled) service principal is still listed, with `isActive: false` identities. */
  active?: boolean;
}

export interface AdoPatSpec {
  /** Who the PAT authenticates as. */
  identity: AdoIdentityRef;
  /** Label for snapshots (the value is never in a snapshot). */
  name?: string;
  /** The PAT itself; generated from the seed when omitted (52 characters, like real PATs). Never put real secrets here. */
  value?: string;
  /** Revoked/expired PATs answer 401. Default true. */
  active?: boolean;
}

export interface AdoGroupSpec {
  /**
   * Group display name. When it names an existing default group of the scope (Readers, Contributors,
   * Project Administrators, Project Collection Administrators, …) the members are added to that group.
   */
  name: string;
  /** Project name for a project-scoped group; omitted = organization (collection) scope. */
  project?: string;
  /** Default `Custom group`. */
  description?: string;
  /** Users, groups or `$automation`: group members may themselves be groups (nesting). */
  members?: AdoIdentityRef[];
}

/** Permission bits as a number, or the namespace's action names (e.g. `["GenericContribute", "PullRequestContribute"]`). */
export type AdoPermissionBits = number | string[];

export interface AdoAceSpec {
  identity: AdoIdentityRef;
  /** Default 0. */
  allow?: AdoPermissionBits;
  /** Default 0. A bit in both allow and deny is a deny. */
  deny?: AdoPermissionBits;
}

export interface AdoAclSpec {
  /** `ServiceHooks`, `Git Repositories`, `Project` (friendly names of those three) or any namespace id. */
  namespace: string;
  /**
   * Token; `{Name}` placeholders are resolved at load: the first to a project id (by project name), the ones after
   * it to repository ids in that project. E.g. `repoV2/{Sales}/{dbt-models}`, `PublisherSecurity/{Sales}`,
   * `$PROJECT:vstfs:///Classification/TeamProject/{Sales}`.
   */
  token: string;
  /** Default true. false stops inheritance from parent tokens. */
  inheritPermissions?: boolean;
  aces: AdoAceSpec[];
}

export interface AdoRateLimitSpec {
  /** TSTU budget per sliding window before delays begin (X-RateLimit-Limit). Each request costs 1. */
  limit: number;
  /** Requests in the window after which requests are blocked with 429 TF400733. Default 2 × limit. */
  blockAfter?: number;
  /** Sliding window length. Default 300000 (5 minutes, reference §8). */
  windowMs?: number;
  /** Retry-After seconds on delayed and blocked answers. Default 5. */
  retryAfterSeconds?: number;
  /** X-RateLimit-Delay reported on delayed answers, in seconds. Default 0.5. The sandbox does not really wait. */
  delaySeconds?: number;
}

/** A second identity with the same mail in another tenant, for the ambiguity cases of reference §5. */
export interface AdoOtherTenantIdentitySpec {
  /** Mail and account name, usually the same as an org user's UPN. */
  mail: string;
  /** The identity's tenant (Domain); must differ from the org's. */
  tenantId: string;
  /** Default true. */
  active?: boolean;
  /** Default: the mail. */
  displayName?: string;
}

export interface AdoScenario {
  /** Organization name, the first path segment of every URL (`/{organization}/_apis/…`). */
  organization: string;
  /** Organization (collection) id; generated from the seed when omitted. */
  organizationId?: string;
  /**
   * Entra tenant the org is connected to. Omitted = the scenario's Entra tenant (EntraPort.tenantId);
   * `null` or the all-zero GUID = an MSA-backed org (reference §9); any other GUID = another tenant.
   */
  tenantId?: string | null;
  /**
   * "Third-party application access via OAuth" (stored inverted as Policy.DisallowOAuthAuthentication, §9).
   * true = on, false = off (explicitly set). Omitted = never set: reported with `isValueUndefined: true` and
   * effectively off, as for new organizations.
   */
  oauthThirdPartyAccess?: boolean;
  /** Projects with their repositories. */
  projects: AdoProjectSpec[];
  /** Entra users present in the org (the service user among them). */
  users?: AdoUserSpec[];
  /**
   * Entra apps added to the organization as users (service principals), e.g. dbt Cloud's app in the
   * service_principal method; listed at `graph/serviceprincipals`. The automation is one already: do not repeat it.
   */
  servicePrincipals?: AdoServicePrincipalSpec[];
  /** The automation identity ado-guard signs in as. Default: appId from the world, PCA member. */
  automation?: AdoAutomationSpec;
  /** PATs mapped to identities. */
  pats?: AdoPatSpec[];
  /** Custom groups (org or project scope) and extra members of default groups. */
  groups?: AdoGroupSpec[];
  /** Explicit ACLs, applied after the default ACLs. */
  acls?: AdoAclSpec[];
  /**
   * Default true: every project gets the default ACEs of its groups, and Project Collection Administrators get
   * full allow at the root tokens `PublisherSecurity` and `repoV2` and on every project token of the Project
   * namespace (so its namespace-wide answer has one ACL per project, as recorded). Whatever the ACLs say,
   * Project Collection Administrators pass the read/write checks of the security APIs.
   */
  defaultAcls?: boolean;
  /** Read-after-write lag of ACL reads in ms (reference §3). Default 0. */
  aclLagMs?: number;
  /**
   * The largest page of projects the service answers with, whatever `$top` asks: the real service may return fewer
   * than asked and then sends the continuation header (reference §6). Omitted = `$top` is honoured.
   */
  projectPageLimit?: number;
  /** Rate limiting; off when omitted. */
  rateLimit?: AdoRateLimitSpec;
  /** Same-mail identities in other tenants (ambiguity cases). */
  otherTenantIdentities?: AdoOtherTenantIdentitySpec[];
}

export interface LargeAdoOptions {
  /** Default `large`. */
  organization?: string;
  /** Users put in every project's Readers group and the ACLs below. Default none. */
  serviceUser?: string;
  /** Every n-th repository is disabled (0 = none). Default 0. */
  disabledEvery?: number;
  /** Extra scenario fields (users, groups, acls, …) merged in. */
  extra?: Partial<AdoScenario>;
}

/** A `projects × repos` organization for the `large` scenario. Names only: ids come from the seed at load. */
export function generateLargeAdo(projects: number, repos: number, opts: LargeAdoOptions = {}): AdoScenario {
  const projectSpecs: AdoProjectSpec[] = new Array<AdoProjectSpec>(projects);
  const width = String(projects).length;
  for (let p = 0; p < projects; p++) {
    const name = `project-${String(p + 1).padStart(width, '0')}`;
    const repositories: AdoRepositorySpec[] = new Array<AdoRepositorySpec>(repos);
    for (let r = 0; r < repos; r++) {
      const index = p * repos + r + 1;
      const disabled = (opts.disabledEvery ?? 0) > 0 && index % (opts.disabledEvery ?? 1) === 0;
      repositories[r] = { name: `repo-${r + 1}`, disabled };
    }
    projectSpecs[p] = { name, repositories };
  }
  const groups: AdoGroupSpec[] = [...(opts.extra?.groups ?? [])];
  if (opts.serviceUser) {
    for (const project of projectSpecs)
      groups.push({ name: 'Readers', project: project.name, members: [opts.serviceUser] });
  }
  return {
    ...opts.extra,
    organization: opts.organization ?? opts.extra?.organization ?? 'large',
    projects: [...projectSpecs, ...(opts.extra?.projects ?? [])],
    users: [...(opts.extra?.users ?? []), ...(opts.serviceUser ? [{ upn: opts.serviceUser }] : [])],
    groups,
  };
}
