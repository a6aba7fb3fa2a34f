/**
 * The service user's effective permissions on every in-scope project and repository (DESIGN.md §3 presets;
 * reference/azure-devops.md §2, §13 step 4). Each namespace is read ONCE for the whole organization; tokens
 * without a stored ACL take their nearest stored ancestor's answer (acl-resolution.ts). Only when a required
 * bit is denied are the ACLs of the denied tokens' chains read (without descriptors) to name who denies it.
 */
import {
  GIT_REPOSITORIES,
  bitNames,
  gitToken,
  securityNamespace,
  serviceHooksToken,
} from '../core/ado-security.js';
import type { Finding, PermissionState } from '../core/findings.js';
import type { PermissionRequirement } from '../core/policy/presets.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { AccessControlList } from '../clients/azure-devops/security.js';
import { NamespacePermissions } from './acl-resolution.js';
import type { EffectivePermission } from './acl-resolution.js';
import { sessionOf } from './ado-session.js';
import type { AdoCheckContext, AdoVerifySession } from './ado-session.js';
import type { ResolvedScope } from './scope.js';
import type { ServiceUser } from './service-user.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

/** Identity descriptors of Azure DevOps groups (users are ClaimsIdentity, service principals their own type). */
const GROUP_DESCRIPTOR = /^Microsoft\.TeamFoundation\.Identity;/i;

interface Target {
  requirement: PermissionRequirement;
  kind: 'project' | 'repository';
  project: string;
  repository?: string;
  token: string;
}

/** Who denies one bit at one token. */
interface DenySource {
  own: boolean;
  groups: string[];
  /** The stored token (as the server spells it) where the deny is. */
  token: string;
}

function targetsOf(requirement: PermissionRequirement, scope: ResolvedScope): Target[] {
  const git = requirement.namespaceId.toLowerCase() === GIT_REPOSITORIES.id;
  const targets: Target[] = [];
  for (const project of scope.projects) {
    const projectToken = git ? gitToken(project.id) : serviceHooksToken(project.id);
    if (requirement.level === 'repository' && git) {
      for (const repository of project.repositories) {
        targets.push({
          requirement,
          kind: 'repository',
          project: project.name,
          repository: repository.name,
          token: gitToken(project.id, repository.id),
        });
      }
    } else {
      targets.push({ requirement, kind: 'project', project: project.name, token: projectToken });
    }
  }
  return targets;
}

/** A 403 on any read becomes CHECK-SKIPPED (info): the check could not run, it did not pass. */
export async function checkServiceUserPermissions(
  context: AdoCheckContext,
  log: CheckLog,
): Promise<Finding[]> {
  try {
    return await permissionFindings(context, log);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: context.requirements.permissions[0]?.integration ?? 'general',
        what: `The Azure DevOps permissions of ${context.requirements.serviceUser ?? 'the service user'}`,
        permission:
          'read access to the ServiceHooks and Git Repositories ACLs (e.g. Project Collection Administrators)',
        resource: { organization: context.ado.organization },
        check: 'azureDevOps.permissions',
      }),
    ];
  }
}

async function permissionFindings(context: AdoCheckContext, log: CheckLog): Promise<Finding[]> {
  const { requirements } = context;
  if (requirements.permissions.length === 0) return [];
  const session = sessionOf(context, log);
  const [user, scope] = await Promise.all([session.serviceUser(), session.scope()]);
  if (!user) return [];

  const namespaceIds = [...new Set(requirements.permissions.map((r) => r.namespaceId.toLowerCase()))];
  const perNamespace = new Map<string, NamespacePermissions>();
  await Promise.all(
    namespaceIds.map(async (namespaceId) => {
      log.step(`Reading ${securityNamespace(namespaceId).name} ACLs for ${user.upn} (1 request)`);
      const acls = await context.ado.queryAccessControlLists(namespaceId, {
        descriptors: [user.descriptor],
        includeExtendedInfo: true,
      });
      perNamespace.set(namespaceId, new NamespacePermissions(namespaceId, user.descriptor, acls));
    }),
  );

  const evaluated = requirements.permissions
    .flatMap((requirement) => targetsOf(requirement, scope))
    .map((target) => {
      const permissions = perNamespace.get(target.requirement.namespaceId.toLowerCase())!;
      return { target, permissions, effective: permissions.effective(target.token) };
    });

  const denied = evaluated.filter(({ target, effective }) =>
    target.requirement.bits.some(({ bit }) => (effective.effectiveDeny & bit) !== 0),
  );
  const denySources =
    denied.length > 0
      ? await explainDenies(context.ado, session, user, denied, log)
      : new Map<string, DenySource>();

  const findings: Finding[] = [];
  for (const { target, effective } of evaluated) {
    const states: PermissionState[] = [];
    let ownOnly = true;
    for (const { bit, name } of target.requirement.bits) {
      if ((effective.effectiveAllow & bit) !== 0) continue;
      if ((effective.effectiveDeny & bit) !== 0) {
        const source = denySources.get(
          `${target.requirement.namespaceId.toLowerCase()}|${target.token.toLowerCase()}|${bit}`,
        );
        if (!source?.own || source.groups.length > 0) ownOnly = false;
        states.push({ name, bit, state: 'denied', deniedBy: describeSource(source) });
      } else {
        states.push({ name, bit, state: 'missing' });
      }
    }
    if (states.length > 0)
      findings.push(toFinding(context, user, target, states, effective.effectiveAllow, ownOnly));
  }
  return findings;
}

