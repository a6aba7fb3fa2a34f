/**
 * Starting the sandbox in tests. Tests talk to it with the global `fetch`: `npm test` (scripts/run-jest.mjs)
 * starts jest with NODE_EXTRA_CA_CERTS set to the test CA, and the sandbox reuses that CA (ADO_GUARD_TEST_CA_DIR).
 */
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/sandbox/index.js';
import type { ScenarioSpec } from '../../src/sandbox/scenario/spec.js';

export function testCaDir(): string {
  const dir = process.env.ADO_GUARD_TEST_CA_DIR;
  if (!dir) {
    throw new Error(
      'ADO_GUARD_TEST_CA_DIR is not set: run the tests with `npm test` (it makes the test CA and trusts it).',
    );
  }
  return dir;
}

/** Starts the sandbox on free ports with the test CA. Call `stop()` when done (e.g. in afterAll). */
export function startTestSandbox(
  scenario: string | ScenarioSpec = 'healthy',
  options: Omit<SandboxOptions, 'scenario' | 'caDir'> = {},
): Promise<SandboxHandle> {
  return startSandbox({ ...options, scenario, caDir: testCaDir(), port: options.port ?? 0 });
}

/** A request to the control API; answers the parsed JSON body (undefined for 204). Throws on an error status. */
export async function control<T = unknown>(
  sandbox: SandboxHandle,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sandbox.endpoints.control}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
