/**
 * The Entra app registrations the integrations use (DESIGN.md §3 presets, reference/graph-entra.md §1, §3, §4,
 * §9): one pass per distinct application (client) id, however many integrations share it. Also the dbt service
 * user's MFA state (service_user mode).
 */
import type { Finding, IntegrationName, ResourceRef } from '../core/findings.js';
import type { AppRequirement, PolicyIntegration, Requirements } from '../core/policy/presets.js';
import {
  AZURE_DEVOPS_APP_ID,
  CONDUCTORONE_REDIRECT_URI,
  MICROSOFT_GRAPH_APP_ID,
  wellKnownRoleId,
  wellKnownScopeId,
} from '../core/policy/well-known.js';
import type {
  GraphApplication,
  GraphClient,
  GraphPasswordCredential,
  GraphServicePrincipal,
} from '../clients/graph/client.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

const DAY_MS = 86_400_000;
const READ_APPS = 'the Microsoft Graph application permission Application.Read.All';
const READ_POLICIES = 'the Microsoft Graph application permission Policy.Read.All';

export interface AppRegistrationContext {
  graph: GraphClient;
  requirements: Pick<Requirements, 'apps' | 'dbt'>;
  /** `rotation.minRemainingDays` of the policy: warn when the newest secret expires sooner. */
  rotation: { minRemainingDays: number };
  /** Injectable clock (ms since epoch). */
  now?: () => number;
  /** `remediation.removeUnwantedPermissions`: whether remediate may remove an unwanted permission. */
  removeUnwanted?: boolean;
}

export interface ServiceUserMfaContext {
  graph: GraphClient;
  requirements: Pick<Requirements, 'dbt' | 'serviceUser'>;
}

const INTEGRATION_LABEL: Record<PolicyIntegration, string> = {
  dbtCloud: 'dbt Cloud',
  conductorOne: 'ConductorOne',
  defenderForCloud: 'Defender for Cloud',
};

const RESOURCE_LABEL: Record<string, string> = {
  [AZURE_DEVOPS_APP_ID]: 'Azure DevOps',
  [MICROSOFT_GRAPH_APP_ID]: 'Microsoft Graph',
};

function resourceLabel(resourceAppId: string): string {
  return RESOURCE_LABEL[resourceAppId.toLowerCase()] ?? `resource app ${resourceAppId}`;
}

/** Verifies every app in `requirements.apps`; each distinct client id is read once. */
export async function checkAppRegistrations(
  context: AppRegistrationContext,
  log: CheckLog,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const resources = new ResourceCache(context.graph, log);
  for (const app of context.requirements.apps) {
    log.step(`Reading Entra app ${app.appId} (${usedBy(app)})`);
    findings.push(...(await checkOneApp(app, context, resources, log)));
  }
  return findings;
}

/** dbt Cloud service_user mode: the service user must not be asked for MFA (reference §4, §9.1). */
export async function checkServiceUserMfa(context: ServiceUserMfaContext, log: CheckLog): Promise<Finding[]> {
  const { dbt, serviceUser } = context.requirements;
  if (dbt?.method !== 'service_user' || !serviceUser) return [];
  log.step(`Reading the MFA state of service user ${serviceUser}`);
  const findings: Finding[] = [];
  const resource: ResourceRef = { kind: 'identity', name: serviceUser };
  try {
    const state = await context.graph.perUserMfaState(serviceUser);
    if (state === undefined) {
      findings.push({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'dbtCloud',
        resource: { kind: 'check', name: 'entra.serviceUserMfa' },
        message: `Per-user MFA of the service user ${serviceUser} was not checked: the tenant has no user with that user principal name.`,
        expected: 'the service user exists in the Entra tenant',
        actual: 'user not found',
        fixable: false,
        fix: 'Set `serviceUser` in the policy file to the user principal name of the dbt Cloud service user.',
      });
    } else if (state === 'enabled' || state === 'enforced') {
      findings.push({
        ruleId: 'ENTRA-SERVICE-USER-MFA',
        severity: 'error',
        integration: 'dbtCloud',
        resource,
        message: `The dbt Cloud service user ${serviceUser} has per-user MFA ${state}; dbt Cloud cannot refresh its sign-in.`,
        expected: 'perUserMfaState disabled',
        actual: `perUserMfaState ${state}`,
        fixable: false,
        fix: 'In Entra ID → Users → Per-user MFA, disable MFA for the service user (dbt requires it disabled).',
      });
    }
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    findings.push(
      checkSkipped({
        integration: 'dbtCloud',
        what: `Per-user MFA of the service user ${serviceUser}`,
        permission: READ_POLICIES,
        check: 'entra.serviceUserMfa',
      }),
    );
  }
  try {
    if (await context.graph.securityDefaultsEnabled()) {
      findings.push({
        ruleId: 'ENTRA-SERVICE-USER-MFA',
        severity: 'warning',
        integration: 'dbtCloud',
        resource: { kind: 'tenant', name: 'security defaults' },
        message: `Security defaults are on in the tenant: the service user ${serviceUser} can be required to register and use MFA.`,
        expected: 'security defaults off (dbt Cloud service_user mode)',
        actual: 'security defaults on',
        fixable: false,
        fix: 'dbt asks to turn off security defaults so per-user MFA can stay disabled for the service user (Entra ID → Properties → Manage security defaults).',
      });
    }
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    findings.push(
      checkSkipped({
        integration: 'dbtCloud',
        what: 'The tenant security defaults setting',
        permission: READ_POLICIES,
        check: 'entra.securityDefaults',
      }),
    );
  }
  return findings;
}

