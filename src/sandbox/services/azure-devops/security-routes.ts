/**
 * dev.azure.com security APIs: namespaces (§1), ACL query (§2), ACE/ACL writes and permission removal (§3),
 * has-permission for the caller (§4).
 */
import type { NamespaceAcls, StoredAce, StoredAcl } from './acl-engine.js';
import { descriptorKey } from './acl-engine.js';
import type { AdoContext } from './http.js';
import { adoError, boolParam, listParam, notFoundRoute, ok, queryParam } from './http.js';
import { SECURITY_NAMESPACES } from './security-namespaces.js';
import type { SandboxResponse } from '../../types.js';

function namespaceOrThrow(ctx: AdoContext, id: string | undefined): NamespaceAcls {
  const acls = id ? ctx.state.namespace(id) : undefined;
  if (!acls) {
    throw adoError(
      404,
      `TF200019: The security namespace '${id ?? ''}' does not exist. List the namespaces with GET _apis/securitynamespaces.`,
      'InvalidSecurityNamespaceIdException',
    );
  }
  return acls;
}

function actionNames(acls: NamespaceAcls, bits: number): string {
  const names = acls.namespace.actions.filter((a) => (a.bit & bits) !== 0).map((a) => a.name);
  return names.length > 0 ? names.join(', ') : String(bits);
}

/**
 * Project Collection Administrators pass every security check (the has-permission path's
 * alwaysAllowAdministrators, §2 step 6 and §4), even below an ACL that does not inherit.
 */
function isCollectionAdmin(ctx: AdoContext, principals: ReadonlySet<string>): boolean {
  return principals.has(descriptorKey(ctx.state.collectionGroup('admins').descriptor));
}

/** The caller needs `bits` on `token` by the same evaluation as everyone else (§1 readPermission/writePermission). */
function requirePermission(ctx: AdoContext, acls: NamespaceAcls, token: string, bits: number): void {
  if (bits === 0) return;
  const caller = ctx.caller.identity;
  const principals = ctx.state.principalsOf(caller.descriptor);
  if (isCollectionAdmin(ctx, principals)) return;
  const effective = acls.evaluate(token, caller.descriptor, principals, 'write');
  if ((effective.effectiveAllow & bits) !== bits) {
    throw adoError(
      403,
      `TF401027: You need the ${acls.namespace.name} '${actionNames(acls, bits)}' permission to perform this action. Details: identity '${caller.displayName}', scope '${token}'.`,
      'AccessCheckException',
    );
  }
}

function canRead(
  ctx: AdoContext,
  acls: NamespaceAcls,
  token: string,
  principals: ReadonlySet<string>,
): boolean {
  const bits = acls.namespace.readPermission;
  if (bits === 0 || isCollectionAdmin(ctx, principals)) return true;
  const effective = acls.evaluate(token, ctx.caller.identity.descriptor, principals, 'write');
  return (effective.effectiveAllow & bits) === bits;
}

/** `extendedInfo` leaves out zero-valued fields (§2, recorded `{}` and `{"effectiveDeny":65536}`). */
function extendedInfo(bits: {
  effectiveAllow: number;
  effectiveDeny: number;
  inheritedAllow: number;
  inheritedDeny: number;
}): Record<string, number> {
  const out: Record<string, number> = {};
  if (bits.inheritedAllow) out.inheritedAllow = bits.inheritedAllow;
  if (bits.inheritedDeny) out.inheritedDeny = bits.inheritedDeny;
  if (bits.effectiveAllow) out.effectiveAllow = bits.effectiveAllow;
  if (bits.effectiveDeny) out.effectiveDeny = bits.effectiveDeny;
  return out;
}

function securityNamespaces(ctx: AdoContext, id: string | undefined): SandboxResponse {
  const value = id
    ? SECURITY_NAMESPACES.filter((ns) => ns.namespaceId === id.toLowerCase())
    : SECURITY_NAMESPACES;
  return ok({ count: value.length, value });
}

