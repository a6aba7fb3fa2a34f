/**
 * Security hygiene (issue 7): TLS verification is never turned off, only https origins are accepted (loopback
 * too: the sandbox serves https), and each credential is only ever sent to the service it was issued for.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { HttpClient } from '../../src/clients/http/index.js';
import { OperationalError } from '../../src/core/errors.js';
import { ORIGIN_PATTERN } from '../../src/core/policy/schema.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { RequestLogEntry } from '../../src/sandbox/server/request-log.js';
import type { ServiceName } from '../../src/sandbox/types.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { load, policyError } from '../policy/helpers.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { LeakRuns } from './leak-runs.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : /\.(ts|mjs|js)$/.test(name) ? [file] : [];
  });
}

describe('TLS verification', () => {
  const TLS_OFF = [
    /rejectUnauthorized\s*:\s*(false|0|!1)/,
    /NODE_TLS_REJECT_UNAUTHORIZED/,
    /checkServerIdentity/,
    /strictSSL\s*:\s*false/,
    /insecure(SkipVerify|TLS)/i,
  ];

  it('is never turned off in src/ or scripts/', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('scripts')];
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
        .filter(({ line }) => TLS_OFF.some((pattern) => pattern.test(line)))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('the scan would see it: each pattern matches the ways it is written', () => {
    const samples = [
      'new https.Agent({ rejectUnauthorized: false })',
      "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'",
      'checkServerIdentity: () => undefined',
      'strictSSL: false',
    ];
    for (const sample of samples) expect(TLS_OFF.some((pattern) => pattern.test(sample))).toBe(true);
  });
});

/** Dotted paths of every policy field the JSON Schema declares an origin (a URL ado-guard sends requests to). */
function originFields(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const here = node.pattern === ORIGIN_PATTERN ? [at] : [];
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  return [
    ...here,
    ...Object.entries(properties).flatMap(([key, value]) => originFields(value, at ? `${at}.${key}` : key)),
  ];
}

const POLICY = {
  version: 1,
  organization: 'contoso',
  tenantId: '00000000-0000-0000-0000-000000000000',
  serviceUser: 'dbt-svc@contoso.com',
  integrations: {
    dbtCloud: {
      accessUrl: 'https://ab123.us1.dbt.com',
      accountId: 12345,
      applicationClientId: '11111111-1111-1111-1111-111111111111',
    },
    conductorOne: {
      tenantUrl: 'https://acme.conductor.one',
      appId: '2abc',
      connectorId: '2def',
      applicationClientId: '22222222-2222-2222-2222-222222222222',
    },
  },
  endpoints: {
    azureDevOps: 'https://dev.azure.com',
    azureDevOpsIdentity: 'https://vssps.dev.azure.com',
    graph: 'https://graph.microsoft.com',
    authority: 'https://login.microsoftonline.com',
  },
};

function withField(field: string, value: string): string {
  const policy = structuredClone(POLICY) as Record<string, unknown>;
  const keys = field.split('.');
  let node = policy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return stringify(policy);
}

describe('only https origins', () => {
  const schema = JSON.parse(readFileSync('schema/ado-guard.schema.json', 'utf8')) as unknown;
  const fields = originFields(schema);

  it('covers every origin field of the policy', () => {
    expect(fields.sort()).toEqual([
      'endpoints.authority',
      'endpoints.azureDevOps',
      'endpoints.azureDevOpsIdentity',
      'endpoints.graph',
      'integrations.conductorOne.tenantUrl',
      'integrations.dbtCloud.accessUrl',
    ]);
  });

  it.each(['http://127.0.0.1:8443', 'http://localhost:8443', 'http://[::1]:8443', 'http://dev.azure.com'])(
    'refuses %s in each origin field, naming the field and the fix',
    (origin) => {
      for (const field of fields) {
        const error = policyError(withField(field, origin));
        expect(error.message).toContain(`${field}: must use https, such as https://`);
        expect(error.message.split('\n').filter((line) => line.includes('must use https'))).toHaveLength(1);
        expect(error.exitCode).toBe(2);
      }
    },
  );

  it('accepts https on loopback, where the sandbox serves', () => {
    for (const field of fields) {
      const policy = load(withField(field, 'https://127.0.0.1:8443/')).policy as unknown as Record<
        string,
        unknown
      >;
      const value = field
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], policy);
      expect(value).toBe('https://127.0.0.1:8443');
    }
  });

  it('and the HTTP layer refuses a plain-http request before sending it', async () => {
    const client = new HttpClient({ maxAttempts: 1 });
    try {
      await expect(
        client.request({
          service: 'Microsoft Graph',
          method: 'GET',
          url: 'http://127.0.0.1:9/v1.0/applications',
        }),
      ).rejects.toThrow(
        /Microsoft Graph: http:\/\/127\.0\.0\.1:9 is not an https address; https is required/,
      );
      await expect(
        client.request({ service: 'Microsoft Graph', method: 'GET', url: 'http://127.0.0.1:9/' }),
      ).rejects.toBeInstanceOf(OperationalError);
    } finally {
      client.close();
    }
  });
});

