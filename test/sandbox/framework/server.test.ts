import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  FaultEngine,
  faultSettingsSchema,
  type FaultSettingsInput,
} from '../../../src/sandbox/server/faults.js';
import { startServers, type RunningServers } from '../../../src/sandbox/server/http-server.js';
import { RequestLog } from '../../../src/sandbox/server/request-log.js';
import {
  SERVICE_NAMES,
  SandboxHttpError,
  type SandboxRequest,
  type SandboxService,
  type ServiceName,
} from '../../../src/sandbox/types.js';
import { SandboxClock, SeededRng } from '../../../src/sandbox/world.js';

const caDir = process.env.ADO_GUARD_TEST_CA_DIR;
if (!caDir) throw new Error('ADO_GUARD_TEST_CA_DIR is not set: run the tests with `npm test`.');

/** Echoes what the front parsed, and has routes that fail in each way a handler can. */
function echoService(name: ServiceName): SandboxService {
  return {
    name,
    handle(req: SandboxRequest) {
      if (req.segments[0] === 'boom') throw new Error('handler exploded');
      if (req.segments[0] === 'teapot') throw new SandboxHttpError({ status: 418, json: { code: 'teapot' } });
      if (req.segments[0] === 'html')
        return { status: 200, text: '<p>hi</p>', headers: { 'Content-Type': 'text/html' } };
      if (req.segments[0] === 'json') return { status: 201, json: { got: req.json() } };
      if (req.segments[0] === 'form') return { status: 200, json: Object.fromEntries(req.form()) };
      return {
        status: 200,
        json: {
          service: req.service,
          method: req.method,
          rawPath: req.rawPath,
          segments: req.segments,
          query: [...req.query.entries()],
          origin: req.origin,
          accept: req.headers.accept ?? null,
        },
      };
    },
  };
}

let running: RunningServers;
const log = new RequestLog();
const clock = new SandboxClock();
const faults = new FaultEngine(() => SeededRng.derive(1, 'faults'));

function setFaults(input: FaultSettingsInput): void {
  faults.set(faultSettingsSchema.parse(input));
}

beforeAll(async () => {
  running = await startServers({
    port: 0,
    tls: {
      certPem: readFileSync(path.join(caDir, 'server.pem'), 'utf8'),
      keyPem: readFileSync(path.join(caDir, 'server-key.pem'), 'utf8'),
    },
    resolve: echoService,
    faults,
    log,
    clock,
  });
});
afterAll(async () => {
  await running.close();
});
beforeEach(() => {
  setFaults({});
  log.clear();
});

