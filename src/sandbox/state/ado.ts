/**
 * State of the emulated Azure DevOps organization: projects, repositories, identities, groups, memberships,
 * PATs, ACLs per security namespace, the OAuth policy and the rate-limit budget. Built from an `AdoScenario`.
 * HTTP lives in ../services/azure-devops/; this module is plain data and the rules over it.
 */
import type { Clock, EntraPort, Rng } from '../ports.js';
import { NamespaceAcls, descriptorKey } from '../services/azure-devops/acl-engine.js';
import type { StoredAce } from '../services/azure-devops/acl-engine.js';
import {
  SERVICE_PRINCIPAL_IDENTITY_PREFIX,
  ZERO_GUID,
  groupIdentityDescriptor,
  groupSubjectDescriptor,
  isGuid,
  opaqueDescriptor,
  randomGroupSid,
  scopeSidPrefix,
  seededGuid,
  userIdentityDescriptor,
  wellKnownSid,
} from '../services/azure-devops/descriptors.js';
import type {
  AdoAclSpec,
  AdoIdentityRef,
  AdoPermissionBits,
  AdoRateLimitSpec,
  AdoScenario,
} from '../services/azure-devops/scenario.js';
import { SECURITY_NAMESPACES } from '../services/azure-devops/security-namespaces.js';
import type { SecurityNamespaceDescription } from '../services/azure-devops/security-namespaces.js';

export type { AdoScenario } from '../services/azure-devops/scenario.js';
export { generateLargeAdo } from '../services/azure-devops/scenario.js';

export const NAMESPACE_IDS = {
  ServiceHooks: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
  'Git Repositories': '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
  Project: '52d39943-cb85-4d7f-8fa8-c6baac873819',
} as const;

export interface AdoRepository {
  id: string;
  name: string;
  projectId: string;
  isDisabled: boolean;
  defaultBranch: string | undefined;
  size: number;
}

export interface AdoProject {
  id: string;
  name: string;
  description: string;
  visibility: 'private' | 'public' | 'organization';
  state: string;
  revision: number;
  lastUpdateTime: string;
  /** `scp.…` (does not encode the project id, reference §0). */
  scopeDescriptor: string;
  defaultTeamId: string;
  repositories: AdoRepository[];
}

export type AdoIdentityKind = 'user' | 'servicePrincipal' | 'group';

export interface AdoIdentity {
  /** VSID (storage key). */
  id: string;
  kind: AdoIdentityKind;
  /** Identity descriptor, used by the security APIs. */
  descriptor: string;
  /** Graph subject descriptor (aad., aadsp., msa., vssgp.). */
  subjectDescriptor: string;
  displayName: string;
  /** UPN for users, `[Scope]\Name` for groups, the app id for service principals. */
  principalName: string;
  mail: string | undefined;
  /** Users: their tenant id. Groups: `vstfs:///Classification/TeamProject/<id>` or the collection's domain. */
  domain: string;
  /** Users/service principals: Entra object id. Groups: a guid of their own. */
  originId: string;
  origin: 'aad' | 'msa' | 'vsts';
  isActive: boolean;
  description: string;
  /** Groups: the project that scopes them, undefined for collection groups. */
  projectId: string | undefined;
  /** Groups: their SID. */
  sid: string | undefined;
  directoryAlias: string | undefined;
  /** Service principals: the Entra application id. */
  appId: string | undefined;
}

export interface AdoPat {
  name: string;
  value: string;
  identityId: string;
  active: boolean;
}

export interface RateLimitDecision {
  headers: Record<string, string>;
  blocked: boolean;
}

export interface AdoSnapshot {
  organization: string;
  organizationId: string;
  tenantId: string;
  oauthThirdPartyAccess: boolean | undefined;
  projects: {
    id: string;
    name: string;
    state: string;
    repositories: { id: string; name: string; isDisabled: boolean }[];
  }[];
  identities: {
    id: string;
    kind: AdoIdentityKind;
    principalName: string;
    descriptor: string;
    subjectDescriptor: string;
    isActive: boolean;
  }[];
  /** Direct memberships by principal name. */
  memberships: { container: string; member: string }[];
  /** Current ACLs (no lag) per namespace name. */
  acls: Record<string, { token: string; inheritPermissions: boolean; aces: StoredAce[] }[]>;
  /** PATs without their values. */
  pats: { name: string; identity: string; active: boolean }[];
}

const COLLECTION_ADMINS = 'Project Collection Administrators';
const COLLECTION_VALID_USERS = 'Project Collection Valid Users';
const AUTOMATION_REF = '$automation';
const APP_REF = 'app:';

/** Default project groups as recorded (reference §7), with their SID suffix when well known. */
const PROJECT_GROUPS: { name: (project: string) => string; description: string; wellKnown?: string }[] = [
  { name: (p) => `${p} Team`, description: 'The default project team.' },
  { name: () => 'Readers', description: 'Members of this group have access to the team project.' },
  {
    name: () => 'Project Valid Users',
    description: 'Members of this group have access to the team project.',
    wellKnown: '0-0-0-0-3',
  },
  {
    name: () => 'Contributors',
    description: 'Members of this group can add, modify, and delete items within the team project.',
  },
  {
    name: () => 'Project Administrators',
    description: 'Members of this group can perform all operations in the team project.',
    wellKnown: '0-0-0-0-1',
  },
  {
    name: () => 'Build Administrators',
    description:
      'Members of this group can create, modify and delete build definitions and manage queued and completed builds.',
    wellKnown: '0-0-0-1-2',
  },
];

