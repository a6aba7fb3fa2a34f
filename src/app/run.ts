/**
 * run(host): the one path every entry point takes (DESIGN.md §2): options → command → report → host outputs.
 * Every error becomes a clear message and an exit code (DESIGN.md §4); never a stack trace unless --debug.
 */
import { AdoGuardError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { Host } from '../platform/host.js';
import { createContext } from './context.js';
import type { RunContext } from './context.js';
import type { CommandRunners } from './commands/outcome.js';
import { runDemo } from './commands/demo.js';
import { runReportCommand } from './commands/report-command.js';
import { runSandbox } from './commands/sandbox.js';
import { runSchema } from './commands/schema.js';

async function dispatch(ctx: RunContext, runners: CommandRunners): Promise<ExitCode> {
  switch (ctx.options.command) {
    case 'schema':
      return runSchema(ctx);
    case 'sandbox':
      return runSandbox(ctx);
    case 'demo':
      return runDemo(ctx);
    default:
      return runReportCommand(ctx, runners);
  }
}

export async function run(host: Host, runners: CommandRunners = {}): Promise<ExitCode> {
  const ctx = createContext(host);
  let code: ExitCode;
  let message: string | undefined;
  try {
    code = await dispatch(ctx, runners);
  } catch (error) {
    ({ code, message } = describeFailure(error, ctx));
    ctx.error(message, error instanceof AdoGuardError ? error.location : undefined);
    if (error instanceof Error && error.stack) ctx.debug(error.stack);
  }
  host.finish(code, message && ctx.redact(message));
  return code;
}

export function describeFailure(error: unknown, ctx: RunContext): { code: ExitCode; message: string } {
  if (error instanceof AdoGuardError) return { code: error.exitCode, message: ctx.redact(error.message) };
  const text = error instanceof Error ? error.message : String(error);
  return {
    code: ExitCode.Operational,
    message: ctx.redact(`unexpected failure: ${text} (run with --debug for details)`),
  };
}
