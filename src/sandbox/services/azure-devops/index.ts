/**
 * The Azure DevOps emulation: `dev.azure.com` (azureDevOps) and `vssps.dev.azure.com` (azureDevOpsIdentity).
 * Authentication, tenant headers, rate limiting and the headers every answer carries live here; the routes live in
 * core-routes.ts, security-routes.ts and identity-routes.ts.
 */
import type { Clock, EntraPort } from '../../ports.js';
import type { AdoIdentity, AdoState } from '../../state/ado.js';
import type { SandboxRequest, SandboxResponse, SandboxService, ServiceName } from '../../types.js';
import { SandboxHttpError } from '../../types.js';
import { coreRoute, locationOptions } from './core-routes.js';
import type { AdoContext, AdoOrigins, Caller } from './http.js';
import { adoErrorBody, checkApiVersion, commonHeaders, jsonContentType, notFoundRoute } from './http.js';
import { identityRoute, vsspsLocationOptions } from './identity-routes.js';
import { securityRoute } from './security-routes.js';

export interface AzureDevOpsServiceDeps {
  entra: EntraPort;
  clock: Clock;
  /**
   * Origins of the sibling services, for links and the `WWW-Authenticate` authority (known once the listeners are
   * up). Missing ones default to the receiving origin (same service) or the public cloud hosts.
   */
  origins?: () => Partial<AdoOrigins>;
}

const PUBLIC_ORIGINS: AdoOrigins = {
  azureDevOps: 'https://dev.azure.com',
  azureDevOpsIdentity: 'https://vssps.dev.azure.com',
  authority: 'https://login.microsoftonline.com',
};

function originsFor(req: SandboxRequest, deps: AzureDevOpsServiceDeps): AdoOrigins {
  const known = deps.origins?.() ?? {};
  return {
    azureDevOps:
      known.azureDevOps ?? (req.service === 'azureDevOps' ? req.origin : PUBLIC_ORIGINS.azureDevOps),
    azureDevOpsIdentity:
      known.azureDevOpsIdentity ??
      (req.service === 'azureDevOpsIdentity' ? req.origin : PUBLIC_ORIGINS.azureDevOpsIdentity),
    authority: known.authority ?? PUBLIC_ORIGINS.authority,
  };
}

/**
 * Headers that name the org's tenant (§9): `X-VSS-ResourceTenant` (all zeros for an MSA-backed org) and, for an
 * Entra-backed org, `WWW-Authenticate: Bearer authorization_uri=<authority>/<tenant>`.
 */
function tenantHeaders(state: AdoState, origins: AdoOrigins): Record<string, string> {
  const headers: Record<string, string> = {
    'x-vss-resourcetenant': state.tenantId,
    'x-vss-authorizationendpoint': `${origins.azureDevOpsIdentity}/${state.organization}/`,
    'x-tfs-fedauthrealm': `${origins.azureDevOpsIdentity}/`,
    'x-tfs-fedauthissuer': 'https://www.visualstudio.com/',
  };
  headers['www-authenticate'] = state.isMsaBacked
    ? 'Basic realm="https://dev.azure.com/", TFS-Federated'
    : `Bearer authorization_uri=${origins.authority}/${state.tenantId}, Basic realm="https://dev.azure.com/", TFS-Federated`;
  return headers;
}

function unauthorized(who: string): SandboxHttpError {
  return new SandboxHttpError({
    status: 401,
    json: adoErrorBody(
      `TF400813: The user '${who}' is not authorized to access this resource.`,
      'UnauthorizedRequestException',
    ),
  });
}

/** Bearer (Entra token for Azure DevOps, mapped by object id) or Basic (PAT as the password, any user name). */
function authenticate(req: SandboxRequest, state: AdoState, entra: EntraPort): Caller | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, credential = ''] = header.trim().split(/\s+/, 2) as [string, string?];
  let identity: AdoIdentity | undefined;
  let kind: Caller['scheme'];
  if (scheme.toLowerCase() === 'bearer') {
    const principal = entra.validateAccessToken(credential, 'azureDevOps');
    if (!principal) throw unauthorized('');
    // An MSA-backed org, or one connected to another tenant, does not accept this tenant's tokens.
    if (state.isMsaBacked || principal.tenantId.toLowerCase() !== state.tenantId)
      throw unauthorized(principal.objectId);
    identity = state.identityForPrincipal(principal);
    if (!identity) throw unauthorized(principal.upn ?? principal.objectId);
    kind = 'bearer';
  } else if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    identity = state.identityForPat(colon === -1 ? decoded : decoded.slice(colon + 1));
    if (!identity) throw unauthorized('');
    kind = 'pat';
  } else {
    throw unauthorized('');
  }
  if (!identity.isActive) throw unauthorized(identity.principalName);
  return { identity, scheme: kind };
}

