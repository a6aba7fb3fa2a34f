/**
 * Entra sign-in under throttling, against the sandbox authority: token requests go through the HTTP layer, so these
 * cases prove that a throttled token request still ends in a token (Retry-After honoured, HTML 503 pages survived),
 * and that a token endpoint that keeps failing ends in a clear, bounded error without the secret.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OperationalError } from '../../src/core/errors.js';
import { createTokenProvider } from '../../src/clients/auth/index.js';
import type { CredentialName } from '../../src/platform/host.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { FaultSettingsInput } from '../../src/sandbox/server/faults.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startTestSandbox('healthy');
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(async () => {
  await control(sandbox, 'DELETE', '/requests');
});

interface LogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}

async function tokenRequests(): Promise<LogEntry[]> {
  const log = await control<{ value: LogEntry[] }>(sandbox, 'GET', '/requests?service=authority');
  return log.value.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/oauth2/v2.0/token'));
}

function sandboxEnv(name: string): string {
  const value = sandbox.env[name];
  if (value === undefined) throw new Error(`the sandbox printed no ${name}`);
  return value;
}

function signIn(): ReturnType<typeof createTokenProvider> {
  return createTokenProvider({
    credentials: {
      azureTenantId: sandboxEnv('AZURE_TENANT_ID'),
      azureClientId: sandboxEnv('AZURE_CLIENT_ID'),
      azureClientSecret: sandboxEnv('AZURE_CLIENT_SECRET'),
    },
    tenantId: sandboxEnv('AZURE_TENANT_ID'),
    authorityHost: sandbox.endpoints.authority,
    onSecret: () => undefined,
    credentialSource: (name: CredentialName) => name,
  });
}

async function withFaults(faults: FaultSettingsInput): Promise<void> {
  await control(sandbox, 'PUT', '/faults', faults);
}

describe('sign-in against a throttling authority', () => {
  afterAll(async () => {
    await withFaults({ rules: [] });
  });

  it('waits out two 429 answers with Retry-After and gets the token', async () => {
    await withFaults({
      rules: [{ kind: '429', service: 'authority', method: 'POST', count: 2, retryAfter: 1 }],
    });
    const token = await signIn().getToken('graph');
    expect(token.length).toBeGreaterThan(20);
    expect((await tokenRequests()).map((entry) => entry.status)).toEqual([429, 429, 200]);
  });

  it('gets past a 503 HTML page without Retry-After', async () => {
    await withFaults({
      rules: [{ kind: '503', html: true, service: 'authority', method: 'POST', count: 1 }],
    });
    await expect(signIn().getToken('azureDevOps')).resolves.toEqual(expect.any(String));
    expect((await tokenRequests()).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('ends a token endpoint that keeps failing with an Entra ID error that names the authority, not the secret', async () => {
    await withFaults({ rules: [{ kind: 'fail', service: 'authority', method: 'POST', status: 500 }] });
    const failure = await signIn()
      .getToken('graph')
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(OperationalError);
    const text = String((failure as Error).message);
    expect(text).not.toContain(sandbox.env.AZURE_CLIENT_SECRET);
    expect(text).toMatch(/Entra|sign/i);
    // Bounded: a handful of attempts, not a loop.
    const attempts = (await tokenRequests()).length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(6);
  });
});
