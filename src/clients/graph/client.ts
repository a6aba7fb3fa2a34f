/**
 * Microsoft Graph (reference/graph-entra.md §1, §3–§6) through the one HTTP layer: the app registrations the
 * integrations use, their service principals and consent, and the tenant policies that affect them.
 * Reads, the two credential actions rotation needs (addPassword, removePassword), and updateApplication for
 * remediation, which PATCHes whole collections (§1.6): callers read, modify and send back what they change.
 * A 403 surfaces as an HttpError (status 403) so callers can report the missing permission.
 */
import { OperationalError } from '../../core/errors.js';
import { objectList } from '../http/index.js';
import type { HttpClient } from '../http/index.js';

export const GRAPH_SERVICE = 'Microsoft Graph';

export interface GraphClientOptions {
  http: HttpClient;
  /** Origin of graph.microsoft.com (or the sandbox's); the client appends /v1.0 and /beta. */
  origin: string;
  /** The Authorization header value (`Bearer <token>`), asked for per request so tokens renew. */
  authorization: () => Promise<string>;
}

export interface GraphPasswordCredential {
  keyId: string;
  displayName: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  /** First characters of the secret; never the secret itself. */
  hint: string | null;
}

export interface GraphResourceAccess {
  id: string;
  type: 'Scope' | 'Role' | string;
}

export interface GraphRequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: GraphResourceAccess[];
}

export interface GraphApplication {
  /** Object id. */
  id: string;
  /** Application (client) id. */
  appId: string;
  displayName: string | null;
  signInAudience: string | null;
  web: { redirectUris: string[] };
  requiredResourceAccess: GraphRequiredResourceAccess[];
  passwordCredentials: GraphPasswordCredential[];
}

/** An application as read for an update: `web` and `requiredResourceAccess` untouched (raw JSON). */
export interface EditableApplication {
  id: string;
  appId: string;
  displayName: string | null;
  web: Record<string, unknown>;
  requiredResourceAccess: Record<string, unknown>[];
}

export interface GraphPermissionScope {
  id: string;
  value: string;
  isEnabled?: boolean;
}

export interface GraphAppRole {
  id: string;
  value: string | null;
  isEnabled?: boolean;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string | null;
  oauth2PermissionScopes: GraphPermissionScope[];
  appRoles: GraphAppRole[];
}

export interface GraphAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
}

export interface GraphPermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal' | string;
  principalId: string | null;
  resourceId: string;
  /** Space-separated scope values. */
  scope: string;
}

export type PerUserMfaState = 'disabled' | 'enabled' | 'enforced' | 'unknownFutureValue';

/** The `passwordLifetime` restriction of an app management policy, when one applies. */
export interface PasswordLifetimeRestriction {
  /** ISO 8601 duration, e.g. `P180D`. */
  maxLifetime: string;
  /** `tenant` (defaultAppManagementPolicy) or `application` (a policy assigned to the app). */
  source: 'tenant' | 'application';
}

/** A password credential addPassword just created: the only moment Graph shows its value. */
export interface GraphNewPassword extends GraphPasswordCredential {
  secretText: string;
}

/** Why Graph refused addPassword with a 400 (an app management policy, a credential limit, a bad body). */
export interface GraphAddPasswordRefusal {
  /** Graph's error code, e.g. CredentialInvalidLifetimeAsPerAppPolicy, CredentialTypeNotAllowedAsPerAppPolicy. */
  code: string;
  message: string;
  /** The `details[].message` texts (the lifetime error may name the allowed maximum). */
  details: string[];
}

export type GraphAddPasswordResult =
  { ok: true; credential: GraphNewPassword } | { ok: false; refusal: GraphAddPasswordRefusal };

const APPLICATION_SELECT =
  'id,appId,displayName,signInAudience,web,requiredResourceAccess,passwordCredentials';
const SERVICE_PRINCIPAL_SELECT = 'id,appId,displayName,oauth2PermissionScopes,appRoles';
/** A bound on paging, so a misbehaving service cannot loop us forever. */
const MAX_PAGES = 100;

export class GraphClient {
  private readonly base: string;

  constructor(private readonly options: GraphClientOptions) {
    this.base = options.origin.replace(/\/+$/, '');
  }

  /** The application whose client id is `appId`; undefined when the directory has none. */
  async application(appId: string): Promise<GraphApplication | undefined> {
    const raw = await this.getOptional<Record<string, unknown>>(
      `/v1.0/applications(appId='${quoteKey(appId)}')`,
      { $select: APPLICATION_SELECT },
    );
    return raw ? toApplication(raw) : undefined;
  }

