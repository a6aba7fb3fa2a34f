/**
 * Bad input (issue 7): every client's response parsing, fed fuzzed bodies by a local HTTPS server, and the
 * policy loader fed mutated YAML. Each input must end in a usable value or a clear AdoGuardError naming the
 * service, with no TypeError, no stack trace and no secret. Prints `fuzz: <n> inputs, 0 crashes`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { conductorOneToken } from '../../src/clients/auth/conductorone.js';
import { AzureDevOpsClient } from '../../src/clients/azure-devops/client.js';
import { readOrganizationPolicies } from '../../src/clients/azure-devops/org-policy.js';
import { ConductorOneClient } from '../../src/clients/conductorone/client.js';
import { DbtCloudClient } from '../../src/clients/dbt-cloud/client.js';
import { GraphClient } from '../../src/clients/graph/client.js';
import { HttpClient } from '../../src/clients/http/index.js';
import { AdoGuardError, PolicyError } from '../../src/core/errors.js';
import { parsePolicy } from '../../src/core/policy/load.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { hasStackTrace } from '../e2e/run-bundle.js';
import { loadTestTls, startTestServer } from '../helpers/tls.js';
import { startRemediateWorld, writes } from '../remediate/harness.js';
import type { RemediateWorld } from '../remediate/harness.js';
import { control } from '../sandbox/helpers.js';
import type { TestServer } from '../helpers/tls.js';

const SEED = 7_2026;
const TOKEN = 'fuzz-bearer-token-0123456789abcdef';
const DBT_TOKEN = 'dbtc_fuzz_token_0123456789abcdef';

let server: TestServer;
let http: HttpClient;
/** What the server answers next: status, content type and body. */
let answer: { status: number; type: string; body: string } = {
  status: 200,
  type: 'application/json',
  body: '',
};
let inputs = 0;
const crashes: string[] = [];

beforeAll(async () => {
  server = await startTestServer((_req, res: ServerResponse) => {
    res.writeHead(answer.status, { 'content-type': answer.type });
    res.end(answer.body);
  });
  const secrets = new SecretRegistry();
  for (const value of [TOKEN, DBT_TOKEN]) secrets.add(value);
  http = new HttpClient({ ca: [loadTestTls().ca], maxAttempts: 1, secrets, sleep: async () => {} });
});

afterAll(async () => {
  http.close();
  await server.close();
  process.stdout.write(`fuzz: ${inputs} inputs, ${crashes.length} crashes\n`);
});

function c1Secret(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
}

interface Operation {
  service: string;
  name: string;
  call: () => Promise<unknown>;
}

