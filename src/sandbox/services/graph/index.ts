/**
 * Microsoft Graph (v1.0 and beta): applications (read, PATCH, addPassword/removePassword, owners, app
 * management policies), service principals, consent, tenant policies and users, authorized by the
 * caller's app roles like the real service (reference/graph-entra.md §1, §2, §4, §5, §6).
 */
import type { Clock, TokenPrincipal } from '../../ports.js';
import {
  SandboxHttpError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
} from '../../types.js';
import type { ApplicationRecord, EntraState } from '../../state/entra.js';
import {
  applySelect,
  badRequest,
  collection,
  headerValue,
  matchesFilter,
  odataError,
  parseFilter,
} from './odata.js';
import { patchApplication } from './patch.js';
import {
  appManagementPoliciesJson,
  appRoleAssignmentJson,
  applicationJson,
  defaultAppManagementPolicyJson,
  passwordCredentialJson,
  securityDefaultsJson,
  servicePrincipalJson,
  userJson,
} from './render.js';

const READ_ALL_APPS = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const WRITE_ALL_APPS = ['Application.ReadWrite.All'];
const OWNED_BY = 'Application.ReadWrite.OwnedBy';
const READ_POLICIES = ['Policy.Read.All'];
const READ_USERS = [
  'User.Read.All',
  'User.ReadBasic.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const READ_GRANTS = [
  'DelegatedPermissionGrant.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Application.Read.All',
  'Application.ReadWrite.All',
];

/** `applications(appId='…')` alternate key. */
const ALT_KEY = /^(applications|servicePrincipals)\(appId='([^']+)'\)$/;

