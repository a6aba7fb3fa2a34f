/** GitHub Actions adapter: a Host over @actions/core (inputs, masking, annotations, outputs, job summary, OIDC). */
import * as core from '@actions/core';
import { UsageError } from '../core/errors.js';
import type { SourceLocation } from '../core/errors.js';
import type { CredentialInputs, CredentialName, Host, RunOptions } from './host.js';
import { CREDENTIAL_ENV, CREDENTIAL_NAMES } from './inputs.js';
import { parseBoolean, parseRunOptions } from './options.js';

const input = (name: string): string | undefined => core.getInput(name) || undefined;

function annotation(location?: SourceLocation): core.AnnotationProperties | undefined {
  return location
    ? { file: location.file, startLine: location.line, startColumn: location.column }
    : undefined;
}

export function readGithubOptions(): RunOptions {
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

export function readGithubCredentials(env: NodeJS.ProcessEnv = process.env): CredentialInputs {
  const credentials: CredentialInputs = {};
  for (const name of CREDENTIAL_NAMES)
    credentials[name] = input(name) ?? (env[CREDENTIAL_ENV[name]] || undefined);
  // Keyless: a client id without a secret, in a job with `permissions: id-token: write`.
  if (
    !credentials.azureClientSecret &&
    !credentials.azureFederatedTokenFile &&
    env.ACTIONS_ID_TOKEN_REQUEST_URL
  ) {
    credentials.federation = { kind: 'github-oidc' };
  }
  return credentials;
}

export function createGithubHost(): Host {
  const options = readGithubOptions();
  const credentials = readGithubCredentials();
  return {
    platform: 'github',
    options,
    credentials,
    credentialSource: (name: CredentialName) => `input ${name} (or env ${CREDENTIAL_ENV[name]})`,
    setSecret: (value) => core.setSecret(value),
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message, location) => core.warning(message, annotation(location)),
    error: (message, location) => core.error(message, annotation(location)),
    step: (message) => core.info(`▸ ${message}`),
    print: (text) => core.info(text),
    setOutput: (name, value, opts) => {
      if (opts?.secret) core.setSecret(value);
      core.setOutput(name, value);
    },
    writeSummary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    getIdToken: (audience) => core.getIDToken(audience),
    finish: (code, message) => {
      if (code !== 0) core.setFailed(message ?? `ado-guard ${options.command} failed`);
      process.exitCode = code;
    },
  };
}

/** Options problems surface before a Host exists; report them the GitHub way. */
export function failGithubSetup(error: unknown): void {
  const message = error instanceof UsageError ? error.message : String((error as Error)?.message ?? error);
  core.setFailed(message);
  process.exitCode = 2;
}
