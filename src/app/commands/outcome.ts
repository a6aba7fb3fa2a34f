/** What a report command hands back to be published (DESIGN.md §6): findings, changes, and rotation for rotate. */
import type { Change } from '../../core/changes.js';
import type { Finding } from '../../core/findings.js';
import type { Policy } from '../../core/policy/schema.js';
import type { Command, RotationReport } from '../../core/report.js';
import type { RunContext } from '../context.js';
import type { Services } from '../services.js';

export interface CommandOutcome {
  findings: Finding[];
  changes?: Change[];
  rotation?: RotationReport;
}

/**
 * One report command. It throws OperationalError when a service fails (the report is still published with
 * status `error`); `partial` lets it hand over what it got done before failing (e.g. the changes that landed).
 */
export type ReportCommandRunner = (
  ctx: RunContext,
  policy: Policy,
  services: Services,
  partial: (outcome: CommandOutcome) => void,
) => Promise<CommandOutcome>;

/** Replacements for the built-in runners, e.g. a rotation on a test's clock; the rest of the run is unchanged. */
export type CommandRunners = Partial<Record<Command, ReportCommandRunner>>;
