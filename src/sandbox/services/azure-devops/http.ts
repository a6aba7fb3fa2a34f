/**
 * Response plumbing shared by the dev.azure.com and vssps.dev.azure.com emulations: the ADO error body, the
 * headers every real answer carries, api-version parsing and the caller context (reference §0).
 */
import { randomUUID } from 'node:crypto';
import type { AdoIdentity, AdoState } from '../../state/ado.js';
import type { SandboxRequest, SandboxResponse } from '../../types.js';
import { SandboxHttpError } from '../../types.js';

/** Who is calling, once authenticated. */
export interface Caller {
  identity: AdoIdentity;
  /** How: PAT (Basic) or Entra (Bearer). */
  scheme: 'pat' | 'bearer';
}

/** What a route handler gets. */
export interface AdoContext {
  req: SandboxRequest;
  state: AdoState;
  caller: Caller;
  /** Path segments after the organization, e.g. ['_apis', 'projects']. */
  path: string[];
  /** Origins of the other services (dev, vssps, authority). */
  origins: AdoOrigins;
}

export interface AdoOrigins {
  azureDevOps: string;
  azureDevOpsIdentity: string;
  authority: string;
}

/** Real .NET type names for the error bodies the sandbox produces (reference §0 "Response envelope and errors"). */
const TYPE_NAMES: Record<string, string> = {
  ProjectDoesNotExistWithNameException:
    'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
  ProjectDoesNotExistException:
    'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistException, Microsoft.TeamFoundation.Core.WebApi',
  GitRepositoryNotFoundException:
    'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
  AccessCheckException:
    'Microsoft.TeamFoundation.Framework.Server.AccessCheckException, Microsoft.TeamFoundation.Framework.Server',
  UnauthorizedRequestException:
    'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
  InvalidSecurityNamespaceIdException:
    'Microsoft.TeamFoundation.Framework.Server.InvalidSecurityNamespaceIdException, Microsoft.TeamFoundation.Framework.Server',
  ArgumentNullException: 'System.ArgumentNullException, mscorlib',
  ArgumentException: 'System.ArgumentException, mscorlib',
  VssServiceException:
    'Microsoft.VisualStudio.Services.WebApi.VssServiceException, Microsoft.VisualStudio.Services.WebApi',
  VssInvalidApiVersionException:
    'Microsoft.VisualStudio.Services.WebApi.VssInvalidApiVersionException, Microsoft.VisualStudio.Services.WebApi',
  GraphSubjectNotFoundException:
    'Microsoft.VisualStudio.Services.Graph.GraphSubjectNotFoundException, Microsoft.VisualStudio.Services.WebApi',
  GraphMembershipNotFoundException:
    'Microsoft.VisualStudio.Services.Graph.GraphMembershipNotFoundException, Microsoft.VisualStudio.Services.WebApi',
  RequestBlockedException:
    'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
  HostDoesNotExistException:
    'Microsoft.TeamFoundation.Framework.Server.HostDoesNotExistException, Microsoft.TeamFoundation.Framework.Server',
  RouteNotFoundException:
    'Microsoft.VisualStudio.Services.WebApi.RouteNotFoundException, Microsoft.VisualStudio.Services.WebApi',
};

/** `{"$id":"1","innerException":null,"message":…,"typeName":…,"typeKey":…,"errorCode":0,"eventId":3000}`. */
export function adoErrorBody(message: string, typeKey: string): Record<string, unknown> {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName:
      TYPE_NAMES[typeKey] ??
      `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

export function adoError(status: number, message: string, typeKey: string): SandboxHttpError {
  return new SandboxHttpError({ status, json: adoErrorBody(message, typeKey) });
}

export function notFoundRoute(req: SandboxRequest): SandboxHttpError {
  return adoError(
    404,
    `The sandbox's Azure DevOps service has no route for ${req.method} ${req.rawPath}; see reference/azure-devops.md for the ones it emulates.`,
    'RouteNotFoundException',
  );
}

/** `api-version` from the query or the Accept header (`application/json;api-version=7.1`), §0. */
export function requestedApiVersion(req: SandboxRequest): string | undefined {
  const fromQuery = req.query.get('api-version');
  if (fromQuery) return fromQuery;
  const accept = req.headers.accept ?? '';
  const match = /api-version=([^;,\s]+)/i.exec(accept);
  return match?.[1];
}

/** Rejects a malformed api-version the way the service does (400 VssInvalidApiVersionException). */
export function checkApiVersion(req: SandboxRequest): string | undefined {
  const version = requestedApiVersion(req);
  if (version !== undefined && !/^\d+\.\d+(-preview(\.\d+)?)?$/i.test(version)) {
    throw adoError(
      400,
      `VS403046: The api-version '${version}' is not valid. Use a version like 7.1 or 7.1-preview.1.`,
      'VssInvalidApiVersionException',
    );
  }
  return version;
}

/** Headers seen on every real response (activity ids, session, sender), plus `x-vss-userdata` when signed in. */
export function commonHeaders(req: SandboxRequest, caller: AdoIdentity | undefined): Record<string, string> {
  const activity = randomUUID();
  const session =
    typeof req.headers['x-tfs-session'] === 'string' ? req.headers['x-tfs-session'] : randomUUID();
  const headers: Record<string, string> = {
    activityid: activity,
    'x-tfs-session': session,
    'x-vss-e2eid': activity,
    'x-tfs-processid': '93d35aca-09a1-465d-9dc3-ddaae7f9c4b4',
    'x-vss-senderdeploymentid': 'ed30ce5c-9d0a-f73c-3580-4315c7f84d83',
    'x-msedge-ref': `Ref A: ${activity.replace(/-/g, '').toUpperCase()} Ref B: SANDBOX Ref C: ${new Date().toISOString()}`,
    'cache-control': 'no-cache',
  };
  if (caller) headers['x-vss-userdata'] = `${caller.id}:${caller.principalName}`;
  return headers;
}

/** `content-type` echoing the api-version the way the service does. */
export function jsonContentType(apiVersion: string | undefined): string {
  return `application/json; charset=utf-8${apiVersion ? `; api-version=${apiVersion}` : ''}`;
}

export function ok(json: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, json, headers };
}

/** Comma-separated list parameter (descriptors=, identityIds=, tokens=). */
export function listParam(req: SandboxRequest, name: string): string[] {
  const raw = queryParam(req, name);
  if (!raw) return [];
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Query parameters are case-insensitive on the service. */
export function queryParam(req: SandboxRequest, name: string): string | undefined {
  const direct = req.query.get(name);
  if (direct !== null) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of req.query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function boolParam(req: SandboxRequest, name: string): boolean {
  return (queryParam(req, name) ?? '').toLowerCase() === 'true';
}

/** Non-negative integer parameter; names the parameter in the 400 when it is not one. */
export function intParam(req: SandboxRequest, name: string): number | undefined {
  const raw = queryParam(req, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    throw adoError(
      400,
      `The value '${raw}' of the query parameter ${name} is not a non-negative integer.`,
      'ArgumentException',
    );
  }
  return Number(raw);
}
