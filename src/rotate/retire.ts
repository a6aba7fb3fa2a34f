/**
 * Which older secrets `retireOld` removes once every target verified the new one, and their removal.
 * `ado-guard`: older secrets ado-guard created (marked, marker.ts); `all`: every older secret; `never`: none.
 * A secret created after the new one (by someone else) is never "older".
 */
import type { GraphClient, GraphPasswordCredential } from '../clients/graph/client.js';
import type { Policy } from '../core/policy/schema.js';
import { byStartThenKey, isAdoGuardSecret, sameKey } from './marker.js';

export type RetireOld = Policy['rotation']['retireOld'];

export function retireCandidates(
  secrets: GraphPasswordCredential[],
  kept: GraphPasswordCredential,
  retireOld: RetireOld,
): GraphPasswordCredential[] {
  if (retireOld === 'never') return [];
  return secrets.filter(
    (s) =>
      !sameKey(s.keyId, kept.keyId) &&
      byStartThenKey(s, kept) < 0 &&
      (retireOld === 'all' || isAdoGuardSecret(s)),
  );
}

export interface RetireResult {
  removed: string[];
  /** Already gone (e.g. removed by a concurrent run): fine. */
  absent: string[];
}

export async function retireSecrets(
  graph: GraphClient,
  applicationObjectId: string,
  keyIds: string[],
): Promise<RetireResult> {
  const result: RetireResult = { removed: [], absent: [] };
  for (const keyId of keyIds) {
    const outcome = await graph.removePassword(applicationObjectId, keyId);
    (outcome === 'removed' ? result.removed : result.absent).push(keyId);
  }
  return result;
}
