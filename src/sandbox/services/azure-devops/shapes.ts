/**
 * JSON shapes of the emulated resources, key for key as in the recordings
 * (recordings/azure-devops-cli/*.yaml; reference §5, §6, §7).
 */
import type { AdoIdentity, AdoProject, AdoRepository, AdoState } from '../../state/ado.js';
import type { AdoOrigins } from './http.js';

export function projectUrl(origins: AdoOrigins, state: AdoState, project: AdoProject): string {
  return `${origins.azureDevOps}/${state.organization}/_apis/projects/${project.id}`;
}

/** TeamProjectReference, as in the recorded `GET _apis/projects` list. */
export function projectReferenceJson(
  origins: AdoOrigins,
  state: AdoState,
  project: AdoProject,
): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    ...(project.description ? { description: project.description } : {}),
    url: projectUrl(origins, state, project),
    state: project.state,
    revision: project.revision,
    visibility: project.visibility,
    lastUpdateTime: project.lastUpdateTime,
  };
}

/** TeamProject, as in the recorded `GET _apis/projects/{id}`. */
export function projectJson(
  origins: AdoOrigins,
  state: AdoState,
  project: AdoProject,
  includeCapabilities: boolean,
): Record<string, unknown> {
  const url = projectUrl(origins, state, project);
  return {
    id: project.id,
    name: project.name,
    ...(project.description ? { description: project.description } : {}),
    url,
    state: project.state,
    ...(includeCapabilities
      ? {
          capabilities: {
            processTemplate: {
              templateName: 'Basic',
              templateTypeId: 'b8a3a935-7e91-48b8-a94c-606d37c3e9f2',
            },
            versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
          },
        }
      : {}),
    revision: project.revision,
    _links: {
      self: { href: url },
      collection: {
        href: `${origins.azureDevOps}/${state.organization}/_apis/projectCollections/${state.organizationId}`,
      },
      web: { href: `${origins.azureDevOps}/${state.organization}/${encodeURIComponent(project.name)}` },
    },
    visibility: project.visibility,
    defaultTeam: {
      id: project.defaultTeamId,
      name: `${project.name} Team`,
      url: `${url}/teams/${project.defaultTeamId}`,
    },
    lastUpdateTime: project.lastUpdateTime,
  };
}

/** GitRepository, as in the recorded list (no `_links`) and get (with `_links`). */
export function repositoryJson(
  origins: AdoOrigins,
  state: AdoState,
  project: AdoProject,
  repo: AdoRepository,
  withLinks: boolean,
): Record<string, unknown> {
  const org = state.organization;
  const dev = origins.azureDevOps;
  const url = `${dev}/${org}/${project.id}/_apis/git/repositories/${repo.id}`;
  const host = dev.replace(/^https?:\/\//, '');
  const webUrl = `${dev}/${org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`;
  const sshUrl = `git@ssh.${host}:v3/${org}/${encodeURIComponent(project.name)}/${encodeURIComponent(repo.name)}`;
  return {
    id: repo.id,
    name: repo.name,
    url,
    project: projectReferenceJson(origins, state, project),
    ...(repo.defaultBranch ? { defaultBranch: repo.defaultBranch } : {}),
    size: repo.size,
    remoteUrl: `https://${org}@${host}/${org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
    sshUrl,
    webUrl,
    ...(withLinks
      ? {
          _links: {
            self: { href: url },
            project: { href: `vstfs:///Classification/TeamProject/${project.id}` },
            web: { href: webUrl },
            ssh: { href: sshUrl },
            commits: { href: `${url}/commits` },
            refs: { href: `${url}/refs` },
            pullRequests: { href: `${url}/pullRequests` },
            items: { href: `${url}/items` },
            pushes: { href: `${url}/pushes` },
          },
        }
      : {}),
    isDisabled: repo.isDisabled,
    isInMaintenance: false,
  };
}

function prop(value: string): { $type: string; $value: string } {
  return { $type: 'System.String', $value: value };
}

export type MembershipDepth = 'None' | 'Direct' | 'Expanded' | 'ExpandedUp' | 'ExpandedDown';

