/** The laptop adapter: flags and environment in; report on stdout; progress and problems on stderr. */
import type { SourceLocation } from '../core/errors.js';
import type { CredentialInputs, CredentialName, Host, RunOptions } from './host.js';
import { CREDENTIAL_ENV, CREDENTIAL_NAMES } from './inputs.js';

export interface CliStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export function readCliCredentials(env: NodeJS.ProcessEnv): CredentialInputs {
  const credentials: CredentialInputs = {};
  for (const name of CREDENTIAL_NAMES) credentials[name] = env[CREDENTIAL_ENV[name]] || undefined;
  return credentials;
}

const where = (location?: SourceLocation) =>
  location
    ? `${location.file}${location.line ? `:${location.line}${location.column ? `:${location.column}` : ''}` : ''}: `
    : '';

export function createCliHost(
  options: RunOptions,
  opts: { env: NodeJS.ProcessEnv; streams: CliStreams; debug: boolean },
): Host {
  const { stdout, stderr } = opts.streams;
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    platform: 'cli',
    options,
    credentials: readCliCredentials(opts.env),
    credentialSource: (name: CredentialName) => `environment variable ${CREDENTIAL_ENV[name]}`,
    // A terminal has no log masking; the run's SecretRegistry keeps secrets out of everything printed.
    setSecret: () => undefined,
    debug: (message) => {
      if (opts.debug) stderr.write(`${paint('2', `debug: ${message}`)}\n`);
    },
    info: (message) => {
      if (!options.quiet) stderr.write(`${message}\n`);
    },
    warning: (message, location) => stderr.write(`${paint('33', 'warning:')} ${where(location)}${message}\n`),
    error: (message, location) => stderr.write(`${paint('31', 'error:')} ${where(location)}${message}\n`),
    step: (message) => {
      if (!options.quiet) stderr.write(`${paint('36', '▸')} ${message}\n`);
    },
    print: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    setOutput: () => undefined,
    writeSummary: async () => undefined,
    finish: (code) => {
      process.exitCode = code;
    },
  };
}
