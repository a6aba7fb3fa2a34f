/** Turns a Node request and its body into the `SandboxRequest` services see. */
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

/** The authorization scheme only (`Bearer`, `Basic`), never the credential: safe for the request log. */
export function callerHint(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const scheme = authorization.trim().split(/\s+/, 1)[0];
  return scheme && /^[A-Za-z][A-Za-z0-9-]*$/.test(scheme) ? scheme : 'unknown';
}