  /** The service principal of `appId` in this tenant; undefined when nobody consented / it was never created. */
  async servicePrincipal(appId: string): Promise<GraphServicePrincipal | undefined> {
    const raw = await this.getOptional<Record<string, unknown>>(
      `/v1.0/servicePrincipals(appId='${quoteKey(appId)}')`,
      { $select: SERVICE_PRINCIPAL_SELECT },
    );
    return raw ? toServicePrincipal(raw) : undefined;
  }

  /** App roles granted to the service principal `servicePrincipalId` (application permissions with consent). */
  async appRoleAssignments(servicePrincipalId: string): Promise<GraphAppRoleAssignment[]> {
    const items = await this.list<Record<string, unknown>>(
      `/v1.0/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignments`,
    );
    return items.map((a) => ({
      id: str(a.id),
      appRoleId: str(a.appRoleId),
      principalId: str(a.principalId),
      resourceId: str(a.resourceId),
    }));
  }

  /** Delegated permission grants whose client is the service principal `servicePrincipalId`. */
  async permissionGrants(servicePrincipalId: string): Promise<GraphPermissionGrant[]> {
    const items = await this.list<Record<string, unknown>>('/v1.0/oauth2PermissionGrants', {
      $filter: `clientId eq '${odataString(servicePrincipalId)}'`,
    });
    return items.map((g) => ({
      id: str(g.id),
      clientId: str(g.clientId),
      consentType: str(g.consentType),
      principalId: typeof g.principalId === 'string' ? g.principalId : null,
      resourceId: str(g.resourceId),
      scope: str(g.scope),
    }));
  }

  /** Whether the tenant's security defaults are on (needs Policy.Read.All). */
  async securityDefaultsEnabled(): Promise<boolean> {
    const raw = await this.get<{ isEnabled?: unknown }>(
      '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy',
    );
    return raw.isEnabled === true;
  }

  /** Legacy per-user MFA state of a user by UPN or id (beta; needs Policy.Read.All); undefined when no such user. */
  async perUserMfaState(user: string): Promise<PerUserMfaState | undefined> {
    const raw = await this.getOptional<{ perUserMfaState?: unknown }>(
      `/beta/users/${encodeURIComponent(user)}/authentication/requirements`,
    );
    if (!raw) return undefined;
    const state = raw.perUserMfaState;
    return state === 'disabled' || state === 'enabled' || state === 'enforced' ? state : 'unknownFutureValue';
  }

  /**
   * The password lifetime restriction that applies to the app: a policy assigned to the app wins over the
   * tenant default (needs Policy.Read.All). Undefined when none is enabled.
   */
  async passwordLifetime(applicationObjectId: string): Promise<PasswordLifetimeRestriction | undefined> {
    const assigned = await this.list<{ isEnabled?: unknown; restrictions?: unknown }>(
      `/v1.0/applications/${encodeURIComponent(applicationObjectId)}/appManagementPolicies`,
    );
    for (const policy of assigned) {
      if (policy.isEnabled === false) continue;
      const found = lifetimeOf(
        (policy.restrictions as { passwordCredentials?: unknown } | undefined)?.passwordCredentials,
      );
      if (found) return { maxLifetime: found, source: 'application' };
    }
    const tenant = await this.get<{ isEnabled?: unknown; applicationRestrictions?: unknown }>(
      '/v1.0/policies/defaultAppManagementPolicy',
    );
    if (tenant.isEnabled === false) return undefined;
    const found = lifetimeOf(
      (tenant.applicationRestrictions as { passwordCredentials?: unknown } | undefined)?.passwordCredentials,
    );
    return found ? { maxLifetime: found, source: 'tenant' } : undefined;
  }