function describeSource(source: DenySource | undefined): string {
  if (!source) return 'an unidentified group';
  const who = [...(source.own ? ['own ACE'] : []), ...source.groups].join(' and ');
  return `${who || 'an unidentified group'} at ${source.token}`;
}

/**
 * For each denied bit of each denied target: the nearest stored level of its chain where the user's own ACE or
 * a group the user is in denies the bit (the nearest level settles a bit; a deny wins within a level).
 */
async function explainDenies(
  ado: AzureDevOpsClient,
  session: AdoVerifySession,
  user: ServiceUser,
  denied: { target: Target; permissions: NamespacePermissions; effective: EffectivePermission }[],
  log: CheckLog,
): Promise<Map<string, DenySource>> {
  const levelsToRead = new Map<string, { namespaceId: string; token: string }>();
  for (const { permissions, target, effective } of denied) {
    for (const level of levelsThatMayDeny(
      permissions,
      target.token,
      effective.effectiveDeny & target.requirement.bits.reduce((bits, b) => bits | b.bit, 0),
    )) {
      levelsToRead.set(`${permissions.namespaceId}|${level.token}`, {
        namespaceId: permissions.namespaceId,
        token: permissions.storedToken(level.token),
      });
    }
  }
  log.step(`Reading ${levelsToRead.size} ACL(s) to find who denies required permissions`);
  const [memberOf, fullAcls] = await Promise.all([
    session.memberOf(user),
    Promise.all(
      [...levelsToRead.entries()].map(async ([key, { namespaceId, token }]) => {
        const acls = await ado.queryAccessControlLists(namespaceId, {
          token,
          recurse: false,
          includeExtendedInfo: false,
        });
        return [key, acls[0]] as const;
      }),
    ),
  ]);
  const aclAt = new Map<string, AccessControlList | undefined>(fullAcls);
  const own = user.descriptor.toLowerCase();

  const sources = new Map<string, { own: boolean; groupDescriptors: string[]; token: string }>();
  for (const { target, permissions } of denied) {
    for (const { bit } of target.requirement.bits) {
      const key = `${permissions.namespaceId}|${target.token.toLowerCase()}|${bit}`;
      // A group deny whose membership the identities API does not list (e.g. Project Collection Valid Users,
      // which every user is in implicitly): named when nothing else explains the deny.
      let implicit: { groupDescriptors: string[]; token: string } | undefined;
      for (const level of permissions.chain(target.token)) {
        const acl = aclAt.get(`${permissions.namespaceId}|${level.token}`);
        const ownDeny = (level.ownDeny & bit) !== 0;
        const denying = (acl?.aces ?? []).filter(
          (ace) => ace.descriptor.toLowerCase() !== own && (ace.deny & bit) !== 0,
        );
        const groupDescriptors = denying
          .filter((ace) => memberOf.has(ace.descriptor.toLowerCase()))
          .map((ace) => ace.descriptor);
        if (ownDeny || groupDescriptors.length > 0) {
          sources.set(key, { own: ownDeny, groupDescriptors, token: permissions.storedToken(level.token) });
          break;
        }
        const groups = denying
          .filter((ace) => GROUP_DESCRIPTOR.test(ace.descriptor))
          .map((ace) => ace.descriptor);
        if (!implicit && groups.length > 0) {
          implicit = { groupDescriptors: groups, token: permissions.storedToken(level.token) };
        }
      }
      if (!sources.has(key) && implicit) sources.set(key, { own: false, ...implicit });
    }
  }

  const groupDescriptors = [...new Set([...sources.values()].flatMap((s) => s.groupDescriptors))];
  const names = new Map<string, string>();
  if (groupDescriptors.length > 0) {
    for (const identity of await ado.identitiesByDescriptors(groupDescriptors)) {
      names.set(identity.descriptor.toLowerCase(), identity.account || identity.displayName);
    }
  }
  const out = new Map<string, DenySource>();
  for (const [key, source] of sources) {
    out.set(key, {
      own: source.own,
      groups: source.groupDescriptors.map((d) => names.get(d.toLowerCase()) ?? d),
      token: source.token,
    });
  }
  return out;
}