/** Both Entra checks of verify. */
export async function checkEntra(
  context: AppRegistrationContext & ServiceUserMfaContext,
  log: CheckLog,
): Promise<Finding[]> {
  return [...(await checkAppRegistrations(context, log)), ...(await checkServiceUserMfa(context, log))];
}

// ---------------------------------------------------------------------------------------------------

async function checkOneApp(
  app: AppRequirement,
  context: AppRegistrationContext,
  resources: ResourceCache,
  log: CheckLog,
): Promise<Finding[]> {
  const primary = app.integrations[0] ?? 'general';
  const appRef: ResourceRef = { kind: 'application', appId: app.appId };
  let registration: GraphApplication | undefined;
  try {
    registration = await context.graph.application(app.appId);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: primary,
        what: `The Entra app ${app.appId} (${usedBy(app)})`,
        permission: `${READ_APPS} (or Application.ReadWrite.OwnedBy with ownership of the app)`,
        resource: { appId: app.appId },
        check: 'entra.application',
      }),
    ];
  }
  if (!registration) {
    return [
      {
        ruleId: 'ENTRA-APP-NOT-FOUND',
        severity: 'error',
        integration: primary,
        resource: appRef,
        message: `No Entra app with application (client) id ${app.appId} exists in the tenant (used by ${usedBy(app)}).`,
        expected: `an app registration with appId ${app.appId}`,
        actual: 'not found',
        fixable: false,
        fix: 'Check applicationClientId in the policy file against Entra ID → App registrations → Application (client) ID.',
      },
    ];
  }
  const named: ResourceRef = {
    ...appRef,
    ...(registration.displayName ? { name: registration.displayName } : {}),
  };
  const findings: Finding[] = [];

  if (registration.signInAudience !== app.audience) {
    findings.push({
      ruleId: 'ENTRA-AUDIENCE',
      severity: 'error',
      integration: primary,
      resource: named,
      message: `The Entra app ${appName(registration)} is not multitenant; ${usedBy(app)} need(s) "Accounts in any organizational directory".`,
      expected: app.audience,
      actual: registration.signInAudience ?? '(not set)',
      fixable: false,
      fix: 'In the app registration → Authentication → Supported account types, choose "Accounts in any organizational directory (Multitenant)".',
    });
  }

  findings.push(...redirectFindings(app, registration, named));
  findings.push(
    ...(await permissionFindings(app, registration, named, resources, context.removeUnwanted === true)),
  );
  findings.push(...(await consentFindings(app, context, named, resources, log)));
  findings.push(...secretFindings(app, registration, named, context));
  return findings;
}