/** `GET accesscontrollists/{ns}?token&descriptors&includeExtendedInfo&recurse` (§2). */
function queryAcls(ctx: AdoContext, acls: NamespaceAcls): SandboxResponse {
  const { req, state } = ctx;
  const token = queryParam(req, 'token');
  const descriptors = listParam(req, 'descriptors');
  const withInfo = boolParam(req, 'includeExtendedInfo');
  const recurse = boolParam(req, 'recurse');

  let selected: StoredAcl[];
  if (token === undefined || token === '') {
    selected = acls.list('read');
  } else {
    const stored = acls.get(token, 'read');
    // No stored ACL at the token: an empty, inheriting one so effective permissions still come back (§2).
    const synthesized: StoredAcl | undefined =
      stored ?? (withInfo ? { token, inheritPermissions: true, aces: new Map() } : undefined);
    selected = synthesized ? [synthesized] : [];
    if (recurse) selected.push(...acls.children(token, 'read'));
  }

  const callerPrincipals = state.principalsOf(ctx.caller.identity.descriptor);
  if (token) requirePermission(ctx, acls, token, acls.namespace.readPermission);
  else selected = selected.filter((acl) => canRead(ctx, acls, acl.token, callerPrincipals));

  // Each descriptor's expanded group set is computed once per request (not once per ACL).
  const principalCache = new Map<string, Set<string>>();
  const principals = (descriptor: string): Set<string> => {
    const key = descriptorKey(descriptor);
    let set = principalCache.get(key);
    if (!set) principalCache.set(key, (set = state.principalsOf(descriptor)));
    return set;
  };

  const value = selected.map((acl) => {
    const aces: StoredAce[] =
      descriptors.length > 0
        ? descriptors.map((d) => acl.aces.get(descriptorKey(d)) ?? { descriptor: d, allow: 0, deny: 0 })
        : [...acl.aces.values()];
    const acesDictionary: Record<string, unknown> = {};
    for (const ace of aces) {
      acesDictionary[ace.descriptor] = {
        descriptor: ace.descriptor,
        allow: ace.allow,
        deny: ace.deny,
        ...(withInfo
          ? {
              extendedInfo: extendedInfo(
                acls.evaluate(acl.token, ace.descriptor, principals(ace.descriptor), 'read'),
              ),
            }
          : {}),
      };
    }
    return {
      inheritPermissions: acl.inheritPermissions,
      token: acl.token,
      acesDictionary,
      includeExtendedInfo: withInfo,
    };
  });
  return ok({ count: value.length, value });
}

interface AceBody {
  descriptor?: unknown;
  allow?: unknown;
  deny?: unknown;
}

function parseAce(raw: AceBody, field: string): StoredAce {
  if (typeof raw?.descriptor !== 'string' || raw.descriptor === '') {
    throw adoError(
      400,
      `Value cannot be null.\r\nParameter name: ${field}.descriptor`,
      'ArgumentNullException',
    );
  }
  const allow = raw.allow ?? 0;
  const deny = raw.deny ?? 0;
  if (
    typeof allow !== 'number' ||
    typeof deny !== 'number' ||
    !Number.isInteger(allow) ||
    !Number.isInteger(deny)
  ) {
    throw adoError(
      400,
      `${field}: allow and deny must be integers (permission bit masks).`,
      'ArgumentException',
    );
  }
  return { descriptor: raw.descriptor, allow, deny };
}

/** `POST accesscontrolentries/{ns}` {token, merge, accessControlEntries} → {count, value} (§3). */
function setAces(ctx: AdoContext, acls: NamespaceAcls): SandboxResponse {
  const body = ctx.req.json<{ token?: unknown; merge?: unknown; accessControlEntries?: unknown }>();
  if (typeof body.token !== 'string' || body.token === '') {
    throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
  }
  if (!Array.isArray(body.accessControlEntries)) {
    throw adoError(
      400,
      'Value cannot be null.\r\nParameter name: accessControlEntries',
      'ArgumentNullException',
    );
  }
  const aces = body.accessControlEntries.map((raw: AceBody, i) =>
    parseAce(raw, `accessControlEntries[${i}]`),
  );
  requirePermission(ctx, acls, body.token, acls.namespace.writePermission);
  const value = acls.setAces(body.token, aces, body.merge === true);
  return ok({ count: value.length, value });
}

