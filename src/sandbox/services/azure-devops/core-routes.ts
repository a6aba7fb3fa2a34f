/**
 * dev.azure.com: location negotiation and connectionData (§9, §10), projects and repositories (§6),
 * the organization-policy data provider (§9).
 */
import type { AdoProject } from '../../state/ado.js';
import type { SandboxResponse } from '../../types.js';
import type { AdoContext } from './http.js';
import { adoError, boolParam, intParam, notFoundRoute, ok, queryParam } from './http.js';
import { DEV_LOCATIONS, locationsOfArea } from './locations.js';
import { identityJson, projectJson, projectReferenceJson, repositoryJson } from './shapes.js';

const DEFAULT_PROJECT_PAGE = 100;

/** `OPTIONS /{org}/_apis[/{area}]` → the area's ApiResourceLocations. */
export function locationOptions(area: string | undefined): SandboxResponse {
  const value = locationsOfArea(DEV_LOCATIONS, area);
  return ok({ count: value.length, value });
}

function connectionData(ctx: AdoContext): SandboxResponse {
  const { state, caller, origins } = ctx;
  const user = identityJson(state, caller.identity, 'None');
  return ok({
    authenticatedUser: user,
    authorizedUser: user,
    instanceId: state.organizationId,
    deploymentId: state.organizationId,
    deploymentType: 'hosted',
    locationServiceData: {
      serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
      accessMappings: [
        {
          displayName: 'Public Access Mapping',
          moniker: 'PublicAccessMapping',
          accessPoint: `${origins.azureDevOps}/${state.organization}/`,
          serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
          virtualDirectory: '',
        },
      ],
    },
  });
}