function operations(): Operation[] {
  const origin = server.origin;
  const authorization = () => Promise.resolve(`Bearer ${TOKEN}`);
  const ado = new AzureDevOpsClient({
    http,
    organization: 'contoso',
    origin,
    identityOrigin: origin,
    authorization,
  });
  const graph = new GraphClient({ http, origin, authorization });
  const dbt = new DbtCloudClient({ http, accessUrl: origin, accountId: 1, token: DBT_TOKEN });
  const c1 = new ConductorOneClient({ http, tenantUrl: origin, token: () => Promise.resolve(TOKEN) });
  const secret = c1Secret();
  const ops: Array<[string, string, () => Promise<unknown>]> = [
    ['Azure DevOps', 'listProjects', () => ado.listProjects()],
    ['Azure DevOps', 'listRepositories', () => ado.listRepositories()],
    ['Azure DevOps', 'queryAccessControlLists', () => ado.queryAccessControlLists('ns', { token: 't' })],
    ['Azure DevOps', 'searchIdentities', () => ado.searchIdentities('General', 'x')],
    ['Azure DevOps', 'identitiesByDescriptors', () => ado.identitiesByDescriptors(['d1'])],
    ['Azure DevOps', 'scopeDescriptor', () => ado.scopeDescriptor('k')],
    ['Azure DevOps', 'listGroups', () => ado.listGroups('scp')],
    ['Azure DevOps', 'setAccessControlEntries', () => ado.setAccessControlEntries('ns', 't', [])],
    ['Azure DevOps', 'removePermissions', () => ado.removePermissions('ns', 't', 'd', 4)],
    ['Azure DevOps', 'addMembership', () => ado.addMembership('s', 'c')],
    [
      'Azure DevOps',
      'organizationPolicies',
      () => readOrganizationPolicies({ http, origin, organization: 'contoso', authorization }),
    ],
    ['Microsoft Graph', 'application', () => graph.application('a')],
    ['Microsoft Graph', 'servicePrincipal', () => graph.servicePrincipal('a')],
    ['Microsoft Graph', 'appRoleAssignments', () => graph.appRoleAssignments('sp')],
    ['Microsoft Graph', 'permissionGrants', () => graph.permissionGrants('sp')],
    ['Microsoft Graph', 'securityDefaultsEnabled', () => graph.securityDefaultsEnabled()],
    ['Microsoft Graph', 'perUserMfaState', () => graph.perUserMfaState('u@x')],
    ['Microsoft Graph', 'passwordLifetime', () => graph.passwordLifetime('o')],
    [
      'Microsoft Graph',
      'addPassword',
      () => graph.addPassword('o', { displayName: 'n', endDateTime: '2030-01-01T00:00:00Z' }),
    ],
    ['Microsoft Graph', 'removePassword', () => graph.removePassword('o', 'k')],
    ['Microsoft Graph', 'applicationForUpdate', () => graph.applicationForUpdate('a')],
    ['dbt Cloud', 'azureAdApplication', () => dbt.azureAdApplication()],
    ['dbt Cloud', 'listRuns', () => dbt.listRuns()],
    ['dbt Cloud', 'run', () => dbt.run(5)],
    ['dbt Cloud', 'triggerJobRun', () => dbt.triggerJobRun(5, 'c')],
    [
      'dbt Cloud',
      'updateAzureAdApplication',
      () =>
        dbt.updateAzureAdApplication(3, {
          organizationName: 'contoso',
          clientId: 'c',
          clientSecret: TOKEN,
          tenantId: 't',
          authenticationMethod: 'service_user',
        }),
    ],
    ['ConductorOne', 'connector', () => c1.connector('app', 'con')],
    [
      'ConductorOne',
      'updateConnectorConfig',
      () =>
        c1.updateConnectorConfig(
          { id: 'con', appId: 'app', catalogId: null, displayName: null },
          { oauth2_client_cred_grant_client_secret: TOKEN },
        ),
    ],
    [
      'ConductorOne',
      'token',
      () =>
        conductorOneToken({
          clientId: `fuzz@127.0.0.1/pcc`,
          clientSecret: secret,
          tenantUrl: origin,
          http,
        }),
    ],
  ];
  return ops.map(([service, name, call]) => ({ service, name, call }));
}

const HTML =
  '<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>nope</body></html>';

/** Keys the clients read, so fuzzed objects hit real code paths. */
const KEYS = [
  'value',
  'data',
  'status',
  'is_success',
  'user_message',
  '@odata.nextLink',
  'connectorView',
  'connector',
  'config',
  'configuration',
  'access_token',
  'id',
  'appId',
  'token',
  'acesDictionary',
  'extendedInfo',
  'descriptor',
  'properties',
  'memberOf',
  'project',
  'passwordCredentials',
  'requiredResourceAccess',
  'resourceAccess',
  'web',
  'redirectUris',
  'isEnabled',
  'restrictions',
  'passwordCredentials',
  'applicationRestrictions',
  'fps',
  'dataProviders',
  'policies',
  'policy',
  'secretText',
  'keyId',
  'error',
];

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'x', 'https://127.0.0.1:1/x', 'not a url', '{}'),
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 5 }),
  ),
})).node;