/**
 * The stored levels whose group ACEs can explain the denied bits: levels beyond the nearest own-ACE deny of a
 * bit cannot settle that bit, so the chain is read only up to there (all of it when a bit has no own deny).
 */
function levelsThatMayDeny(permissions: NamespacePermissions, token: string, deniedBits: number) {
  const chain = permissions.chain(token);
  let last = 0;
  const mask = deniedBits >>> 0; // ACL masks may arrive as signed 32-bit integers
  for (let bit = 1; bit <= mask; bit *= 2) {
    if (Math.floor(mask / bit) % 2 === 0) continue;
    const ownAt = chain.findIndex((level) => (level.ownDeny & bit) !== 0);
    last = Math.max(last, ownAt === -1 ? chain.length - 1 : ownAt);
  }
  return chain.slice(0, last + 1);
}

function toFinding(
  context: AdoCheckContext,
  user: ServiceUser,
  target: Target,
  states: PermissionState[],
  effectiveAllow: number,
  ownDeniesOnly: boolean,
): Finding {
  const { requirement } = target;
  const namespace = securityNamespace(requirement.namespaceId);
  const anyDenied = states.some((s) => s.state === 'denied');
  const where =
    target.kind === 'repository'
      ? `repository ${target.project}/${target.repository}`
      : `project ${target.project}`;
  const expected = requirement.bits.map((b) => b.name);
  const required = requirement.bits.reduce((bits, b) => bits | b.bit, 0);
  const held = bitNames(namespace, effectiveAllow & required);
  const stateNames = states.map((s) => s.name).join(', ');
  const removeExplicitDeny = context.policy.remediation.removeExplicitDeny;
  const fixable = !anyDenied || (ownDeniesOnly && removeExplicitDeny);
  let fix: string;
  if (!anyDenied) {
    fix = `Run \`ado-guard remediate\`, or allow ${stateNames} for ${user.upn} in ${namespace.name} on ${target.token}.`;
  } else if (ownDeniesOnly) {
    fix = removeExplicitDeny
      ? `Run \`ado-guard remediate\`: it clears the explicit deny on ${user.upn}'s own ACE and grants the permissions.`
      : `Clear the explicit deny on ${user.upn}'s own ACE, or set \`remediation.removeExplicitDeny: true\` and run \`ado-guard remediate\`.`;
  } else {
    const by = states.filter((s) => s.state === 'denied').map((s) => s.deniedBy);
    fix = `A group deny blocks it (${[...new Set(by)].join('; ')}): remove that deny or take ${user.upn} out of the group; ado-guard does not change group permissions.`;
  }
  return {
    ruleId: anyDenied ? 'ADO-PERMISSION-DENIED' : 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: requirement.integration,
    resource: {
      kind: target.kind,
      organization: context.ado.organization,
      project: target.project,
      ...(target.repository === undefined ? {} : { repository: target.repository }),
      token: target.token,
      namespaceId: requirement.namespaceId,
    },
    message: anyDenied
      ? `${user.upn} is denied ${states
          .filter((s) => s.state === 'denied')
          .map((s) => s.name)
          .join(', ')} in ${namespace.name} on ${where}.`
      : `${user.upn} lacks ${stateNames} in ${namespace.name} on ${where}.`,
    expected: expected.join(', '),
    actual: held.length > 0 ? held.join(', ') : 'none',
    fixable,
    fix,
    permissions: states,
  };
}
