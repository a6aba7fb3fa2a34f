/**
 * Test harness for the Azure DevOps emulation: the real Entra state (tokens, users), an AdoState from a scenario,
 * the two services, and either hand-built requests (unit level) or the sandbox HTTPS front (conformance level).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FaultEngine } from '../../../src/sandbox/server/faults.js';
import { startServers, type RunningServers } from '../../../src/sandbox/server/http-server.js';
import { RequestLog } from '../../../src/sandbox/server/request-log.js';
import { buildSandboxRequest } from '../../../src/sandbox/server/request.js';
import { createAzureDevOpsServices } from '../../../src/sandbox/services/azure-devops/index.js';
import { createAdoState, type AdoScenario, type AdoState } from '../../../src/sandbox/state/ado.js';
import { createEntraState, type EntraScenario, type EntraState } from '../../../src/sandbox/state/entra.js';
import type { SandboxResponse, SandboxService, ServiceName } from '../../../src/sandbox/types.js';
import { SandboxClock, SeededRng } from '../../../src/sandbox/world.js';

export const SERVICE_USER = 'dbt-svc@contoso.com';
export const OTHER_USER = 'alice@contoso.com';
/** In the directory, not in the organization. */
export const OUTSIDER = 'mallory@contoso.com';

export const ENTRA: EntraScenario = {
  domain: 'contoso.com',
  users: [
    { userPrincipalName: SERVICE_USER },
    { userPrincipalName: OTHER_USER },
    { userPrincipalName: OUTSIDER },
  ],
};

export interface AdoWorld {
  clock: SandboxClock;
  entra: EntraState;
  state: AdoState;
  services: { azureDevOps: SandboxService; azureDevOpsIdentity: SandboxService };
  /** Bearer token of the automation app for Azure DevOps. */
  automationToken(): string;
  /** Bearer token of a user for Azure DevOps. */
  userToken(upn: string): string;
}

/** A world around `ado` (the automation app of the Entra state is wired in unless the scenario names one). */
export function makeWorld(
  ado: Omit<AdoScenario, 'automation'> & Partial<Pick<AdoScenario, 'automation'>>,
  seed = 7,
): AdoWorld {
  const clock = new SandboxClock();
  const rng = new SeededRng(seed);
  const entra = createEntraState(ENTRA, { rng, clock });
  const spec: AdoScenario = { ...ado, automation: { appId: entra.automation.appId, ...ado.automation } };
  const state = createAdoState(spec, { entra, rng, clock });
  const services = createAzureDevOpsServices(state, { entra, clock });
  return {
    clock,
    entra,
    state,
    services,
    automationToken: () => entra.issueAppToken(entra.automation.appId, 'azureDevOps').accessToken,
    userToken: (upn) => entra.issueUserToken(upn, 'azureDevOps').accessToken,
  };
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  service?: 'azureDevOps' | 'azureDevOpsIdentity';
}

/** Calls a service handler with a hand-built request (`target` is a path with query, e.g. `/contoso/_apis/projects`). */
export async function call(
  world: AdoWorld,
  target: string,
  options: CallOptions = {},
): Promise<SandboxResponse> {
  const service = options.service ?? 'azureDevOps';
  const body =
    options.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(options.body), 'utf8');
  const headers: Record<string, string> = {
    authorization: `Bearer ${world.automationToken()}`,
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const origin = service === 'azureDevOps' ? 'https://127.0.0.1:1' : 'https://127.0.0.1:2';
  const req = buildSandboxRequest(
    service,
    origin,
    { method: options.method ?? 'GET', url: target, headers },
    body,
  );
  return world.services[service].handle(req);
}

/** JSON body of a hand-built call; fails the test with the status and body when it is not `status`. */
export async function callJson<T>(
  world: AdoWorld,
  target: string,
  options: CallOptions = {},
  status = 200,
): Promise<T> {
  const response = await call(world, target, options);
  if (response.status !== status) {
    throw new Error(
      `${options.method ?? 'GET'} ${target} answered ${response.status}: ${JSON.stringify(response.json)}`,
    );
  }
  return response.json as T;
}

export interface RunningWorld extends AdoWorld {
  servers: RunningServers;
  dev: string;
  vssps: string;
}

function notServed(name: ServiceName): SandboxService {
  return { name, handle: () => ({ status: 404, json: { message: `${name} is not part of this test` } }) };
}

/** Starts the sandbox HTTPS front with the two Azure DevOps services (the CA is the test CA `npm test` makes). */
export async function startWorld(world: AdoWorld): Promise<RunningWorld> {
  const caDir = process.env.ADO_GUARD_TEST_CA_DIR;
  if (!caDir) throw new Error('ADO_GUARD_TEST_CA_DIR is not set: run the tests with `npm test`.');
  let endpoints: Partial<Record<ServiceName, string>> = {};
  const services = createAzureDevOpsServices(world.state, {
    entra: world.entra,
    clock: world.clock,
    origins: () => ({
      azureDevOps: endpoints.azureDevOps,
      azureDevOpsIdentity: endpoints.azureDevOpsIdentity,
      authority: endpoints.authority,
    }),
  });
  const servers = await startServers({
    port: 0,
    tls: {
      certPem: readFileSync(path.join(caDir, 'server.pem'), 'utf8'),
      keyPem: readFileSync(path.join(caDir, 'server-key.pem'), 'utf8'),
    },
    resolve: (name) =>
      name === 'azureDevOps'
        ? services.azureDevOps
        : name === 'azureDevOpsIdentity'
          ? services.azureDevOpsIdentity
          : notServed(name),
    faults: new FaultEngine(SeededRng.derive(1, 'faults')),
    log: new RequestLog(),
    clock: world.clock,
  });
  endpoints = servers.endpoints;
  return {
    ...world,
    services,
    servers,
    dev: servers.endpoints.azureDevOps,
    vssps: servers.endpoints.azureDevOpsIdentity,
  };
}
