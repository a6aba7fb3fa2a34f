/** Turns failed Entra ID token requests into messages that name the cause, the AADSTS code and the fix. */
import { OperationalError } from '../../core/errors.js';
import { clipRedacted } from '../../core/secrets.js';
import { HttpError } from '../http/errors.js';

export interface SignInContext {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** Where the user sets each piece, e.g. `AZURE_CLIENT_SECRET` or `input azureClientSecret`. */
  secretSource: string;
  clientIdSource: string;
  tenantSource: string;
  /** Scrubs every secret the provider knows. */
  redact: (text: string) => string;
}

/**
 * The first line of the service's own explanation, from its AADSTS code on; redacted before it is shortened, so a
 * secret the service echoes is removed whole rather than cut in two and half kept.
 */
function describeFailure(error: unknown, redact: (text: string) => string): { code?: string; text: string } {
  // Entra's own words when the HTTP layer kept them; else the whole message (e.g. the authority was unreachable).
  const raw =
    error instanceof HttpError && error.serviceText
      ? error.serviceText
      : error instanceof Error
        ? error.message
        : String(error);
  const code = /AADSTS\d+/.exec(raw)?.[0];
  const source = code ? raw.slice(raw.indexOf(code)) : raw;
  const firstLine = redact((source.split(/\r?\n/).find((line) => line.trim()) ?? '').trim());
  return { code, text: clipRedacted(firstLine, 300) };
}

function hintFor(code: string, ctx: SignInContext): string | undefined {
  switch (code) {
    case 'AADSTS7000215':
      return `the secret value is wrong — not the secret ID? — ${ctx.secretSource} must hold the secret's Value (shown once, when it was created).`;
    case 'AADSTS7000222':
      return `the client secret has expired; create a new one for app ${ctx.clientId} and update ${ctx.secretSource}.`;
    case 'AADSTS700016':
      return `app ${ctx.clientId} was not found in tenant ${ctx.tenantId}; check ${ctx.clientIdSource} and ${ctx.tenantSource}.`;
    case 'AADSTS90002':
    case 'AADSTS900023':
      return `tenant ${ctx.tenantId} was not found; check ${ctx.tenantSource}.`;
    case 'AADSTS70021':
    case 'AADSTS700211':
    case 'AADSTS700212':
    case 'AADSTS700213':
      return `no federated identity credential on app ${ctx.clientId} matches this run's identity token; add one whose issuer, subject and audience match this workflow or service connection.`;
    case 'AADSTS700024':
      return `the federated identity token is expired or not yet valid; run again, and check the runner's clock.`;
    case 'AADSTS500011':
      return `the resource is not available in tenant ${ctx.tenantId} (for Azure DevOps: the organization must be connected to this tenant).`;
    default:
      return undefined;
  }
}

/** An OperationalError (exit 3) for a failed Entra ID sign-in; never carries a secret or a stack. */
export function signInError(error: unknown, ctx: SignInContext): OperationalError {
  const { code, text } = describeFailure(error, ctx.redact);
  let message: string;
  if (code) {
    const hint = hintFor(code, ctx);
    message = hint
      ? `Entra ID refused the sign-in of app ${ctx.clientId} (${code}): ${hint} Entra ID said: ${text}`
      : `Entra ID refused the sign-in of app ${ctx.clientId} (${code}). Entra ID said: ${text}`;
  } else {
    message =
      `Could not sign in to Entra ID at ${ctx.authorityHost} for tenant ${ctx.tenantId} as app ${ctx.clientId}: ${text || 'no reason given'}. ` +
      `Check ${ctx.tenantSource}, ${ctx.clientIdSource} and that the authority host is reachable.`;
  }
  return new OperationalError(ctx.redact(message), 'Entra ID');
}

/** The AADSTS code in a failed token request, if any. */
export function aadstsCode(error: unknown): string | undefined {
  return describeFailure(error, (text) => text).code;
}
