/**
 * verify, plan, remediate and rotate: load the policy, check credentials, do the work, publish a report.
 * A service failure still publishes a report (status `error`, exit 3) so pipelines keep their artifacts.
 */
import { OperationalError } from '../../core/errors.js';
import { loadPolicy } from '../../core/policy/load.js';
import { createReport } from '../../core/report.js';
import type { Command } from '../../core/report.js';
import { VERSION } from '../../core/version.js';
import type { ExitCode } from '../../core/exit-codes.js';
import type { RunContext } from '../context.js';
import { requireCredentials } from '../credentials.js';
import { findingLocator } from '../finding-location.js';
import { publish } from '../publish.js';
import { createServices } from '../services.js';
import type { CommandOutcome, CommandRunners, ReportCommandRunner } from './outcome.js';
import { runRemediate } from './remediate.js';
import { runRotate } from './rotate.js';
import { runVerify } from './verify.js';

const RUNNERS: Record<Command, ReportCommandRunner> = {
  verify: async (ctx, policy, services) => ({ findings: await runVerify(ctx, policy, services) }),
  plan: runRemediate,
  remediate: runRemediate,
  rotate: runRotate,
};

export async function runReportCommand(ctx: RunContext, runners: CommandRunners = {}): Promise<ExitCode> {
  const command = ctx.options.command as Command;
  const policyPath = ctx.options.configPath;
  ctx.step(`Reading ${policyPath}`);
  const loaded = loadPolicy(policyPath, { env: process.env });
  for (const warning of loaded.warnings) {
    ctx.warning(warning.message, { file: policyPath, line: warning.line, column: warning.column });
  }
  requireCredentials(loaded.policy, ctx.host);
  const services = createServices(ctx, loaded.policy);

  let outcome: CommandOutcome = { findings: [] };
  let error: { message: string; service?: string } | undefined;
  try {
    const runner = runners[command] ?? RUNNERS[command];
    outcome = await runner(ctx, loaded.policy, services, (partial) => (outcome = partial));
  } catch (failure) {
    if (!(failure instanceof OperationalError)) throw failure;
    error = {
      message: ctx.redact(failure.message),
      ...(failure.service ? { service: failure.service } : {}),
    };
    ctx.error(error.message);
  }
  const report = createReport({
    command,
    version: VERSION,
    startedAt: ctx.startedAt,
    findings: outcome.findings,
    ...(outcome.changes ? { changes: outcome.changes } : {}),
    ...(outcome.rotation ? { rotation: outcome.rotation } : {}),
    requests: services.http.requestCount,
    error,
  });
  return publish(ctx, report, policyPath, findingLocator(policyPath, loaded.text));
}
