import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { OperationalError } from '../../src/core/errors.js';
import { VERSION } from '../../src/core/version.js';
import { HttpClient, HttpError } from '../../src/clients/http/index.js';
import type { HttpClientOptions } from '../../src/clients/http/index.js';
import { loadTestTls, sendJson, startTestServer } from '../helpers/tls.js';
import type { TestServer } from '../helpers/tls.js';

let server: TestServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  for (const c of clients.splice(0)) c.close();
});

interface Harness {
  client: HttpClient;
  sleeps: number[];
  events: string[];
  logs: string[];
}

function makeClient(options: HttpClientOptions = {}): Harness {
  const sleeps: number[] = [];
  const events: string[] = [];
  const logs: string[] = [];
  const client = new HttpClient({
    ca: [loadTestTls().ca],
    sleep: async (ms) => {
      sleeps.push(ms);
      events.push(`sleep ${ms}`);
    },
    random: () => 0.5,
    log: (line) => logs.push(line),
    ...options,
  });
  clients.push(client);
  return { client, sleeps, events, logs };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('HttpClient basics', () => {
  it('decodes a large answer whose multi-byte characters are split across network chunks', async () => {
    // 200 000 × "é€" (2 + 3 bytes in UTF-8): far larger than one chunk, so characters straddle chunk edges.
    const name = 'é€'.repeat(200_000);
    server.handle((_req, res) => {
      const body = Buffer.from(JSON.stringify({ name }), 'utf8');
      res.writeHead(200, { 'content-type': 'application/json' });
      // Odd-sized writes so that chunk edges fall inside characters.
      for (let at = 0; at < body.length; at += 16_381) res.write(body.subarray(at, at + 16_381));
      res.end();
    });
    const { client } = makeClient();
    const response = await client.request({ service: 'Test', method: 'GET', url: `${server.origin}/big` });
    expect(response.jsonObject().name).toBe(name);
  });

  it('sends query, headers and JSON, and parses the answer', async () => {
    server.handle((req, res) =>
      sendJson(res, 200, { got: req.url, ua: req.headers['user-agent'], body: req.body }),
    );
    const { client } = makeClient();
    const res = await client.request({
      service: 'Azure DevOps',
      method: 'POST',
      url: `${server.origin}/org/_apis/x`,
      query: { 'api-version': '7.1', top: 5, flag: true, skipped: undefined },
      json: { a: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({
      got: '/org/_apis/x?api-version=7.1&top=5&flag=true',
      ua: `ado-guard/${VERSION}`,
      body: '{"a":1}',
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(client.requestCount).toBe(1);
  });

  it('sends forms url-encoded', async () => {
    server.handle((req, res) => sendJson(res, 200, { body: req.body, type: req.headers['content-type'] }));
    const { client } = makeClient();
    const res = await client.request({
      service: 'Entra ID',
      method: 'POST',
      url: `${server.origin}/token`,
      form: { grant_type: 'client_credentials', scope: 'a b' },
    });
    expect(res.json()).toEqual({
      body: 'grant_type=client_credentials&scope=a+b',
      type: 'application/x-www-form-urlencoded',
    });
  });

  it('refuses plain http, naming the origin, without sending anything', async () => {
    const { client } = makeClient();
    const error = await rejection(
      client.request({ service: 'dbt Cloud', method: 'GET', url: 'http://cloud.example.com:8080/api/v3/' }),
    );
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('http://cloud.example.com:8080');
    expect(error.message).toContain('https is required');
    expect(client.requestCount).toBe(0);
  });

  it('returns accepted non-2xx statuses as answers', async () => {
    server.handle((_req, res) => sendJson(res, 404, { message: 'nope' }));
    const { client } = makeClient();
    const res = await client.request({
      service: 'dbt Cloud',
      method: 'GET',
      url: `${server.origin}/x`,
      accept: [404],
    });
    expect(res.status).toBe(404);
  });

  it('reports invalid JSON on a 2xx without dumping the body', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token": "half-a-secret-body');
    });
    const { client } = makeClient();
    const res = await client.request({
      service: 'Microsoft Graph',
      method: 'GET',
      url: `${server.origin}/v1.0/applications?$top=1`,
    });
    let error: Error | undefined;
    try {
      res.json();
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(OperationalError);
    expect(error?.message).toContain('Microsoft Graph');
    expect(error?.message).toContain('/v1.0/applications');
    expect(error?.message).toContain('invalid JSON');
    expect(error?.message).not.toContain('half-a-secret');
  });
});

describe('HttpClient retries', () => {
  it('retries an idempotent request on 503 a bounded number of times and counts each attempt', async () => {
    server.handle((_req, res) =>
      sendJson(res, 503, { message: 'busy', typeKey: 'ServiceUnavailableException' }),
    );
    const { client, sleeps, logs } = makeClient();
    const error = await rejection(
      client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/a` }),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect(error.message).toContain('after 4 attempts');
    expect(server.requests).toHaveLength(4);
    expect(client.requestCount).toBe(4);
    // Full jitter with random()=0.5: half of 500, 1000, 2000.
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(logs).toHaveLength(4);
    expect(logs[3]).toMatch(/^GET https:\/\/127\.0\.0\.1:\d+\/a → 503 in \d+ ms \(retry 3\)$/);
  });

  it('recovers after a 429', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ === 0 ? sendJson(res, 429, {}) : sendJson(res, 200, { ok: true })));
    const { client } = makeClient();
    const res = await client.request({
      service: 'Microsoft Graph',
      method: 'GET',
      url: `${server.origin}/b`,
    });
    expect(res.json()).toEqual({ ok: true });
    expect(client.requestCount).toBe(2);
  });

  it('does not retry a POST on 503', async () => {
    server.handle((_req, res) => sendJson(res, 503, {}));
    const { client } = makeClient();
    const error = await rejection(
      client.request({ service: 'dbt Cloud', method: 'POST', url: `${server.origin}/c`, json: {} }),
    );
    expect((error as HttpError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST on 429, and on 503 when the caller says it is safe', async () => {
    let n = 0;
    server.handle((_req, res) =>
      n++ % 2 === 0 ? sendJson(res, n === 1 ? 429 : 503, {}) : sendJson(res, 201, {}),
    );
    const { client } = makeClient();
    const first = await client.request({
      service: 'dbt Cloud',
      method: 'POST',
      url: `${server.origin}/d`,
      json: {},
    });
    expect(first.status).toBe(201);
    const second = await client.request({
      service: 'dbt Cloud',
      method: 'POST',
      url: `${server.origin}/d`,
      json: {},
      retryUnsafe: true,
    });
    expect(second.status).toBe(201);
    expect(server.requests).toHaveLength(4);
  });

  it('retries a GET after the connection is reset, but not a POST', async () => {
    let n = 0;
    server.handle((req, res) => {
      if (n++ === 0 || req.method === 'POST') {
        res.socket?.destroy();
        return;
      }
      sendJson(res, 200, { ok: true });
    });
    const { client, logs } = makeClient();
    const res = await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/e` });
    expect(res.status).toBe(200);
    expect(client.requestCount).toBe(2);
    expect(logs[0]).toContain('ECONNRESET');

    const error = await rejection(
      client.request({ service: 'Azure DevOps', method: 'POST', url: `${server.origin}/e`, json: {} }),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toContain('connection');
    expect(client.requestCount).toBe(3);
  });

  it('treats a timeout like a reset', async () => {
    let n = 0;
    server.handle((_req, res) => {
      if (n++ === 0) return; // never answers
      sendJson(res, 200, { ok: true });
    });
    const { client, logs } = makeClient({ timeoutMs: 300 });
    const res = await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/f` });
    expect(res.status).toBe(200);
    expect(client.requestCount).toBe(2);
    expect(logs[0]).toContain('→ timeout');
  });

  it('fails with a plain message after repeated timeouts', async () => {
    server.handle(() => undefined);
    const { client } = makeClient({ timeoutMs: 200, maxAttempts: 2 });
    const error = await rejection(
      client.request({ service: 'dbt Cloud', method: 'GET', url: `${server.origin}/g` }),
    );
    expect(error.message).toMatch(
      /^dbt Cloud: no answer from 127\.0\.0\.1:\d+ within 0\.2 s on GET .*\/g after 2 attempts\.$/,
    );
  });

  it('retries a POST whose connection was refused before anything was sent', async () => {
    const closed = await startTestServer();
    await closed.close();
    const { client } = makeClient({ maxAttempts: 3 });
    const error = await rejection(
      client.request({
        service: 'ConductorOne',
        method: 'POST',
        url: `${closed.origin}/auth/v1/token`,
        form: {},
      }),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toContain('could not connect');
    expect(error.message).toContain('ECONNREFUSED');
    expect(client.requestCount).toBe(3);
  });
});

describe('HttpClient Retry-After and rate limits', () => {
  const NOW = Date.parse('2026-01-01T00:00:00Z');

  it('honours Retry-After on a 200: the next request to that origin waits first', async () => {
    const { client, events, sleeps } = makeClient({ now: () => NOW });
    server.handle((req, res) => {
      events.push(`serve ${req.url}`);
      sendJson(res, 200, {}, req.url === '/a' ? { 'retry-after': '7' } : {});
    });
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/a` });
    expect(sleeps).toEqual([]);
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/b` });
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/c` });
    expect(events).toEqual(['serve /a', 'sleep 7000', 'serve /b', 'serve /c']);
    expect(client.waitedForServicesMs).toBe(7000);
  });

  it('reads an HTTP-date, waits instead of backing off on 429, and caps a single wait', async () => {
    const { client, sleeps } = makeClient({ now: () => NOW, maxSingleWaitMs: 60_000 });
    let n = 0;
    server.handle((_req, res) => {
      n++;
      if (n === 1) sendJson(res, 429, {}, { 'retry-after': new Date(NOW + 5000).toUTCString() });
      else if (n === 2) sendJson(res, 503, {}, { 'retry-after': '3600' });
      else sendJson(res, 200, {});
    });
    await client.request({ service: 'Microsoft Graph', method: 'GET', url: `${server.origin}/h` });
    expect(sleeps).toEqual([5000, 60_000]);
  });

  it('gives up when the service keeps asking to wait beyond the budget', async () => {
    const { client } = makeClient({ now: () => NOW, waitBudgetMs: 10_000, maxAttempts: 10 });
    server.handle((_req, res) => sendJson(res, 429, {}, { 'retry-after': '6' }));
    const error = await rejection(
      client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/i` }),
    );
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('Azure DevOps kept asking to wait');
    expect(server.requests).toHaveLength(2);
  });

  it('paces an origin whose X-RateLimit-Remaining is under 10 % of its limit', async () => {
    const { client, sleeps } = makeClient({ paceMs: 250 });
    let remaining = '5';
    server.handle((_req, res) =>
      sendJson(res, 200, {}, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': remaining }),
    );
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/j` });
    remaining = '50';
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/j` });
    await client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/j` });
    expect(sleeps).toEqual([250]);
  });
});

describe('HttpClient concurrency', () => {
  it('keeps at most 4 requests in flight per origin', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const held: Array<() => void> = [];
    server.handle((_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(() => {
        inFlight--;
        sendJson(res, 200, {});
      });
    });
    const { client } = makeClient();
    const all = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.request({ service: 'Azure DevOps', method: 'GET', url: `${server.origin}/k${i}` }),
      ),
    );
    let served = 0;
    while (served < 10) {
      const target = Math.min(4, 10 - served);
      while (held.length < target) await new Promise((r) => setTimeout(r, 5));
      // Give a fifth request the chance to arrive if the limit were not kept.
      await new Promise((r) => setTimeout(r, 50));
      expect(held.length).toBe(target);
      for (const release of held.splice(0)) release();
      served += target;
    }
    const results = await all;
    expect(results).toHaveLength(10);
    expect(maxInFlight).toBe(4);
  });
});
