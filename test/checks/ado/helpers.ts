/**
 * Azure DevOps verify tests against the sandbox over HTTPS: a scenario spec in, a real AzureDevOpsClient
 * (the automation app's bearer token from the sandbox authority) and the derived requirements out.
 */
import { readFileSync } from 'node:fs';
import { AzureDevOpsClient } from '../../../src/clients/azure-devops/client.js';
import { HttpClient } from '../../../src/clients/http/index.js';
import { deriveRequirements } from '../../../src/core/policy/presets.js';
import type { Requirements } from '../../../src/core/policy/presets.js';
import { PolicySchema } from '../../../src/core/policy/schema.js';
import type { Policy, PolicyInput } from '../../../src/core/policy/schema.js';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import type { ScenarioSpec } from '../../../src/sandbox/scenario/spec.js';
import type { AdoScenario } from '../../../src/sandbox/state/ado.js';
import type { CheckLog } from '../../../src/checks/types.js';
import { startTestSandbox } from '../../sandbox/helpers.js';

export const ORG = 'contoso';
export const DOMAIN = 'contoso.com';
export const SVC = `dbt-svc@${DOMAIN}`;
export const OTHER = `alice@${DOMAIN}`;
export const GIT_NS = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
export const HOOKS_NS = 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046';

export const quietLog: CheckLog = { step: () => undefined, debug: () => undefined };

export interface AdoTestWorld {
  sandbox: SandboxHandle;
  ado: AzureDevOpsClient;
  http: HttpClient;
  policy: Policy;
  requirements: Requirements;
  /** Requests the Azure DevOps hosts answered since the last `clearLog()`. */
  adoRequests(): { method: string; path: string; query: string }[];
  clearLog(): void;
  /** A token of the automation app, for raw per-token oracle queries. */
  authorization(): Promise<string>;
  stop(): Promise<void>;
}

export type AdoSpec = Omit<AdoScenario, 'organization'> & { organization?: string };

/** A scenario with the service user (and alice) in the tenant and the org, plus `ado`. */
export function scenario(ado: AdoSpec, extraTenantUsers: string[] = []): ScenarioSpec {
  return {
    name: 'verify-ado-test',
    tenant: {
      domain: DOMAIN,
      users: [SVC, OTHER, ...extraTenantUsers].map((upn) => ({ userPrincipalName: upn })),
    },
    azureDevOps: { organization: ORG, ...ado },
  };
}

export async function startAdoWorld(
  spec: ScenarioSpec,
  policyOverrides: Partial<PolicyInput> = {},
): Promise<AdoTestWorld> {
  const sandbox = await startTestSandbox(spec);
  const { endpoints, env } = sandbox;
  let cached: string | undefined;
  const authorization = async (): Promise<string> => {
    if (cached) return cached;
    const response = await fetch(`${endpoints.authority}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env.AZURE_CLIENT_ID ?? '',
        client_secret: env.AZURE_CLIENT_SECRET ?? '',
        scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
      }),
    });
    if (!response.ok) throw new Error(`token request answered ${response.status}`);
    cached = `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
    return cached;
  };
  const http = new HttpClient({ ca: [readFileSync(sandbox.caPath, 'utf8')], concurrency: 8 });
  const ado = new AzureDevOpsClient({
    http,
    organization: ORG,
    origin: endpoints.azureDevOps,
    identityOrigin: endpoints.azureDevOpsIdentity,
    authorization,
  });
  const policy = PolicySchema.parse({
    version: 1,
    organization: ORG,
    tenantId: env.AZURE_TENANT_ID,
    serviceUser: SVC,
    integrations: {
      dbtCloud: {
        accessUrl: 'https://ab123.us1.dbt.com',
        accountId: 12345,
        applicationClientId: '11111111-1111-1111-1111-111111111111',
      },
    },
    ...policyOverrides,
  });
  return {
    sandbox,
    ado,
    http,
    policy,
    requirements: deriveRequirements(policy),
    adoRequests: () =>
      sandbox.world.log
        .list()
        .filter((e) => e.service === 'azureDevOps' || e.service === 'azureDevOpsIdentity')
        .map((e) => ({ method: e.method, path: e.path, query: e.query })),
    clearLog: () => sandbox.world.log.clear(),
    authorization,
    stop: () => sandbox.stop(),
  };
}

/** Project and repository ids of the running sandbox, by name. */
export function ids(world: AdoTestWorld): {
  project(name: string): string;
  repo(project: string, name: string): string;
} {
  const state = world.sandbox.world.ado;
  return {
    project: (name) => state.project(name)!.id,
    repo: (project, name) => state.project(project)!.repositories.find((r) => r.name === name)!.id,
  };
}
