/**
 * `PATCH /applications/{id}` semantics (reference/graph-entra.md §1.6): properties left out keep their value,
 * complex types merge property by property, collections are replaced whole, passwordCredentials are refused.
 */
import type { ApplicationRecord } from '../../state/entra.js';

const READ_ONLY = new Set([
  'id',
  'appId',
  'createdDateTime',
  'deletedDateTime',
  'publisherDomain',
  'applicationTemplateId',
  'disabledByMicrosoftStatus',
]);
const SIGN_IN_AUDIENCES = [
  'AzureADMyOrg',
  'AzureADMultipleOrgs',
  'AzureADandPersonalMicrosoftAccount',
  'PersonalMicrosoftAccount',
];

export type PatchResult = { ok: true } | { ok: false; message: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge `patch` into `target`: objects recursively, everything else (arrays included) replaced. */
function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('@')) continue;
    const current = target[k];
    if (isPlainObject(v) && isPlainObject(current)) mergeInto(current, v);
    else target[k] = structuredClone(v);
  }
}

function validRedirectUri(uri: unknown): boolean {
  if (typeof uri !== 'string' || uri.length > 256) return false;
  try {
    const u = new URL(uri);
    return (
      u.protocol === 'https:' ||
      (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1'))
    );
  } catch {
    return false;
  }
}

/** A value must keep the shape of what it replaces; nested objects may only name existing properties. */
function checkValue(path: string, current: unknown, value: unknown): string | undefined {
  if (value === null) {
    return isPlainObject(current) || Array.isArray(current)
      ? `Invalid value for property '${path}': it cannot be null.`
      : undefined;
  }
  if (current === null || current === undefined) return undefined;
  if (!isPlainObject(current) && !Array.isArray(current) && typeof value === 'object') {
    return `Invalid value for property '${path}': expected a single value, not an object or a collection.`;
  }
  if (Array.isArray(current) !== Array.isArray(value)) {
    return `Invalid value for property '${path}': expected ${Array.isArray(current) ? 'a collection' : 'a single value'}.`;
  }
  if (isPlainObject(current)) {
    if (!isPlainObject(value)) return `Invalid value for property '${path}': expected an object.`;
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@')) continue;
      if (!(k in current)) return `Property '${path}.${k}' does not exist on the type of '${path}'.`;
      const problem = checkValue(`${path}.${k}`, current[k], v);
      if (problem) return problem;
    }
  }
  return undefined;
}

function validateBody(app: ApplicationRecord, body: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@')) continue;
    if (k === 'passwordCredentials') {
      return "Property 'passwordCredentials' cannot be updated with PATCH; use the addPassword and removePassword actions.";
    }
    if (k === 'federatedIdentityCredentials')
      return "Property 'federatedIdentityCredentials' is a navigation property and cannot be set with PATCH.";
    if (READ_ONLY.has(k)) return `Property '${k}' is read-only and cannot be set.`;
    if (!(k in app.props))
      return `Property '${k}' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type.`;
    const problem = checkValue(k, app.props[k], v);
    if (problem) return problem;
  }
  if ('signInAudience' in body && !SIGN_IN_AUDIENCES.includes(String(body.signInAudience))) {
    return `Invalid value for property 'signInAudience': '${String(body.signInAudience)}'. Expected one of ${SIGN_IN_AUDIENCES.join(', ')}.`;
  }
  if ('displayName' in body && (typeof body.displayName !== 'string' || !body.displayName.trim())) {
    return "Invalid value for property 'displayName': a non-empty string is required.";
  }
  for (const platform of ['web', 'spa', 'publicClient']) {
    const p = body[platform];
    if (isPlainObject(p) && 'redirectUris' in p) {
      if (!Array.isArray(p.redirectUris))
        return `Invalid value for property '${platform}.redirectUris': expected a collection of strings.`;
      const bad = p.redirectUris.find((u) => !validRedirectUri(u));
      if (bad !== undefined)
        return `One or more properties contains invalid values: '${platform}.redirectUris' has '${String(bad)}', which is not an https URI (http is allowed only for localhost).`;
    }
  }
  if ('requiredResourceAccess' in body) {
    const rra = body.requiredResourceAccess;
    const ok =
      Array.isArray(rra) &&
      rra.every(
        (r) =>
          isPlainObject(r) &&
          typeof r.resourceAppId === 'string' &&
          Array.isArray(r.resourceAccess) &&
          r.resourceAccess.every(
            (a) => isPlainObject(a) && typeof a.id === 'string' && (a.type === 'Scope' || a.type === 'Role'),
          ),
      );
    if (!ok)
      return "Invalid value for property 'requiredResourceAccess': expected [{resourceAppId, resourceAccess: [{id, type: 'Scope'|'Role'}]}].";
    if (rra.length > 50) return 'requiredResourceAccess: at most 50 resource APIs are allowed.';
  }
  return undefined;
}

export function patchApplication(app: ApplicationRecord, body: unknown): PatchResult {
  if (!isPlainObject(body))
    return { ok: false, message: 'The request body must be a JSON object with the properties to update.' };
  const problem = validateBody(app, body);
  if (problem) return { ok: false, message: problem };
  mergeInto(app.props, body);
  return { ok: true };
}
