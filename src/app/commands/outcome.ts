/** What a report command hands back to be published (DESIGN.md §6): findings, changes, and rotation for rotate. */
import type { Change } from '../../core/changes.js';
import type { Finding } from '../../core/findings.js';
import type { Policy } from '../../core/policy/schema.js';
import type { RotationReport } from '../../core/report.js';
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
