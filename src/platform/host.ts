/**
 * The one interface between the core and a CI platform (DESIGN.md §2, §9). Adapters in this folder
 * build a Host from their platform; `run(host)` uses nothing else of the platform.
 */
import type { ExitCode } from '../core/exit-codes.js';
import type { SourceLocation } from '../core/errors.js';
import type { FailOn } from '../core/findings.js';

export type Platform = 'github' | 'azure-pipelines' | 'cli';
export const COMMANDS = ['verify', 'plan', 'remediate', 'rotate', 'sandbox', 'demo', 'schema'] as const;
export type CommandName = (typeof COMMANDS)[number];
export const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** What the run was asked to do, parsed and validated by the adapter. */
export interface RunOptions {
  command: CommandName;
  /** Path of the policy file (default `ado-guard.yml`). */
  configPath: string;
  /** Format printed to the log/stdout. */
  format: OutputFormat;
  /** Also write the report here; the format follows `format`. */
  outputPath?: string;
  failOn: FailOn;
  apply: boolean;
  dryRun: boolean;
  force: boolean;
  quiet: boolean;
  color: boolean;
  /** `sandbox` command only. */
  scenario?: string;
  port?: number;
}

/** Keyless federation offered by the CI platform. */
export type Federation =
  | { kind: 'github-oidc' }
  | {
      kind: 'azure-pipelines';
      serviceConnectionId: string;
      tenantId: string;
      clientId: string;
      systemAccessToken: string;
      /** System.OidcRequestUri of the job; read from SYSTEM_OIDCREQUESTURI when absent. */
      oidcRequestUri?: string;
    };

/** Credentials as the platform supplies them (inputs, environment, service connection). */
export interface CredentialInputs {
  azureTenantId?: string;
  azureClientId?: string;
  azureClientSecret?: string;
  azureFederatedTokenFile?: string;
  azureDevOpsToken?: string;
  dbtCloudToken?: string;
  conductorOneClientId?: string;
  conductorOneClientSecret?: string;
  federation?: Federation;
}
export type CredentialName = Exclude<keyof CredentialInputs, 'federation'>;

export interface Host {
  readonly platform: Platform;
  readonly options: RunOptions;
  readonly credentials: CredentialInputs;
  /** How users set a credential on this platform, for error messages: `DBT_CLOUD_TOKEN`, `input dbtCloudToken`. */
  credentialSource(name: CredentialName): string;
  /** Mask a secret in the platform's log. Called the moment a secret exists. */
  setSecret(value: string): void;
  debug(message: string): void;
  info(message: string): void;
  /** A warning; with a location it becomes an annotation on that file and line. */
  warning(message: string, location?: SourceLocation): void;
  /** An error; with a location it becomes an annotation on that file and line. */
  error(message: string, location?: SourceLocation): void;
  /** A step of long work; plain lines in CI and when piped. */
  step(message: string): void;
  /** The rendered report, for people (stdout on the CLI). */
  print(text: string): void;
  setOutput(name: string, value: string, options?: { secret?: boolean }): void;
  /** The markdown summary of the run (GitHub job summary, Azure task summary tab). */
  writeSummary(markdown: string): Promise<void>;
  /** An OIDC token from the CI platform for keyless Entra auth (GitHub only). */
  getIdToken?(audience: string): Promise<string>;
  /** End the run: exit code on the CLI, failed/succeeded result in CI. Called exactly once. */
  finish(code: ExitCode, message?: string): void;
}
