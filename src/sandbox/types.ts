/**
 * The contract between the sandbox's HTTP front (server/) and its services (services/).
 * The sandbox is the oracle the product is tested against: it may import core/ types at most,
 * never clients/, checks/, remediate/, rotate/, report/ or platform/ (DESIGN.md §8).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** One origin (port) per service, like the real hosts. */
export const SERVICE_NAMES = [
  'authority', // login.microsoftonline.com: OpenID configuration and token endpoint
  'azureDevOps', // dev.azure.com
  'azureDevOpsIdentity', // vssps.dev.azure.com
  'graph', // graph.microsoft.com
  'dbtCloud', // <account>.us1.dbt.com
  'conductorOne', // <tenant>.conductor.one
  'control', // the sandbox's own control API (state, request log, faults) for tests
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface SandboxRequest {
  service: ServiceName;
  method: string;
  /** Path without query, as sent (still percent-encoded). */
  rawPath: string;
  /** Path segments, percent-decoded. `/contoso/_apis/projects` → ['contoso', '_apis', 'projects']. */
  segments: string[];
  query: URLSearchParams;
  /** Lower-case header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Origin of the service that received the request, e.g. `https://127.0.0.1:41001`. */
  origin: string;
  /** Parsed JSON body; throws a SandboxHttpError(400) on malformed JSON. */
  json<T = unknown>(): T;
  /** Parsed `application/x-www-form-urlencoded` body. */
  form(): URLSearchParams;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Serialised with JSON.stringify and `content-type: application/json; charset=utf-8` unless set. */
  json?: unknown;
  /** Sent as is (e.g. an HTML error page). */
  text?: string;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/** A service answers the requests of its origin. Unknown routes answer 404 in the service's own error shape. */
export interface SandboxService {
  readonly name: ServiceName;
  handle: Handler;
}

/** Thrown inside a handler to answer with a status and body in the service's error shape. */
export class SandboxHttpError extends Error {
  constructor(readonly response: SandboxResponse) {
    super(`sandbox ${response.status}`);
  }
}
