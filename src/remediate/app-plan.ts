/**
 * Entra app registration changes (DESIGN.md §3 presets; reference/graph-entra.md §1.3, §1.4, §1.6): missing Web
 * redirect URIs, missing required permissions and, only with `remediation.removeUnwantedPermissions`, the
 * permissions an integration's setup removes (dbt Cloud: Graph User.Read).
 *
 * Graph replaces collections whole, so each app gets ONE PATCH built from the application as read: the whole
 * `web` object with only `redirectUris` extended, and the whole `requiredResourceAccess` with only the
 * affected entries edited. Every other redirect URI, web setting and permission entry is sent back unchanged.
 */
import type { Finding } from '../core/findings.js';
import type { AppRequirement, Requirements } from '../core/policy/presets.js';
import type { Policy } from '../core/policy/schema.js';
import {
  AZURE_DEVOPS_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  wellKnownRoleId,
  wellKnownScopeId,
} from '../core/policy/well-known.js';
import type { GraphClient, GraphServicePrincipal } from '../clients/graph/client.js';
import { isPermissionDenied } from '../checks/skipped.js';
import type { CheckLog } from '../checks/types.js';
import { findingKey } from './types.js';
import type { PlannedChange } from './types.js';

export const APP_RULES = ['ENTRA-REDIRECT-MISSING', 'ENTRA-PERMISSION-MISSING', 'ENTRA-PERMISSION-UNWANTED'];

export interface AppPlanContext {
  graph: GraphClient;
  policy: Policy;
  requirements: Requirements;
  log: CheckLog;
}

interface Access {
  id: string;
  type: string;
  [other: string]: unknown;
}

interface ResourceEntry {
  resourceAppId: string;
  resourceAccess: Access[];
  [other: string]: unknown;
}

const RESOURCE_LABEL: Record<string, string> = {
  [AZURE_DEVOPS_APP_ID]: 'Azure DevOps',
  [MICROSOFT_GRAPH_APP_ID]: 'Microsoft Graph',
};
const label = (resourceAppId: string) =>
  RESOURCE_LABEL[resourceAppId.toLowerCase()] ?? `resource app ${resourceAppId}`;

