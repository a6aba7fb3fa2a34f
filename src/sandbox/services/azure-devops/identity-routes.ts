/**
 * vssps.dev.azure.com: the legacy Identities API (§5) and Graph descriptors, storage keys, groups, users, service
 * principals, memberships and subject lookup/query (§5, §7).
 */
import type { AdoIdentity } from '../../state/ado.js';
import type { SandboxResponse } from '../../types.js';
import { descriptorKey } from './acl-engine.js';
import type { AdoContext } from './http.js';
import { adoError, intParam, listParam, notFoundRoute, ok, queryParam } from './http.js';
import { VSSPS_LOCATIONS, locationsOfArea } from './locations.js';
import type { MembershipDepth } from './shapes.js';
import { graphSubjectJson, graphSubjectUrl, identityJson, membershipJson } from './shapes.js';

const GROUP_PAGE = 500;

export function vsspsLocationOptions(area: string | undefined): SandboxResponse {
  const value = locationsOfArea(VSSPS_LOCATIONS, area);
  return ok({ count: value.length, value });
}

function membershipDepth(ctx: AdoContext): MembershipDepth {
  const raw = (queryParam(ctx.req, 'queryMembership') ?? 'None').toLowerCase();
  const known: MembershipDepth[] = ['None', 'Direct', 'Expanded', 'ExpandedUp', 'ExpandedDown'];
  const found = known.find((k) => k.toLowerCase() === raw);
  if (!found) {
    throw adoError(400, `queryMembership: '${raw}' is not one of ${known.join(', ')}.`, 'ArgumentException');
  }
  return found;
}

function matches(identity: AdoIdentity, filter: string, value: string): boolean {
  const v = value.toLowerCase();
  const eq = (s: string | undefined): boolean => s !== undefined && s.toLowerCase() === v;
  switch (filter) {
    case 'general':
      return (
        eq(identity.principalName) ||
        eq(identity.mail) ||
        eq(identity.displayName) ||
        eq(`${identity.domain}\\${identity.principalName}`)
      );
    case 'mailaddress':
      return eq(identity.mail);
    case 'accountname':
      return eq(identity.principalName) || eq(`${identity.domain}\\${identity.principalName}`);
    case 'displayname':
      return eq(identity.displayName);
    case 'localgroupname':
      return identity.kind === 'group' && (eq(identity.principalName) || eq(identity.displayName));
    case 'directoryalias':
      return eq(identity.directoryAlias);
    default:
      return false;
  }
}

/** `GET _apis/identities?searchFilter&filterValue | descriptors | subjectDescriptors | identityIds &queryMembership` (§5). */
function identities(ctx: AdoContext): SandboxResponse {
  const { req, state } = ctx;
  const depth = membershipDepth(ctx);
  const render = (i: AdoIdentity | undefined): unknown => (i ? identityJson(state, i, depth) : null);
  const descriptors = listParam(req, 'descriptors');
  if (descriptors.length > 0) {
    const value = descriptors.map((d) => render(state.identityByDescriptor(d)));
    return ok({ count: value.length, value });
  }
  const subjects = listParam(req, 'subjectDescriptors');
  if (subjects.length > 0) {
    const value = subjects.map((d) => render(state.identityBySubject(d)));
    return ok({ count: value.length, value });
  }
  const ids = listParam(req, 'identityIds');
  if (ids.length > 0) {
    const value = ids.map((id) => render(state.identity(id)));
    return ok({ count: value.length, value });
  }
  const filter = queryParam(req, 'searchFilter');
  const filterValue = queryParam(req, 'filterValue');
  if (!filter || filterValue === undefined) {
    throw adoError(
      400,
      'VS403185: Identities need one of: searchFilter with filterValue, descriptors, subjectDescriptors or identityIds.',
      'ArgumentException',
    );
  }
  const f = filter.toLowerCase();
  if (
    !['general', 'mailaddress', 'accountname', 'displayname', 'localgroupname', 'directoryalias'].includes(f)
  ) {
    throw adoError(
      400,
      `searchFilter: '${filter}' is not one of General, MailAddress, AccountName, DisplayName, LocalGroupName, DirectoryAlias.`,
      'ArgumentException',
    );
  }
  const value: unknown[] = [];
  // Every filter but DirectoryAlias matches a name the state indexes (AccountName may carry a `domain\` prefix).
  const bare = filterValue.slice(filterValue.lastIndexOf('\\') + 1);
  const candidates =
    f === 'directoryalias'
      ? [...state.allIdentities()]
      : [...new Set([...state.identitiesNamed(filterValue), ...state.identitiesNamed(bare)])];
  for (const identity of candidates) if (matches(identity, f, filterValue)) value.push(render(identity));
  return ok({ count: value.length, value });
}