function redirectFindings(
  app: AppRequirement,
  registration: GraphApplication,
  resource: ResourceRef,
): Finding[] {
  const present = new Set(registration.web.redirectUris.map(normalizeUri));
  const missing = app.redirectUris.filter((uri) => !present.has(normalizeUri(uri)));
  return byOwner(app, missing, redirectOwner).map(([integration, uris]) => ({
    ruleId: 'ENTRA-REDIRECT-MISSING' as const,
    severity: 'error' as const,
    integration,
    resource,
    message: `The Entra app ${appName(registration)} lacks the Web redirect URI(s) ${INTEGRATION_LABEL[integration as PolicyIntegration] ?? integration} signs in through: ${uris.join(', ')}.`,
    expected: uris.join(', '),
    actual: registration.web.redirectUris.length ? registration.web.redirectUris.join(', ') : '(none)',
    fixable: true,
    fix: 'Run `ado-guard remediate`, or add them under the app registration → Authentication → Web → Redirect URIs.',
  }));
}

async function permissionFindings(
  app: AppRequirement,
  registration: GraphApplication,
  resource: ResourceRef,
  resources: ResourceCache,
  removeUnwanted: boolean,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const declared = (resourceAppId: string, type: 'Scope' | 'Role'): Set<string> =>
    new Set(
      registration.requiredResourceAccess
        .filter((entry) => entry.resourceAppId.toLowerCase() === resourceAppId.toLowerCase())
        .flatMap((entry) => entry.resourceAccess)
        .filter((access) => access.type === type)
        .map((access) => access.id.toLowerCase()),
    );

  const missing: Array<{ owner: IntegrationName; label: string }> = [];
  for (const want of app.delegated) {
    const ids = declared(want.resourceAppId, 'Scope');
    for (const scope of want.scopes) {
      const id = await resources.scopeId(want.resourceAppId, scope);
      if (!id || !ids.has(id.toLowerCase()))
        missing.push({
          owner: scopeOwner(app, want.resourceAppId, scope),
          label: `${resourceLabel(want.resourceAppId)} ${scope} (delegated)`,
        });
    }
  }
  for (const want of app.appRoles) {
    const ids = declared(want.resourceAppId, 'Role');
    for (const role of want.roles) {
      const id = await resources.roleId(want.resourceAppId, role);
      if (!id || !ids.has(id.toLowerCase()))
        missing.push({
          owner: roleOwner(app),
          label: `${resourceLabel(want.resourceAppId)} ${role} (application)`,
        });
    }
  }
  for (const [integration, labels] of groupBy(missing)) {
    findings.push({
      ruleId: 'ENTRA-PERMISSION-MISSING',
      severity: 'error',
      integration,
      resource,
      message: `The Entra app ${appName(registration)} does not request ${labels.join(', ')}, which ${INTEGRATION_LABEL[integration as PolicyIntegration] ?? integration} needs.`,
      expected: labels.join(', '),
      actual: await describeDeclared(registration, resources),
      fixable: true,
      fix: 'Run `ado-guard remediate`, or add them under the app registration → API permissions.',
    });
  }

  const unwanted: Array<{ owner: IntegrationName; label: string }> = [];
  for (const entry of app.unwantedDelegated) {
    const ids = declared(entry.resourceAppId, 'Scope');
    for (const scope of entry.scopes) {
      const id = await resources.scopeId(entry.resourceAppId, scope);
      if (id && ids.has(id.toLowerCase()))
        unwanted.push({
          owner: unwantedOwner(app),
          label: `${resourceLabel(entry.resourceAppId)} ${scope} (delegated)`,
        });
    }
  }
  for (const [integration, labels] of groupBy(unwanted)) {
    findings.push({
      ruleId: 'ENTRA-PERMISSION-UNWANTED',
      severity: 'warning',
      integration,
      resource,
      message: `The Entra app ${appName(registration)} requests ${labels.join(', ')}, which ${INTEGRATION_LABEL[integration as PolicyIntegration] ?? integration}'s setup removes.`,
      expected: `not requested: ${labels.join(', ')}`,
      actual: `requested: ${labels.join(', ')}`,
      fixable: removeUnwanted,
      fix: removeUnwanted
        ? 'Run `ado-guard remediate`, or remove it under the app registration → API permissions.'
        : 'Remove it under the app registration → API permissions, or set `remediation.removeUnwantedPermissions: true` and run `ado-guard remediate`.',
    });
  }
  return findings;
}

/**
 * Admin consent (reference §3.4): Graph app roles need an appRoleAssignment on the client SP; the delegated
 * Azure DevOps scopes need a tenant-wide (AllPrincipals) grant where the integration signs in on behalf of the
 * organization (ConductorOne; dbt Cloud in service_user mode).
 */
