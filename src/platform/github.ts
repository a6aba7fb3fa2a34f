/**
 * GitHub Actions adapter: a Host over workflow commands (inputs, masking, annotations, outputs, job summary; see
 * github-commands.ts) and, for keyless sign-in, @actions/core's OIDC client, loaded when a token is asked for.
 */
import os from 'node:os';
import { UsageError } from '../core/errors.js';
import type { SourceLocation } from '../core/errors.js';
import { appendSummary, issueCommand, readInput, writeOutput } from './github-commands.js';
import type { CommandProperties } from './github-commands.js';
import type { CredentialInputs, CredentialName, Host, RunOptions } from './host.js';
import { CREDENTIAL_ENV, CREDENTIAL_NAMES } from './inputs.js';
import { parseBoolean, parseRunOptions } from './options.js';

const input = (name: string): string | undefined => readInput(name);

/** Where an annotation points, in the toolkit's property names. */
function annotation(location?: SourceLocation): CommandProperties | undefined {
  return location ? { file: location.file, line: location.line, col: location.column } : undefined;
}

const setSecret = (value: string): void => issueCommand('add-mask', value);

/** Marks the step failed: exit code 1 unless the caller sets another, and the message as an error. */
function setFailed(message: string): void {
  process.exitCode = 1;
  issueCommand('error', message);
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
    setSecret,
    debug: (message) => issueCommand('debug', message),
    info: (message) => process.stdout.write(`${message}${os.EOL}`),
    warning: (message, location) => issueCommand('warning', message, annotation(location)),
    error: (message, location) => issueCommand('error', message, annotation(location)),
    step: (message) => process.stdout.write(`▸ ${message}${os.EOL}`),
    print: (text) => process.stdout.write(`${text}${os.EOL}`),
    setOutput: (name, value, opts) => {
      if (opts?.secret) setSecret(value);
      writeOutput(name, value);
    },
    writeSummary: (markdown) => appendSummary(markdown),
    // The toolkit's OIDC client (it masks the token it returns); loaded only for keyless sign-in.
    getIdToken: async (audience) => (await import('@actions/core')).getIDToken(audience),
    finish: (code, message) => {
      if (code !== 0) setFailed(message ?? `ado-guard ${options.command} failed`);
      process.exitCode = code;
    },
  };
}

/** Options problems surface before a Host exists; report them the GitHub way. */
export function failGithubSetup(error: unknown): void {
  const message = error instanceof UsageError ? error.message : String((error as Error)?.message ?? error);
  setFailed(message);
  process.exitCode = 2;
}
