/**
 * The proof that a new secret works before any target gets it (reference graph-entra.md §2.5): wait until Graph
 * shows the keyId in several reads in a row, then request a token with a fresh credential, retrying
 * AADSTS7000215 (what Entra answers while a secret propagates) only within a bounded window.
 */
import type { ProveClientSecretResult } from '../clients/auth/index.js';
import type { GraphApplication, GraphClient } from '../clients/graph/client.js';
import { OperationalError } from '../core/errors.js';
import type { RotationClock, RotationLimits } from './clock.js';
import { sameKey } from './marker.js';

export const PROPAGATION_CODE = 'AADSTS7000215';

/** Answers the app as Graph shows it once the keyId was seen `visibleReadsInARow` times in a row. */
export async function waitUntilVisible(
  graph: GraphClient,
  appId: string,
  keyId: string,
  clock: RotationClock,
  limits: RotationLimits,
): Promise<{ app: GraphApplication; reads: number }> {
  const deadline = clock.now() + limits.visibleTimeoutMs;
  let inARow = 0;
  for (let reads = 1; ; reads++) {
    const app = await graph.application(appId);
    inARow = app?.passwordCredentials.some((p) => sameKey(p.keyId, keyId)) ? inARow + 1 : 0;
    if (inARow >= limits.visibleReadsInARow && app) return { app, reads };
    if (clock.now() >= deadline) {
      throw new OperationalError(
        `Microsoft Graph did not show the new client secret ${keyId} of app ${appId} consistently within ` +
          `${Math.round(limits.visibleTimeoutMs / 1000)} s.`,
        'Microsoft Graph',
      );
    }
    await clock.sleep(limits.visibleIntervalMs);
  }
}

export type ProveFn = (secret: string) => Promise<ProveClientSecretResult>;

export type ProveOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; message: string };

/** `createdAt` is when the secret was made: the propagation window runs from there. */
export async function proveWithinWindow(
  prove: ProveFn,
  secret: string,
  createdAt: number,
  clock: RotationClock,
  limits: RotationLimits,
): Promise<ProveOutcome> {
  const deadline = createdAt + limits.proveWindowMs;
  let delay = limits.proveFirstDelayMs;
  for (let attempts = 1; ; attempts++) {
    const result = await prove(secret);
    if (result.ok) return { ok: true, attempts };
    const propagating = result.code === PROPAGATION_CODE;
    if (!propagating || clock.now() + delay > deadline) {
      const why = propagating
        ? `Entra still refused it (${PROPAGATION_CODE}) ${Math.round(limits.proveWindowMs / 1000)} s after it was created`
        : result.message;
      return { ok: false, attempts, message: why };
    }
    await clock.sleep(delay);
    delay = Math.min(delay * 2, limits.proveMaxDelayMs);
  }
}
