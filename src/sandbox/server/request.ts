/** Turns a Node request and its body into the `SandboxRequest` services see. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SandboxHttpError, type SandboxRequest, type ServiceName } from '../types.js';

function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError({ status: 400, json: { message } });
}

/** Splits the raw path into percent-decoded segments, dropping empty ones (`//`, trailing `/`). */
export function pathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw badRequest(`The path segment "${segment}" is not valid percent-encoding.`);
      }
    });
}

export function buildSandboxRequest(
  service: ServiceName,
  origin: string,
  incoming: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  body: Buffer,
): SandboxRequest {
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
  let parsedJson: { value: unknown } | undefined;
  return {
    service,
    method: (incoming.method ?? 'GET').toUpperCase(),
    rawPath,
    segments: pathSegments(rawPath),
    query,
    headers: incoming.headers,
    body,
    origin,
    json<T = unknown>(): T {
      if (!parsedJson) {
        const text = body.toString('utf8');
        if (text.trim() === '') throw badRequest('The request body is empty; a JSON body is required.');
        try {
          parsedJson = { value: JSON.parse(text) };
        } catch (error) {
          throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
        }
      }
      return parsedJson.value as T;
    },
    form(): URLSearchParams {
      return new URLSearchParams(body.toString('utf8'));
    },
  };
}

/**
 * An opaque marker of the credential an Authorization header presents: `sha256:<hex>` of the bearer token, or
 * of the password of Basic credentials (a PAT). Tests compare it with the hash of a secret they know, to prove
 * where a credential was sent, without the log ever holding one.
 */
export function credentialMarker(authorization: string | undefined): string | undefined {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization ?? '');
  if (!match) return undefined;
  const [, scheme = '', value = ''] = match;
  let credential = value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    credential = decoded.slice(decoded.indexOf(':') + 1);
  }
  return `sha256:${createHash('sha256').update(credential).digest('hex')}`;
}

/** The authorization scheme only (`Bearer`, `Basic`), never the credential: safe for the request log. */
export function callerHint(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const scheme = authorization.trim().split(/\s+/, 1)[0];
  return scheme && /^[A-Za-z][A-Za-z0-9-]*$/.test(scheme) ? scheme : 'unknown';
}