async function consentFindings(
  app: AppRequirement,
  context: AppRegistrationContext,
  resource: ResourceRef,
  resources: ResourceCache,
  log: CheckLog,
): Promise<Finding[]> {
  const delegatedNeeds = app.delegated
    .map((entry) => ({
      resourceAppId: entry.resourceAppId,
      scopes: entry.scopes.filter(
        (scope) => consentOwner(app, context, entry.resourceAppId, scope) !== undefined,
      ),
    }))
    .filter((entry) => entry.scopes.length > 0);
  if (delegatedNeeds.length === 0 && app.appRoles.length === 0) return [];

  const primary = app.integrations[0] ?? 'general';
  let client: GraphServicePrincipal | undefined;
  try {
    client = await context.graph.servicePrincipal(app.appId);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [consentSkipped(app, primary)];
  }

  const missing: Array<{ owner: IntegrationName; label: string }> = [];
  if (!client) {
    for (const entry of delegatedNeeds)
      for (const scope of entry.scopes)
        missing.push({
          owner: consentOwner(app, context, entry.resourceAppId, scope) ?? primary,
          label: `${resourceLabel(entry.resourceAppId)} ${scope} (delegated, for all users)`,
        });
    for (const entry of app.appRoles)
      for (const role of entry.roles)
        missing.push({
          owner: roleOwner(app),
          label: `${resourceLabel(entry.resourceAppId)} ${role} (application)`,
        });
    return consentMissing(
      missing,
      resource,
      'the app has no service principal in the tenant (nobody consented yet)',
    );
  }

  try {
    if (delegatedNeeds.length) {
      const grants = await context.graph.permissionGrants(client.id);
      for (const entry of delegatedNeeds) {
        const resourceSp = await resources.servicePrincipal(entry.resourceAppId);
        const consented = new Set(
          grants
            .filter(
              (g) =>
                g.consentType === 'AllPrincipals' &&
                (resourceSp === undefined || g.resourceId.toLowerCase() === resourceSp.id.toLowerCase()),
            )
            .flatMap((g) => g.scope.split(/\s+/).filter(Boolean)),
        );
        if (!resourceSp)
          log.debug(
            `Could not read the ${resourceLabel(entry.resourceAppId)} service principal; matching grants by scope only.`,
          );
        for (const scope of entry.scopes)
          if (!consented.has(scope))
            missing.push({
              owner: consentOwner(app, context, entry.resourceAppId, scope) ?? primary,
              label: `${resourceLabel(entry.resourceAppId)} ${scope} (delegated, for all users)`,
            });
      }
    }
    if (app.appRoles.length) {
      const assignments = await context.graph.appRoleAssignments(client.id);
      for (const entry of app.appRoles) {
        const resourceSp = await resources.servicePrincipal(entry.resourceAppId);
        for (const role of entry.roles) {
          const roleId = await resources.roleId(entry.resourceAppId, role);
          const granted = assignments.some(
            (a) =>
              roleId !== undefined &&
              a.appRoleId.toLowerCase() === roleId.toLowerCase() &&
              (resourceSp === undefined || a.resourceId.toLowerCase() === resourceSp.id.toLowerCase()),
          );
          if (!granted)
            missing.push({
              owner: roleOwner(app),
              label: `${resourceLabel(entry.resourceAppId)} ${role} (application)`,
            });
        }
      }
    }
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [consentSkipped(app, primary)];
  }
  return consentMissing(missing, resource, undefined);
}

function consentMissing(
  missing: Array<{ owner: IntegrationName; label: string }>,
  resource: ResourceRef,
  reason: string | undefined,
): Finding[] {
  return groupBy(missing).map(([integration, labels]) => ({
    ruleId: 'ENTRA-CONSENT-MISSING' as const,
    severity: 'error' as const,
    integration,
    resource,
    message: `Admin consent is missing for ${labels.join(', ')} on app ${resource.name ?? resource.appId}${reason ? `: ${reason}` : ''}.`,
    expected: `admin consent granted: ${labels.join(', ')}`,
    actual: reason ?? 'not consented',
    fixable: false,
    fix: 'An administrator grants admin consent under the app registration → API permissions → "Grant admin consent".',
  }));
}