function normalizeUri(uri: string): string {
  const trimmed = uri.trim();
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

export async function planApps(
  context: AppPlanContext,
  findings: readonly Finding[],
): Promise<PlannedChange[]> {
  const wanted = (finding: Finding) =>
    finding.fixable &&
    APP_RULES.includes(finding.ruleId) &&
    (finding.ruleId !== 'ENTRA-PERMISSION-UNWANTED' || context.policy.remediation.removeUnwantedPermissions);
  const planned: PlannedChange[] = [];
  for (const app of context.requirements.apps) {
    const drift = findings.filter(
      (f) => wanted(f) && f.resource.appId?.toLowerCase() === app.appId.toLowerCase(),
    );
    if (drift.length === 0) continue;
    const change = await planOneApp(context, app);
    if (change) planned.push({ ...change, addresses: drift.map(findingKey) });
  }
  return planned;
}

async function planOneApp(
  context: AppPlanContext,
  app: AppRequirement,
): Promise<Omit<PlannedChange, 'addresses'> | undefined> {
  context.log.step(`Reading Entra app ${app.appId} to plan its changes`);
  const current = await context.graph.applicationForUpdate(app.appId);
  if (!current) return undefined;
  const ids = new IdResolver(context.graph);
  const steps: string[] = [];
  const patch: Record<string, unknown> = {};

  const present = Array.isArray(current.web.redirectUris)
    ? current.web.redirectUris.filter((u): u is string => typeof u === 'string')
    : [];
  const have = new Set(present.map(normalizeUri));
  const missingUris = app.redirectUris.filter((uri) => !have.has(normalizeUri(uri)));
  if (missingUris.length > 0) {
    patch.web = { ...current.web, redirectUris: [...present, ...missingUris] };
    steps.push(`add Web redirect URI(s) ${missingUris.join(', ')}`);
  }

  const entries = structuredClone(current.requiredResourceAccess) as unknown as ResourceEntry[];
  let changed = false;
  const entryOf = (resourceAppId: string): ResourceEntry => {
    let entry = entries.find((e) => String(e.resourceAppId).toLowerCase() === resourceAppId.toLowerCase());
    if (!entry) {
      entry = { resourceAppId, resourceAccess: [] };
      entries.push(entry);
    }
    if (!Array.isArray(entry.resourceAccess)) entry.resourceAccess = [];
    return entry;
  };
  const declares = (resourceAppId: string, id: string, type: string) =>
    entries.some(
      (e) =>
        String(e.resourceAppId).toLowerCase() === resourceAppId.toLowerCase() &&
        Array.isArray(e.resourceAccess) &&
        e.resourceAccess.some((a) => String(a.id).toLowerCase() === id.toLowerCase() && a.type === type),
    );
  const wants: Array<{ resourceAppId: string; value: string; type: 'Scope' | 'Role' }> = [
    ...app.delegated.flatMap((d) =>
      d.scopes.map((value) => ({ resourceAppId: d.resourceAppId, value, type: 'Scope' as const })),
    ),
    ...app.appRoles.flatMap((r) =>
      r.roles.map((value) => ({ resourceAppId: r.resourceAppId, value, type: 'Role' as const })),
    ),
  ];
  const added: string[] = [];
  const unresolved: string[] = [];
  for (const want of wants) {
    const id = await ids.resolve(want.resourceAppId, want.value, want.type);
    if (!id) {
      unresolved.push(`${label(want.resourceAppId)} ${want.value}`);
      continue;
    }
    if (declares(want.resourceAppId, id, want.type)) continue;
    entryOf(want.resourceAppId).resourceAccess.push({ id, type: want.type });
    added.push(
      `${label(want.resourceAppId)} ${want.value} (${want.type === 'Scope' ? 'delegated' : 'application'})`,
    );
    changed = true;
  }
  if (added.length > 0) steps.push(`request ${added.join(', ')}`);

  if (context.policy.remediation.removeUnwantedPermissions) {
    const removed: string[] = [];
    for (const unwanted of app.unwantedDelegated) {
      for (const value of unwanted.scopes) {
        const id = await ids.resolve(unwanted.resourceAppId, value, 'Scope');
        if (!id || !declares(unwanted.resourceAppId, id, 'Scope')) continue;
        const entry = entryOf(unwanted.resourceAppId);
        entry.resourceAccess = entry.resourceAccess.filter(
          (a) => !(String(a.id).toLowerCase() === id.toLowerCase() && a.type === 'Scope'),
        );
        removed.push(`${label(unwanted.resourceAppId)} ${value} (delegated)`);
        changed = true;
      }
    }
    if (removed.length > 0) steps.push(`stop requesting ${removed.join(', ')}`);
  }
  if (changed) {
    // An entry left without permissions is dropped, as the portal does when its last permission goes.
    patch.requiredResourceAccess = entries.filter((e) => e.resourceAccess.length > 0);
  }
  if (unresolved.length > 0)
    context.log.debug(`No permission id known for ${unresolved.join(', ')}; add it by hand.`);
  if (steps.length === 0) return undefined;

  return {
    id: `app:${app.appId.toLowerCase()}`,
    change: {
      kind: 'app',
      resource: {
        kind: 'application',
        appId: app.appId,
        ...(current.displayName ? { name: current.displayName } : {}),
      },
      description: `${capitalize(steps.join('; '))} (one PATCH; every other redirect URI, web setting and permission kept).`,
      applied: false,
    },
    operation: { type: 'app', objectId: current.id, patch },
    dependsOn: [],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Permission ids by value: the resource's service principal first, the well-known ids as fallback. */
class IdResolver {
  private readonly principals = new Map<string, Promise<GraphServicePrincipal | undefined>>();

  constructor(private readonly graph: GraphClient) {}

  async resolve(resourceAppId: string, value: string, type: 'Scope' | 'Role'): Promise<string | undefined> {
    const key = resourceAppId.toLowerCase();
    let sp = this.principals.get(key);
    if (!sp) {
      sp = this.graph.servicePrincipal(resourceAppId).catch((error: unknown) => {
        if (!isPermissionDenied(error)) throw error;
        return undefined;
      });
      this.principals.set(key, sp);
    }
    const principal = await sp;
    if (type === 'Scope')
      return (
        principal?.oauth2PermissionScopes.find((s) => s.value === value)?.id ??
        wellKnownScopeId(resourceAppId, value)
      );
    return principal?.appRoles.find((r) => r.value === value)?.id ?? wellKnownRoleId(resourceAppId, value);
  }
}