describe('sandbox HTTPS front', () => {
  it('serves every service on its own 127.0.0.1 origin', async () => {
    const origins = SERVICE_NAMES.map((service) => running.endpoints[service]);
    expect(new Set(origins).size).toBe(SERVICE_NAMES.length);
    for (const service of SERVICE_NAMES) {
      expect(running.endpoints[service]).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = (await (await fetch(`${running.endpoints[service]}/x`)).json()) as { service: string };
      expect(body.service).toBe(service);
    }
  });

  it('parses method, path segments (percent-decoded) and query', async () => {
    const origin = running.endpoints.azureDevOps;
    const response = await fetch(
      `${origin}/contoso/_apis/git/repositories/my%20repo/?api-version=7.1&x=a&x=b`,
      {
        headers: { accept: 'application/json;api-version=7.1' },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      service: 'azureDevOps',
      method: 'GET',
      rawPath: '/contoso/_apis/git/repositories/my%20repo/',
      segments: ['contoso', '_apis', 'git', 'repositories', 'my repo'],
      query: [
        ['api-version', '7.1'],
        ['x', 'a'],
        ['x', 'b'],
      ],
      origin,
      accept: 'application/json;api-version=7.1',
    });
  });

  it('parses JSON and form bodies, and answers 400 for malformed JSON', async () => {
    const origin = running.endpoints.graph;
    const ok = await fetch(`${origin}/json`, { method: 'POST', body: JSON.stringify({ a: [1, 2] }) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ got: { a: [1, 2] } });
    const bad = await fetch(`${origin}/json`, { method: 'POST', body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/not valid JSON/);
    const form = await fetch(`${origin}/form`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'x/.default' }),
    });
    expect(await form.json()).toEqual({ grant_type: 'client_credentials', scope: 'x/.default' });
  });

  it('answers a SandboxHttpError with its response and an unexpected exception with a 500, and keeps serving', async () => {
    const origin = running.endpoints.dbtCloud;
    const teapot = await fetch(`${origin}/teapot`);
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ code: 'teapot' });
    const boom = await fetch(`${origin}/boom`);
    expect(boom.status).toBe(500);
    expect(((await boom.json()) as { message: string }).message).toContain('handler exploded');
    expect((await fetch(`${origin}/still-alive`)).status).toBe(200);
  });

  it('keeps a service-set content type and sends no body on HEAD', async () => {
    const html = await fetch(`${running.endpoints.dbtCloud}/html`);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toBe('<p>hi</p>');
    const get = await fetch(`${running.endpoints.dbtCloud}/x`);
    const getLength = Number(get.headers.get('content-length'));
    expect(getLength).toBe((await get.arrayBuffer()).byteLength);
    const head = await fetch(`${running.endpoints.dbtCloud}/x`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    // The echo names the method: "HEAD" is one character longer than "GET".
    expect(head.headers.get('content-length')).toBe(String(getLength + 1));
    expect(await head.text()).toBe('');
  });

  it('logs product requests with the authorization scheme only, never the credential', async () => {
    await fetch(`${running.endpoints.azureDevOps}/contoso/_apis/projects?api-version=7.1`, {
      headers: { authorization: 'Bearer secret-token-value' },
    });
    await fetch(`${running.endpoints.control}/state`);
    const entries = log.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      service: 'azureDevOps',
      method: 'GET',
      path: '/contoso/_apis/projects',
      query: 'api-version=7.1',
      status: 200,
      callerHint: 'Bearer',
    });
    expect(entries[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(entries)).not.toContain('secret-token-value');
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After on every second matching request', async () => {
    setFaults({
      rules: [{ kind: '429', service: 'azureDevOps', path: '^/contoso/', every: 2, retryAfter: 7 }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${running.endpoints.azureDevOps}/contoso/_apis/projects`);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers.get('retry-after')).toBe('7');
        expect(((await response.json()) as { typeKey: string }).typeKey).toBe('RequestBlockedException');
      } else {
        await response.arrayBuffer();
      }
    }
    expect(statuses).toEqual([200, 429, 200, 429]);
    // Other services and paths are untouched.
    expect((await fetch(`${running.endpoints.graph}/contoso/x`)).status).toBe(200);
    expect((await fetch(`${running.endpoints.azureDevOps}/other/x`)).status).toBe(200);
    expect(log.list().filter((entry) => entry.fault === '429')).toHaveLength(2);
  });

  it('answers 503 with an HTML page, and stops after `count` faults', async () => {
    setFaults({ rules: [{ kind: '503', html: true, count: 1, retryAfter: 2 }] });
    const first = await fetch(`${running.endpoints.azureDevOpsIdentity}/a`);
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.text()).toContain('Service Unavailable');
    expect((await fetch(`${running.endpoints.azureDevOpsIdentity}/a`)).status).toBe(200);
  });

  it('passes retryAfter200 requests through with Retry-After and X-RateLimit-Delay', async () => {
    setFaults({ rules: [{ kind: 'retryAfter200', method: 'get', retryAfter: 3 }] });
    const response = await fetch(`${running.endpoints.azureDevOps}/contoso/_apis/projects`);
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-ratelimit-delay')).toMatch(/^\d+\.\d{3}$/);
    expect(((await response.json()) as { rawPath: string }).rawPath).toBe('/contoso/_apis/projects');
    const post = await fetch(`${running.endpoints.azureDevOps}/contoso/_apis/projects`, { method: 'POST' });
    expect(post.headers.get('retry-after')).toBeNull();
  });

  it('resets the connection', async () => {
    setFaults({ rules: [{ kind: 'reset', service: 'conductorOne', count: 1 }] });
    await expect(fetch(`${running.endpoints.conductorOne}/api/v1/apps`)).rejects.toThrow();
    expect((await fetch(`${running.endpoints.conductorOne}/api/v1/apps`)).status).toBe(200);
    expect(log.list()[0]).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('fails a chosen route persistently with a fixed status', async () => {
    setFaults({
      rules: [{ kind: 'fail', service: 'dbtCloud', method: 'POST', path: '/jobs/', status: 502 }],
    });
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${running.endpoints.dbtCloud}/api/v2/jobs/1`, { method: 'POST' })).status).toBe(
        502,
      );
    }
    expect((await fetch(`${running.endpoints.dbtCloud}/api/v2/jobs/1`)).status).toBe(200);
  });

  it('answers slow requests after the delay and never faults the control service', async () => {
    setFaults({ rules: [{ kind: 'slow', delayMs: 30 }, { kind: '503' }] });
    expect((await fetch(`${running.endpoints.graph}/v1.0/me`)).status).toBe(200);
    expect(log.list()[0]?.fault).toBe('slow');
    expect((await fetch(`${running.endpoints.control}/state`)).status).toBe(200);
  });

  it('replays the same probabilistic faults for the same seed', () => {
    const pattern = (seed: number): string => {
      const engine = new FaultEngine(
        () => SeededRng.derive(seed, 'faults'),
        faultSettingsSchema.parse({ rules: [{ kind: '429', probability: 0.5 }] }),
      );
      return Array.from({ length: 64 }, () => (engine.decide('graph', 'GET', '/v1.0/x') ? 'x' : '.')).join(
        '',
      );
    };
    expect(pattern(42)).toBe(pattern(42));
    expect(pattern(42)).not.toBe(pattern(43));
    expect(pattern(42)).toContain('x');
    expect(pattern(42)).toContain('.');
  });

  it('restarts counters and dice when the settings are set again', () => {
    const settings = faultSettingsSchema.parse({
      rules: [
        { kind: '503', probability: 0.5 },
        { kind: '429', every: 3 },
      ],
    });
    const engine = new FaultEngine(() => SeededRng.derive(7, 'faults'), settings);
    const run = (): string =>
      Array.from(
        { length: 32 },
        () => engine.decide('dbtCloud', 'GET', '/api/v2/accounts/')?.kind ?? '.',
      ).join(',');
    const first = run();
    expect(run()).not.toBe(first);
    engine.set(settings);
    expect(run()).toBe(first);
  });

  it('faults one route at most maxInARow times in a row, then lets a request through', () => {
    const engine = new FaultEngine(
      () => SeededRng.derive(1, 'faults'),
      faultSettingsSchema.parse({ maxInARow: 3, rules: [{ kind: '503' }] }),
    );
    const route = (path: string): string =>
      Array.from({ length: 8 }, () => (engine.decide('azureDevOps', 'GET', path) ? 'x' : '.')).join('');
    expect(route('/contoso/_apis/projects')).toBe('xxx.xxx.');
    // Each route keeps its own count.
    expect(route('/contoso/_apis/git/repositories')).toBe('xxx.xxx.');
    engine.set(faultSettingsSchema.parse({ rules: [{ kind: '503' }] }));
    expect(route('/contoso/_apis/projects')).toBe('xxxxxxxx');
  });

  it('rejects invalid fault settings with the field at fault', () => {
    const result = faultSettingsSchema.safeParse({ rules: [{ kind: '418' }, { kind: '429', path: '(' }] });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['rules.0.kind', 'rules.1.path']));
  });
});

describe('listening', () => {
  it('uses consecutive ports from the given first port and names a port in use', async () => {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const options = {
      tls: {
        certPem: readFileSync(path.join(caDir, 'server.pem'), 'utf8'),
        keyPem: readFileSync(path.join(caDir, 'server-key.pem'), 'utf8'),
      },
      resolve: echoService,
      faults,
      log,
      clock,
    };
    const first = await startServers({ ...options, port: base });
    try {
      SERVICE_NAMES.forEach((service, index) => {
        expect(first.endpoints[service]).toBe(`https://127.0.0.1:${base + index}`);
      });
      await expect(startServers({ ...options, port: base })).rejects.toThrow(/already in use.*--port/);
    } finally {
      await first.close();
    }
  });
});
