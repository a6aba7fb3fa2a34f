/** Is rotation due? The newest secret's age against maxAgeDays, the latest expiry against minRemainingDays. */
import type { GraphPasswordCredential } from '../clients/graph/client.js';
import { endMs, startMs } from './marker.js';

export const DAY_MS = 86_400_000;

export interface DecideInput {
  secrets: GraphPasswordCredential[];
  now: number;
  maxAgeDays: number;
  minRemainingDays: number;
  force: boolean;
}

export interface Decision {
  rotate: boolean;
  /** In words, for the report and the timeline. */
  reason: string;
}

const days = (ms: number) => Math.floor(ms / DAY_MS);

export function decide(input: DecideInput): Decision {
  const { secrets, now, maxAgeDays, minRemainingDays, force } = input;
  if (secrets.length === 0) return { rotate: true, reason: 'the app has no client secret' };
  const newestStart = Math.max(...secrets.map(startMs));
  const latestEnd = Math.max(...secrets.map(endMs));
  const age = now - newestStart;
  const remaining = latestEnd - now;
  const facts = `newest secret ${days(age)} days old, latest expiry in ${days(remaining)} days`;
  if (remaining <= 0) return { rotate: true, reason: `every client secret has expired (${facts})` };
  if (age > maxAgeDays * DAY_MS) {
    return { rotate: true, reason: `${facts}: older than maxAgeDays ${maxAgeDays}` };
  }
  if (remaining < minRemainingDays * DAY_MS) {
    return { rotate: true, reason: `${facts}: expires within minRemainingDays ${minRemainingDays}` };
  }
  if (force) return { rotate: true, reason: `--force (${facts})` };
  return { rotate: false, reason: `not due: ${facts}` };
}