function subjectOrThrow(ctx: AdoContext, descriptor: string | undefined): AdoIdentity {
  const identity = descriptor ? ctx.state.identityBySubject(descriptor) : undefined;
  if (!identity) {
    throw adoError(
      404,
      `VS860018: The subject '${descriptor ?? ''}' does not exist in the organization.`,
      'GraphSubjectNotFoundException',
    );
  }
  return identity;
}

/** `GET graph/descriptors/{storageKey}` → `{value, _links}`; storage keys are VSIDs or project/collection ids. */
function descriptorOf(ctx: AdoContext, storageKey: string | undefined): SandboxResponse {
  const { state, origins } = ctx;
  const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
  let value: string | undefined;
  let subject: string | undefined;
  const identity = storageKey ? state.identity(storageKey) : undefined;
  if (identity) {
    value = identity.subjectDescriptor;
    subject = graphSubjectUrl(origins, state, identity);
  } else if (storageKey) {
    const project = state.project(storageKey);
    if (project && project.id === storageKey.toLowerCase()) value = project.scopeDescriptor;
    else if (storageKey.toLowerCase() === state.organizationId) value = state.collectionScopeDescriptor;
    if (value) subject = `${base}/Scopes/${value}`;
  }
  if (!value || !subject) {
    throw adoError(
      404,
      `VS860018: No subject has the storage key '${storageKey ?? ''}'.`,
      'GraphSubjectNotFoundException',
    );
  }
  return ok({
    value,
    _links: {
      self: { href: `${base}/Descriptors/${storageKey}` },
      storageKey: { href: `${base}/StorageKeys/${value}` },
      subject: { href: subject },
    },
  });
}

/** `GET graph/storagekeys/{descriptor}` → `{value: <VSID or project id>, _links}`. */
function storageKeyOf(ctx: AdoContext, descriptor: string | undefined): SandboxResponse {
  const { state, origins } = ctx;
  const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
  let value: string | undefined;
  if (descriptor) {
    value = state.identityBySubject(descriptor)?.id ?? state.projectOfScope(descriptor)?.id;
    if (!value && descriptor.toLowerCase() === state.collectionScopeDescriptor.toLowerCase())
      value = state.organizationId;
  }
  if (!value) {
    throw adoError(
      404,
      `VS860018: The subject '${descriptor ?? ''}' does not exist in the organization.`,
      'GraphSubjectNotFoundException',
    );
  }
  return ok({
    value,
    _links: {
      self: { href: `${base}/StorageKeys/${descriptor}` },
      descriptor: { href: `${base}/Descriptors/${value}` },
    },
  });
}

/** Paged list with the `X-MS-ContinuationToken` header (§7 step 2). */
function paged(ctx: AdoContext, all: AdoIdentity[]): SandboxResponse {
  const token = queryParam(ctx.req, 'continuationToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) {
    throw adoError(
      400,
      `continuationToken: '${token}' was not issued by this service; start without it.`,
      'ArgumentException',
    );
  }
  const page = all.slice(start, start + GROUP_PAGE);
  const headers: Record<string, string> = {};
  if (start + page.length < all.length) {
    headers['X-MS-ContinuationToken'] = Buffer.from(String(start + page.length), 'utf8').toString(
      'base64url',
    );
  }
  return ok(
    { count: page.length, value: page.map((g) => graphSubjectJson(ctx.origins, ctx.state, g)) },
    200,
    headers,
  );
}

function listGroups(ctx: AdoContext): SandboxResponse {
  const scope = queryParam(ctx.req, 'scopeDescriptor');
  return paged(ctx, ctx.state.groupsOfScope(scope || undefined));
}