  /**
   * `POST /applications/{id}/addPassword` (reference §2.1). The answer carries `secretText` once: the caller must
   * register it as a secret before anything else. Not retried (a lost answer would leave a credential we cannot
   * use); a 400 comes back as a refusal so the caller can react to the app management policy.
   */
  async addPassword(
    applicationObjectId: string,
    input: { displayName: string; endDateTime: string },
  ): Promise<GraphAddPasswordResult> {
    const response = await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'POST',
      url: `${this.base}/v1.0/applications/${encodeURIComponent(applicationObjectId)}/addPassword`,
      headers: { authorization: await this.options.authorization() },
      json: { passwordCredential: { displayName: input.displayName, endDateTime: input.endDateTime } },
      accept: [400],
    });
    if (response.status === 400) return { ok: false, refusal: refusalOf(response.text) };
    const raw = response.jsonObject();
    const secretText = typeof raw.secretText === 'string' ? raw.secretText : '';
    return {
      ok: true,
      credential: { ...toPasswordCredential(raw), secretText },
    };
  }

  /**
   * `POST /applications/{id}/removePassword` (reference §2.2). Answers `absent` when Graph says no such keyId
   * exists (already removed, e.g. by a concurrent run), so removal is idempotent.
   */
  async removePassword(applicationObjectId: string, keyId: string): Promise<'removed' | 'absent'> {
    const response = await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'POST',
      url: `${this.base}/v1.0/applications/${encodeURIComponent(applicationObjectId)}/removePassword`,
      headers: { authorization: await this.options.authorization() },
      json: { keyId },
      // Removing a keyId twice is harmless: safe to retry.
      retryUnsafe: true,
      accept: [400, 404],
    });
    if (response.status === 400 || response.status === 404) {
      const app = await this.getOptional<Record<string, unknown>>(
        `/v1.0/applications/${encodeURIComponent(applicationObjectId)}`,
        { $select: 'id,passwordCredentials' },
      );
      const still = app ? array(app.passwordCredentials).some((p) => sameId(str(p.keyId), keyId)) : false;
      if (still) {
        const refusal = refusalOf(response.text);
        throw new OperationalError(
          `Microsoft Graph refused to remove client secret ${keyId} from application ${applicationObjectId}: ` +
            `${refusal.code}: ${refusal.message}`,
          GRAPH_SERVICE,
          response.status,
        );
      }
      return 'absent';
    }
    return 'removed';
  }

  /**
   * The application's `web` and `requiredResourceAccess` exactly as Graph returns them (every property kept),
   * for a read-modify-write: a PATCH replaces collections whole (reference §1.6).
   */
  async applicationForUpdate(appId: string): Promise<EditableApplication | undefined> {
    const raw = await this.getOptional<Record<string, unknown>>(
      `/v1.0/applications(appId='${quoteKey(appId)}')`,
      { $select: 'id,appId,displayName,web,requiredResourceAccess' },
    );
    if (!raw) return undefined;
    requireIds(raw, 'application');
    return {
      id: str(raw.id),
      appId: str(raw.appId),
      displayName: strOrNull(raw.displayName),
      web: typeof raw.web === 'object' && raw.web !== null ? (raw.web as Record<string, unknown>) : {},
      requiredResourceAccess: Array.isArray(raw.requiredResourceAccess)
        ? (raw.requiredResourceAccess as Record<string, unknown>[])
        : [],
    };
  }

  /** `PATCH /applications/{objectId}` → 204 (reference §1.6). Send only the properties that change. */
  async updateApplication(objectId: string, patch: Record<string, unknown>): Promise<void> {
    await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'PATCH',
      url: `${this.base}/v1.0/applications/${encodeURIComponent(objectId)}`,
      headers: { authorization: await this.options.authorization() },
      json: patch,
      // The body carries whole values, not increments: sending it twice gives the same application.
      retryUnsafe: true,
    });
  }

  private async get<T>(path: string, query?: Record<string, string>): Promise<T> {
    const response = await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'GET',
      url: `${this.base}${path}`,
      ...(query ? { query } : {}),
      headers: { authorization: await this.options.authorization() },
    });
    return response.jsonObject() as T;
  }

  /** GET that answers undefined for 404 (Request_ResourceNotFound). */
  private async getOptional<T>(path: string, query?: Record<string, string>): Promise<T | undefined> {
    const response = await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'GET',
      url: `${this.base}${path}`,
      ...(query ? { query } : {}),
      headers: { authorization: await this.options.authorization() },
      accept: [404],
    });
    if (response.status === 404) return undefined;
    return response.jsonObject() as T;
  }

  /** Every item of a collection, following `@odata.nextLink`. */
  private async list<T>(path: string, query?: Record<string, string>): Promise<T[]> {
    const items: T[] = [];
    let response = await this.options.http.request({
      service: GRAPH_SERVICE,
      method: 'GET',
      url: `${this.base}${path}`,
      ...(query ? { query } : {}),
      headers: { authorization: await this.options.authorization() },
    });
    for (let pages = 1; ; pages++) {
      const page = response.jsonObject();
      items.push(...(objectList(response, page) as T[]));
      const next = page['@odata.nextLink'];
      if (next === undefined || next === null || next === '' || pages >= MAX_PAGES) return items;
      let url: URL;
      try {
        url = new URL(String(next));
      } catch {
        throw response.shapeError('a valid URL in "@odata.nextLink"');
      }
      // Follow only links on our own origin: the client never sends the token elsewhere.
      if (url.origin !== new URL(this.base).origin) {
        throw new OperationalError(
          `Microsoft Graph sent a next-page link to ${url.origin}, not to ${new URL(this.base).origin} ` +
            '(endpoints.graph): refusing to send the Graph token there.',
          GRAPH_SERVICE,
        );
      }
      response = await this.options.http.request({
        service: GRAPH_SERVICE,
        method: 'GET',
        url: url.toString(),
        headers: { authorization: await this.options.authorization() },
      });
    }
  }
}