/** Top-level envelopes the clients unwrap, with fuzzed contents. */
const envelope = fc.oneof(
  fc.constant(null),
  fc.dictionary(
    fc.constantFrom(
      'value',
      'data',
      'status',
      'connectorView',
      'fps',
      'access_token',
      '@odata.nextLink',
      'id',
    ),
    jsonish,
    { minKeys: 1, maxKeys: 3 },
  ),
  fc.record({ value: fc.array(jsonish, { maxLength: 3 }) }),
  fc.record({ data: fc.oneof(fc.array(jsonish, { maxLength: 3 }), jsonish) }),
);

const bodies = fc.oneof(
  envelope.map((value) => ({ type: 'application/json', body: JSON.stringify(value) })),
  envelope.map((value) => ({ type: 'application/json', body: JSON.stringify(value) })),
  jsonish.map((value) => ({ type: 'application/json', body: JSON.stringify(value) ?? 'null' })),
  jsonish.map((value) => {
    const text = JSON.stringify(value) ?? 'null';
    return { type: 'application/json', body: text.slice(0, Math.max(0, text.length - 1)) };
  }),
  fc.string({ maxLength: 40 }).map((body) => ({ type: 'application/json', body })),
  fc.constant({ type: 'text/html', body: HTML }),
  fc.constant({ type: 'application/json', body: '' }),
  fc.constantFrom('value', 'data').map((key) => ({
    type: 'application/json',
    body: JSON.stringify({ [key]: Array.from({ length: 20_000 }, (_, i) => ({ id: i })) }),
  })),
);

