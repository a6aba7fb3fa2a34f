/** The ado-guard.yml the sandbox prints for its scenario (DESIGN.md §3), and the env it needs. */
import { stringify } from 'yaml';
import type { ServiceName } from '../types.js';

/** What the policy needs to know about the running world. */
export interface PolicyFacts {
  organization: string;
  tenantId: string;
  serviceUser?: string;
  endpoints: Record<ServiceName, string>;
  dbtCloud?: { accountId: number | string; applicationClientId: string };
  conductorOne?: { appId: string; connectorId: string; applicationClientId: string };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `overrides` merged into `base`: objects key by key, anything else (arrays too) replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export function buildPolicy(
  facts: PolicyFacts,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const integrations: Record<string, unknown> = {};
  if (facts.dbtCloud) {
    integrations.dbtCloud = {
      accessUrl: facts.endpoints.dbtCloud,
      accountId: facts.dbtCloud.accountId,
      applicationClientId: facts.dbtCloud.applicationClientId,
      authenticationMethod: 'service_user',
    };
  }
  if (facts.conductorOne) {
    integrations.conductorOne = {
      tenantUrl: facts.endpoints.conductorOne,
      appId: facts.conductorOne.appId,
      connectorId: facts.conductorOne.connectorId,
      mode: 'oauth',
      access: 'sync',
      applicationClientId: facts.conductorOne.applicationClientId,
    };
  }
  const policy: Record<string, unknown> = {
    version: 1,
    organization: facts.organization,
    tenantId: facts.tenantId,
    ...(facts.serviceUser ? { serviceUser: facts.serviceUser } : {}),
    scope: { projects: ['*'], repositories: ['*'], level: 'project' },
    integrations,
    endpoints: {
      azureDevOps: facts.endpoints.azureDevOps,
      azureDevOpsIdentity: facts.endpoints.azureDevOpsIdentity,
      graph: facts.endpoints.graph,
      authority: facts.endpoints.authority,
    },
  };
  return deepMerge(policy, overrides);
}

export function policyYaml(policy: Record<string, unknown>, scenarioName: string): string {
  return (
    `# ado-guard.yml for the sandbox scenario "${scenarioName}".\n` +
    '# Secrets are not in this file: export the env lines the sandbox printed, and NODE_EXTRA_CA_CERTS.\n' +
    stringify(policy, { lineWidth: 0 })
  );
}
