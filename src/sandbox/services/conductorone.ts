/**
 * ConductorOne API (reference/conductorone.md): the token endpoint (EdDSA client assertion or client secret),
 * introspection, and the connectors of an app: list, get (secret config keys omitted), update with
 * `updateMask: "config"` (the configuration map is replaced by what is sent) and force_sync.
 */
import { verify } from 'node:crypto';
import type { Clock } from '../ports.js';
import {
  SandboxHttpError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
} from '../types.js';
import type { EntraState } from '../state/entra.js';
import { ENV_CONFIG_TYPE, SECRET_CONFIG_KEYS, type C1Connector, type C1State } from '../state/c1.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const WRITE_ROLES = ['Connector Administrator', 'Super Administrator'];
const READ_ROLES = [...WRITE_ROLES, 'Read-Only Administrator'];
const UPDATABLE_PATHS = new Set(['config', 'displayName', 'description', 'userIds']);
const MAX_ASSERTION_LIFETIME_S = 300;
const CLOCK_SKEW_S = 60;

type C1Code = 'invalid_argument' | 'unauthenticated' | 'permission_denied' | 'not_found';
const STATUS: Record<C1Code, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
};

const c1Error = (code: C1Code, message: string) =>
  new SandboxHttpError({ status: STATUS[code], json: { code, message, details: [] } });

const iso = (ms: number | null | undefined): string | undefined =>
  ms === null || ms === undefined ? undefined : new Date(ms).toISOString();