function decorate(
  req: SandboxRequest,
  response: SandboxResponse,
  extra: Record<string, string>,
  caller: AdoIdentity | undefined,
  apiVersion: string | undefined,
): SandboxResponse {
  const headers: Record<string, string | string[]> = {
    ...commonHeaders(req, caller),
    ...extra,
    ...(response.headers ?? {}),
  };
  if (response.json !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = jsonContentType(apiVersion);
  }
  return { ...response, headers };
}

function answer(
  service: ServiceName,
  req: SandboxRequest,
  state: AdoState,
  deps: AzureDevOpsServiceDeps,
): SandboxResponse {
  const origins = originsFor(req, deps);
  const [org, ...path] = req.segments;
  if (!org || org.toLowerCase() !== state.organization.toLowerCase()) {
    return decorate(
      req,
      {
        status: 404,
        json: adoErrorBody(
          `VS800075: The organization '${org ?? ''}' does not exist. The sandbox serves the organization '${state.organization}'.`,
          'HostDoesNotExistException',
        ),
      },
      {},
      undefined,
      undefined,
    );
  }
  const tenant = tenantHeaders(state, origins);
  let caller: Caller | undefined;
  let apiVersion: string | undefined;
  const extra: Record<string, string> = {};
  try {
    apiVersion = checkApiVersion(req);
    // Location data is served before authentication, like the real service.
    if (req.method === 'OPTIONS' && path[0]?.toLowerCase() === '_apis' && path.length <= 2) {
      const options = service === 'azureDevOps' ? locationOptions(path[1]) : vsspsLocationOptions(path[1]);
      return decorate(req, options, {}, undefined, apiVersion);
    }
    caller = authenticate(req, state, deps.entra);
    if (!caller) throw unauthorized('');
    if (req.method === 'HEAD') Object.assign(extra, tenant); // recorded on HEAD graph/memberships
    const limit = state.consumeRateLimit(caller.identity.id);
    if (limit) {
      Object.assign(extra, limit.headers);
      if (limit.blocked) {
        const body = adoErrorBody(
          `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'. For more information on why your request was blocked, see https://aka.ms/tfsratelimits.`,
          'RequestBlockedException',
        );
        return decorate(req, { status: 429, json: body }, extra, caller.identity, apiVersion);
      }
    }
    if (path.length === 0) {
      return decorate(
        req,
        { status: 200, text: '', headers: { 'content-type': 'text/html; charset=utf-8' } },
        extra,
        caller.identity,
        apiVersion,
      );
    }
    const ctx: AdoContext = { req, state, caller, path, origins };
    const response = service === 'azureDevOps' ? (securityRoute(ctx) ?? coreRoute(ctx)) : identityRoute(ctx);
    if (!response) throw notFoundRoute(req);
    return decorate(req, response, extra, caller.identity, apiVersion);
  } catch (error) {
    if (!(error instanceof SandboxHttpError)) throw error;
    let failure = error.response;
    // The front's own 400s (malformed JSON body) come as {message}: answer them in the ADO error shape.
    const body = failure.json as { message?: unknown; $id?: unknown } | undefined;
    if (body && body.$id === undefined && typeof body.message === 'string') {
      failure = { ...failure, json: adoErrorBody(body.message, 'ArgumentException') };
    }
    if (failure.status === 401) Object.assign(extra, tenant);
    return decorate(req, failure, extra, caller?.identity, apiVersion);
  }
}

export function createAzureDevOpsServices(
  state: AdoState,
  deps: AzureDevOpsServiceDeps,
): { azureDevOps: SandboxService; azureDevOpsIdentity: SandboxService } {
  return {
    azureDevOps: { name: 'azureDevOps', handle: (req) => answer('azureDevOps', req, state, deps) },
    azureDevOpsIdentity: {
      name: 'azureDevOpsIdentity',
      handle: (req) => answer('azureDevOpsIdentity', req, state, deps),
    },
  };
}