/** Bits granted by the default ACLs (a plausible subset of a new organization's defaults). */
const GIT = { read: 2, contribute: 2 | 4 | 16 | 32 | 64 | 16384 };

function namespaceById(id: string): SecurityNamespaceDescription | undefined {
  const lower = id.toLowerCase();
  return SECURITY_NAMESPACES.find((ns) => ns.namespaceId === lower);
}

function allBits(ns: SecurityNamespaceDescription): number {
  return ns.actions.reduce((bits, action) => bits | action.bit, 0);
}

export function projectToken(namespaceId: string, projectId: string): string {
  switch (namespaceId) {
    case NAMESPACE_IDS.ServiceHooks:
      return `PublisherSecurity/${projectId}`;
    case NAMESPACE_IDS['Git Repositories']:
      return `repoV2/${projectId}`;
    default:
      return `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;
  }
}

export class AdoState {
  readonly organization: string;
  readonly organizationId: string;
  /** Connected tenant; ZERO_GUID for an MSA-backed org. */
  readonly tenantId: string;
  readonly oauthThirdPartyAccess: boolean | undefined;
  readonly rateLimit: AdoRateLimitSpec | undefined;
  /** See AdoScenario.projectPageLimit. */
  readonly projectPageLimit: number | undefined;
  readonly collectionScopeDescriptor: string;
  readonly projects: AdoProject[] = [];
  readonly namespaces = new Map<string, NamespaceAcls>();
  /** Automation identity (may be matched by app id when its service principal object id is unknown). */
  automation!: AdoIdentity;

  private readonly identities = new Map<string, AdoIdentity>();
  private readonly byDescriptor = new Map<string, AdoIdentity>();
  private readonly bySubject = new Map<string, AdoIdentity>();
  private readonly byOriginId = new Map<string, AdoIdentity>();
  /** Lower-cased principal name, mail and display name → identities (search and scenario references). */
  private readonly byName = new Map<string, AdoIdentity[]>();
  private readonly groupsByPrincipal = new Map<string, AdoIdentity>();
  /** Lower-cased Entra application id → the service principal identity of that app (the automation too). */
  private readonly servicePrincipalsByApp = new Map<string, AdoIdentity>();
  private readonly projectsByKey = new Map<string, AdoProject>();
  private readonly scopeToProject = new Map<string, AdoProject>();
  /** container id → member ids, and the reverse. */
  private readonly members = new Map<string, Set<string>>();
  private readonly memberOf = new Map<string, Set<string>>();
  private readonly pats = new Map<string, AdoPat>();
  private readonly requestLog = new Map<string, number[]>();
  private readonly collectionSidPrefix: string;
  private collectionAdmins!: AdoIdentity;
  private collectionValidUsers!: AdoIdentity;

  constructor(
    spec: AdoScenario,
    private readonly deps: { entra: EntraPort; rng: Rng; clock: Clock },
  ) {
    const { rng } = deps;
    if (!spec.organization || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(spec.organization)) {
      throw new Error(
        `azureDevOps.organization: "${spec.organization ?? ''}" is not an organization name; use letters, digits and dashes, e.g. "contoso"`,
      );
    }
    this.organization = spec.organization;
    this.organizationId = spec.organizationId ?? seededGuid(rng);
    this.tenantId =
      spec.tenantId === null ? ZERO_GUID : (spec.tenantId ?? deps.entra.tenantId).toLowerCase() || ZERO_GUID;
    this.oauthThirdPartyAccess = spec.oauthThirdPartyAccess;
    this.rateLimit = spec.rateLimit;
    if (
      spec.projectPageLimit !== undefined &&
      !(Number.isInteger(spec.projectPageLimit) && spec.projectPageLimit > 0)
    ) {
      throw new Error('azureDevOps.projectPageLimit: must be a whole number of projects, 1 or more');
    }
    this.projectPageLimit = spec.projectPageLimit;
    this.collectionScopeDescriptor = opaqueDescriptor('scp', rng);
    this.collectionSidPrefix = scopeSidPrefix(rng);
    for (const ns of SECURITY_NAMESPACES) {
      if (!this.namespaces.has(ns.namespaceId)) {
        this.namespaces.set(ns.namespaceId, new NamespaceAcls(ns, deps.clock, 0));
      }
    }
    this.buildCollectionGroups();
    for (const [index, project] of spec.projects.entries()) this.addProject(project, index);
    this.buildUsers(spec);
    this.buildServicePrincipals(spec);
    this.buildGroups(spec);
    this.buildPats(spec);
    if (spec.defaultAcls ?? true) this.buildDefaultAcls();
    if (!(spec.automation?.collectionAdministrator ?? true)) this.grantAutomationReadOnly();
    for (const [index, acl] of (spec.acls ?? []).entries()) {
      this.applyAclSpec(acl, `azureDevOps.acls[${index}]`);
    }
    // The scenario's own ACLs are the starting state: the read-after-write lag applies to later writes only.
    if ((spec.aclLagMs ?? 0) < 0) throw new Error('azureDevOps.aclLagMs: must be 0 or more milliseconds');
    for (const acls of this.namespaces.values()) acls.lagMs = spec.aclLagMs ?? 0;
  }

  get isMsaBacked(): boolean {
    return this.tenantId === ZERO_GUID;
  }

  // ---------------------------------------------------------------- building

  private addIdentity(identity: AdoIdentity): AdoIdentity {
    this.identities.set(identity.id, identity);
    this.byDescriptor.set(descriptorKey(identity.descriptor), identity);
    this.bySubject.set(identity.subjectDescriptor.toLowerCase(), identity);
    if (identity.kind === 'group') this.groupsByPrincipal.set(identity.principalName.toLowerCase(), identity);
    else this.byOriginId.set(identity.originId.toLowerCase(), identity);
    if (identity.kind === 'servicePrincipal' && identity.appId)
      this.servicePrincipalsByApp.set(identity.appId, identity);
    const names = new Set(
      [identity.principalName, identity.mail ?? '', identity.displayName].map((n) => n.toLowerCase()),
    );
    for (const name of names) {
      if (!name) continue;
      const list = this.byName.get(name);
      if (list) list.push(identity);
      else this.byName.set(name, [identity]);
    }
    return identity;
  }

  private makeGroup(
    scopeName: string,
    name: string,
    description: string,
    sid: string,
    project: AdoProject | undefined,
  ): AdoIdentity {
    return this.addIdentity({
      id: seededGuid(this.deps.rng),
      kind: 'group',
      descriptor: groupIdentityDescriptor(sid),
      subjectDescriptor: groupSubjectDescriptor(sid),
      displayName: name,
      principalName: `[${scopeName}]\\${name}`,
      mail: undefined,
      domain: project
        ? `vstfs:///Classification/TeamProject/${project.id}`
        : `vstfs:///Framework/IdentityDomain/${this.organizationId}`,
      originId: seededGuid(this.deps.rng),
      origin: 'vsts',
      isActive: true,
      description,
      projectId: project?.id,
      sid,
      directoryAlias: undefined,
      appId: undefined,
    });
  }

  private buildCollectionGroups(): void {
    this.collectionAdmins = this.makeGroup(
      this.organization,
      COLLECTION_ADMINS,
      'Members of this application group can perform all privileged operations on the Team Project Collection.',
      wellKnownSid(this.collectionSidPrefix, '0-0-0-0-1'),
      undefined,
    );
    this.collectionValidUsers = this.makeGroup(
      this.organization,
      COLLECTION_VALID_USERS,
      'This application group contains all users and groups that have access to the Team Project Collection.',
      wellKnownSid(this.collectionSidPrefix, '0-0-0-0-3'),
      undefined,
    );
  }

  private addProject(spec: AdoScenario['projects'][number], index: number): void {
    const { rng } = this.deps;
    const field = `azureDevOps.projects[${index}]`;
    if (!spec.name) throw new Error(`${field}.name: every project needs a name`);
    if (this.projectsByKey.has(spec.name.toLowerCase())) {
      throw new Error(`${field}.name: project "${spec.name}" appears twice; project names are unique`);
    }
    const id = (spec.id ?? seededGuid(rng)).toLowerCase();
    const project: AdoProject = {
      id,
      name: spec.name,
      description: spec.description ?? '',
      visibility: spec.visibility ?? 'private',
      state: spec.state ?? 'wellFormed',
      revision: 10 + index,
      lastUpdateTime: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
      scopeDescriptor: opaqueDescriptor('scp', rng),
      defaultTeamId: seededGuid(rng),
      repositories: [],
    };
    const names = new Set<string>();
    for (const [r, repo] of (spec.repositories ?? []).entries()) {
      if (names.has(repo.name.toLowerCase())) {
        throw new Error(
          `${field}.repositories[${r}].name: "${repo.name}" appears twice in project "${spec.name}"`,
        );
      }
      names.add(repo.name.toLowerCase());
      project.repositories.push({
        id: (repo.id ?? seededGuid(rng)).toLowerCase(),
        name: repo.name,
        projectId: id,
        isDisabled: repo.disabled ?? false,
        defaultBranch: repo.defaultBranch === null ? undefined : (repo.defaultBranch ?? 'refs/heads/main'),
        size: repo.defaultBranch === null ? 0 : 1024 * (r + 1),
      });
    }
    this.projects.push(project);
    this.projectsByKey.set(project.name.toLowerCase(), project);
    this.projectsByKey.set(project.id, project);
    this.scopeToProject.set(project.scopeDescriptor.toLowerCase(), project);

    const prefix = scopeSidPrefix(rng);
    const groups = PROJECT_GROUPS.map((g) =>
      this.makeGroup(
        project.name,
        g.name(project.name),
        g.description,
        g.wellKnown ? wellKnownSid(prefix, g.wellKnown) : randomGroupSid(prefix, rng),
        project,
      ),
    );
    const [team, readers, validUsers, contributors, admins, buildAdmins] = groups as [
      AdoIdentity,
      AdoIdentity,
      AdoIdentity,
      AdoIdentity,
      AdoIdentity,
      AdoIdentity,
    ];
    team.originId = project.defaultTeamId;
    for (const g of [team, readers, contributors, admins, buildAdmins]) this.link(validUsers.id, g.id);
    this.link(contributors.id, team.id);
    this.link(this.collectionValidUsers.id, validUsers.id);
  }

  private buildUsers(spec: AdoScenario): void {
    const { entra, rng } = this.deps;
    for (const [index, user] of (spec.users ?? []).entries()) {
      const field = `azureDevOps.users[${index}]`;
      if (!user.upn?.includes('@'))
        throw new Error(`${field}.upn: "${user.upn ?? ''}" is not a UPN like svc@contoso.com`);
      const found = entra.findUser(user.upn);
      const upn = found?.userPrincipalName ?? user.upn;
      const mail = user.mail ?? found?.mail ?? upn;
      const tenant = this.isMsaBacked ? undefined : this.tenantId;
      this.addIdentity({
        id: seededGuid(rng),
        kind: 'user',
        // Guests in an Entra-backed org carry the org's tenant in the descriptor (reference §0).
        descriptor: tenant
          ? userIdentityDescriptor(tenant, upn)
          : `Microsoft.IdentityModel.Claims.ClaimsIdentity;${upn}`,
        subjectDescriptor: opaqueDescriptor(tenant ? 'aad' : 'msa', rng),
        displayName: user.displayName ?? found?.displayName ?? upn,
        principalName: upn,
        mail,
        domain: tenant ?? 'Windows Live ID',
        originId: (user.objectId ?? found?.objectId ?? seededGuid(rng)).toLowerCase(),
        origin: tenant ? 'aad' : 'msa',
        isActive: user.active ?? true,
        description: '',
        projectId: undefined,
        sid: undefined,
        directoryAlias: upn.replace('@', '_') + (found && found.tenantId === this.tenantId ? '' : '#EXT#'),
        appId: undefined,
      });
    }
    for (const [index, other] of (spec.otherTenantIdentities ?? []).entries()) {
      const field = `azureDevOps.otherTenantIdentities[${index}]`;
      if (other.tenantId.toLowerCase() === this.tenantId) {
        throw new Error(`${field}.tenantId: must differ from the organization's tenant ${this.tenantId}`);
      }
      this.addIdentity({
        id: seededGuid(rng),
        kind: 'user',
        descriptor: userIdentityDescriptor(other.tenantId.toLowerCase(), other.mail),
        subjectDescriptor: opaqueDescriptor('aad', rng),
        displayName: other.displayName ?? other.mail,
        principalName: other.mail,
        mail: other.mail,
        domain: other.tenantId.toLowerCase(),
        originId: seededGuid(rng),
        origin: 'aad',
        isActive: other.active ?? true,
        description: '',
        projectId: undefined,
        sid: undefined,
        directoryAlias: other.mail.replace('@', '_'),
        appId: undefined,
      });
    }
    const auto = spec.automation ?? {};
    const objectId =
      auto.objectId ??
      (auto.appId ? entra.servicePrincipalObjectId(auto.appId) : undefined) ??
      seededGuid(rng);
    const tenant = this.isMsaBacked ? entra.tenantId : this.tenantId;
    this.automation = this.addIdentity({
      id: seededGuid(rng),
      kind: 'servicePrincipal',
      descriptor: `${SERVICE_PRINCIPAL_IDENTITY_PREFIX}${tenant}\\${objectId.toLowerCase()}`,
      subjectDescriptor: opaqueDescriptor('aadsp', rng),
      displayName: auto.displayName ?? 'ado-guard automation',
      principalName: auto.appId ?? objectId,
      mail: undefined,
      domain: tenant,
      originId: objectId.toLowerCase(),
      origin: 'aad',
      isActive: true,
      description: '',
      projectId: undefined,
      sid: undefined,
      directoryAlias: undefined,
      appId: auto.appId?.toLowerCase(),
    });
    if (auto.collectionAdministrator ?? true) this.link(this.collectionAdmins.id, this.automation.id);
  }

  private buildServicePrincipals(spec: AdoScenario): void {
    const { entra, rng } = this.deps;
    const tenant = this.isMsaBacked ? entra.tenantId : this.tenantId;
    for (const [index, sp] of (spec.servicePrincipals ?? []).entries()) {
      const field = `azureDevOps.servicePrincipals[${index}]`;
      const app = sp.application ? entra.applicationInfo(sp.application) : undefined;
      if (!app && !isGuid(sp.application ?? '')) {
        throw new Error(
          `${field}.application: "${sp.application ?? ''}" is neither an application id nor the display name of a tenant.applications entry`,
        );
      }
      const appId = (app?.appId ?? sp.application).toLowerCase();
      if (this.servicePrincipalsByApp.has(appId)) {
        throw new Error(
          `${field}.application: app ${appId} is already a service principal of the organization` +
            (this.automation.appId === appId ? ' (the automation: refer to it as $automation)' : ''),
        );
      }
      const objectId = (
        sp.objectId ??
        entra.servicePrincipalObjectId(appId) ??
        seededGuid(rng)
      ).toLowerCase();
      this.addIdentity({
        id: seededGuid(rng),
        kind: 'servicePrincipal',
        descriptor: `${SERVICE_PRINCIPAL_IDENTITY_PREFIX}${tenant}\\${objectId}`,
        subjectDescriptor: opaqueDescriptor('aadsp', rng),
        displayName: sp.displayName ?? app?.displayName ?? appId,
        principalName: appId,
        mail: undefined,
        domain: tenant,
        originId: objectId,
        origin: 'aad',
        isActive: sp.active ?? true,
        description: '',
        projectId: undefined,
        sid: undefined,
        directoryAlias: undefined,
        appId,
      });
    }
  }

  private buildGroups(spec: AdoScenario): void {
    const groups = spec.groups ?? [];
    // Create every custom group first, so members may reference groups declared later.
    for (const [index, group] of groups.entries()) {
      const field = `azureDevOps.groups[${index}]`;
      const scope = group.project ? this.projectOrThrow(group.project, `${field}.project`) : undefined;
      const scopeName = scope?.name ?? this.organization;
      if (this.groupsByPrincipal.has(`[${scopeName}]\\${group.name}`.toLowerCase())) continue;
      const prefix = scope ? this.sidPrefixOf(scope) : this.collectionSidPrefix;
      const created = this.makeGroup(
        scopeName,
        group.name,
        group.description ?? 'Custom group',
        randomGroupSid(prefix, this.deps.rng),
        scope,
      );
      // Project groups are members of the project's Valid Users group, as the defaults are (reference §7).
      if (scope) this.link(this.projectGroup(scope, 'Project Valid Users').id, created.id);
    }
    for (const [index, group] of groups.entries()) {
      const field = `azureDevOps.groups[${index}]`;
      const scopeName = group.project
        ? this.projectOrThrow(group.project, `${field}.project`).name
        : this.organization;
      const container = this.groupsByPrincipal.get(`[${scopeName}]\\${group.name}`.toLowerCase())!;
      for (const [m, ref] of (group.members ?? []).entries()) {
        const member = this.resolveRefOrThrow(ref, `${field}.members[${m}]`);
        if (!member)
          throw new Error(`${field}.members[${m}]: "${ref}" is not an identity of the organization`);
        if (member.id === container.id)
          throw new Error(`${field}.members[${m}]: a group cannot contain itself`);
        this.link(container.id, member.id);
      }
    }
  }

  private buildPats(spec: AdoScenario): void {
    for (const [index, pat] of (spec.pats ?? []).entries()) {
      const field = `azureDevOps.pats[${index}]`;
      const identity = this.resolveRefOrThrow(pat.identity, `${field}.identity`);
      if (!identity)
        throw new Error(`${field}.identity: "${pat.identity}" is not an identity of the organization`);
      const value = pat.value ?? this.deps.rng.string(52);
      this.pats.set(value, {
        name: pat.name ?? `pat-${index + 1}`,
        value,
        identityId: identity.id,
        active: pat.active ?? true,
      });
    }
  }

  private sidPrefixOf(project: AdoProject): string {
    const sid = this.projectGroup(project, 'Project Valid Users').sid!;
    return sid.slice(0, sid.length - '-0-0-0-0-3'.length);
  }

  private buildDefaultAcls(): void {
    const sh = this.namespace(NAMESPACE_IDS.ServiceHooks)!;
    const git = this.namespace(NAMESPACE_IDS['Git Repositories'])!;
    const proj = this.namespace(NAMESPACE_IDS.Project)!;
    const pca = this.collectionAdmins.descriptor;
    sh.setAcl('PublisherSecurity', true, [{ descriptor: pca, allow: allBits(sh.namespace), deny: 0 }]);
    git.setAcl('repoV2', true, [{ descriptor: pca, allow: allBits(git.namespace), deny: 0 }]);
    // Project namespace: PCA on each project token rather than `$PROJECT`, so a namespace-wide query answers one
    // ACL per project, as recorded (207 project tokens, reference §2).
    for (const project of this.projects) {
      const g = (name: string): string => this.projectGroup(project, name).descriptor;
      sh.setAcl(projectToken(NAMESPACE_IDS.ServiceHooks, project.id), true, [
        { descriptor: g('Project Administrators'), allow: allBits(sh.namespace), deny: 0 },
      ]);
      git.setAcl(projectToken(NAMESPACE_IDS['Git Repositories'], project.id), true, [
        { descriptor: g('Project Administrators'), allow: allBits(git.namespace), deny: 0 },
        { descriptor: g('Contributors'), allow: GIT.contribute, deny: 0 },
        { descriptor: g('Build Administrators'), allow: GIT.contribute, deny: 0 },
        { descriptor: g('Readers'), allow: GIT.read, deny: 0 },
      ]);
      proj.setAcl(projectToken(NAMESPACE_IDS.Project, project.id), true, [
        { descriptor: pca, allow: allBits(proj.namespace), deny: 0 },
        { descriptor: g('Project Administrators'), allow: allBits(proj.namespace), deny: 0 },
        { descriptor: g('Project Valid Users'), allow: 1, deny: 0 },
      ]);
    }
  }

  /** A plain-reader automation: readPermission bits at each root token, nothing more. */
  private grantAutomationReadOnly(): void {
    const roots: [string, string][] = [
      [NAMESPACE_IDS.ServiceHooks, 'PublisherSecurity'],
      [NAMESPACE_IDS['Git Repositories'], 'repoV2'],
      [NAMESPACE_IDS.Project, '$PROJECT'],
    ];
    for (const [id, token] of roots) {
      const acls = this.namespace(id)!;
      acls.setAces(
        token,
        [{ descriptor: this.automation.descriptor, allow: acls.namespace.readPermission, deny: 0 }],
        true,
      );
    }
  }

  private applyAclSpec(spec: AdoAclSpec, field: string): void {
    const nsId =
      (NAMESPACE_IDS as Record<string, string>)[spec.namespace] ??
      SECURITY_NAMESPACES.find(
        (ns) => ns.namespaceId === spec.namespace.toLowerCase() || ns.name === spec.namespace,
      )?.namespaceId;
    const acls = nsId ? this.namespace(nsId) : undefined;
    if (!acls) {
      throw new Error(
        `${field}.namespace: "${spec.namespace}" is not a security namespace; use ServiceHooks, Git Repositories, Project or a namespace id`,
      );
    }
    const token = this.resolveTokenPlaceholders(spec.token, `${field}.token`);
    const aces: StoredAce[] = spec.aces.map((ace, a) => {
      const identity = this.resolveRefOrThrow(ace.identity, `${field}.aces[${a}].identity`);
      return {
        descriptor: identity?.descriptor ?? ace.identity,
        allow: this.bits(acls.namespace, ace.allow, `${field}.aces[${a}].allow`),
        deny: this.bits(acls.namespace, ace.deny, `${field}.aces[${a}].deny`),
      };
    });
    const existing = acls.get(token, 'write');
    const merged = new Map<string, StoredAce>();
    for (const ace of existing?.aces.values() ?? []) merged.set(descriptorKey(ace.descriptor), ace);
    for (const ace of aces) merged.set(descriptorKey(ace.descriptor), ace);
    acls.setAcl(token, spec.inheritPermissions ?? true, [...merged.values()]);
  }

  private bits(
    ns: SecurityNamespaceDescription,
    value: AdoPermissionBits | undefined,
    field: string,
  ): number {
    if (value === undefined) return 0;
    if (typeof value === 'number') return value;
    let bits = 0;
    for (const name of value) {
      const action = ns.actions.find((a) => a.name.toLowerCase() === name.toLowerCase());
      if (!action) {
        throw new Error(
          `${field}: "${name}" is not an action of ${ns.name}; use one of ${ns.actions.map((a) => a.name).join(', ')}`,
        );
      }
      bits |= action.bit;
    }
    return bits;
  }

  /** `repoV2/{Sales}/{dbt-models}` → `repoV2/<projectId>/<repoId>`. */
  private resolveTokenPlaceholders(token: string, field: string): string {
    let project: AdoProject | undefined;
    return token.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      if (!project) {
        project = this.projectOrThrow(name, field);
        return project.id;
      }
      const repo = project.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (!repo)
        throw new Error(
          `${field}: repository "${name}" is not in project "${project.name}"; add it or fix the name`,
        );
      return repo.id;
    });
  }

  private projectOrThrow(name: string, field: string): AdoProject {
    const project = this.projectsByKey.get(name.toLowerCase());
    if (!project)
      throw new Error(`${field}: project "${name}" is not in azureDevOps.projects; add it or fix the name`);
    return project;
  }

  private resolveRefOrThrow(ref: AdoIdentityRef, field: string): AdoIdentity | undefined {
    if (ref === AUTOMATION_REF) return this.automation;
    if (ref.startsWith('[')) {
      const group = this.groupsByPrincipal.get(ref.toLowerCase());
      if (!group)
        throw new Error(`${field}: group "${ref}" does not exist; declare it in azureDevOps.groups`);
      return group;
    }
    if (ref.toLowerCase().startsWith(APP_REF)) {
      const name = ref.slice(APP_REF.length);
      const appId = (this.deps.entra.applicationInfo(name)?.appId ?? name).toLowerCase();
      const sp = this.servicePrincipalsByApp.get(appId);
      if (!sp)
        throw new Error(
          `${field}: "${ref}" is not a service principal of the organization; add it to azureDevOps.servicePrincipals`,
        );
      return sp;
    }
    if (ref.includes('@') && !ref.includes(';')) {
      const lower = ref.toLowerCase();
      const users = this.identitiesNamed(lower).filter(
        (i) =>
          i.kind === 'user' && (i.principalName.toLowerCase() === lower || i.mail?.toLowerCase() === lower),
      );
      const inOrg = users.find((u) => u.domain === this.tenantId) ?? users[0];
      if (!inOrg) throw new Error(`${field}: user "${ref}" is not in azureDevOps.users; add it there`);
      return inOrg;
    }
    return this.byDescriptor.get(descriptorKey(ref));
  }

  private link(containerId: string, memberId: string): void {
    let set = this.members.get(containerId);
    if (!set) this.members.set(containerId, (set = new Set()));
    set.add(memberId);
    let up = this.memberOf.get(memberId);
    if (!up) this.memberOf.set(memberId, (up = new Set()));
    up.add(containerId);
  }

  // ---------------------------------------------------------------- lookups

  namespace(id: string): NamespaceAcls | undefined {
    const ns = namespaceById(id);
    return ns ? this.namespaces.get(ns.namespaceId) : undefined;
  }

  project(idOrName: string): AdoProject | undefined {
    return this.projectsByKey.get(idOrName.toLowerCase());
  }

  projectOfScope(scopeDescriptor: string): AdoProject | undefined {
    return this.scopeToProject.get(scopeDescriptor.toLowerCase());
  }

  projectGroup(project: AdoProject, name: string): AdoIdentity {
    const group = this.groupsByPrincipal.get(`[${project.name}]\\${name}`.toLowerCase());
    if (!group) throw new Error(`project "${project.name}" has no group "${name}"`);
    return group;
  }

  collectionGroup(name: 'admins' | 'validUsers'): AdoIdentity {
    return name === 'admins' ? this.collectionAdmins : this.collectionValidUsers;
  }

  identity(id: string): AdoIdentity | undefined {
    return this.identities.get(id.toLowerCase());
  }

  identityByDescriptor(descriptor: string): AdoIdentity | undefined {
    return this.byDescriptor.get(descriptorKey(descriptor));
  }

  identityBySubject(subjectDescriptor: string): AdoIdentity | undefined {
    return this.bySubject.get(subjectDescriptor.toLowerCase());
  }

  /**
   * The identity a Bearer token's principal maps to: by Entra object id, or, for an app-only token, the automation
   * by app id (a delegated token through the same app is the user's, never the app's).
   */
  identityForPrincipal(principal: {
    objectId: string;
    appId: string;
    kind: 'app' | 'user';
  }): AdoIdentity | undefined {
    const byOid = this.byOriginId.get(principal.objectId.toLowerCase());
    if (byOid) return byOid;
    const automationApp = this.automation.appId;
    if (principal.kind === 'app' && automationApp && automationApp === principal.appId.toLowerCase()) {
      return this.automation;
    }
    return undefined;
  }

  identityForPat(value: string): AdoIdentity | undefined {
    const pat = this.pats.get(value);
    return pat?.active ? this.identities.get(pat.identityId) : undefined;
  }

  /** Identities whose principal name, mail or display name is `name` (case-insensitive). */
  identitiesNamed(name: string): AdoIdentity[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  allIdentities(): IterableIterator<AdoIdentity> {
    return this.identities.values();
  }

  /** Service principals of the organization (the automation among them when it has an app id), in creation order. */
  servicePrincipals(): AdoIdentity[] {
    return [...this.servicePrincipalsByApp.values()];
  }

  /** Groups of a scope (a project's scp descriptor, or the collection's), in creation order. */
  groupsOfScope(scopeDescriptor: string | undefined): AdoIdentity[] {
    const project = scopeDescriptor ? this.projectOfScope(scopeDescriptor) : undefined;
    if (
      scopeDescriptor &&
      !project &&
      scopeDescriptor.toLowerCase() !== this.collectionScopeDescriptor.toLowerCase()
    ) {
      return [];
    }
    const out: AdoIdentity[] = [];
    for (const identity of this.identities.values()) {
      if (identity.kind !== 'group') continue;
      if (!scopeDescriptor || identity.projectId === project?.id) out.push(identity);
    }
    return out;
  }

  directMembers(containerId: string): AdoIdentity[] {
    return [...(this.members.get(containerId) ?? [])].map((id) => this.identities.get(id)!);
  }

  directContainers(memberId: string): AdoIdentity[] {
    return [...(this.memberOf.get(memberId) ?? [])].map((id) => this.identities.get(id)!);
  }

  isDirectMember(containerId: string, memberId: string): boolean {
    return this.members.get(containerId)?.has(memberId) ?? false;
  }

  addMembership(containerId: string, memberId: string): void {
    this.link(containerId, memberId);
  }

  removeMembership(containerId: string, memberId: string): boolean {
    const removed = this.members.get(containerId)?.delete(memberId) ?? false;
    this.memberOf.get(memberId)?.delete(containerId);
    return removed;
  }

  /** Transitive groups of `identity`, with the implicit Project Collection Valid Users for an active member. */
  memberOfExpanded(identity: AdoIdentity): AdoIdentity[] {
    const groups = this.expandedContainers(identity.id);
    const pcvu = this.collectionValidUsers;
    if (identity.kind !== 'group' && identity.isActive && !groups.some((g) => g.id === pcvu.id))
      groups.push(pcvu);
    return groups;
  }

  /** Every group `memberId` belongs to, transitively (cycle-safe). */
  expandedContainers(memberId: string): AdoIdentity[] {
    const seen = new Set<string>();
    const queue = [memberId];
    while (queue.length > 0) {
      const next = queue.shift()!;
      for (const container of this.memberOf.get(next) ?? []) {
        if (seen.has(container) || container === memberId) continue;
        seen.add(container);
        queue.push(container);
      }
    }
    return [...seen].map((id) => this.identities.get(id)!);
  }

  /**
   * The lower-cased descriptors whose ACEs count for `descriptor`: itself and every group it is a transitive member
   * of (reference §2 step 3). Every user of the org is implicitly in Project Collection Valid Users.
   */
  principalsOf(descriptor: string): Set<string> {
    const principals = new Set<string>([descriptorKey(descriptor)]);
    const identity = this.identityByDescriptor(descriptor);
    if (!identity) return principals;
    for (const group of this.expandedContainers(identity.id)) principals.add(descriptorKey(group.descriptor));
    if (identity.kind !== 'group' && identity.isActive) {
      principals.add(descriptorKey(this.collectionValidUsers.descriptor));
    }
    return principals;
  }

  /** Whether `descriptor` has every bit of `bits` on `token` (current state, no lag). */
  hasPermission(namespaceId: string, token: string, descriptor: string, bits: number): boolean {
    const acls = this.namespace(namespaceId);
    if (!acls) return false;
    const effective = acls.evaluate(token, descriptor, this.principalsOf(descriptor), 'write');
    return (effective.effectiveAllow & bits) === bits;
  }

  // ---------------------------------------------------------------- rate limiting

  /** Counts a request of `callerKey` and says which rate-limit headers to send and whether to block (§8). */
  consumeRateLimit(callerKey: string): RateLimitDecision | undefined {
    const spec = this.rateLimit;
    if (!spec) return undefined;
    const now = this.deps.clock.now();
    const windowMs = spec.windowMs ?? 300_000;
    const log = (this.requestLog.get(callerKey) ?? []).filter((t) => t > now - windowMs);
    log.push(now);
    this.requestLog.set(callerKey, log);
    const used = log.length;
    const blockAfter = spec.blockAfter ?? spec.limit * 2;
    const oldest = log[0] ?? now;
    const headers: Record<string, string> = {
      'X-RateLimit-Resource': 'Core',
      'X-RateLimit-Limit': String(spec.limit),
      'X-RateLimit-Remaining': String(Math.max(0, spec.limit - used)),
      'X-RateLimit-Reset': String(Math.ceil((oldest + windowMs) / 1000)),
    };
    if (used > spec.limit) {
      headers['Retry-After'] = String(spec.retryAfterSeconds ?? 5);
      if (used <= blockAfter) headers['X-RateLimit-Delay'] = (spec.delaySeconds ?? 0.5).toFixed(3);
    }
    return { headers, blocked: used > blockAfter };
  }

  // ---------------------------------------------------------------- snapshots

  snapshot(): AdoSnapshot {
    const name = (id: string): string => this.identities.get(id)?.principalName ?? id;
    const memberships: AdoSnapshot['memberships'] = [];
    for (const [container, members] of this.members) {
      for (const member of members) memberships.push({ container: name(container), member: name(member) });
    }
    const acls: AdoSnapshot['acls'] = {};
    for (const ns of this.namespaces.values()) {
      const list = ns.toJSON();
      if (list.length > 0) acls[ns.namespace.name] = list;
    }
    return {
      organization: this.organization,
      organizationId: this.organizationId,
      tenantId: this.tenantId,
      oauthThirdPartyAccess: this.oauthThirdPartyAccess,
      projects: this.projects.map((p) => ({
        id: p.id,
        name: p.name,
        state: p.state,
        repositories: p.repositories.map((r) => ({ id: r.id, name: r.name, isDisabled: r.isDisabled })),
      })),
      identities: [...this.identities.values()].map((i) => ({
        id: i.id,
        kind: i.kind,
        principalName: i.principalName,
        descriptor: i.descriptor,
        subjectDescriptor: i.subjectDescriptor,
        isActive: i.isActive,
      })),
      memberships,
      acls,
      pats: [...this.pats.values()].map((p) => ({
        name: p.name,
        identity: name(p.identityId),
        active: p.active,
      })),
    };
  }

  /** Every secret the org knows (PAT values), for leak scans. */
  secrets(): string[] {
    return [...this.pats.keys()];
  }

  /** The PAT values per label, for tests and the sandbox's printed env. */
  patValues(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const pat of this.pats.values()) out[pat.name] = pat.value;
    return out;
  }
}

export function createAdoState(
  spec: AdoScenario,
  deps: { entra: EntraPort; rng: Rng; clock: Clock },
): AdoState {
  return new AdoState(spec, deps);
}
