/**
 * Azure Pipelines adapter: a Host over azure-pipelines-task-lib. Inputs and service-connection secrets are
 * read through task-lib only (it moves them out of process.env into its vault on load).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { UsageError } from '../core/errors.js';
import type { SourceLocation } from '../core/errors.js';
import type { CredentialInputs, CredentialName, Host, RunOptions } from './host.js';
import { CREDENTIAL_ENV, CREDENTIAL_NAMES, SECRET_CREDENTIALS } from './inputs.js';
import { parseBoolean, parseRunOptions } from './options.js';

const input = (name: string): string | undefined => tl.getInput(name, false) || undefined;

/**
 * task-lib's getInput, getVariable and getEndpointAuthorizationParameter each write `##vso[task.debug]<name>=<value>`,
 * which would put a secret in the log before anything could mask it: their output is held back while they read,
 * the value is masked at once, and the debug line says only that it was read.
 */
function readSecret(label: string, read: () => string | undefined): string | undefined {
  tl.setStdStream({ write: () => true } as unknown as NodeJS.WritableStream);
  let value: string | undefined;
  try {
    value = read() || undefined;
  } finally {
    tl.setStdStream(process.stdout);
  }
  if (value) tl.setSecret(value);
  tl.debug(`${label}=${value ? '***' : ''}`);
  return value;
}

const secretInput = (name: string): string | undefined => readSecret(name, () => input(name));

export function readAzureOptions(): RunOptions {
  const bool = (name: string) => parseBoolean(input(name), `input ${name}`);
  return parseRunOptions(
    {
      command: input('command'),
      config: input('config'),
      failOn: input('failOn'),
      apply: bool('apply'),
      dryRun: bool('dryRun'),
      force: bool('force'),
      format: input('format'),
      output: input('output'),
    },
    (option) => `input ${option}`,
    { format: 'json' },
  );
}

/** Credentials from inputs, then the environment, then the AzureRM service connection (`azureSubscription`). */
export function readAzureCredentials(): CredentialInputs {
  const credentials: CredentialInputs = {};
  for (const name of CREDENTIAL_NAMES)
    credentials[name] =
      (SECRET_CREDENTIALS.has(name) ? secretInput(name) : input(name)) ??
      (process.env[CREDENTIAL_ENV[name]] || undefined);
  const connection = input('azureSubscription');
  if (!connection) return credentials;
  const scheme = tl.getEndpointAuthorizationScheme(connection, false);
  const param = (key: string) => tl.getEndpointAuthorizationParameter(connection, key, true) || undefined;
  const secretParam = (key: string) =>
    readSecret(`${connection} auth param ${key}`, () =>
      tl.getEndpointAuthorizationParameter(connection, key, true),
    );
  const tenantId = param('tenantid');
  const clientId = param('serviceprincipalid');
  if (!tenantId || !clientId) {
    throw new UsageError(
      `input azureSubscription: service connection "${connection}" has no tenant or service principal id; use an AzureRM connection.`,
    );
  }
  credentials.azureTenantId ??= tenantId;
  credentials.azureClientId ??= clientId;
  if (scheme === 'WorkloadIdentityFederation') {
    const systemAccessToken = readSecret('System.AccessToken', () => tl.getVariable('System.AccessToken'));
    if (!systemAccessToken) {
      throw new UsageError(
        'input azureSubscription uses workload identity federation, which needs System.AccessToken: map it with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`.',
      );
    }
    credentials.federation = {
      kind: 'azure-pipelines',
      serviceConnectionId: connection,
      tenantId,
      clientId,
      systemAccessToken,
      oidcRequestUri: tl.getVariable('System.OidcRequestUri'),
    };
  } else if (scheme === 'ServicePrincipal') {
    credentials.azureClientSecret ??= secretParam('serviceprincipalkey');
  } else {
    throw new UsageError(
      `input azureSubscription: service connection "${connection}" uses ${scheme ?? 'an unknown scheme'}; use workload identity federation or a service principal secret.`,
    );
  }
  return credentials;
}

export function createAzureHost(): Host {
  const options = readAzureOptions();
  const credentials = readAzureCredentials();
  const issue = (type: tl.IssueType, message: string, location?: SourceLocation) =>
    tl.logIssue(type, message, location?.file, location?.line, location?.column);
  return {
    platform: 'azure-pipelines',
    options,
    credentials,
    credentialSource: (name: CredentialName) => `input ${name} (or env ${CREDENTIAL_ENV[name]})`,
    setSecret: (value) => tl.setSecret(value),
    debug: (message) => tl.debug(message),
    info: (message) => console.log(message),
    warning: (message, location) => issue(tl.IssueType.Warning, message, location),
    error: (message, location) => issue(tl.IssueType.Error, message, location),
    step: (message) => console.log(`▸ ${message}`),
    print: (text) => console.log(text),
    setOutput: (name, value, opts) => tl.setVariable(name, value, opts?.secret ?? false, true),
    writeSummary: async (markdown) => {
      const dir = tl.getVariable('Agent.TempDirectory') || mkdtempSync(path.join(os.tmpdir(), 'ado-guard-'));
      const file = path.join(dir, 'ado-guard-summary.md');
      writeFileSync(file, markdown);
      tl.uploadSummary(file);
    },
    finish: (code, message) => {
      if (code === 0) tl.setResult(tl.TaskResult.Succeeded, message ?? '');
      else tl.setResult(tl.TaskResult.Failed, message ?? `ado-guard ${options.command} failed`);
      process.exitCode = code;
    },
  };
}

export function failAzureSetup(error: unknown): void {
  const message = error instanceof UsageError ? error.message : String((error as Error)?.message ?? error);
  tl.setResult(tl.TaskResult.Failed, message);
  process.exitCode = 2;
}