/** An OData string literal's content: single quotes doubled. */
function odataString(value: string): string {
  return value.replaceAll("'", "''");
}

/** An OData string literal inside an alternate key in the path, percent-encoded. */
function quoteKey(value: string): string {
  return encodeURIComponent(odataString(value));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The objects of a collection property; absent or null is empty, any other non-list is a shape error. */
function array(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new OperationalError(
      'Microsoft Graph answered a collection property with something that is not a list; the service or a ' +
        'proxy in between sent something else. Check endpoints.graph in the policy file, and try again later.',
      GRAPH_SERVICE,
    );
  }
  return value.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/** The strings of a list property (redirect URIs); absent or null is empty, any other non-list a shape error. */
function stringList(value: unknown): string[] {
  if (value !== undefined && value !== null && !Array.isArray(value)) array(value);
  return Array.isArray(value) ? value.filter((u): u is string => typeof u === 'string') : [];
}

/** An object Graph answered must carry its string ids (`id`, `appId`); anything else is not a real answer. */
function requireIds(raw: Record<string, unknown>, what: string): void {
  if (typeof raw.id !== 'string' || !raw.id || typeof raw.appId !== 'string' || !raw.appId) {
    throw new OperationalError(
      `Microsoft Graph answered the ${what} without its "id" and "appId"; the service or a proxy in between ` +
        'sent something else. Check endpoints.graph in the policy file, and try again later.',
      GRAPH_SERVICE,
    );
  }
}

function lifetimeOf(restrictions: unknown): string | undefined {
  for (const r of array(restrictions)) {
    if (
      r.restrictionType === 'passwordLifetime' &&
      r.state !== 'disabled' &&
      typeof r.maxLifetime === 'string'
    )
      return r.maxLifetime;
  }
  return undefined;
}

function toApplication(raw: Record<string, unknown>): GraphApplication {
  requireIds(raw, 'application');
  const web = (typeof raw.web === 'object' && raw.web !== null ? raw.web : {}) as { redirectUris?: unknown };
  return {
    id: str(raw.id),
    appId: str(raw.appId),
    displayName: strOrNull(raw.displayName),
    signInAudience: strOrNull(raw.signInAudience),
    web: {
      redirectUris: stringList(web.redirectUris),
    },
    requiredResourceAccess: array(raw.requiredResourceAccess).map((entry) => ({
      resourceAppId: str(entry.resourceAppId),
      resourceAccess: array(entry.resourceAccess).map((access) => ({
        id: str(access.id),
        type: str(access.type),
      })),
    })),
    // Only the metadata: `secretText` is never read (GET never returns it anyway).
    passwordCredentials: array(raw.passwordCredentials).map(toPasswordCredential),
  };
}

function toPasswordCredential(p: Record<string, unknown>): GraphPasswordCredential {
  return {
    keyId: str(p.keyId),
    displayName: strOrNull(p.displayName),
    startDateTime: strOrNull(p.startDateTime),
    endDateTime: strOrNull(p.endDateTime),
    hint: strOrNull(p.hint),
  };
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Graph's `{error: {code, message, details[]}}` body. */
function refusalOf(text: string): GraphAddPasswordRefusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      code: 'Unknown',
      message: 'Microsoft Graph answered 400 without a JSON error body.',
      details: [],
    };
  }
  const error = (
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
  ) as Record<string, unknown> | undefined;
  return {
    code: str(error?.code) || 'Unknown',
    message: str(error?.message) || 'no message',
    details: array(error?.details)
      .map((d) => str(d.message))
      .filter((m) => m !== ''),
  };
}

function toServicePrincipal(raw: Record<string, unknown>): GraphServicePrincipal {
  requireIds(raw, 'service principal');
  return {
    id: str(raw.id),
    appId: str(raw.appId),
    displayName: strOrNull(raw.displayName),
    oauth2PermissionScopes: array(raw.oauth2PermissionScopes).map((s) => ({
      id: str(s.id),
      value: str(s.value),
      ...(typeof s.isEnabled === 'boolean' ? { isEnabled: s.isEnabled } : {}),
    })),
    appRoles: array(raw.appRoles).map((r) => ({
      id: str(r.id),
      value: strOrNull(r.value),
      ...(typeof r.isEnabled === 'boolean' ? { isEnabled: r.isEnabled } : {}),
    })),
  };
}
