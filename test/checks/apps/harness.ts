/** Verify checks against the sandbox over HTTPS: tokens from the sandbox authority, clients over HttpClient. */
import { HttpClient } from '../../../src/clients/http/index.js';
import { GraphClient } from '../../../src/clients/graph/client.js';
import { DbtCloudClient } from '../../../src/clients/dbt-cloud/client.js';
import { parsePolicy } from '../../../src/core/policy/load.js';
import { deriveRequirements, type Requirements } from '../../../src/core/policy/presets.js';
import type { Policy } from '../../../src/core/policy/schema.js';
import { builtInScenario } from '../../../src/sandbox/scenario/builtins.js';
import type { SandboxHandle, ScenarioSpec } from '../../../src/sandbox/index.js';
import type { CheckLog } from '../../../src/checks/types.js';
import { startTestSandbox } from '../../sandbox/helpers.js';

export const quietLog: CheckLog = { step() {}, debug() {} };

/** A copy of a built-in scenario to change in place. */
export function scenario(name: 'healthy' | 'drifted', change?: (spec: ScenarioSpec) => void): ScenarioSpec {
  const spec = structuredClone(builtInScenario(name));
  spec.name = `${name} (changed)`;
  change?.(spec);
  return spec;
}

export interface World {
  sandbox: SandboxHandle;
  policy: Policy;
  requirements: Requirements;
  http: HttpClient;
  graph: GraphClient;
  dbt: DbtCloudClient;
  /** `Bearer <token>` for Azure DevOps. */
  adoAuthorization: () => Promise<string>;
  stop(): Promise<void>;
}

/** Client-credentials token from the sandbox authority for the automation identity. */
async function token(sandbox: SandboxHandle, scope: string): Promise<string> {
  const env = sandbox.env;
  const response = await fetch(`${sandbox.endpoints.authority}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: env.AZURE_CLIENT_ID ?? '',
      client_secret: env.AZURE_CLIENT_SECRET ?? '',
      scope,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token)
    throw new Error(`sandbox token request failed: ${body.error_description ?? response.status}`);
  return body.access_token;
}

export async function startWorld(spec: ScenarioSpec | string): Promise<World> {
  const sandbox = await startTestSandbox(spec);
  try {
    const policy = parsePolicy('ado-guard.yml', sandbox.policyYaml, {}).policy;
    const http = new HttpClient({ maxAttempts: 1 });
    const graphToken = await token(sandbox, 'https://graph.microsoft.com/.default');
    const adoToken = await token(sandbox, '499b84ac-1321-427f-aa17-267ca6975798/.default');
    const dbtCloud = policy.integrations.dbtCloud;
    return {
      sandbox,
      policy,
      requirements: deriveRequirements(policy),
      http,
      graph: new GraphClient({
        http,
        origin: sandbox.endpoints.graph,
        authorization: () => Promise.resolve(`Bearer ${graphToken}`),
      }),
      dbt: new DbtCloudClient({
        http,
        accessUrl: dbtCloud?.accessUrl ?? sandbox.endpoints.dbtCloud,
        accountId: dbtCloud?.accountId ?? 0,
        token: sandbox.env.DBT_CLOUD_TOKEN ?? '',
      }),
      adoAuthorization: () => Promise.resolve(`Bearer ${adoToken}`),
      async stop() {
        http.close();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}
