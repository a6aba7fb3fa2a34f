/**
 * The rotation lock, read from what Graph and the targets show (no other store exists that every run sees).
 *
 * Rule: take the newest ado-guard secret N (marker.ts). Its rotation is FINISHED when every target of the app was
 * updated at or after N's start (dbt Cloud `updated_at`, ConductorOne `configUpdatedAt`) and no older secret that
 * `retireOld` would remove is left (a target that does not tell its update time counts as holding N). An unfinished N younger than `lockWindowMs` is a rotation IN PROGRESS: other
 * runs leave the app alone (two concurrent runs never rotate twice). An unfinished N older than the window was
 * INTERRUPTED (the run crashed or failed half-way) and the next run repairs it:
 * - no target took N: N is an orphan nobody can use (its value was shown only to the lost run): remove it;
 * - some targets took N, others not: rotate anew, pushing the new secret to every target (N is retired with the rest);
 * - every target took N, older secrets remain: verify the targets, then retire them.
 * Two runs that create a secret at the same moment both see both secrets once Graph shows them; the earlier
 * (startDateTime, then keyId) wins and the other run removes its own (see orchestrate.ts).
 */
import type { GraphPasswordCredential } from '../clients/graph/client.js';
import { byStartThenKey, isAdoGuardSecret, parseMarker, startMs } from './marker.js';
import { retireCandidates, type RetireOld } from './retire.js';

export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; secret: GraphPasswordCredential; rotationId: string; until: number }
  | {
      kind: 'interrupted';
      secret: GraphPasswordCredential;
      rotationId: string;
      /** Targets updated at or after the secret's start: they hold it. */
      holders: string[];
      /** Targets that still hold an older secret. */
      others: string[];
      leftovers: GraphPasswordCredential[];
    };

export interface LockInput {
  secrets: GraphPasswordCredential[];
  /** Each target's last update (ms), undefined when the target does not say. */
  targetsUpdatedAt: Record<string, number | undefined>;
  retireOld: RetireOld;
  now: number;
  lockWindowMs: number;
}

export function newestAdoGuardSecret(
  secrets: GraphPasswordCredential[],
): GraphPasswordCredential | undefined {
  return secrets.filter(isAdoGuardSecret).sort(byStartThenKey).at(-1);
}

export function readLock(input: LockInput): LockState {
  const secret = newestAdoGuardSecret(input.secrets);
  if (!secret) return { kind: 'free' };
  const start = startMs(secret);
  const holders: string[] = [];
  const others: string[] = [];
  for (const [name, updatedAt] of Object.entries(input.targetsUpdatedAt)) {
    // A target that does not say when it changed is assumed to hold N: never remove a secret on a guess.
    (updatedAt === undefined || updatedAt >= start ? holders : others).push(name);
  }
  const leftovers = retireCandidates(input.secrets, secret, input.retireOld);
  if (others.length === 0 && leftovers.length === 0) return { kind: 'free' };
  const rotationId = parseMarker(secret.displayName)?.rotationId ?? '?';
  const until = start + input.lockWindowMs;
  if (input.now < until) return { kind: 'held', secret, rotationId, until };
  return { kind: 'interrupted', secret, rotationId, holders, others, leftovers };
}
