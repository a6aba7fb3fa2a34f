/**
 * Keyless sign-in through the shipped bundles against the sandbox's CI OIDC issuers: the action with GitHub OIDC
 * (the toolkit's OIDC client, loaded on demand from its own chunk) and the task with an Azure Pipelines service
 * connection using workload identity federation. No client secret is given; verify must pass, sign in with the
 * federated token as the client assertion, and never print that token outside a mask command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { healthyWith } from './verify-harness.js';
import { azureOutputs, baseEnv, BUNDLES, githubFiles, hasStackTrace, runBundle } from './run-bundle.js';

const GITHUB_SUBJECT = 'repo:contoso/data-platform:ref:refs/heads/main';
const PIPELINES_SUBJECT = 'sc://contoso/data/ado-guard';
const CONNECTION = 'c0ffee00-0000-4000-8000-0000000000a1';
const GITHUB_REQUEST_TOKEN = 'gh-request-token-0123456789abcdef';
const SYSTEM_ACCESS_TOKEN = 'system-access-token-0123456789abcdef';

let sandbox: SandboxHandle;
let dir: string;
let policyPath: string;

beforeAll(async () => {
  const spec = healthyWith((s) => {
    s.tenant!.automation = {
      ...s.tenant!.automation,
      federatedIdentityCredentials: [
        { issuer: 'github', subject: GITHUB_SUBJECT },
        { issuer: 'azurePipelines', subject: PIPELINES_SUBJECT },
      ],
    };
    s.tenant!.ciOidc = {
      github: { subject: GITHUB_SUBJECT, requestToken: GITHUB_REQUEST_TOKEN },
      azurePipelines: {
        subject: PIPELINES_SUBJECT,
        serviceConnectionId: CONNECTION,
        systemAccessToken: SYSTEM_ACCESS_TOKEN,
      },
    };
  });
  sandbox = await startTestSandbox(spec);
  dir = mkdtempSync(path.join(os.tmpdir(), 'keyless-'));
  policyPath = path.join(dir, 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
});
afterAll(async () => {
  await sandbox.stop();
});

/** The sandbox credentials without the automation's client secret: the run must go keyless. */
function keylessCredentials(): Record<string, string> {
  const { AZURE_CLIENT_SECRET: _secret, ...rest } = sandbox.env as Record<string, string>;
  return rest;
}

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

async function authorityRequests(): Promise<string[]> {
  const log = await control<{ value: LogEntry[] }>(sandbox, 'GET', '/requests?service=authority');
  return log.value.map(
    (e) => `${e.method} ${e.path.replace(/^\/[0-9a-f-]{36}\//, '/<tenant>/')} ${e.status}`,
  );
}

/** A JWT (the federated token, access tokens) may appear only inside a mask command. */
function expectNoUnmaskedJwt(stdout: string, prefix: string): void {
  const leaking = stdout
    .split('\n')
    .filter((line) => /eyJ[\w-]{10,}\.[\w-]{10,}/.test(line) && !line.startsWith(prefix));
  expect(leaking).toEqual([]);
}

describe('keyless sign-in through the bundles', () => {
  it('the action signs in with a GitHub OIDC token and verifies', async () => {
    await control(sandbox, 'DELETE', '/requests');
    const gh = githubFiles();
    const r = await runBundle(
      BUNDLES.action,
      [],
      baseEnv({
        ...keylessCredentials(),
        ...gh.env,
        INPUT_COMMAND: 'verify',
        INPUT_CONFIG: policyPath,
        ACTIONS_ID_TOKEN_REQUEST_URL: `${sandbox.endpoints.authority}/_oidc/github/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
      }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gh.outputs()).toMatchObject({ status: 'pass', errors: '0' });
    const requests = await authorityRequests();
    expect(requests.filter((e) => e.startsWith('GET /_oidc/github/token'))).not.toHaveLength(0);
    expect(requests.filter((e) => e.includes('/oauth2/v2.0/token'))).toEqual([
      'POST /<tenant>/oauth2/v2.0/token 200',
      'POST /<tenant>/oauth2/v2.0/token 200',
    ]);
    expectNoUnmaskedJwt(r.stdout, '::add-mask::');
    expect(r.stdout + r.stderr).not.toContain(GITHUB_REQUEST_TOKEN);
  }, 60_000);

  it('the task signs in through a workload identity federation service connection and verifies', async () => {
    await control(sandbox, 'DELETE', '/requests');
    const r = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({
        ...keylessCredentials(),
        AZURE_CLIENT_ID: '',
        AZURE_TENANT_ID: '',
        AGENT_TEMPDIRECTORY: dir,
        INPUT_COMMAND: 'verify',
        INPUT_CONFIG: policyPath,
        INPUT_AZURESUBSCRIPTION: CONNECTION,
        [`ENDPOINT_AUTH_SCHEME_${CONNECTION.toUpperCase()}`]: 'WorkloadIdentityFederation',
        [`ENDPOINT_AUTH_PARAMETER_${CONNECTION.toUpperCase()}_TENANTID`]: sandbox.env.AZURE_TENANT_ID!,
        [`ENDPOINT_AUTH_PARAMETER_${CONNECTION.toUpperCase()}_SERVICEPRINCIPALID`]:
          sandbox.env.AZURE_CLIENT_ID!,
        SYSTEM_ACCESSTOKEN: SYSTEM_ACCESS_TOKEN,
        SYSTEM_OIDCREQUESTURI: `${sandbox.endpoints.authority}/_oidc/azure-pipelines`,
      }),
    );
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
    expect(azureOutputs(r.stdout)).toMatchObject({ status: 'pass', errors: '0' });
    const requests = await authorityRequests();
    expect(requests.filter((e) => e.startsWith('POST /_oidc/azure-pipelines'))).toEqual([
      'POST /_oidc/azure-pipelines 200',
      'POST /_oidc/azure-pipelines 200',
    ]);
    expect(requests.filter((e) => e.includes('/oauth2/v2.0/token'))).toHaveLength(2);
    expectNoUnmaskedJwt(r.stdout, '##vso[task.setsecret]');
    // task-lib echoes every variable it reads (`##vso[task.debug]System.AccessToken=…`); the adapter must not let it.
    const unmasked = r.stdout
      .split('\n')
      .filter((line) => !line.startsWith('##vso[task.setsecret]'))
      .join('\n');
    expect(unmasked).not.toContain(SYSTEM_ACCESS_TOKEN);
    expect(r.stdout).toContain('##vso[task.debug]System.AccessToken=***');
  }, 60_000);
});
