/**
 * addPassword with an endDateTime inside the tenant's app management policy (reference graph-entra.md §2.3):
 * read the lifetime restriction when permitted and clamp; on CredentialInvalidLifetimeAsPerAppPolicy retry once
 * with the allowed lifetime. The new secret is handed to `mask` before anything else happens with it.
 */
import type { GraphApplication, GraphClient, GraphNewPassword } from '../clients/graph/client.js';
import { HttpError } from '../clients/http/index.js';
import { OperationalError } from '../core/errors.js';
import { DAY_MS } from './decide.js';

const GRAPH = 'Microsoft Graph';
/**
 * addPassword is not idempotent, so the HTTP layer does not retry it. When its answer is lost (no answer, or a
 * 5xx) Graph may or may not have made the secret; we ask again, at most this many more times, with the same
 * displayName. A secret made for a lost answer carries that displayName too, and the rotation removes it once Graph
 * shows the one whose value we hold (removeLostAnswerSecrets).
 */
const LOST_ANSWER_RETRIES = 3;

function answerLost(error: unknown): boolean {
  return error instanceof HttpError && (error.status === undefined || error.status >= 500);
}

async function addPasswordOnceAnswered(
  graph: GraphClient,
  app: GraphApplication,
  input: { displayName: string; endDateTime: string },
): ReturnType<GraphClient['addPassword']> {
  for (let retry = 0; ; retry++) {
    try {
      return await graph.addPassword(app.id, input);
    } catch (error) {
      if (retry >= LOST_ANSWER_RETRIES || !answerLost(error)) throw error;
    }
  }
}
/** Keeps a clamped endDateTime inside the policy despite clock skew between us and Entra. */
const CLAMP_MARGIN_MS = 60 * 60_000;
/** An ISO 8601 duration inside a sentence, e.g. "the maximum lifetime is P90D". */
const ISO_DURATION_IN_TEXT = /\bP(?:(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?|T(?:\d+[HMS])+)\b/;

/** ISO 8601 duration to ms (Y = 365 days, M = 30 days, as Entra counts); undefined when not one. */
export function durationMs(text: string): number | undefined {
  const m =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text.trim(),
    );
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  return (n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4)) * DAY_MS + n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000;
}

export interface CreateSecretInput {
  graph: GraphClient;
  app: GraphApplication;
  displayName: string;
  lifetimeDays: number;
  now: number;
  /** Called with the secret value the moment Graph returns it. */
  mask: (secret: string) => void;
}

export interface CreatedSecret {
  credential: GraphNewPassword;
  /** What decided the endDateTime, for the timeline. */
  lifetimeNote: string;
}

/** The policy's maximum lifetime in ms; undefined when none applies or we may not read it. */
async function policyMaxLifetime(graph: GraphClient, app: GraphApplication): Promise<number | undefined> {
  try {
    const restriction = await graph.passwordLifetime(app.id);
    return restriction ? durationMs(restriction.maxLifetime) : undefined;
  } catch (error) {
    // Policy.Read.All is optional: without it we rely on the retry below.
    if (error instanceof HttpError && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}

export async function createSecret(input: CreateSecretInput): Promise<CreatedSecret> {
  const { graph, app, displayName, now } = input;
  const wantedMs = input.lifetimeDays * DAY_MS;
  const maxMs = await policyMaxLifetime(graph, app);
  let lifetimeMs = maxMs !== undefined && maxMs < wantedMs ? maxMs - CLAMP_MARGIN_MS : wantedMs;
  let note =
    lifetimeMs < wantedMs
      ? `lifetime clamped to the app management policy (${Math.floor(lifetimeMs / DAY_MS)} days)`
      : `lifetime ${input.lifetimeDays} days`;

  for (let attempt = 1; ; attempt++) {
    const endDateTime = new Date(now + lifetimeMs).toISOString();
    const result = await addPasswordOnceAnswered(graph, app, { displayName, endDateTime });
    if (result.ok) {
      input.mask(result.credential.secretText);
      if (!result.credential.secretText) {
        throw new OperationalError(
          `Microsoft Graph created client secret ${result.credential.keyId} on app ${app.appId} but returned no value; ` +
            'the next run removes it as an orphan.',
          GRAPH,
        );
      }
      return { credential: result.credential, lifetimeNote: note };
    }
    const { code, message, details } = result.refusal;
    if (code === 'CredentialInvalidLifetimeAsPerAppPolicy' && attempt === 1) {
      const allowed = allowedLifetime(details, message) ?? (await policyMaxLifetime(graph, app));
      if (allowed !== undefined && allowed - CLAMP_MARGIN_MS < lifetimeMs) {
        lifetimeMs = allowed - CLAMP_MARGIN_MS;
        note = `lifetime shortened to ${Math.floor(lifetimeMs / DAY_MS)} days after Entra refused ${Math.floor(
          wantedMs / DAY_MS,
        )} (app management policy)`;
        continue;
      }
      throw new OperationalError(
        `Entra refused a client secret lifetime of ${input.lifetimeDays} days for app ${app.appId} (${code}) and ` +
          'did not say the allowed maximum: lower rotation.lifetimeDays to the maximum of the tenant app management ' +
          'policy, or grant ado-guard Policy.Read.All so it can read it.',
        GRAPH,
        400,
      );
    }
    if (code === 'CredentialTypeNotAllowedAsPerAppPolicy') {
      throw new OperationalError(
        `The tenant's app management policy blocks new client secrets (passwordAddition) for app ${app.appId}: ` +
          'ask an Entra administrator to exempt the app from the restriction; nothing was changed.',
        GRAPH,
        400,
      );
    }
    throw new OperationalError(
      `Microsoft Graph refused addPassword on app ${app.appId}: ${code}: ${message}${
        details.length ? ` (${details.join('; ')})` : ''
      }.`,
      GRAPH,
      400,
    );
  }
}

/** The allowed lifetime named in the refusal, e.g. "the maximum lifetime is P90D". */
function allowedLifetime(details: string[], message: string): number | undefined {
  for (const text of [...details, message]) {
    const found = ISO_DURATION_IN_TEXT.exec(text);
    const ms = found ? durationMs(found[0]) : undefined;
    if (ms !== undefined && ms > 0) return ms;
  }
  return undefined;
}

/**
 * Secrets of this rotation (same displayName) other than the one whose value we hold: made for an addPassword
 * whose answer was lost. Nobody can know their value, so they go at once. Answers the keyIds removed.
 */
export async function removeLostAnswerSecrets(
  graph: GraphClient,
  app: GraphApplication,
  created: { keyId: string; displayName: string | null },
): Promise<string[]> {
  const strays = app.passwordCredentials.filter(
    (s) => s.displayName === created.displayName && s.keyId.toLowerCase() !== created.keyId.toLowerCase(),
  );
  for (const stray of strays) await graph.removePassword(app.id, stray.keyId);
  return strays.map((s) => s.keyId);
}
