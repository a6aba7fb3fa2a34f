/**
 * The displayName that marks a client secret as ado-guard's: `ado-guard <rotationId> <ISO time>` (DESIGN.md §7).
 * Retirement (`retireOld: ado-guard`) and the lock (lock.ts) recognise ado-guard's secrets by it.
 */
import { randomBytes } from 'node:crypto';
import type { GraphPasswordCredential } from '../clients/graph/client.js';

const MARKER = /^ado-guard ([0-9a-z-]+) (\d{4}-\d{2}-\d{2}T[0-9:.]+Z)$/;

export function newRotationId(): string {
  return randomBytes(6).toString('hex');
}

export function markerName(rotationId: string, at: Date): string {
  return `ado-guard ${rotationId} ${at.toISOString()}`;
}

export function parseMarker(displayName: string | null): { rotationId: string; at: string } | undefined {
  const m = displayName ? MARKER.exec(displayName) : null;
  return m ? { rotationId: m[1]!, at: m[2]! } : undefined;
}

export function isAdoGuardSecret(secret: GraphPasswordCredential): boolean {
  return parseMarker(secret.displayName) !== undefined;
}

/** When a secret starts (or, lacking that, is marked as made), in ms; 0 when unknown. */
export function startMs(secret: GraphPasswordCredential): number {
  const at = Date.parse(secret.startDateTime ?? parseMarker(secret.displayName)?.at ?? '');
  return Number.isNaN(at) ? 0 : at;
}

export function endMs(secret: GraphPasswordCredential): number {
  const at = Date.parse(secret.endDateTime ?? '');
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

export function sameKey(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Newest first by start; ties by keyId so every run orders the same secrets the same way. */
export function byStartThenKey(a: GraphPasswordCredential, b: GraphPasswordCredential): number {
  return startMs(a) - startMs(b) || a.keyId.toLowerCase().localeCompare(b.keyId.toLowerCase());
}