export function createConductorOneService(
  c1: C1State,
  options: { entra: EntraState; clock: Clock },
): SandboxService {
  const { clock } = options;

  const connectorJson = (c: C1Connector): Record<string, unknown> => {
    const configuration: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.configuration)) {
      if (!SECRET_CONFIG_KEYS.has(k)) configuration[k] = { stringValue: v };
    }
    return {
      id: c.id,
      appId: c.appId,
      catalogId: c.catalogId,
      displayName: c.displayName,
      description: c.description,
      userIds: [...c.userIds],
      config: { '@type': ENV_CONFIG_TYPE, configuration },
      status: {
        status: c.status.status,
        lastError: c.status.lastError,
        startedAt: iso(c.status.startedAt),
        completedAt: iso(c.status.completedAt),
        updatedAt: iso(c.status.updatedAt),
      },
      syncDisabledReason: '',
      syncDisabledCategory: '',
      canResumeSync: false,
      disableCheckBadSync: false,
      profileAllowList: [],
      profileIgnoreList: [],
      downloadUrl: '',
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
      configUpdatedAt: iso(c.configUpdatedAt),
      ...(c.deletedAt !== null ? { deletedAt: iso(c.deletedAt) } : {}),
      ...(c.status.status === 'SYNC_STATUS_DISABLED' ? { syncDisabledAt: iso(c.status.updatedAt) } : {}),
      ...(c.oauthAuthorizedAs
        ? {
            oauthAuthorizedAs: {
              authEmail: c.oauthAuthorizedAs.authEmail,
              authorizedAt: iso(c.oauthAuthorizedAs.authorizedAt),
            },
          }
        : {}),
    };
  };
  const view = (c: C1Connector) => ({
    connector: connectorJson(c),
    appPath: `/api/v1/apps/${c.appId}`,
    capabilitiesPath: `/api/v1/apps/${c.appId}/connectors/${c.id}/capabilities`,
    usersPath: `/api/v1/apps/${c.appId}/app_users`,
  });

  // ----- token endpoint ---------------------------------------------------------------------------
  const checkAssertion = (req: SandboxRequest, assertion: string): void => {
    const parts = assertion.split('.');
    if (parts.length !== 3)
      throw c1Error('unauthenticated', 'client_assertion: not a compact JWS (header.payload.signature)');
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw c1Error('unauthenticated', 'client_assertion: header or claims are not base64url JSON');
    }
    if (header.alg !== 'EdDSA')
      throw c1Error('unauthenticated', `client_assertion: alg must be EdDSA, got ${String(header.alg)}`);
    const ok = verify(
      null,
      Buffer.from(`${parts[0]}.${parts[1]}`),
      c1.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!ok)
      throw c1Error(
        'unauthenticated',
        'client_assertion: signature does not verify with the client credential key',
      );
    if (claims.iss !== c1.clientId || claims.sub !== c1.clientId) {
      throw c1Error('unauthenticated', 'client_assertion: iss and sub must both be the client id');
    }
    const hosts = new Set([new URL(req.origin).hostname, c1.tenantHost.replace(/:\d+$/, '')]);
    const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
    if (typeof aud !== 'string' || !hosts.has(aud)) {
      throw c1Error(
        'unauthenticated',
        `client_assertion: aud must be the tenant host without port (${[...hosts].join(' or ')}), got ${JSON.stringify(claims.aud)}`,
      );
    }
    const nowS = Math.floor(clock.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowS)
      throw c1Error('unauthenticated', 'client_assertion: exp is missing or in the past');
    if (claims.exp > nowS + MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S)
      throw c1Error('unauthenticated', 'client_assertion: exp must be at most 5 minutes from now');
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowS + CLOCK_SKEW_S))
      throw c1Error('unauthenticated', 'client_assertion: nbf is in the future');
    if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > nowS + CLOCK_SKEW_S))
      throw c1Error('unauthenticated', 'client_assertion: iat is in the future');
  };

  const token = (req: SandboxRequest): SandboxResponse => {
    const form = req.form();
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials')
      throw c1Error('invalid_argument', `grant_type must be client_credentials, got ${grant ?? 'nothing'}`);
    const clientId = form.get('client_id');
    if (!clientId) throw c1Error('invalid_argument', 'client_id is required');
    if (clientId !== c1.clientId) throw c1Error('unauthenticated', 'unknown client_id');
    const assertion = form.get('client_assertion');
    const secret = form.get('client_secret');
    if (assertion) {
      if (form.get('client_assertion_type') !== JWT_BEARER)
        throw c1Error('invalid_argument', `client_assertion_type must be ${JWT_BEARER}`);
      checkAssertion(req, assertion);
    } else if (secret) {
      if (secret !== c1.clientCredentials().clientSecret)
        throw c1Error('unauthenticated', 'invalid client_secret');
    } else {
      throw c1Error('invalid_argument', 'client_assertion or client_secret is required');
    }
    const issued = c1.issueToken();
    return {
      status: 200,
      json: { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn },
    };
  };

  // ----- API --------------------------------------------------------------------------------------
  const authenticate = (req: SandboxRequest): void => {
    const raw = req.headers.authorization;
    const header = Array.isArray(raw) ? raw[0] : raw;
    const t = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!t || !c1.validateToken(t))
      throw c1Error('unauthenticated', 'missing, invalid or expired bearer token');
  };
  const requireRole = (roles: string[]) => {
    if (!c1.roles.some((r) => roles.includes(r)))
      throw c1Error('permission_denied', `this credential needs one of the roles: ${roles.join(', ')}`);
  };
  const findConnector = (appId: string, id: string): C1Connector => {
    if (!c1.apps.some((a) => a.id === appId)) throw c1Error('not_found', `app ${appId} not found`);
    const c = c1.connectors.find((x) => x.appId === appId && x.id === id);
    if (!c) throw c1Error('not_found', `connector ${id} not found in app ${appId}`);
    return c;
  };

  const listConnectors = (req: SandboxRequest, appId: string): SandboxResponse => {
    if (!c1.apps.some((a) => a.id === appId)) throw c1Error('not_found', `app ${appId} not found`);
    const size = Number(req.query.get('page_size') ?? 100);
    if (!Number.isInteger(size) || size < 1 || size > 100)
      throw c1Error('invalid_argument', 'page_size must be between 1 and 100');
    const pageToken = req.query.get('page_token');
    const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw c1Error('invalid_argument', 'page_token is not valid');
    const all = c1.connectors.filter((c) => c.appId === appId && c.deletedAt === null);
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : '';
    return { status: 200, json: { list: page.map(view), nextPageToken: next, expanded: [] } };
  };

  const updateConnector = (req: SandboxRequest, c: C1Connector): SandboxResponse => {
    const body = req.json<{ connector?: Record<string, unknown>; updateMask?: unknown } | null>();
    if (!body || typeof body !== 'object' || !body.connector || typeof body.connector !== 'object') {
      throw c1Error('invalid_argument', 'connector is required');
    }
    if (c.deletedAt !== null) throw c1Error('not_found', `connector ${c.id} was deleted`);
    const mask =
      typeof body.updateMask === 'string'
        ? body.updateMask
        : Array.isArray((body.updateMask as { paths?: unknown })?.paths)
          ? (body.updateMask as { paths: string[] }).paths.join(',')
          : '';
    const paths = mask
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!paths.length) throw c1Error('invalid_argument', 'updateMask is required, e.g. "config"');
    const unknown = paths.filter((p) => !UPDATABLE_PATHS.has(p));
    if (unknown.length) throw c1Error('invalid_argument', `updateMask: cannot update ${unknown.join(', ')}`);
    const sent = body.connector;
    const t = clock.now();
    if (paths.includes('config')) {
      const config = sent.config as Record<string, unknown> | undefined;
      if (!config || typeof config !== 'object')
        throw c1Error('invalid_argument', 'connector.config is required when updateMask has "config"');
      if (config['@type'] !== ENV_CONFIG_TYPE)
        throw c1Error(
          'invalid_argument',
          `connector.config: @type must be ${ENV_CONFIG_TYPE}, got ${JSON.stringify(config['@type'])}`,
        );
      const configuration = config.configuration;
      if (!configuration || typeof configuration !== 'object' || Array.isArray(configuration)) {
        throw c1Error(
          'invalid_argument',
          'connector.config.configuration must be a map of key to {"stringValue": "..."}',
        );
      }
      const next: Record<string, string> = {};
      for (const [k, v] of Object.entries(configuration as Record<string, unknown>)) {
        const value = (v as { stringValue?: unknown } | null)?.stringValue;
        if (typeof value !== 'string')
          throw c1Error(
            'invalid_argument',
            `connector.config.configuration.${k}: expected {"stringValue": "<string>"}`,
          );
        next[k] = value;
      }
      // The whole map is replaced: keys not sent are gone.
      for (const k of SECRET_CONFIG_KEYS) {
        const old = c.configuration[k];
        if (old && old !== next[k]) c1.retireSecret(`conductorOne:connector:${c.id}:${k}`, old);
      }
      c.configuration = next;
      c.configUpdatedAt = t;
    }
    if (paths.includes('displayName')) c.displayName = String(sent.displayName ?? '');
    if (paths.includes('description')) c.description = String(sent.description ?? '');
    if (paths.includes('userIds')) {
      if (!Array.isArray(sent.userIds)) throw c1Error('invalid_argument', 'connector.userIds must be a list');
      c.userIds = sent.userIds.map(String);
    }
    c.updatedAt = t;
    return { status: 200, json: { connectorView: view(c), expanded: [] } };
  };

  const route = (req: SandboxRequest): SandboxResponse => {
    const s = req.segments;
    if (req.method === 'POST' && s.join('/') === 'auth/v1/token') return token(req);
    if (s[0] !== 'api' || s[1] !== 'v1')
      throw c1Error('not_found', `no route for ${req.method} ${req.rawPath}`);
    authenticate(req);
    c1.settle();
    const rest = s.slice(2);
    if (req.method === 'GET' && rest.join('/') === 'auth/introspect') {
      return {
        status: 200,
        json: {
          principleId: c1.credentialUserId,
          userId: c1.credentialUserId,
          roles: [...c1.roles],
          permissions: [],
          features: [],
        },
      };
    }
    const [apps, appId, connectors, id, action, ...more] = rest;
    if (apps === 'apps' && appId && connectors === 'connectors' && more.length === 0) {
      if (id === undefined && req.method === 'GET') {
        requireRole(READ_ROLES);
        return listConnectors(req, appId);
      }
      if (id !== undefined) {
        if (action === undefined && req.method === 'GET') {
          requireRole(READ_ROLES);
          return { status: 200, json: { connectorView: view(findConnector(appId, id)), expanded: [] } };
        }
        if (action === undefined && req.method === 'POST') {
          requireRole(WRITE_ROLES);
          return updateConnector(req, findConnector(appId, id));
        }
        if (action === 'force_sync' && req.method === 'POST') {
          requireRole(WRITE_ROLES);
          const c = findConnector(appId, id);
          if (c.deletedAt !== null) throw c1Error('not_found', `connector ${id} was deleted`);
          c1.forceSync(c);
          return { status: 200, json: {} };
        }
      }
    }
    throw c1Error('not_found', `no route for ${req.method} ${req.rawPath}`);
  };

  return {
    name: 'conductorOne',
    handle(req) {
      try {
        return route(req);
      } catch (e) {
        if (e instanceof SandboxHttpError && !(e.response.json as { code?: unknown } | undefined)?.code) {
          return {
            status: 400,
            json: { code: 'invalid_argument', message: 'the request body is not valid JSON', details: [] },
          };
        }
        throw e;
      }
    },
  };
}
