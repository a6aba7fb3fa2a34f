/**
 * Descriptor encodings of Azure DevOps (reference/azure-devops.md §0 "Descriptor kinds").
 * - vssgp.<base64url(SID)>: a group's subject descriptor encodes its SID; its identity descriptor is
 *   `Microsoft.TeamFoundation.Identity;<SID>`.
 * - aad.<base64url(guid)> and scp.<base64url(guid)> encode a guid that is NOT the Entra object id, the VSID or
 *   the project id: callers must resolve them through the API, so the sandbox makes fresh guids for them.
 */
import type { Rng } from '../../ports.js';

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
export const GROUP_IDENTITY_PREFIX = 'Microsoft.TeamFoundation.Identity;';
export const USER_IDENTITY_PREFIX = 'Microsoft.IdentityModel.Claims.ClaimsIdentity;';
/** Service principals added to an org (unverified by any recording: resolve through the API, never by hand). */
export const SERVICE_PRINCIPAL_IDENTITY_PREFIX =
  'Microsoft.VisualStudio.Services.Claims.AadServicePrincipal;';

export function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

export function groupSubjectDescriptor(sid: string): string {
  return `vssgp.${base64Url(sid)}`;
}

export function groupIdentityDescriptor(sid: string): string {
  return `${GROUP_IDENTITY_PREFIX}${sid}`;
}

/** `vssgp.…` → the group's identity descriptor, or undefined when it is not a group subject descriptor. */
export function identityDescriptorOfGroupSubject(subjectDescriptor: string): string | undefined {
  if (!subjectDescriptor.startsWith('vssgp.')) return undefined;
  const sid = fromBase64Url(subjectDescriptor.slice('vssgp.'.length));
  return sid?.startsWith('S-1-9-') ? groupIdentityDescriptor(sid) : undefined;
}

export function userIdentityDescriptor(tenantId: string, principalName: string): string {
  return `${USER_IDENTITY_PREFIX}${tenantId}\\${principalName}`;
}

/** An opaque subject descriptor of `kind` (aad, aadsp, scp, …) over a fresh guid. */
export function opaqueDescriptor(kind: string, rng: Rng): string {
  return `${kind}.${base64Url(seededGuid(rng))}`;
}

function uint32(rng: Rng): number {
  return Math.floor(rng.next() * 0x1_0000_0000);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    HEX[(value >>> 24) & 0xff]! +
    HEX[(value >>> 16) & 0xff]! +
    HEX[(value >>> 8) & 0xff]! +
    HEX[value & 0xff]!
  );
}

/**
 * A v4-shaped GUID from the seeded RNG, cheaper than Rng.guid() (the large scenario makes ~100k of them).
 * Deterministic for a seed, like every id the sandbox makes.
 */
export function seededGuid(rng: Rng): string {
  const a = hex32(uint32(rng));
  const b = hex32(uint32(rng));
  const c = hex32(uint32(rng));
  const d = hex32(uint32(rng));
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** The four 32-bit words after `S-1-9-1551374245-` that identify a scope (collection or project). */
export function scopeSidPrefix(rng: Rng): string {
  return `S-1-9-1551374245-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}`;
}

/** Well-known groups of a scope have fixed suffixes (Project Administrators -0-0-0-0-1, Valid Users -0-0-0-0-3). */
export function wellKnownSid(scopePrefix: string, suffix: string): string {
  return `${scopePrefix}-${suffix}`;
}

/** Other groups (Readers, Contributors, teams, custom groups) get `-1-` and four random words. */
export function randomGroupSid(scopePrefix: string, rng: Rng): string {
  return `${scopePrefix}-1-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}`;
}

export function isGuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