export function createGraphService(entra: EntraState, options: { clock: Clock }): SandboxService {
  const { clock } = options;
  const rng = entra.rng;
  const err = (
    req: SandboxRequest,
    status: number,
    code: string,
    message: string,
    details?: Array<{ code: string; message: string; target?: string }>,
  ) => new SandboxHttpError(odataError(req, rng, clock.now(), status, code, message, details));
  const denied = (req: SandboxRequest) =>
    err(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const notFound = (req: SandboxRequest, what: string) =>
    err(
      req,
      404,
      'Request_ResourceNotFound',
      `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const has = (p: TokenPrincipal, roles: string[]) => p.roles.some((r) => roles.includes(r));

  const authenticate = (req: SandboxRequest): TokenPrincipal => {
    const auth = headerValue(req, 'authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    if (!token) throw err(req, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const principal = entra.validateAccessToken(token, 'graph');
    if (!principal)
      throw err(
        req,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience, expired or unknown token.',
      );
    return principal;
  };

  const canRead = (p: TokenPrincipal, app: ApplicationRecord) =>
    has(p, READ_ALL_APPS) || (p.roles.includes(OWNED_BY) && entra.isOwner(app, p.objectId));
  const canWrite = (p: TokenPrincipal, app: ApplicationRecord) =>
    has(p, WRITE_ALL_APPS) || (p.roles.includes(OWNED_BY) && entra.isOwner(app, p.objectId));

  const context = (req: SandboxRequest, fragment: string) =>
    `${req.origin}/${req.segments[0]}/$metadata#${fragment}`;
  const entity = (req: SandboxRequest, fragment: string, item: Record<string, unknown>): SandboxResponse => ({
    status: 200,
    json: { '@odata.context': context(req, fragment), ...applySelect(req, item) },
  });

  const parseDate = (req: SandboxRequest, value: unknown, name: string): number | undefined => {
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms))
      throw err(
        req,
        400,
        'Request_BadRequest',
        `Invalid value for '${name}': '${String(value)}' is not an ISO 8601 date-time.`,
      );
    return ms;
  };

  // ----- applications ------------------------------------------------------------------------------
  const application = (
    req: SandboxRequest,
    app: ApplicationRecord | undefined,
    rest: string[],
    p: TokenPrincipal,
    key: string,
  ): SandboxResponse => {
    if (!app) throw notFound(req, key);
    const action = rest.join('/');
    if (req.method === 'GET') {
      if (!canRead(p, app)) throw denied(req);
      if (action === '') return entity(req, 'applications/$entity', applicationJson(entra, app));
      if (action === 'owners') {
        const owners = app.ownerIds.map((id) => {
          const sp = entra.servicePrincipals.find((s) => s.id === id);
          if (sp)
            return {
              '@odata.type': '#microsoft.graph.servicePrincipal',
              id: sp.id,
              appId: sp.appId,
              displayName: sp.displayName,
              servicePrincipalType: 'Application',
            };
          const u = entra.users.find((x) => x.objectId === id);
          return { '@odata.type': '#microsoft.graph.user', ...(u ? userJson(u) : { id }) };
        });
        return collection(req, 'directoryObjects', owners, badRequest(req, rng, clock.now()));
      }
      if (action === 'appManagementPolicies') {
        if (!has(p, READ_POLICIES)) throw denied(req);
        return collection(
          req,
          'policies/appManagementPolicies',
          appManagementPoliciesJson(entra, app),
          badRequest(req, rng, clock.now()),
        );
      }
      if (action === 'federatedIdentityCredentials') {
        return collection(
          req,
          `applications('${app.id}')/federatedIdentityCredentials`,
          app.federatedIdentityCredentials.map((f) => ({ ...f })),
          badRequest(req, rng, clock.now()),
        );
      }
    }
    if (req.method === 'PATCH' && action === '') {
      if (!canWrite(p, app)) throw denied(req);
      const result = patchApplication(app, req.json());
      if (!result.ok) throw err(req, 400, 'Request_BadRequest', result.message);
      // The tenant's service principal follows the app's reply URLs.
      const sp = entra.servicePrincipals.find((s) => s.appId === app.appId);
      const web = app.props.web as { redirectUris?: string[] };
      if (sp) sp.replyUrls = [...(web.redirectUris ?? [])];
      if (typeof app.props.displayName === 'string' && sp) sp.displayName = app.props.displayName;
      return { status: 204 };
    }
    if (req.method === 'POST' && action === 'addPassword') {
      if (!canWrite(p, app)) throw denied(req);
      const body = (req.body.length ? req.json() : {}) as {
        passwordCredential?: Record<string, unknown>;
      } | null;
      const input = body?.passwordCredential ?? {};
      if (typeof input !== 'object' || input === null)
        throw err(
          req,
          400,
          'Request_BadRequest',
          "Invalid value for 'passwordCredential': expected an object.",
        );
      if ('secretText' in input && input.secretText)
        throw err(
          req,
          400,
          'Request_BadRequest',
          "Property 'secretText' cannot be supplied; the service generates the secret.",
        );
      const result = entra.addPassword(app, {
        displayName: typeof input.displayName === 'string' ? input.displayName : null,
        startDateTime: parseDate(req, input.startDateTime, 'passwordCredential.startDateTime'),
        endDateTime: parseDate(req, input.endDateTime, 'passwordCredential.endDateTime'),
      });
      if (!result.ok) {
        if (result.reason === 'additionBlocked') {
          throw err(
            req,
            400,
            'CredentialTypeNotAllowedAsPerAppPolicy',
            `Credential type not allowed as per assigned policy '${result.policyId}'.`,
            [
              {
                code: 'PasswordAdditionNotAllowed',
                message: 'Adding password credentials is blocked by the app management policy.',
                target: 'passwordCredentials',
              },
            ],
          );
        }
        if (result.reason === 'lifetime') {
          throw err(
            req,
            400,
            'CredentialInvalidLifetimeAsPerAppPolicy',
            `Credential lifetime exceeds the max value allowed as per assigned policy '${result.policyId}'.`,
            [
              {
                code: 'InvalidKeyEndDate',
                message: `Key credential end date is invalid: the maximum lifetime is ${result.maxLifetime}.`,
                target: 'EndDate',
              },
            ],
          );
        }
        throw err(req, 400, 'Request_BadRequest', result.message);
      }
      return {
        status: 200,
        json: {
          '@odata.context': context(req, 'microsoft.graph.passwordCredential'),
          ...passwordCredentialJson(result.credential, true),
        },
      };
    }
    if (req.method === 'POST' && action === 'removePassword') {
      if (!canWrite(p, app)) throw denied(req);
      const body = req.json<{ keyId?: unknown } | null>();
      if (!body || typeof body.keyId !== 'string')
        throw err(
          req,
          400,
          'Request_BadRequest',
          "The request body must contain 'keyId' (the GUID of the password credential to remove).",
        );
      if (!entra.removePassword(app, body.keyId)) {
        throw err(
          req,
          400,
          'Request_BadRequest',
          `No password credential with keyId '${body.keyId}' exists on application '${app.id}'.`,
        );
      }
      return { status: 204 };
    }
    throw unknownRoute(req);
  };

  const applications = (req: SandboxRequest, p: TokenPrincipal): SandboxResponse => {
    if (req.method !== 'GET') throw unknownRoute(req);
    const fail = badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
    const clauses = parseFilter(
      req.query.get('$filter'),
      ['appId', 'id', 'displayName', 'signInAudience'],
      fail,
    );
    if (!has(p, READ_ALL_APPS) && !p.roles.includes(OWNED_BY)) throw denied(req);
    // With only Application.ReadWrite.OwnedBy the caller sees the apps it owns.
    const items = entra.applications
      .filter((a) => canRead(p, a))
      .map((a) => applicationJson(entra, a))
      .filter((a) => matchesFilter(a, clauses));
    return collection(req, 'applications', items, fail);
  };

  // ----- service principals and consent -------------------------------------------------------------
  const servicePrincipal = (
    req: SandboxRequest,
    key: string,
    byAppId: boolean,
    rest: string[],
    p: TokenPrincipal,
  ): SandboxResponse => {
    if (req.method !== 'GET') throw unknownRoute(req);
    if (!has(p, READ_ALL_APPS)) throw denied(req);
    const sp = byAppId
      ? entra.servicePrincipals.find((s) => s.appId.toLowerCase() === key.toLowerCase())
      : entra.servicePrincipals.find((s) => s.id.toLowerCase() === key.toLowerCase());
    if (!sp) throw notFound(req, key);
    const fail = badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
    const action = rest.join('/');
    if (action === '') return entity(req, 'servicePrincipals/$entity', servicePrincipalJson(entra, sp));
    if (action === 'appRoleAssignments' || action === 'appRoleAssignedTo') {
      const field = action === 'appRoleAssignments' ? 'principalId' : 'resourceId';
      const items = entra.appRoleAssignments
        .filter((a) => a[field] === sp.id)
        .map((a) => appRoleAssignmentJson(entra, a.id)!)
        .filter((a) =>
          matchesFilter(
            a,
            parseFilter(req.query.get('$filter'), ['resourceId', 'principalId', 'appRoleId'], fail),
          ),
        );
      return collection(req, `servicePrincipals('${sp.id}')/${action}`, items, fail);
    }
    if (action === 'oauth2PermissionGrants') {
      return collection(
        req,
        'oauth2PermissionGrants',
        entra.oauth2PermissionGrants.filter((g) => g.clientId === sp.id).map((g) => ({ ...g })),
        fail,
      );
    }
    throw unknownRoute(req);
  };

  const servicePrincipals = (req: SandboxRequest, p: TokenPrincipal): SandboxResponse => {
    if (req.method !== 'GET') throw unknownRoute(req);
    const fail = badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
    const clauses = parseFilter(req.query.get('$filter'), ['appId', 'id', 'displayName'], fail);
    if (!has(p, READ_ALL_APPS)) throw denied(req);
    const items = entra.servicePrincipals
      .map((s) => servicePrincipalJson(entra, s))
      .filter((s) => matchesFilter(s, clauses));
    return collection(req, 'servicePrincipals', items, fail);
  };

  const grants = (req: SandboxRequest, p: TokenPrincipal): SandboxResponse => {
    if (req.method !== 'GET') throw unknownRoute(req);
    const fail = badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
    const clauses = parseFilter(
      req.query.get('$filter'),
      ['clientId', 'resourceId', 'consentType', 'principalId'],
      fail,
    );
    if (!has(p, READ_GRANTS)) throw denied(req);
    const items = entra.oauth2PermissionGrants
      .map((g) => ({ ...g }) as Record<string, unknown>)
      .filter((g) => matchesFilter(g, clauses));
    return collection(req, 'oauth2PermissionGrants', items, fail);
  };

  // ----- policies and users ---------------------------------------------------------------------
  const policies = (req: SandboxRequest, which: string | undefined, p: TokenPrincipal): SandboxResponse => {
    if (req.method !== 'GET') throw unknownRoute(req);
    if (which === 'identitySecurityDefaultsEnforcementPolicy') {
      if (!has(p, READ_POLICIES)) throw denied(req);
      return entity(
        req,
        'policies/identitySecurityDefaultsEnforcementPolicy/$entity',
        securityDefaultsJson(entra),
      );
    }
    if (which === 'defaultAppManagementPolicy') {
      if (!has(p, READ_POLICIES)) throw denied(req);
      return entity(
        req,
        'policies/defaultAppManagementPolicy/$entity',
        defaultAppManagementPolicyJson(entra),
      );
    }
    throw unknownRoute(req);
  };

  const users = (
    req: SandboxRequest,
    key: string | undefined,
    rest: string[],
    p: TokenPrincipal,
  ): SandboxResponse => {
    if (req.method !== 'GET' || !key) throw unknownRoute(req);
    const action = rest.join('/');
    if (action === 'authentication/requirements') {
      if (req.segments[0] !== 'beta') throw unknownRoute(req);
      if (!has(p, READ_POLICIES)) throw denied(req);
      const u = entra.findUserRecord(key);
      if (
        !u ||
        (u.mail?.toLowerCase() === key.toLowerCase() &&
          u.userPrincipalName.toLowerCase() !== key.toLowerCase())
      )
        throw notFound(req, key);
      return {
        status: 200,
        json: {
          '@odata.context': context(req, `users('${u.objectId}')/authentication/requirements/$entity`),
          perUserMfaState: u.perUserMfaState,
        },
      };
    }
    if (action !== '') throw unknownRoute(req);
    if (!has(p, READ_USERS)) throw denied(req);
    const u = entra.users.find(
      (x) =>
        x.objectId.toLowerCase() === key.toLowerCase() ||
        x.userPrincipalName.toLowerCase() === key.toLowerCase(),
    );
    if (!u) throw notFound(req, key);
    return entity(req, 'users/$entity', userJson(u));
  };

  const unknownRoute = (req: SandboxRequest) =>
    err(
      req,
      404,
      'Request_ResourceNotFound',
      `Resource not found for the segment '${req.segments.slice(1).join('/')}' (${req.method}).`,
    );

  const route = (req: SandboxRequest): SandboxResponse => {
    const [version, first, ...more] = req.segments;
    if ((version !== 'v1.0' && version !== 'beta') || !first) throw unknownRoute(req);
    const p = authenticate(req);
    const alt = ALT_KEY.exec(first);
    if (alt) {
      const [, coll, appId] = alt;
      if (coll === 'applications')
        return application(
          req,
          entra.applications.find((a) => a.appId.toLowerCase() === appId!.toLowerCase()),
          more,
          p,
          appId!,
        );
      return servicePrincipal(req, appId!, true, more, p);
    }
    const [key, ...rest] = more;
    switch (first) {
      case 'applications':
        if (key === undefined) return applications(req, p);
        // `{id}` is the object id; an appId here is a 404, as in Graph.
        return application(
          req,
          entra.applications.find((a) => a.id.toLowerCase() === key.toLowerCase()),
          rest,
          p,
          key,
        );
      case 'servicePrincipals':
        return key === undefined ? servicePrincipals(req, p) : servicePrincipal(req, key, false, rest, p);
      case 'oauth2PermissionGrants':
        if (key === undefined) return grants(req, p);
        break;
      case 'policies':
        if (rest.length === 0) return policies(req, key, p);
        break;
      case 'users':
        return users(req, key, rest, p);
    }
    throw unknownRoute(req);
  };

  return {
    name: 'graph',
    handle(req) {
      try {
        const res = route(req);
        const requestId = rng.guid();
        return {
          ...res,
          headers: {
            'request-id': requestId,
            'client-request-id': headerValue(req, 'client-request-id') ?? requestId,
            ...(res.headers ?? {}),
          },
        };
      } catch (e) {
        if (
          e instanceof SandboxHttpError &&
          e.response.json &&
          typeof e.response.json === 'object' &&
          'error' in e.response.json
        )
          return e.response;
        if (e instanceof SandboxHttpError) {
          return odataError(
            req,
            rng,
            clock.now(),
            e.response.status,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          );
        }
        throw e;
      }
    },
  };
}
