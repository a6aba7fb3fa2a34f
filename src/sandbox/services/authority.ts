/**
 * The Entra ID authority (login.microsoftonline.com): OpenID configuration, the v2 token endpoint
 * (client secret and federated client assertion) with AADSTS error bodies, and the CI OIDC issuers
 * (GitHub Actions and Azure Pipelines style) that mint the assertions.
 */
import type { Clock, TokenAudience } from '../ports.js';
import type { SandboxRequest, SandboxResponse, SandboxService } from '../types.js';
import {
  AZURE_DEVOPS_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  describeSecretFailure,
  type EntraState,
} from '../state/entra.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** `.default` resources the sandbox issues tokens for. */
const RESOURCES: Record<string, TokenAudience> = {
  [AZURE_DEVOPS_APP_ID]: 'azureDevOps',
  'https://app.vssps.visualstudio.com': 'azureDevOps',
  [MICROSOFT_GRAPH_APP_ID]: 'graph',
  'https://graph.microsoft.com': 'graph',
};

export function createAuthorityService(entra: EntraState, options: { clock: Clock }): SandboxService {
  const { clock } = options;

  /** A v2 error body: `{error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri}`. */
  const aadError = (
    req: SandboxRequest,
    status: number,
    error: string,
    code: number,
    description: string,
  ): SandboxResponse => {
    const traceId = entra.rng.guid();
    const correlationId =
      req.query.get('client-request-id') ?? headerValue(req, 'client-request-id') ?? entra.rng.guid();
    const timestamp = new Date(clock.now())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      status,
      headers: { 'x-ms-request-id': traceId, 'cache-control': 'no-store, no-cache' },
      json: {
        error,
        error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${req.origin}/error?code=${code}`,
      },
    };
  };
  const missing = (req: SandboxRequest, name: string): SandboxResponse =>
    aadError(
      req,
      400,
      'invalid_request',
      900144,
      `AADSTS900144: The request body must contain the following parameter: '${name}'.`,
    );

  const openIdConfiguration = (req: SandboxRequest, tenant: string): SandboxResponse => {
    const base = `${req.origin}/${tenant}`;
    return {
      status: 200,
      json: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${req.origin}/${entra.tenantId}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${req.origin}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'tid', 'oid', 'roles'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      },
    };
  };

  const token = (req: SandboxRequest, tenant: string): SandboxResponse => {
    const form = req.form();
    const grantType = form.get('grant_type');
    if (!grantType) return missing(req, 'grant_type');
    if (grantType !== 'client_credentials') {
      return aadError(
        req,
        400,
        'unsupported_grant_type',
        70003,
        `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`,
      );
    }
    // client_secret_basic is allowed as well as client_secret_post.
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(headerValue(req, 'authorization') ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId ??= decodeURIComponent(decoded.slice(0, colon));
        clientSecret ??= decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (!clientId) return missing(req, 'client_id');
    if (!entra.isTenant(tenant)) {
      return aadError(
        req,
        400,
        'invalid_request',
        90002,
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const scope = form.get('scope');
    if (!scope) return missing(req, 'scope');
    const app = entra.findApplication(clientId);
    if (!app || app.appId.toLowerCase() !== clientId.toLowerCase()) {
      const e = describeSecretFailure('appNotFound', clientId, tenant);
      return aadError(req, 400, e.error, e.code, e.description);
    }
    if (!entra.servicePrincipalObjectId(app.appId)) {
      return aadError(
        req,
        401,
        'invalid_client',
        7000229,
        `AADSTS7000229: The client application ${app.appId} is missing service principal in the tenant ${entra.tenantId}.`,
      );
    }

    const assertion = form.get('client_assertion');
    if (clientSecret) {
      const check = entra.checkClientSecret(tenant, app.appId, clientSecret);
      if (check !== 'ok') {
        const e = describeSecretFailure(check, app.appId, tenant);
        return aadError(req, e.error === 'invalid_client' ? 401 : 400, e.error, e.code, e.description);
      }
    } else if (assertion) {
      const type = form.get('client_assertion_type');
      if (type !== JWT_BEARER) {
        return aadError(
          req,
          400,
          'invalid_request',
          50027,
          `AADSTS50027: client_assertion_type must be '${JWT_BEARER}'.`,
        );
      }
      const check = entra.checkClientAssertion(app.appId, assertion);
      if (!check.ok) {
        return aadError(
          req,
          check.error === 'invalid_client' ? 401 : 400,
          check.error,
          check.code,
          `AADSTS${check.code}: ${check.description}`,
        );
      }
    } else {
      return aadError(
        req,
        401,
        'invalid_client',
        7000218,
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }

    const resources = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    if (resources.length !== 1 || !resources[0]!.endsWith('/.default')) {
      return aadError(
        req,
        400,
        'invalid_scope',
        1002012,
        `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const resource = resources[0]!.slice(0, -'/.default'.length).replace(/\/+$/, '');
    const audience = RESOURCES[resource.toLowerCase()] ?? RESOURCES[resource];
    if (!audience) {
      return aadError(
        req,
        400,
        'invalid_resource',
        500011,
        `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const issued = entra.issueAppToken(app.appId, audience);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
      json: {
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ext_expires_in: issued.expiresIn,
        access_token: issued.accessToken,
      },
    };
  };

  const bearer = (req: SandboxRequest): string | undefined =>
    /^Bearer\s+(.+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];

  const githubToken = (req: SandboxRequest): SandboxResponse => {
    const audience = req.query.get('audience') ?? 'api://AzureADTokenExchange';
    const jwt = entra.mintGithubOidcToken(bearer(req) ?? '', audience);
    if (!jwt)
      return {
        status: 401,
        json: {
          message:
            'Bad credentials: the bearer request token is not the ACTIONS_ID_TOKEN_REQUEST_TOKEN of this scenario',
        },
      };
    return { status: 200, json: { count: 1, value: jwt } };
  };

  const pipelinesToken = (req: SandboxRequest): SandboxResponse => {
    const connection = req.query.get('serviceConnectionId');
    if (!connection) {
      return {
        status: 400,
        json: {
          $id: '1',
          message: 'The serviceConnectionId query parameter is required.',
          typeKey: 'ArgumentException',
          errorCode: 0,
        },
      };
    }
    const jwt = entra.mintPipelinesOidcToken(bearer(req) ?? '', connection);
    if (!jwt) {
      return {
        status: 401,
        json: {
          $id: '1',
          message: 'The system access token is not valid for this service connection.',
          typeKey: 'UnauthorizedRequestException',
          errorCode: 0,
        },
      };
    }
    return { status: 200, headers: { 'x-vss-e2eid': entra.rng.guid() }, json: { oidcToken: jwt } };
  };

  return {
    name: 'authority',
    handle(req) {
      const s = req.segments;
      const route = `${req.method} ${s.slice(1).join('/')}`;
      if (s[0] === '_oidc') {
        if (req.method === 'GET' && s[1] === 'github' && s[2] === 'token') return githubToken(req);
        if (req.method === 'GET' && s[1] === 'github' && s[2] === '.well-known' && s[3] === 'jwks')
          return { status: 200, json: entra.jwks() };
        if (req.method === 'POST' && s[1] === 'azure-pipelines') return pipelinesToken(req);
      } else if (s[0]) {
        const tenant = s[0];
        if (route === 'GET v2.0/.well-known/openid-configuration') return openIdConfiguration(req, tenant);
        if (route === 'GET discovery/v2.0/keys') return { status: 200, json: entra.jwks() };
        if (route === 'POST oauth2/v2.0/token') return token(req, tenant);
      }
      return aadError(
        req,
        404,
        'invalid_request',
        90011,
        `AADSTS90011: The request path ${req.method} ${req.rawPath} is not served by this authority.`,
      );
    },
  };
}

function headerValue(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