function listUsers(ctx: AdoContext): SandboxResponse {
  const kinds = listParam(ctx.req, 'subjectTypes').map((k) => k.toLowerCase());
  const users = [...ctx.state.allIdentities()].filter(
    (i) =>
      i.kind !== 'group' &&
      (kinds.length === 0 || kinds.includes(i.subjectDescriptor.split('.')[0]!.toLowerCase())),
  );
  return paged(ctx, users);
}

/**
 * `GET graph/serviceprincipals`: GraphServicePrincipal entries (with `applicationId`), inactive ones too, paged like
 * groups and users. Unrecorded: the shape follows the public GraphServicePrincipal type (reference §5).
 */
function listServicePrincipals(ctx: AdoContext): SandboxResponse {
  return paged(ctx, ctx.state.servicePrincipals());
}

/** `GET graph/memberships/{subject}?direction=up|down&depth=1` (depth 1 only, §7). */
function listMemberships(ctx: AdoContext, subject: AdoIdentity): SandboxResponse {
  const { req, state, origins } = ctx;
  const direction = (queryParam(req, 'direction') ?? 'up').toLowerCase();
  const depth = intParam(req, 'depth');
  if (depth !== undefined && depth !== 1) {
    throw adoError(
      400,
      `depth: only 1 is supported (got ${depth}); walk nested memberships yourself.`,
      'ArgumentException',
    );
  }
  if (direction !== 'up' && direction !== 'down') {
    throw adoError(400, `direction: '${direction}' is not up or down.`, 'ArgumentException');
  }
  const value =
    direction === 'up'
      ? state.directContainers(subject.id).map((c) => membershipJson(origins, state, subject, c))
      : state.directMembers(subject.id).map((m) => membershipJson(origins, state, m, subject));
  return ok({ count: value.length, value });
}

/** Changing a group's members needs Project Collection Administrators, or Project Administrators of its project. */
function requireManage(ctx: AdoContext, container: AdoIdentity): void {
  const { state } = ctx;
  const principals = state.principalsOf(ctx.caller.identity.descriptor);
  if (principals.has(descriptorKey(state.collectionGroup('admins').descriptor))) return;
  const project = container.projectId ? state.project(container.projectId) : undefined;
  if (
    project &&
    principals.has(descriptorKey(state.projectGroup(project, 'Project Administrators').descriptor))
  )
    return;
  throw adoError(
    403,
    `TF401027: You need the Identity 'ManageMembership' permission to perform this action. Details: identity '${ctx.caller.identity.displayName}', scope '${container.principalName}'.`,
    'AccessCheckException',
  );
}

function membership(ctx: AdoContext, subject: AdoIdentity, container: AdoIdentity): SandboxResponse {
  const { req, state, origins } = ctx;
  if (container.kind !== 'group') {
    throw adoError(
      400,
      `The container '${container.subjectDescriptor}' is not a group.`,
      'ArgumentException',
    );
  }
  const exists = state.isDirectMember(container.id, subject.id);
  const missing = (): never => {
    throw adoError(
      404,
      `VS860017: '${subject.subjectDescriptor}' is not a member of '${container.subjectDescriptor}'.`,
      'GraphMembershipNotFoundException',
    );
  };
  switch (req.method) {
    case 'HEAD':
    case 'GET':
      if (!exists) missing();
      return req.method === 'HEAD' ? { status: 200 } : ok(membershipJson(origins, state, subject, container));
    case 'PUT':
      requireManage(ctx, container);
      if (subject.id === container.id)
        throw adoError(400, 'A group cannot be a member of itself.', 'ArgumentException');
      state.addMembership(container.id, subject.id);
      return ok(membershipJson(origins, state, subject, container), 201);
    case 'DELETE':
      requireManage(ctx, container);
      if (!exists) missing();
      state.removeMembership(container.id, subject.id);
      return { status: 200 };
    default:
      throw notFoundRoute(req);
  }
}

/** `POST graph/subjectlookup` {lookupKeys:[{descriptor}]} → {count, value: {descriptor: subject}} (a dictionary). */
function subjectLookup(ctx: AdoContext): SandboxResponse {
  const body = ctx.req.json<{ lookupKeys?: { descriptor?: string }[] }>();
  if (!Array.isArray(body.lookupKeys)) {
    throw adoError(400, 'Value cannot be null.\r\nParameter name: lookupKeys', 'ArgumentNullException');
  }
  const value: Record<string, unknown> = {};
  for (const key of body.lookupKeys) {
    const identity = key?.descriptor ? ctx.state.identityBySubject(key.descriptor) : undefined;
    if (identity) value[identity.subjectDescriptor] = graphSubjectJson(ctx.origins, ctx.state, identity);
  }
  return ok({ count: Object.keys(value).length, value });
}