function consentSkipped(app: AppRequirement, integration: IntegrationName): Finding {
  return checkSkipped({
    integration,
    what: `Admin consent of the Entra app ${app.appId}`,
    permission: `${READ_APPS} (or Directory.Read.All)`,
    resource: { appId: app.appId },
    check: 'entra.consent',
  });
}

function secretFindings(
  app: AppRequirement,
  registration: GraphApplication,
  resource: ResourceRef,
  context: AppRegistrationContext,
): Finding[] {
  const integration = app.integrations[0] ?? 'general';
  const now = context.now?.() ?? Date.now();
  const secrets = registration.passwordCredentials;
  if (secrets.length === 0) {
    return [
      {
        ruleId: 'ENTRA-SECRET-NONE',
        severity: 'error',
        integration,
        resource,
        message: `The Entra app ${appName(registration)} has no client secret; ${usedBy(app)} cannot sign in.`,
        expected: 'at least one valid client secret',
        actual: 'no client secrets',
        fixable: false,
        fix: 'Run `ado-guard rotate` to create one and store it in every integration, or add one under Certificates & secrets.',
      },
    ];
  }
  const expiry = (s: GraphPasswordCredential): number =>
    s.endDateTime ? Date.parse(s.endDateTime) : Number.POSITIVE_INFINITY;
  const newest = secrets.reduce((a, b) => (expiry(b) > expiry(a) ? b : a));
  const newestEnd = expiry(newest);
  const secretRef: ResourceRef = { kind: 'secret', appId: app.appId, name: newest.keyId };
  if (newestEnd <= now) {
    return [
      {
        ruleId: 'ENTRA-SECRET-EXPIRED',
        severity: 'error',
        integration,
        resource: secretRef,
        message: `Every client secret of the Entra app ${appName(registration)} has expired (the newest on ${day(newestEnd)}); ${usedBy(app)} cannot sign in.`,
        expected: 'a client secret that has not expired',
        actual: `${secrets.length} expired secret(s), newest expired ${day(newestEnd)}`,
        fixable: false,
        fix: 'Run `ado-guard rotate` to create a new secret and store it in every integration.',
      },
    ];
  }
  const remainingMs = newestEnd - now;
  if (remainingMs < context.rotation.minRemainingDays * DAY_MS) {
    const remainingDays = Math.ceil(remainingMs / DAY_MS);
    return [
      {
        ruleId: 'ENTRA-SECRET-EXPIRING',
        severity: 'warning',
        integration,
        resource: secretRef,
        message: `The newest client secret of the Entra app ${appName(registration)} expires on ${day(newestEnd)}, in ${remainingDays} day(s).`,
        expected: `at least ${context.rotation.minRemainingDays} days before expiry (rotation.minRemainingDays)`,
        actual: `${remainingDays} day(s) left`,
        fixable: true,
        fix: 'Run `ado-guard rotate`.',
      },
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------
// Who needs what (an app may serve several integrations)

function redirectOwner(app: AppRequirement, uri: string): IntegrationName {
  if (uri === CONDUCTORONE_REDIRECT_URI && app.integrations.includes('conductorOne')) return 'conductorOne';
  return app.integrations.includes('dbtCloud') ? 'dbtCloud' : (app.integrations[0] ?? 'general');
}

/** dbt Cloud asks for Azure DevOps user_impersonation only; every other scope is ConductorOne's. */
function scopeOwner(app: AppRequirement, resourceAppId: string, scope: string): IntegrationName {
  const dbtScope = resourceAppId.toLowerCase() === AZURE_DEVOPS_APP_ID && scope === 'user_impersonation';
  if (dbtScope && app.integrations.includes('dbtCloud')) return 'dbtCloud';
  if (app.integrations.includes('conductorOne')) return 'conductorOne';
  return app.integrations[0] ?? 'general';
}

function roleOwner(app: AppRequirement): IntegrationName {
  return app.integrations.includes('conductorOne') ? 'conductorOne' : (app.integrations[0] ?? 'general');
}

function unwantedOwner(app: AppRequirement): IntegrationName {
  return app.integrations.includes('dbtCloud') ? 'dbtCloud' : (app.integrations[0] ?? 'general');
}

/** Which integration needs tenant-wide consent for a delegated scope; undefined when none does. */
function consentOwner(
  app: AppRequirement,
  context: AppRegistrationContext,
  resourceAppId: string,
  scope: string,
): IntegrationName | undefined {
  if (app.integrations.includes('conductorOne') && resourceAppId.toLowerCase() === AZURE_DEVOPS_APP_ID)
    return scopeOwner(app, resourceAppId, scope) === 'dbtCloud' && dbtNeedsConsent(context)
      ? 'dbtCloud'
      : 'conductorOne';
  if (app.integrations.includes('dbtCloud') && dbtNeedsConsent(context)) return 'dbtCloud';
  return undefined;
}

/** dbt's service_user mode signs in with delegated scopes; service_principal mode uses the app's own token. */
function dbtNeedsConsent(context: AppRegistrationContext): boolean {
  return context.requirements.dbt?.method === 'service_user';
}

function byOwner(
  app: AppRequirement,
  items: string[],
  owner: (app: AppRequirement, item: string) => IntegrationName,
): Array<[IntegrationName, string[]]> {
  return groupBy(items.map((label) => ({ owner: owner(app, label), label })));
}

function groupBy(
  items: Array<{ owner: IntegrationName; label: string }>,
): Array<[IntegrationName, string[]]> {
  const out = new Map<IntegrationName, string[]>();
  for (const item of items) out.set(item.owner, [...(out.get(item.owner) ?? []), item.label]);
  return [...out.entries()];
}

// ---------------------------------------------------------------------------------------------------

/** Resource service principals (Azure DevOps, Graph), read once per run; ids fall back to the well-known table. */
class ResourceCache {
  private readonly principals = new Map<string, Promise<GraphServicePrincipal | undefined>>();

  constructor(
    private readonly graph: GraphClient,
    private readonly log: CheckLog,
  ) {}

  servicePrincipal(resourceAppId: string): Promise<GraphServicePrincipal | undefined> {
    const key = resourceAppId.toLowerCase();
    let entry = this.principals.get(key);
    if (!entry) {
      entry = this.graph.servicePrincipal(resourceAppId).catch((error: unknown) => {
        if (!isPermissionDenied(error)) throw error;
        this.log.debug(
          `Cannot read the ${resourceLabel(resourceAppId)} service principal (permission denied); using the well-known permission ids.`,
        );
        return undefined;
      });
      this.principals.set(key, entry);
    }
    return entry;
  }

  async scopeId(resourceAppId: string, value: string): Promise<string | undefined> {
    const sp = await this.servicePrincipal(resourceAppId);
    return (
      sp?.oauth2PermissionScopes.find((s) => s.value === value)?.id ?? wellKnownScopeId(resourceAppId, value)
    );
  }

  async roleId(resourceAppId: string, value: string): Promise<string | undefined> {
    const sp = await this.servicePrincipal(resourceAppId);
    return sp?.appRoles.find((r) => r.value === value)?.id ?? wellKnownRoleId(resourceAppId, value);
  }
}

async function describeDeclared(registration: GraphApplication, resources: ResourceCache): Promise<string> {
  const parts: string[] = [];
  for (const entry of registration.requiredResourceAccess) {
    const sp = await resources.servicePrincipal(entry.resourceAppId);
    const names = entry.resourceAccess.map((access) => {
      const found =
        access.type === 'Scope'
          ? sp?.oauth2PermissionScopes.find((s) => s.id.toLowerCase() === access.id.toLowerCase())?.value
          : sp?.appRoles.find((r) => r.id.toLowerCase() === access.id.toLowerCase())?.value;
      return found ?? access.id;
    });
    parts.push(`${resourceLabel(entry.resourceAppId)}: ${names.join(' ') || '(none)'}`);
  }
  return parts.length ? parts.join('; ') : '(no API permissions)';
}

function usedBy(app: AppRequirement): string {
  return app.integrations.map((i) => INTEGRATION_LABEL[i]).join(' and ');
}

function appName(app: GraphApplication): string {
  return app.displayName ? `"${app.displayName}" (${app.appId})` : app.appId;
}

/** Scheme and host compare case-insensitively, the path exactly; a trailing slash does not count. */
function normalizeUri(uri: string): string {
  const trimmed = uri.trim();
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