/** Which services each kind of credential is meant for. */
function allowedServices(secretName: string): ServiceName[] | undefined {
  if (secretName.startsWith('entra:accessToken:azureDevOps:')) return ['azureDevOps', 'azureDevOpsIdentity'];
  if (secretName.startsWith('entra:accessToken:graph:')) return ['graph'];
  if (secretName.startsWith('azureDevOps:pat:')) return ['azureDevOps', 'azureDevOpsIdentity'];
  if (secretName === 'dbtCloud:token') return ['dbtCloud'];
  if (secretName === 'conductorOne:accessToken') return ['conductorOne'];
  return undefined;
}

describe('each credential only reaches the service it was issued for', () => {
  let sandbox: SandboxHandle;
  const entries: RequestLogEntry[] = [];
  const runs = new LeakRuns();

  beforeAll(async () => {
    const spec = structuredClone(builtInScenario('drifted'));
    spec.tenant!.graphReadLagMs = 0;
    spec.azureDevOps.pats = [{ identity: '$automation', name: 'automation PAT' }];
    sandbox = await startTestSandbox(spec);
    const pat = Object.values(sandbox.world.ado.patValues())[0]!;
    await runs.cli(sandbox, 'verify', { command: 'verify' }, ['json']);
    await runs.cli(sandbox, 'verify with PAT', { command: 'verify', env: { AZURE_DEVOPS_TOKEN: pat } }, [
      'json',
    ]);
    await runs.cli(sandbox, 'remediate', { command: 'remediate', apply: true }, ['json']);
    await runs.github(sandbox, 'rotate', { command: 'rotate', force: true });
    entries.push(...sandbox.world.log.list());
    runs.remember(sandbox);
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('sends every bearer token, PAT and API token only to its own service', () => {
    const byHash = new Map(
      runs
        .secrets()
        .map((secret) => [`sha256:${createHash('sha256').update(secret.value).digest('hex')}`, secret]),
    );
    const presented = entries.filter((entry) => entry.credential !== undefined);
    expect(presented.length).toBeGreaterThan(50);
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const entry of presented) {
      const secret = byHash.get(entry.credential!);
      if (!secret) {
        wrong.push(`${entry.service} ${entry.method} ${entry.path}: a credential the sandbox never issued`);
        continue;
      }
      const allowed = allowedServices(secret.name);
      seen.add(secret.name.split(':').slice(0, 3).join(':'));
      if (!allowed?.includes(entry.service)) {
        wrong.push(`${entry.service} ${entry.method} ${entry.path}: got ${secret.name}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every kind of credential was exercised, so the check above had something to check.
    expect([...seen].sort()).toEqual([
      'azureDevOps:pat:automation PAT',
      'conductorOne:accessToken',
      'dbtCloud:token',
      'entra:accessToken:azureDevOps',
      'entra:accessToken:graph',
    ]);
  });

  it('never sends a credential in a URL', () => {
    const secrets = runs.secrets().map((secret) => secret.value);
    const inUrl = entries.filter((entry) =>
      secrets.some((secret) =>
        `${entry.path}?${entry.query}`.includes(encodeURIComponent(secret).slice(0, 16)),
      ),
    );
    expect(inUrl.map((entry) => `${entry.service} ${entry.path}`)).toEqual([]);
  });
});