/** Identity (IMS), as in the recorded `GET vssps/_apis/Identities?searchFilter=General…` (reference §5). */
export function identityJson(
  state: AdoState,
  identity: AdoIdentity,
  membership: MembershipDepth,
): Record<string, unknown> {
  const up =
    membership === 'Direct'
      ? state.directContainers(identity.id)
      : membership === 'Expanded' || membership === 'ExpandedUp'
        ? state.memberOfExpanded(identity)
        : [];
  const down =
    identity.kind !== 'group'
      ? []
      : membership === 'Direct'
        ? state.directMembers(identity.id)
        : membership === 'Expanded' || membership === 'ExpandedDown'
          ? expandedMembers(state, identity)
          : [];
  const properties: Record<string, unknown> =
    identity.kind === 'group'
      ? {
          SchemaClassName: prop('Group'),
          Description: prop(identity.description),
          Domain: prop(identity.domain),
          Account: prop(identity.principalName),
          DN: prop(''),
          Mail: prop(''),
          SpecialType: prop('Generic'),
          SecuritySid: prop(identity.sid ?? ''),
          ScopeId: prop(identity.projectId ?? state.organizationId),
          ScopeName: prop(
            identity.projectId ? (state.project(identity.projectId)?.name ?? '') : state.organization,
          ),
          ScopeType: prop(identity.projectId ? 'TeamProject' : 'ServiceHost'),
        }
      : {
          SchemaClassName: prop('User'),
          Description: prop(''),
          Domain: prop(identity.domain),
          Account: prop(identity.principalName),
          DN: prop(''),
          Mail: prop(identity.mail ?? ''),
          SpecialType: prop('Generic'),
          PUID: prop(identity.origin === 'msa' ? 'msa:' : 'aad:'),
          ComplianceValidated: { $type: 'System.DateTime', $value: '2026-04-01T00:00:00Z' },
          'http://schemas.microsoft.com/identity/claims/objectidentifier': prop(identity.originId),
          ...(identity.directoryAlias ? { DirectoryAlias: prop(identity.directoryAlias) } : {}),
        };
  return {
    id: identity.id,
    descriptor: identity.descriptor,
    subjectDescriptor: identity.subjectDescriptor,
    providerDisplayName: identity.kind === 'group' ? identity.principalName : identity.displayName,
    isActive: identity.isActive,
    ...(identity.kind === 'group' ? { isContainer: true } : {}),
    members: down.map((m) => m.descriptor),
    memberOf: up.map((g) => g.descriptor),
    memberIds: down.map((m) => m.id),
    properties,
    resourceVersion: 2,
    metaTypeId: 255,
  };
}

function expandedMembers(state: AdoState, group: AdoIdentity): AdoIdentity[] {
  const seen = new Map<string, AdoIdentity>();
  const queue = [group];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const member of state.directMembers(next.id)) {
      if (seen.has(member.id) || member.id === group.id) continue;
      seen.set(member.id, member);
      if (member.kind === 'group') queue.push(member);
    }
  }
  return [...seen.values()];
}

function graphResource(identity: AdoIdentity): string {
  return identity.kind === 'group' ? 'Groups' : identity.kind === 'user' ? 'Users' : 'ServicePrincipals';
}

export function graphSubjectUrl(origins: AdoOrigins, state: AdoState, identity: AdoIdentity): string {
  return `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph/${graphResource(identity)}/${identity.subjectDescriptor}`;
}

/** GraphGroup / GraphUser / GraphServicePrincipal, as in the recorded Graph answers (reference §5, §7). */
export function graphSubjectJson(
  origins: AdoOrigins,
  state: AdoState,
  identity: AdoIdentity,
): Record<string, unknown> {
  const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
  const d = identity.subjectDescriptor;
  const links: Record<string, { href: string }> = {
    self: { href: graphSubjectUrl(origins, state, identity) },
    memberships: { href: `${base}/Memberships/${d}` },
    membershipState: { href: `${base}/MembershipStates/${d}` },
    storageKey: { href: `${base}/StorageKeys/${d}` },
  };
  if (identity.kind === 'group') {
    return {
      subjectKind: 'group',
      description: identity.description,
      domain: identity.domain,
      principalName: identity.principalName,
      mailAddress: null,
      origin: 'vsts',
      originId: identity.originId,
      displayName: identity.displayName,
      _links: links,
      url: links.self!.href,
      descriptor: d,
    };
  }
  links.avatar = {
    href: `${origins.azureDevOps}/${state.organization}/_apis/GraphProfile/MemberAvatars/${d}`,
  };
  return {
    subjectKind: identity.kind === 'user' ? 'user' : 'servicePrincipal',
    ...(identity.kind === 'servicePrincipal'
      ? { applicationId: identity.appId ?? identity.principalName }
      : {}),
    ...(identity.directoryAlias ? { directoryAlias: identity.directoryAlias } : {}),
    domain: identity.domain,
    principalName: identity.principalName,
    mailAddress: identity.mail ?? null,
    origin: identity.origin,
    originId: identity.originId,
    displayName: identity.displayName,
    _links: links,
    url: links.self!.href,
    descriptor: d,
  };
}

/** GraphMembership, as in the recorded PUT and `Memberships?direction=` answers. */
export function membershipJson(
  origins: AdoOrigins,
  state: AdoState,
  member: AdoIdentity,
  container: AdoIdentity,
): Record<string, unknown> {
  const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
  return {
    containerDescriptor: container.subjectDescriptor,
    memberDescriptor: member.subjectDescriptor,
    _links: {
      self: { href: `${base}/Memberships/${member.subjectDescriptor}/${container.subjectDescriptor}` },
      member: { href: graphSubjectUrl(origins, state, member) },
      container: { href: graphSubjectUrl(origins, state, container) },
    },
  };
}