/** A clean failure: an AdoGuardError naming the service, one paragraph, no secret. */
function describeCrash(op: Operation, error: unknown): string | undefined {
  if (!(error instanceof AdoGuardError)) {
    return `${op.name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  const { message } = error;
  if (/\n\s+at /.test(message)) return `${op.name}: stack trace in message`;
  if (message.includes(TOKEN) || message.includes(DBT_TOKEN)) return `${op.name}: secret in message`;
  if (!message.includes(op.service) && !message.includes('Entra ID'))
    return `${op.name}: message does not name ${op.service}: ${message}`;
  return undefined;
}

describe('client response parsing under fuzzed bodies', () => {
  it('every client call answers a value or a clear AdoGuardError', async () => {
    const ops = operations();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        bodies,
        fc.constantFrom(200, 200, 200, 203, 400, 404, 500),
        async (op, { type, body }, status) => {
          inputs++;
          answer = { status, type, body };
          let crash: string | undefined;
          try {
            const value = await op.call();
            const text = JSON.stringify(value) ?? '';
            if (text.includes(TOKEN) || text.includes(DBT_TOKEN)) crash = `${op.name}: secret in result`;
          } catch (error) {
            crash = describeCrash(op, error);
          }
          if (crash) crashes.push(`${crash} ← HTTP ${status} ${body.slice(0, 120)}`);
          // Keep going: the report lists every distinct crash at once.
          return true;
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
    expect([...new Set(crashes.map((c) => c.split(' ← ')[0]))]).toEqual([]);
  }, 60_000);
});

describe('policy loader under mutated YAML', () => {
  const example = readFileSync(new URL('../policy/fixtures/design-example.yml', import.meta.url), 'utf8');
  const env = { SET: 'value' };
  const lines = example.split('\n');
  const mutation = fc.oneof(
    // Damage one character anywhere.
    fc
      .tuple(
        fc.nat(example.length),
        fc.constantFrom(':', ' ', '\t', '-', '"', "'", '{', '[', '\n', '&', '*', '#', ''),
      )
      .map(([at, ch]) => example.slice(0, at) + ch + example.slice(at + 1)),
    // Drop or duplicate a line.
    fc
      .tuple(fc.nat(lines.length - 1), fc.boolean())
      .map(([at, dup]) =>
        [...lines.slice(0, at), ...(dup ? [lines[at]!, lines[at]!] : []), ...lines.slice(at + 1)].join('\n'),
      ),
    // Replace a value with one of another type, or an http:// origin where https is required.
    fc
      .tuple(
        fc.nat(lines.length - 1),
        fc.constantFrom(
          '[]',
          '{}',
          'null',
          '~',
          '12',
          'true',
          'http://127.0.0.1:8080',
          '${env:UNSET}',
          '"x"',
        ),
      )
      .map(([at, value]) =>
        lines.map((line, i) => (i === at ? line.replace(/:\s.*$/, `: ${value}`) : line)).join('\n'),
      ),
    // Truncate.
    fc.nat(example.length).map((at) => example.slice(0, at)),
  );

  it('loads or fails with a located PolicyError, never a crash', () => {
    fc.assert(
      fc.property(mutation, (text) => {
        inputs++;
        try {
          parsePolicy('ado-guard.yml', text, env);
        } catch (error) {
          if (!(error instanceof PolicyError) || /\n\s+at /.test(error.message)) {
            crashes.push(`policy: ${String(error)}`);
            return false;
          }
        }
        return true;
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('refuses http:// service origins, loopback included', () => {
    for (const origin of ['http://127.0.0.1:8443', 'http://localhost', 'http://graph.microsoft.com']) {
      inputs++;
      const text = example.replace(/graph: https:\/\/graph\.microsoft\.com/, `graph: ${origin}`);
      expect(text).not.toBe(example);
      expect(() => parsePolicy('ado-guard.yml', text, env)).toThrow(PolicyError);
    }
  });
});

describe('verify and remediate --apply when one service answers garbage (sandbox `corrupt` fault)', () => {
  let world: RemediateWorld;
  beforeAll(async () => {
    world = await startRemediateWorld('drifted');
  }, 30_000);
  afterAll(async () => {
    await world.stop();
  });

  const routes: Array<{ service: string; path: string }> = [
    { service: 'azureDevOps', path: '/_apis/projects' },
    { service: 'azureDevOps', path: '/_apis/accesscontrollists/' },
    { service: 'azureDevOpsIdentity', path: '/_apis/identities' },
    { service: 'graph', path: '/v1.0/applications' },
    { service: 'dbtCloud', path: '/azure-ad-applications/' },
    { service: 'conductorOne', path: '/connectors/' },
  ];
  const corruptions = ['truncated', 'html', 'null', 'wrongTypes'] as const;

  it.each(routes)(
    '$service $path: exit 3, a clear error, and no write after the bad answer',
    async (route) => {
      const outcomes: string[] = [];
      for (const corruption of corruptions) {
        for (const command of [['verify'], ['remediate', '--apply']]) {
          inputs++;
          await control(world.sandbox, 'POST', '/reset');
          await control(world.sandbox, 'PUT', '/faults', {
            rules: [{ kind: 'corrupt', corruption, service: route.service, path: route.path, count: 1 }],
          });
          const r = await world.cli([...command, '--format', 'json']);
          const log = await world.requests();
          const bad = log.find((entry) => (entry as { fault?: string }).fault === 'corrupt');
          const after = bad ? writes(log.filter((entry) => entry.seq > bad.seq)) : [];
          const outcome = {
            corruption,
            command: command[0],
            corrupted: bad !== undefined,
            code: r.code,
            stack: hasStackTrace(r.stderr) || hasStackTrace(r.stdout),
            typeError: /TypeError|unexpected failure/.test(r.stderr + r.stdout),
            writesAfter: after.map((w) => `${w.method} ${w.path}`),
          };
          const clean =
            outcome.corrupted &&
            outcome.code === 3 &&
            !outcome.stack &&
            !outcome.typeError &&
            outcome.writesAfter.length === 0;
          if (!clean) {
            crashes.push(`${route.service} ${route.path}: ${JSON.stringify(outcome)}`);
            outcomes.push(JSON.stringify(outcome) + '\n' + r.stderr.slice(0, 400));
          }
        }
      }
      expect(outcomes).toEqual([]);
    },
    60_000,
  );
});
