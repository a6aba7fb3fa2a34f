/**
 * Azure DevOps changes from the fixable permission and Readers findings (DESIGN.md §3 `scope.level`,
 * `remediation`; reference/azure-devops.md §2, §3, §7, §13 step 6).
 *
 * A grant goes on the token at the requirement's grant level (`scope.level`), merged into the service user's
 * own ACE so no other bit or identity changes. It lands on the token in between that does not inherit instead,
 * when there is one, because the plan must fix the *effective* permission. An explicit deny on the
 * user's own ACE at or below the grant token is cleared first (only the blocking bits); a deny above it is
 * overridden by the nearer allow. One change per ACE: findings that need the same ACE share one change.
 */
import { bitNames, canonicalToken, parentToken, securityNamespace } from '../core/ado-security.js';
import type { Change } from '../core/changes.js';
import type { Finding, ResourceRef } from '../core/findings.js';
import type { PermissionLevel, Requirements } from '../core/policy/presets.js';
import type { Policy } from '../core/policy/schema.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { AdoGraphGroup } from '../clients/azure-devops/graph.js';
import { NamespacePermissions } from '../checks/acl-resolution.js';
import { AdoVerifySession } from '../checks/ado-session.js';
import type { ResolvedScope } from '../checks/scope.js';
import type { ServiceUser } from '../checks/service-user.js';
import type { CheckLog } from '../checks/types.js';
import { findingKey } from './types.js';
import type { PlannedChange } from './types.js';

export interface AdoPlanContext {
  ado: AzureDevOpsClient;
  policy: Policy;
  requirements: Requirements;
  log: CheckLog;
}

const PER_PROJECT_LIMIT = 5;

const LEVEL_DEPTH: Record<PermissionLevel, number> = { organization: 1, project: 2, repository: 3 };

const depth = (canonical: string): number => canonical.split('/').length;

export function isPermissionFinding(finding: Finding): boolean {
  return finding.ruleId === 'ADO-PERMISSION-MISSING' || finding.ruleId === 'ADO-PERMISSION-DENIED';
}

export async function planAzureDevOps(
  context: AdoPlanContext,
  findings: readonly Finding[],
): Promise<PlannedChange[]> {
  const permissionFindings = findings.filter(
    (f) => f.fixable && isPermissionFinding(f) && f.resource.token && f.resource.namespaceId,
  );
  const readerFindings = findings.filter((f) => f.fixable && f.ruleId === 'ADO-READER-MISSING');
  if (permissionFindings.length === 0 && readerFindings.length === 0) return [];

  const session = new AdoVerifySession(
    { ado: context.ado, policy: context.policy, requirements: context.requirements },
    context.log,
  );
  const [user, scope] = await Promise.all([session.serviceUser(), session.scope()]);
  if (!user) return [];
  return [
    ...(await planPermissions(context, user, scope, permissionFindings)),
    ...(await planReaders(context, user, scope, readerFindings)),
  ];
}

interface AceChange {
  namespaceId: string;
  /** As the server stores it (or as the finding named it). */
  token: string;
  bits: number;
  addresses: Set<string>;
}

