/**
 * The inputs and outputs the GitHub Action and the Azure Pipelines task share (DESIGN.md §4).
 * action.yml and task/task.json are written by hand for readability; a test keeps both equal to this list.
 */
import type { CredentialName } from './host.js';

export interface InputSpec {
  name: string;
  description: string;
  default?: string;
  kind: 'string' | 'boolean' | 'pickList';
  options?: readonly string[];
}

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'command',
    description: 'What to run: verify, plan, remediate or rotate.',
    default: 'verify',
    kind: 'pickList',
    options: ['verify', 'plan', 'remediate', 'rotate'],
  },
  { name: 'config', description: 'Path of the policy file.', default: 'ado-guard.yml', kind: 'string' },
  {
    name: 'failOn',
    description: 'Fail the step when a finding is at or above this severity: error, warning, info or never.',
    default: 'error',
    kind: 'pickList',
    options: ['error', 'warning', 'info', 'never'],
  },
  {
    name: 'apply',
    description: 'remediate only: apply the plan. Without it remediate only shows the plan.',
    default: 'false',
    kind: 'boolean',
  },
  {
    name: 'dryRun',
    description: 'rotate only: show what would happen and write nothing.',
    default: 'false',
    kind: 'boolean',
  },
  {
    name: 'force',
    description: 'rotate only: rotate even when the newest secret is young enough.',
    default: 'false',
    kind: 'boolean',
  },
  {
    name: 'format',
    description: 'Format of the report file: json, sarif, markdown or text.',
    default: 'json',
    kind: 'pickList',
    options: ['json', 'sarif', 'markdown', 'text'],
  },
  {
    name: 'output',
    description: 'Path of the report file (default: a file in the runner temp folder).',
    kind: 'string',
  },
  {
    name: 'azureTenantId',
    description: 'Entra tenant of the automation identity (or env AZURE_TENANT_ID).',
    kind: 'string',
  },
  {
    name: 'azureClientId',
    description: 'Client id of the automation identity (or env AZURE_CLIENT_ID).',
    kind: 'string',
  },
  {
    name: 'azureClientSecret',
    description:
      'Client secret of the automation identity (or env AZURE_CLIENT_SECRET); omit for keyless OIDC.',
    kind: 'string',
  },
  {
    name: 'azureFederatedTokenFile',
    description:
      'File holding a federated token for the automation identity (or env AZURE_FEDERATED_TOKEN_FILE).',
    kind: 'string',
  },
  {
    name: 'azureDevOpsToken',
    description: 'Optional Azure DevOps PAT used instead of an Entra token (or env AZURE_DEVOPS_TOKEN).',
    kind: 'string',
  },
  {
    name: 'dbtCloudToken',
    description: 'dbt Cloud Account Admin service token (or env DBT_CLOUD_TOKEN).',
    kind: 'string',
  },
  {
    name: 'conductorOneClientId',
    description: 'ConductorOne API client id (or env CONDUCTORONE_CLIENT_ID).',
    kind: 'string',
  },
  {
    name: 'conductorOneClientSecret',
    description: 'ConductorOne API client secret (or env CONDUCTORONE_CLIENT_SECRET).',
    kind: 'string',
  },
];

/** Environment variable each credential input falls back to (and the CLI reads). */
export const CREDENTIAL_ENV: Record<CredentialName, string> = {
  azureTenantId: 'AZURE_TENANT_ID',
  azureClientId: 'AZURE_CLIENT_ID',
  azureClientSecret: 'AZURE_CLIENT_SECRET',
  azureFederatedTokenFile: 'AZURE_FEDERATED_TOKEN_FILE',
  azureDevOpsToken: 'AZURE_DEVOPS_TOKEN',
  dbtCloudToken: 'DBT_CLOUD_TOKEN',
  conductorOneClientId: 'CONDUCTORONE_CLIENT_ID',
  conductorOneClientSecret: 'CONDUCTORONE_CLIENT_SECRET',
};
export const CREDENTIAL_NAMES = Object.keys(CREDENTIAL_ENV) as CredentialName[];

/** The credential inputs whose values are secret (the others are identifiers or paths). */
export const SECRET_CREDENTIALS: ReadonlySet<CredentialName> = new Set([
  'azureClientSecret',
  'azureDevOpsToken',
  'dbtCloudToken',
  'conductorOneClientSecret',
]);

export interface OutputSpec {
  name: string;
  description: string;
}

export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'status', description: 'pass, drift or error.' },
  { name: 'findings', description: 'Number of findings.' },
  { name: 'errors', description: 'Number of error findings.' },
  { name: 'warnings', description: 'Number of warning findings.' },
  { name: 'report', description: 'Path of the report file.' },
  { name: 'rotatedKeyId', description: 'keyId of the new client secret, when rotate created one.' },
  {
    name: 'secretExpiresOn',
    description: 'Expiry (ISO 8601) of the new client secret, when rotate created one.',
  },
  {
    name: 'clientSecret',
    description:
      'The new client secret, masked; set only with rotation.output: true, once the rotation completed.',
  },
];