/** `POST graph/subjectquery` {query, subjectKind, scopeDescriptor}: prefix match, at most 100 (§5). */
function subjectQuery(ctx: AdoContext): SandboxResponse {
  const body = ctx.req.json<{ query?: string; subjectKind?: string[]; scopeDescriptor?: string }>();
  if (typeof body.query !== 'string' || body.query === '') {
    throw adoError(400, 'Value cannot be null.\r\nParameter name: query', 'ArgumentNullException');
  }
  const q = body.query.toLowerCase();
  const kinds = (body.subjectKind ?? []).map((k) => k.toLowerCase());
  const out: unknown[] = [];
  for (const identity of ctx.state.allIdentities()) {
    const kind = identity.kind === 'servicePrincipal' ? 'serviceprincipal' : identity.kind;
    if (kinds.length > 0 && !kinds.includes(kind)) continue;
    const names = [identity.displayName, identity.principalName, identity.mail ?? ''];
    if (names.some((n) => n.toLowerCase().startsWith(q)))
      out.push(graphSubjectJson(ctx.origins, ctx.state, identity));
    if (out.length >= 100) break;
  }
  return ok({ count: out.length, value: out });
}

/** Routes of vssps under `/{org}/_apis/`; undefined when the path is not one of them. */
export function identityRoute(ctx: AdoContext): SandboxResponse | undefined {
  const { req, path } = ctx;
  const [first, resource, ...rest] = path;
  if (first?.toLowerCase() !== '_apis') return undefined;
  const method = req.method;
  if (resource?.toLowerCase() === 'identities') {
    if (method !== 'GET' || rest.length > 0) throw notFoundRoute(req);
    return identities(ctx);
  }
  if (resource?.toLowerCase() !== 'graph') return undefined;
  const [kind, a, b, ...more] = rest;
  if (more.length > 0) throw notFoundRoute(req);
  switch (kind?.toLowerCase()) {
    case 'descriptors':
      if (method !== 'GET' || b !== undefined) throw notFoundRoute(req);
      return descriptorOf(ctx, a);
    case 'storagekeys':
      if (method !== 'GET' || b !== undefined) throw notFoundRoute(req);
      return storageKeyOf(ctx, a);
    case 'groups':
      if (method !== 'GET' || b !== undefined) throw notFoundRoute(req);
      if (a === undefined) return listGroups(ctx);
      {
        const group = subjectOrThrow(ctx, a);
        if (group.kind !== 'group') subjectOrThrow(ctx, undefined);
        return ok(graphSubjectJson(ctx.origins, ctx.state, group));
      }
    case 'users':
      if (method !== 'GET' || b !== undefined) throw notFoundRoute(req);
      if (a === undefined) return listUsers(ctx);
      return ok(graphSubjectJson(ctx.origins, ctx.state, subjectOrThrow(ctx, a)));
    case 'serviceprincipals':
      if (method !== 'GET' || b !== undefined) throw notFoundRoute(req);
      if (a === undefined) return listServicePrincipals(ctx);
      {
        const sp = subjectOrThrow(ctx, a);
        if (sp.kind !== 'servicePrincipal') subjectOrThrow(ctx, undefined);
        return ok(graphSubjectJson(ctx.origins, ctx.state, sp));
      }
    case 'memberships': {
      const subject = subjectOrThrow(ctx, a);
      if (b === undefined) {
        if (method !== 'GET') throw notFoundRoute(req);
        return listMemberships(ctx, subject);
      }
      return membership(ctx, subject, subjectOrThrow(ctx, b));
    }
    case 'subjectlookup':
      if (method !== 'POST' || a !== undefined) throw notFoundRoute(req);
      return subjectLookup(ctx);
    case 'subjectquery':
      if (method !== 'POST' || a !== undefined) throw notFoundRoute(req);
      return subjectQuery(ctx);
    default:
      return undefined;
  }
}