async function planPermissions(
  context: AdoPlanContext,
  user: ServiceUser,
  scope: ResolvedScope,
  findings: Finding[],
): Promise<PlannedChange[]> {
  if (findings.length === 0) return [];
  const namespaceIds = [...new Set(findings.map((f) => f.resource.namespaceId!.toLowerCase()))];
  const perNamespace = new Map<string, NamespacePermissions>();
  await Promise.all(
    namespaceIds.map(async (namespaceId) => {
      context.log.step(`Reading ${securityNamespace(namespaceId).name} ACLs of ${user.upn} to plan changes`);
      const acls = await context.ado.queryAccessControlLists(namespaceId, {
        descriptors: [user.descriptor],
        includeExtendedInfo: true,
      });
      perNamespace.set(namespaceId, new NamespacePermissions(namespaceId, user.descriptor, acls));
    }),
  );

  const clears = new Map<string, AceChange>();
  const grants = new Map<string, AceChange>();
  for (const finding of findings) {
    const add = (into: Map<string, AceChange>, namespaceId: string, token: string, bits: number) => {
      if (bits === 0) return;
      const key = `${namespaceId}|${canonicalToken(namespaceId, token)}`;
      const existing = into.get(key) ?? { namespaceId, token, bits: 0, addresses: new Set<string>() };
      existing.bits |= bits;
      existing.addresses.add(findingKey(finding));
      into.set(key, existing);
    };
    const namespaceId = finding.resource.namespaceId!.toLowerCase();
    const token = finding.resource.token!;
    const permissions = perNamespace.get(namespaceId)!;
    const requirement = context.requirements.permissions.find(
      (r) => r.namespaceId.toLowerCase() === namespaceId,
    );
    if (!requirement) continue;
    const chain = permissions.chain(token);
    const canonical = canonicalToken(namespaceId, token);
    const grantDepth = Math.min(LEVEL_DEPTH[requirement.grantLevel], depth(canonical));
    // A stored level below the grant token that does not inherit cuts it off (the chain ends there): that
    // token gets the grant itself (DESIGN.md §3 `remediation`).
    const last = chain.at(-1);
    const cutOff =
      last !== undefined && !last.inheritPermissions && depth(last.token) > grantDepth ? last : undefined;
    const grantToken = cutOff
      ? permissions.storedToken(cutOff.token)
      : token.split('/').slice(0, grantDepth).join('/');
    const grantTokenDepth = cutOff ? depth(cutOff.token) : grantDepth;

    let grantBits = 0;
    for (const state of finding.permissions ?? []) {
      if (state.bit === undefined) continue;
      if (state.state === 'missing') {
        grantBits |= state.bit;
        continue;
      }
      const ownDeny = chain.find((level) => (level.ownDeny & state.bit!) !== 0);
      if (!ownDeny) continue; // a group's deny: the finding is not fixable, the check said so
      if (depth(ownDeny.token) < grantTokenDepth) {
        // Above the grant token: the nearer allow settles the bit.
        grantBits |= state.bit;
        continue;
      }
      add(clears, namespaceId, permissions.storedToken(ownDeny.token), state.bit);
      // Once cleared, the level inherits what is above it; grant only when that does not allow the bit.
      const above = ownDeny.inheritPermissions ? parentToken(namespaceId, ownDeny.token) : undefined;
      const inherited = above === undefined ? 0 : permissions.effective(above).effectiveAllow;
      if ((inherited & state.bit) === 0) grantBits |= state.bit;
    }
    add(grants, namespaceId, grantToken, grantBits);
  }

  const planned: PlannedChange[] = [];
  for (const clear of clears.values()) {
    planned.push({
      id: `ace:clear:${clear.namespaceId}:${canonicalToken(clear.namespaceId, clear.token)}`,
      change: aceChange(
        context,
        scope,
        clear,
        `Clear the explicit deny of ${names(clear)} on ${user.upn}'s own ACE in ${securityNamespace(clear.namespaceId).name} on ${clear.token} (only these bits; other bits and identities unchanged).`,
        user,
      ),
      operation: { type: 'clearDeny', ...ace(clear), descriptor: user.descriptor },
      dependsOn: [],
      addresses: [...clear.addresses],
    });
  }
  for (const grant of grants.values()) {
    const key = `${grant.namespaceId}:${canonicalToken(grant.namespaceId, grant.token)}`;
    planned.push({
      id: `ace:grant:${key}`,
      change: aceChange(
        context,
        scope,
        grant,
        `Allow ${names(grant)} for ${user.upn} in ${securityNamespace(grant.namespaceId).name} on ${grant.token} (merged into the user's own ACE; other bits and identities unchanged).`,
        user,
      ),
      operation: { type: 'grant', ...ace(grant), descriptor: user.descriptor },
      addresses: [...grant.addresses],
      // The deny on the same ACE goes first: an allow merged over a deny is the server's call.
      dependsOn: clears.has(`${grant.namespaceId}|${canonicalToken(grant.namespaceId, grant.token)}`)
        ? [`ace:clear:${key}`]
        : [],
    });
  }
  return planned;
}

function ace({ namespaceId, token, bits }: AceChange) {
  return { namespaceId, token, bits };
}

function names(change: AceChange): string {
  return bitNames(change.namespaceId, change.bits).join(', ');
}

/** The resource of an ACE change: the project and repository its token names, by name. */
function aceChange(
  context: AdoPlanContext,
  scope: ResolvedScope,
  change: AceChange,
  description: string,
  user: ServiceUser,
): Change {
  const [, projectId, repositoryId] = change.token.split('/');
  const project = scope.projects.find((p) => p.id.toLowerCase() === projectId?.toLowerCase());
  const repository = project?.repositories.find((r) => r.id.toLowerCase() === repositoryId?.toLowerCase());
  const resource: ResourceRef = {
    kind: repositoryId !== undefined ? 'repository' : projectId !== undefined ? 'project' : 'organization',
    organization: context.ado.organization,
    ...(projectId !== undefined ? { project: project?.name ?? projectId } : {}),
    ...(repositoryId !== undefined ? { repository: repository?.name ?? repositoryId } : {}),
    token: change.token,
    namespaceId: change.namespaceId,
    name: user.upn,
  };
  return { kind: 'ace', resource, description, applied: false };
}

async function planReaders(
  context: AdoPlanContext,
  user: ServiceUser,
  scope: ResolvedScope,
  findings: Finding[],
): Promise<PlannedChange[]> {
  const planned: PlannedChange[] = [];
  // Up to a few projects, two requests each (scope descriptor, its groups); above, one organization listing.
  let everyGroup: Promise<AdoGraphGroup[]> | undefined;
  const groupsOf = async (projectId: string): Promise<AdoGraphGroup[]> => {
    if (findings.length <= PER_PROJECT_LIMIT)
      return context.ado.listGroups(await context.ado.scopeDescriptor(projectId));
    everyGroup ??= context.ado.listGroups();
    return everyGroup;
  };
  for (const finding of findings) {
    const project = scope.projects.find((p) => p.name === finding.resource.project);
    if (!project) continue;
    context.log.step(`Finding the Readers group of project ${project.name}`);
    const domain = `vstfs:///Classification/TeamProject/${project.id}`.toLowerCase();
    const groups = await groupsOf(project.id);
    const readers = groups.find((g) => g.displayName === 'Readers' && g.domain.toLowerCase() === domain);
    if (!readers) continue;
    const groupName = readers.principalName || `[${project.name}]\\Readers`;
    planned.push({
      id: `membership:${readers.descriptor}`,
      change: {
        kind: 'membership',
        resource: {
          kind: 'group',
          organization: context.ado.organization,
          project: project.name,
          name: groupName,
        },
        description: `Add ${user.upn} to ${groupName}.`,
        applied: false,
      },
      operation: {
        type: 'membership',
        subjectDescriptor: user.subjectDescriptor,
        containerDescriptor: readers.descriptor,
      },
      dependsOn: [],
      addresses: [findingKey(finding)],
    });
  }
  return planned;
}
