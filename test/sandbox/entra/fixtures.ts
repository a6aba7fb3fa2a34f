/** Hand-built SandboxRequests, a settable clock and a seeded RNG for unit tests of the Entra, Graph, dbt and C1 emulators. */
import type { Clock, Rng } from '../../../src/sandbox/ports.js';
import {
  SandboxHttpError,
  type SandboxRequest,
  type SandboxResponse,
  type ServiceName,
} from '../../../src/sandbox/types.js';

export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-06-01T12:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** mulberry32: small deterministic generator. */
export function testRng(seed = 42): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
    string(length, extra = '') {
      const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' + extra;
      return Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join('');
    },
  };
}

export interface RequestInit {
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  origin?: string;
}

/** A SandboxRequest as the server would build it for `method url`. */
export function request(
  service: ServiceName,
  method: string,
  url: string,
  init: RequestInit = {},
): SandboxRequest {
  const origin = init.origin ?? 'https://127.0.0.1:41000';
  const u = new URL(url, origin);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  let body = Buffer.alloc(0);
  if (init.json !== undefined) {
    body = Buffer.from(JSON.stringify(init.json));
    headers['content-type'] ??= 'application/json';
  } else if (init.form) {
    body = Buffer.from(new URLSearchParams(init.form).toString());
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  return {
    service,
    method,
    rawPath: u.pathname,
    segments: u.pathname.split('/').filter(Boolean).map(decodeURIComponent),
    query: u.searchParams,
    headers,
    body,
    origin,
    json<T>(): T {
      try {
        return JSON.parse(body.toString('utf8') || 'null') as T;
      } catch {
        throw new SandboxHttpError({ status: 400, json: { message: 'malformed JSON' } });
      }
    },
    form: () => new URLSearchParams(body.toString('utf8')),
  };
}

/** Run a handler, turning a thrown SandboxHttpError into its response like the server does. */
export async function call(
  handle: (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
  req: SandboxRequest,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
): Promise<SandboxResponse & { body: any }> {
  try {
    const res = await handle(req);
    return { ...res, body: res.json };
  } catch (e) {
    if (e instanceof SandboxHttpError) return { ...e.response, body: e.response.json };
    throw e;
  }
}
