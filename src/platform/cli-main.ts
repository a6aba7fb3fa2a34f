/** `ado-guard …`: flags → Host → run. Help and version never touch the network. */
import type { CommandRunners } from '../app/commands/outcome.js';
import { run } from '../app/run.js';
import { AdoGuardError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { VERSION } from '../core/version.js';
import { helpText, parseArgs } from './cli-args.js';
import { createCliHost } from './cli.js';
import type { CliStreams } from './cli.js';
import type { CommandName } from './host.js';
import { parseRunOptions } from './options.js';

const flagName = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export async function cliMain(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  streams: CliStreams = { stdout: process.stdout, stderr: process.stderr },
  runners: CommandRunners = {},
): Promise<ExitCode> {
  let options;
  let parsed;
  try {
    parsed = parseArgs(argv);
    if (parsed.version) {
      streams.stdout.write(`${VERSION}\n`);
      return ExitCode.Clean;
    }
    if (parsed.help) {
      const command = parsed.raw.command as CommandName | undefined;
      streams.stdout.write(helpText(command));
      return ExitCode.Clean;
    }
    const color = parsed.raw.color ?? (Boolean(streams.stderr.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb');
    options = parseRunOptions({ ...parsed.raw, color }, (o) => (o === 'command' ? 'command' : flagName(o)), {
      format: 'text',
    });
  } catch (error) {
    const message = error instanceof AdoGuardError ? error.message : String(error);
    streams.stderr.write(`error: ${message}\n`);
    return ExitCode.Usage;
  }
  const host = createCliHost(options, { env, streams, debug: parsed.debug || env.ADO_GUARD_DEBUG === '1' });
  return run(host, runners);
}