/** `DELETE accesscontrolentries/{ns}?token&descriptors` → true (§3). */
function removeAces(ctx: AdoContext, acls: NamespaceAcls): SandboxResponse {
  const token = queryParam(ctx.req, 'token');
  const descriptors = listParam(ctx.req, 'descriptors');
  if (!token) throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
  if (descriptors.length === 0) {
    throw adoError(400, 'Value cannot be null.\r\nParameter name: descriptors', 'ArgumentNullException');
  }
  requirePermission(ctx, acls, token, acls.namespace.writePermission);
  return ok(acls.removeAces(token, descriptors));
}

/** `DELETE permissions/{ns}/{bits}?descriptor&token` → the updated ACE (§3). */
function removePermissions(ctx: AdoContext, acls: NamespaceAcls, bitsText: string): SandboxResponse {
  const token = queryParam(ctx.req, 'token');
  const descriptor = queryParam(ctx.req, 'descriptor');
  if (!token) throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
  if (!descriptor)
    throw adoError(400, 'Value cannot be null.\r\nParameter name: descriptor', 'ArgumentNullException');
  if (!/^\d+$/.test(bitsText)) {
    throw adoError(
      400,
      `The permissions '${bitsText}' in the path are not an integer bit mask.`,
      'ArgumentException',
    );
  }
  requirePermission(ctx, acls, token, acls.namespace.writePermission);
  return ok(acls.removePermissions(token, descriptor, Number(bitsText)));
}

/** `GET permissions/{ns}/{bits}?tokens&alwaysAllowAdministrators&delimiter`: evaluates for the caller only (§4). */
function hasPermissions(ctx: AdoContext, acls: NamespaceAcls, bitsText: string): SandboxResponse {
  const bits = Number(bitsText);
  const delimiter = queryParam(ctx.req, 'delimiter') || ',';
  const tokens = (queryParam(ctx.req, 'tokens') ?? queryParam(ctx.req, 'token') ?? '').split(delimiter);
  const caller = ctx.caller.identity;
  const principals = ctx.state.principalsOf(caller.descriptor);
  const admin = boolParam(ctx.req, 'alwaysAllowAdministrators') && isCollectionAdmin(ctx, principals);
  const value = tokens.map(
    (t) => admin || (acls.evaluate(t, caller.descriptor, principals, 'read').effectiveAllow & bits) === bits,
  );
  return ok({ count: value.length, value });
}

/** `POST accesscontrollists/{ns}` {value:[{token, inheritPermissions, acesDictionary}]}: overwrites (§3). */
function setAcls(ctx: AdoContext, acls: NamespaceAcls): SandboxResponse {
  const body = ctx.req.json<{ value?: unknown }>();
  if (!Array.isArray(body.value)) {
    throw adoError(
      400,
      'Value cannot be null.\r\nParameter name: accessControlLists (the body needs {"value":[…]})',
      'ArgumentNullException',
    );
  }
  const parsed = body.value.map(
    (raw: { token?: unknown; inheritPermissions?: unknown; acesDictionary?: unknown }, i) => {
      if (typeof raw?.token !== 'string' || raw.token === '') {
        throw adoError(
          400,
          `Value cannot be null.\r\nParameter name: value[${i}].token`,
          'ArgumentNullException',
        );
      }
      const dict = (raw.acesDictionary ?? {}) as Record<string, AceBody>;
      const aces = Object.entries(dict).map(([key, ace]) =>
        parseAce({ descriptor: key, ...ace }, `value[${i}].acesDictionary`),
      );
      return { token: raw.token, inherit: raw.inheritPermissions !== false, aces };
    },
  );
  for (const acl of parsed) requirePermission(ctx, acls, acl.token, acls.namespace.writePermission);
  for (const acl of parsed) acls.setAcl(acl.token, acl.inherit, acl.aces);
  return { status: 204 };
}

