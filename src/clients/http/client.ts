/**
 * The one HTTP layer every service client uses: https only, keep-alive, bounded retries with
 * backoff, Retry-After on any status, pacing near rate limits, a per-origin concurrency limit,
 * per-request timeouts, and a request log and errors with every secret redacted.
 */
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { OperationalError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { TOOL_NAME, VERSION } from '../../core/version.js';
import { HttpError, describeStatus, parseServiceError } from './errors.js';
import { OriginGate } from './origin-gate.js';
import { redactUrl, requestRedactor, requestSecrets } from './redact.js';
import { backoffDelay, nearRateLimit, parseRetryAfter } from './retry-after.js';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'DELETE' | 'POST' | 'PATCH';

export interface HttpRequest {
  /** Service name for messages: 'Azure DevOps', 'Microsoft Graph', 'dbt Cloud', 'ConductorOne', 'Entra ID'. */
  service: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string | undefined>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as is; set content-type in `headers`. */
  body?: string;
  /** Default: GET/HEAD/OPTIONS/PUT/DELETE yes, POST/PATCH no. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Statuses that are answers, not errors (e.g. [404]). */
  accept?: number[];
  /** Retry a non-idempotent request like an idempotent one (the caller knows it is safe). */
  retryUnsafe?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The body as received. Large collections are read from here element by element (json-elements.ts). */
  body: Buffer;
  /** The body decoded as UTF-8, on first use. */
  readonly text: string;
  /** The body parsed as JSON; an OperationalError naming the service and path when it is not JSON. */
  json<T = unknown>(): T;
  /** The body parsed as a JSON object; an OperationalError naming the service and path when it is anything else. */
  jsonObject(): Record<string, unknown>;
  /** An OperationalError (exit 3) saying the answer lacks `expected`, naming the service and the request. */
  shapeError(expected: string): OperationalError;
}

export interface HttpClientOptions {
  /** Extra trusted CA certificates (PEM), added to Node's root store: corporate CAs, test CAs. */
  ca?: string[];
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Requests in flight per origin (default 4). */
  concurrency?: number;
  /** Longest single Retry-After wait honoured (default 60 s); longer requests are capped. */
  maxSingleWaitMs?: number;
  /** Total Retry-After waiting allowed over the client's life (default 5 min). */
  waitBudgetMs?: number;
  /** Backoff base and cap for retries without Retry-After (default 500 ms, 10 s). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Delay before each request to an origin close to its rate limit (default 1 s). */
  paceMs?: number;
  /** One debug line per attempt, already redacted. */
  log?: (line: string) => void;
  secrets?: SecretRegistry;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

type FailureReason = 'refused' | 'reset' | 'timeout' | 'tls' | 'dns';
type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'failure'; reason: FailureReason; code: string };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function classify(error: NodeJS.ErrnoException): { reason: FailureReason; code: string } {
  const code = error.code ?? 'ERROR';
  if (code === 'ECONNREFUSED' || code === 'EAI_AGAIN') return { reason: 'refused', code };
  if (code === 'ENOTFOUND') return { reason: 'dns', code };
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))
    return { reason: 'tls', code };
  return { reason: 'reset', code };
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export class HttpClient {
  private readonly agent: https.Agent;
  private readonly gates = new Map<string, OriginGate>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private attempts = 0;
  private waitedMs = 0;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.agent = new https.Agent({
      keepAlive: true,
      ...(options.ca?.length ? { ca: [...tls.rootCertificates, ...options.ca] } : {}),
    });
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Every attempt sent so far, retries included (`requests.total`). */
  get requestCount(): number {
    return this.attempts;
  }

  /** Total time spent waiting because services asked us to (Retry-After). */
  get waitedForServicesMs(): number {
    return this.waitedMs;
  }

  /** Close idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.buildUrl(req);
    const method = req.method.toUpperCase() as HttpMethod;
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const { headers, body } = this.buildHeadersAndBody(req);
    const redact = requestRedactor(this.options.secrets, requestSecrets(url, headers, req.form));
    const gate = this.gateFor(url.origin);
    const shownUrl = redactUrl(url);
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 4);
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? 30_000;

    for (let attempt = 1; ; attempt++) {
      await gate.acquire();
      let result: Attempt;
      let elapsed: number;
      try {
        await this.waitForOrigin(gate, req.service, redact);
        const started = performance.now();
        this.attempts++;
        result = await this.send(url, method, headers, body, timeoutMs);
        elapsed = Math.round(performance.now() - started);
      } finally {
        gate.release();
      }

      const outcome = result.kind === 'response' ? String(result.status) : result.code;
      const retryNote = attempt > 1 ? ` (retry ${attempt - 1})` : '';
      this.options.log?.(redact(`${method} ${shownUrl} → ${outcome} in ${elapsed} ms${retryNote}`));

      const canRetry = attempt < maxAttempts;
      if (result.kind === 'response') {
        const retryAfterMs = this.noteHeaders(gate, result.headers);
        const { status } = result;
        if ((status >= 200 && status < 300) || req.accept?.includes(status)) {
          return this.makeResponse(req.service, method, url, result);
        }
        const safeToRetry = idempotent || status === 429 || req.retryUnsafe === true;
        if (canRetry && RETRY_STATUSES.has(status) && safeToRetry) {
          if (retryAfterMs === undefined) await this.sleep(this.backoff(attempt));
          continue;
        }
        throw this.statusError(req.service, method, url, result, attempt, redact);
      }

      const safeToRetry = idempotent || req.retryUnsafe === true || result.reason === 'refused';
      if (canRetry && safeToRetry && result.reason !== 'tls' && result.reason !== 'dns') {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      throw this.transportError(req.service, method, url, result, attempt, timeoutMs, redact);
    }
  }

  private buildUrl(req: HttpRequest): URL {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OperationalError(
        `${req.service}: the address is not a valid URL; expected https://host/path.`,
        req.service,
      );
    }
    if (url.protocol !== 'https:') {
      throw new OperationalError(
        `${req.service}: ${url.origin} is not an https address; https is required (use https://${url.host}).`,
        req.service,
      );
    }
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.append(key, String(value));
    }
    return url;
  }

  private buildHeadersAndBody(req: HttpRequest): { headers: Record<string, string>; body?: string } {
    const headers: Record<string, string> = {
      'user-agent': `${TOOL_NAME}/${VERSION}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = req.body;
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return { headers, body };
  }

  private gateFor(origin: string): OriginGate {
    let gate = this.gates.get(origin);
    if (!gate) {
      gate = new OriginGate(Math.max(1, this.options.concurrency ?? 4));
      this.gates.set(origin, gate);
    }
    return gate;
  }

  /** Waits out a pending Retry-After for this origin (within the budget), then any pacing. */
  private async waitForOrigin(
    gate: OriginGate,
    service: string,
    redact: (text: string) => string,
  ): Promise<void> {
    const target = gate.notBefore;
    const wait = target - this.now();
    if (target > 0 && wait > 0) {
      const budget = this.options.waitBudgetMs ?? 300_000;
      if (this.waitedMs + wait > budget) {
        throw new OperationalError(
          redact(
            `${service} kept asking to wait (Retry-After): ${seconds(this.waitedMs)} s waited already and ` +
              `${seconds(wait)} s more requested, beyond this run's budget of ${seconds(budget)} s. ` +
              `The service is throttling this identity; try again later.`,
          ),
          service,
        );
      }
      this.waitedMs += wait;
      await this.sleep(wait);
      // Served: clear it unless a newer Retry-After arrived meanwhile.
      if (gate.notBefore === target) gate.notBefore = 0;
    }
    if (gate.paceMs > 0) await this.sleep(gate.paceMs);
  }

  /** Records Retry-After and rate-limit headers for the origin; returns the Retry-After asked for, if any. */
  private noteHeaders(gate: OriginGate, headers: Record<string, string>): number | undefined {
    const now = this.now();
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      const capped = Math.min(retryAfterMs, this.options.maxSingleWaitMs ?? 60_000);
      gate.notBefore = Math.max(gate.notBefore, now + capped);
    }
    gate.paceMs = nearRateLimit(headers['x-ratelimit-limit'], headers['x-ratelimit-remaining'])
      ? (this.options.paceMs ?? 1000)
      : 0;
    return retryAfterMs;
  }

  private backoff(attempt: number): number {
    return backoffDelay(
      attempt,
      this.options.backoffBaseMs ?? 500,
      this.options.backoffCapMs ?? 10_000,
      this.random,
    );
  }

  private send(
    url: URL,
    method: HttpMethod,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<Attempt> {
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      let timedOut = false;
      const finish = (attempt: Attempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(attempt);
      };
      const fail = (error: NodeJS.ErrnoException): void => {
        finish(
          timedOut
            ? { kind: 'failure', reason: 'timeout', code: 'timeout' }
            : { kind: 'failure', ...classify(error) },
        );
      };
      const request = https.request(url, { method, headers, agent: this.agent }, (response) => {
        // Kept as bytes: a large answer (the organization's repositories) is read from them element by element and
        // never becomes one string; smaller answers are decoded when first read.
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          chunks.length = 0;
          finish({
            kind: 'response',
            status: response.statusCode ?? 0,
            headers: flattenHeaders(response.headers),
            body,
          });
        });
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        });
      });
      const timer = setTimeout(() => {
        timedOut = true;
        request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      request.on('error', fail);
      request.end(body);
    });
  }

  private makeResponse(
    service: string,
    method: HttpMethod,
    url: URL,
    result: { status: number; headers: Record<string, string>; body: Buffer },
  ): HttpResponse {
    const { status, headers, body } = result;
    let decoded: string | undefined;
    const textOf = (): string => (decoded ??= body.toString('utf8'));
    const where = `${method} ${url.origin}${url.pathname}`;
    const shapeError = (expected: string): OperationalError =>
      new OperationalError(
        `${service} answered ${where} (HTTP ${status}) without ${expected}; the service or a proxy in between ` +
          `sent something else. Check the endpoint in the policy file, and try again later.`,
        service,
        status,
      );
    return {
      status,
      headers,
      body,
      get text() {
        return textOf();
      },
      shapeError,
      jsonObject(): Record<string, unknown> {
        const value: unknown = this.json();
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw shapeError('a JSON object');
        }
        return value as Record<string, unknown>;
      },
      json<T>(): T {
        const text = textOf();
        if (!text.trim()) {
          throw new OperationalError(
            `${service} answered with an empty body where JSON was expected (HTTP ${status}) for ${where}.`,
            service,
            status,
          );
        }
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new OperationalError(
            `${service} answered with invalid JSON (HTTP ${status}) for ${where}.`,
            service,
            status,
          );
        }
      },
    };
  }

  private statusError(
    service: string,
    method: HttpMethod,
    url: URL,
    result: { status: number; body: Buffer },
    attempts: number,
    redact: (text: string) => string,
  ): HttpError {
    const { status } = result;
    const where = `${url.origin}${url.pathname}`;
    const parsed = parseServiceError(result.body.toString('utf8'), redact);
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    const said = parsed.text ? ` ${service} said: ${parsed.text}` : '';
    let hint = '';
    if (status === 401)
      hint = ` Check that the credential used for ${service} is valid, not expired and meant for it.`;
    if (status === 403) hint = ` The identity used for ${service} lacks a permission this call needs.`;
    const message = `${service}: ${describeStatus(status)} (HTTP ${status}) on ${method} ${where}${after}.${said}${said && !/[.!?]$/.test(said) ? '.' : ''}${hint}`;
    return new HttpError(redact(message), service, status, method, where, parsed.code, parsed.text);
  }

  private transportError(
    service: string,
    method: HttpMethod,
    url: URL,
    result: { reason: FailureReason; code: string },
    attempts: number,
    timeoutMs: number,
    redact: (text: string) => string,
  ): HttpError {
    const where = `${url.origin}${url.pathname}`;
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    const what: Record<FailureReason, string> = {
      refused: `could not connect to ${url.host} (${result.code})`,
      reset: `the connection to ${url.host} was dropped (${result.code})`,
      timeout: `no answer from ${url.host} within ${seconds(timeoutMs)} s`,
      dns: `the host name ${url.hostname} was not found; check the URL`,
      tls: `the TLS certificate of ${url.host} is not trusted (${result.code}); behind a corporate proxy, add its CA with NODE_EXTRA_CA_CERTS`,
    };
    const message = `${service}: ${what[result.reason]} on ${method} ${where}${after}.`;
    return new HttpError(redact(message), service, undefined, method, where);
  }
}
