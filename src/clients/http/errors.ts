import { OperationalError } from '../../core/errors.js';
import { clipRedacted } from '../../core/secrets.js';

/** A request to a service failed: an error status, or the service could not be reached (`status` undefined). */
export class HttpError extends OperationalError {
  constructor(
    message: string,
    service: string,
    status: number | undefined,
    readonly method: string,
    /** Origin and path of the request, without the query. */
    readonly url: string,
    /** The service's own error code when it gave one (AADSTS7000215, Request_ResourceNotFound, typeKey …). */
    readonly serviceCode?: string,
    /** The service's own explanation (first line, redacted, shortened), when it gave one. */
    readonly serviceText?: string,
  ) {
    super(message, service, status);
  }

  /** The same failure with what to check appended to its message; every other field kept. */
  withHint(hint: string): HttpError {
    return new HttpError(
      `${this.message} ${hint}`,
      this.service ?? '',
      this.status,
      this.method,
      this.url,
      this.serviceCode,
      this.serviceText,
    );
  }
}

/** The service's own explanation, parsed from an error body. */
export interface ServiceErrorText {
  text?: string;
  code?: string;
}

const MAX_SERVICE_TEXT = 300;

type Redact = (text: string) => string;

/** The first line, redacted, then cut to length: cutting first would split a secret past recognition. */
function oneLine(text: string, redact: Redact): string {
  const first = redact(text.split(/\r?\n/)[0] ?? '');
  return clipRedacted(first.replace(/\s+/g, ' ').trim(), MAX_SERVICE_TEXT);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the error text out of a body in any of the shapes our services use:
 * Entra `error_description` (first line, with its AADSTS code), Graph `error.{code,message}`,
 * dbt Cloud `status.user_message`, Azure DevOps `message` + `typeKey`, ConductorOne `message` + `code`.
 * An HTML page gives its title at most; other text gives its first line. `redact` runs on each text before it
 * is shortened, so a secret the service echoes is removed whole.
 */
export function parseServiceError(body: string, redact: Redact = (text) => text): ServiceErrorText {
  const line = (text: string) => oneLine(text, redact);
  const trimmed = body.trim();
  if (!trimmed) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    if (/^<(!doctype|html|\?xml|head|body)/i.test(trimmed)) {
      const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
      return title && line(title)
        ? { text: `an HTML page titled "${line(title)}"` }
        : { text: 'an HTML page' };
    }
    return { text: line(trimmed) };
  }
  if (!isObject(parsed)) return {};

  const description = str(parsed.error_description);
  if (description) {
    const text = line(description);
    const aadsts = /AADSTS\d+/.exec(text)?.[0];
    return { text, code: aadsts ?? str(parsed.error) };
  }
  if (isObject(parsed.error)) {
    const code = str(parsed.error.code);
    const message = str(parsed.error.message);
    const text = [code, message && line(message)].filter(Boolean).join(': ');
    return text ? { text, code } : {};
  }
  if (isObject(parsed.status)) {
    const message = str(parsed.status.user_message) ?? str(parsed.status.developer_message);
    if (message) return { text: line(message) };
  }
  const message = str(parsed.message);
  const typeKey = str(parsed.typeKey);
  const code = str(parsed.code);
  if (message && typeKey) return { text: `${line(message)} (${typeKey})`, code: typeKey };
  if (message && code) return { text: `${code}: ${line(message)}`, code };
  if (message) return { text: line(message) };
  if (code) return { text: code, code };
  const error = str(parsed.error);
  if (error) return { text: error, code: error };
  return {};
}

/** What an HTTP status means, in plain words. */
export function describeStatus(status: number): string {
  switch (status) {
    case 400:
      return 'rejected the request as invalid';
    case 401:
      return 'authentication refused';
    case 403:
      return 'permission denied';
    case 404:
      return 'not found';
    case 408:
      return 'the request timed out on the server';
    case 409:
      return 'conflict with the current state';
    case 412:
      return 'precondition failed (the object changed meanwhile)';
    case 429:
      return 'too many requests (throttled)';
    case 500:
      return 'internal server error';
    case 502:
    case 504:
      return 'gateway error';
    case 503:
      return 'service unavailable';
    case 301:
    case 302:
    case 303:
    case 307:
    case 308:
      return 'redirected instead of answering (usually to a sign-in page: the credential was not accepted)';
    default:
      return status >= 500 ? 'server error' : 'request failed';
  }
}