/** `DELETE accesscontrollists/{ns}?tokens&recurse` → true/false (§3). */
function removeAcls(ctx: AdoContext, acls: NamespaceAcls): SandboxResponse {
  const tokens = listParam(ctx.req, 'tokens');
  if (tokens.length === 0)
    throw adoError(400, 'Value cannot be null.\r\nParameter name: tokens', 'ArgumentNullException');
  for (const token of tokens) requirePermission(ctx, acls, token, acls.namespace.writePermission);
  return ok(acls.removeAcls(tokens, boolParam(ctx.req, 'recurse')));
}

/** `POST _apis/security/permissionevaluationbatch`: echoes each evaluation with its value, for the caller (§4). */
function permissionEvaluationBatch(ctx: AdoContext): SandboxResponse {
  const body = ctx.req.json<{ alwaysAllowAdministrators?: unknown; evaluations?: unknown }>();
  if (!Array.isArray(body.evaluations)) {
    throw adoError(400, 'Value cannot be null.\r\nParameter name: evaluations', 'ArgumentNullException');
  }
  const caller = ctx.caller.identity;
  const principals = ctx.state.principalsOf(caller.descriptor);
  const admin = body.alwaysAllowAdministrators === true && isCollectionAdmin(ctx, principals);
  const evaluations = body.evaluations.map(
    (raw: { securityNamespaceId?: unknown; token?: unknown; permissions?: unknown }, i) => {
      if (
        typeof raw?.securityNamespaceId !== 'string' ||
        typeof raw.token !== 'string' ||
        typeof raw.permissions !== 'number'
      ) {
        throw adoError(
          400,
          `evaluations[${i}]: needs securityNamespaceId (string), token (string) and permissions (number).`,
          'ArgumentException',
        );
      }
      const acls = namespaceOrThrow(ctx, raw.securityNamespaceId);
      const allowed = acls.evaluate(raw.token, caller.descriptor, principals, 'read').effectiveAllow;
      return { ...raw, value: admin || (allowed & raw.permissions) === raw.permissions };
    },
  );
  return ok({ alwaysAllowAdministrators: body.alwaysAllowAdministrators === true, evaluations });
}

/** Routes under `/{org}/_apis/` whose first segment is a security resource; undefined when not one. */
export function securityRoute(ctx: AdoContext): SandboxResponse | undefined {
  const [, resource, nsId, extra, ...rest] = ctx.path;
  const method = ctx.req.method;
  switch (resource?.toLowerCase()) {
    case 'security':
      if (method !== 'POST' || nsId?.toLowerCase() !== 'permissionevaluationbatch' || extra !== undefined) {
        throw notFoundRoute(ctx.req);
      }
      return permissionEvaluationBatch(ctx);
    case 'securitynamespaces':
      if (method !== 'GET' || extra !== undefined) throw notFoundRoute(ctx.req);
      return securityNamespaces(ctx, nsId);
    case 'accesscontrollists': {
      if (extra !== undefined) throw notFoundRoute(ctx.req);
      const acls = namespaceOrThrow(ctx, nsId);
      if (method === 'GET') return queryAcls(ctx, acls);
      if (method === 'POST') return setAcls(ctx, acls);
      if (method === 'DELETE') return removeAcls(ctx, acls);
      throw notFoundRoute(ctx.req);
    }
    case 'accesscontrolentries': {
      if (extra !== undefined) throw notFoundRoute(ctx.req);
      const acls = namespaceOrThrow(ctx, nsId);
      if (method === 'POST') return setAces(ctx, acls);
      if (method === 'DELETE') return removeAces(ctx, acls);
      throw notFoundRoute(ctx.req);
    }
    case 'permissions': {
      if (extra === undefined || rest.length > 0) throw notFoundRoute(ctx.req);
      const acls = namespaceOrThrow(ctx, nsId);
      if (method === 'DELETE') return removePermissions(ctx, acls, extra);
      if (method === 'GET') return hasPermissions(ctx, acls, extra);
      throw notFoundRoute(ctx.req);
    }
    default:
      return undefined;
  }
}
