/**
 * Turns raw option values (CLI flags, action inputs, task inputs) into validated RunOptions.
 * Shared by the three adapters so that every platform accepts and rejects exactly the same values.
 */
import { UsageError } from '../core/errors.js';
import type { FailOn } from '../core/findings.js';
import { COMMANDS, FORMATS } from './host.js';
import type { CommandName, OutputFormat, RunOptions } from './host.js';

export interface RawOptions {
  command?: string;
  config?: string;
  format?: string;
  output?: string;
  failOn?: string;
  apply?: boolean;
  dryRun?: boolean;
  force?: boolean;
  quiet?: boolean;
  color?: boolean;
  scenario?: string;
  port?: string;
}

/** How a user names an option on this platform, for error messages: `--fail-on` or `input failOn`. */
export type OptionNamer = (option: keyof RawOptions) => string;

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  const v = value.trim().toLowerCase();
  const match = allowed.find((a) => a.toLowerCase() === v);
  if (!match) throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got "${value}").`);
  return match;
}

export function parseRunOptions(
  raw: RawOptions,
  name: OptionNamer,
  defaults: { format: OutputFormat },
): RunOptions {
  const command: CommandName = raw.command ? oneOf(raw.command, COMMANDS, name('command')) : 'verify';
  const port = raw.port === undefined || raw.port === '' ? undefined : Number(raw.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65529)) {
    throw new UsageError(`${name('port')} must be a port number from 0 to 65529 (got "${raw.port}").`);
  }
  const options: RunOptions = {
    command,
    configPath: raw.config?.trim() || 'ado-guard.yml',
    format: raw.format ? oneOf(raw.format, FORMATS, name('format')) : defaults.format,
    outputPath: raw.output?.trim() || undefined,
    failOn: raw.failOn ? oneOf(raw.failOn, FAIL_ON, name('failOn')) : 'error',
    apply: raw.apply ?? false,
    dryRun: raw.dryRun ?? false,
    force: raw.force ?? false,
    quiet: raw.quiet ?? false,
    color: raw.color ?? false,
    scenario: raw.scenario?.trim() || undefined,
    port,
  };
  if (options.apply && options.dryRun) {
    throw new UsageError(`${name('apply')} and ${name('dryRun')} exclude each other: choose one.`);
  }
  if (options.apply && command !== 'remediate') {
    throw new UsageError(`${name('apply')} only applies to the remediate command (command is ${command}).`);
  }
  return options;
}

/** Boolean input text as both CI systems write it. */
export function parseBoolean(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UsageError(`${name} must be true or false (got "${value}").`);
}