function projectNotFound(key: string): never {
  throw adoError(
    404,
    `TF200016: The following project does not exist: ${key}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    'ProjectDoesNotExistWithNameException',
  );
}

/** `GET _apis/projects?stateFilter&$top&$skip&continuationToken` with the `x-ms-continuationtoken` header (§6). */
function listProjects(ctx: AdoContext): SandboxResponse {
  const { req, state, origins } = ctx;
  const stateFilter = (queryParam(req, 'stateFilter') ?? 'wellFormed').toLowerCase();
  const filtered = state.projects.filter(
    (p) => stateFilter === 'all' || p.state.toLowerCase() === stateFilter,
  );
  const asked = intParam(req, '$top') ?? DEFAULT_PROJECT_PAGE;
  const top = Math.min(asked, state.projectPageLimit ?? asked);
  const skip = (intParam(req, '$skip') ?? 0) + (intParam(req, 'continuationToken') ?? 0);
  const page = filtered.slice(skip, skip + top);
  const headers: Record<string, string> = {};
  // The token is "how many already fetched" (§6 Paging).
  if (skip + page.length < filtered.length) headers['x-ms-continuationtoken'] = String(skip + page.length);
  return ok(
    { count: page.length, value: page.map((p) => projectReferenceJson(origins, state, p)) },
    200,
    headers,
  );
}

function projectOrThrow(ctx: AdoContext, key: string): AdoProject {
  return ctx.state.project(key) ?? projectNotFound(key);
}

/** `GET [{project}/]_apis/git/repositories[/{repo}]` (§6): org-wide list, per project, or one by id or name. */
function repositories(
  ctx: AdoContext,
  projectKey: string | undefined,
  repoKey: string | undefined,
): SandboxResponse {
  const { state, origins } = ctx;
  const project = projectKey ? projectOrThrow(ctx, projectKey) : undefined;
  if (repoKey !== undefined) {
    const candidates = project ? [project] : state.projects;
    for (const p of candidates) {
      const repo = p.repositories.find(
        (r) => r.id === repoKey.toLowerCase() || r.name.toLowerCase() === repoKey.toLowerCase(),
      );
      if (repo) return ok(repositoryJson(origins, state, p, repo, true));
    }
    throw adoError(
      404,
      `TF401019: The Git repository with name or identifier ${repoKey} does not exist or you do not have permissions for the operation you are attempting.`,
      'GitRepositoryNotFoundException',
    );
  }
  const projects = project ? [project] : state.projects.filter((p) => p.state === 'wellFormed');
  const value = projects.flatMap((p) =>
    p.repositories.map((r) => repositoryJson(origins, state, p, r, false)),
  );
  return ok({ count: value.length, value });
}

/** The portal's data provider for organization policies (§9); an internal route without api-version. */
function organizationPolicy(ctx: AdoContext): SandboxResponse {
  const { req, state } = ctx;
  if (queryParam(req, '__rt') !== 'fps') {
    return {
      status: 200,
      text: '<!DOCTYPE html><html><body>Organization settings</body></html>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
  }
  const setting = state.oauthThirdPartyAccess;
  const disallow = setting === undefined ? true : !setting;
  const policy = (name: string, value: boolean, undefinedValue: boolean, description: string): unknown => ({
    policy: {
      name,
      value,
      effectiveValue: value,
      ...(undefinedValue ? { isValueUndefined: true } : {}),
      parentPolicy: null,
    },
    description,
    learnMoreLink: 'https://aka.ms/vstspolicyoauth',
    applicableServiceHost: 0,
  });
  return ok({
    fps: {
      dataProviders: {
        data: {
          'ms.vss-admin-web.organization-policies-data-provider': {
            policies: {
              applicationConnection: [
                policy(
                  'Policy.DisallowOAuthAuthentication',
                  disallow,
                  setting === undefined,
                  'Third-party application access via OAuth',
                ),
                policy('Policy.DisallowSecureShell', false, true, 'SSH authentication'),
              ],
              security: [
                policy('Policy.LogAuditEvents', false, true, 'Log Audit Events'),
                policy(
                  'Policy.AllowRequestAccessToken',
                  false,
                  true,
                  'Allow team and project administrators to invite new users',
                ),
                policy(
                  'Policy.EnforceAADConditionalAccess',
                  false,
                  true,
                  'Enable IP Conditional Access policy validation',
                ),
              ],
              user: [policy('Policy.DisallowAadGuestUserAccess', false, true, 'External guest access')],
              privacy: [],
            },
          },
        },
      },
    },
  });
}

/** Routes of dev.azure.com other than security; undefined when the path is not one of them. */
export function coreRoute(ctx: AdoContext): SandboxResponse | undefined {
  const { req, path } = ctx;
  const [first, resource, ...rest] = path;
  const method = req.method;
  if (
    first?.toLowerCase() === '_settings' &&
    resource?.toLowerCase() === 'organizationpolicy' &&
    method === 'GET'
  ) {
    return organizationPolicy(ctx);
  }
  // {project}/_apis/git/repositories[/{repo}]
  if (first && first.toLowerCase() !== '_apis' && resource?.toLowerCase() === '_apis') {
    const [area, res, repoKey, ...more] = rest;
    if (
      area?.toLowerCase() === 'git' &&
      res?.toLowerCase() === 'repositories' &&
      more.length === 0 &&
      method === 'GET'
    ) {
      return repositories(ctx, first, repoKey);
    }
    return undefined;
  }
  if (first?.toLowerCase() !== '_apis') return undefined;
  switch (resource?.toLowerCase()) {
    case 'connectiondata':
      if (method !== 'GET') throw notFoundRoute(req);
      return connectionData(ctx);
    case 'resourceareas':
      // An empty list makes azure-devops-node-api keep the organization URL (§10).
      if (method !== 'GET') throw notFoundRoute(req);
      return ok({ count: 0, value: [] });
    case 'projects': {
      if (method !== 'GET' || rest.length > 1) throw notFoundRoute(req);
      const key = rest[0];
      if (key === undefined) return listProjects(ctx);
      return ok(
        projectJson(ctx.origins, ctx.state, projectOrThrow(ctx, key), boolParam(req, 'includeCapabilities')),
      );
    }
    case 'git': {
      const [res, repoKey, ...more] = rest;
      if (res?.toLowerCase() === 'repositories' && more.length === 0 && method === 'GET') {
        return repositories(ctx, undefined, repoKey);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
