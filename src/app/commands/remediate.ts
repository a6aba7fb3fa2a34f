/** plan and remediate (`--apply`): not in this build yet. */
import { OperationalError } from '../../core/errors.js';
import type { ReportCommandRunner } from './outcome.js';

export const runRemediate: ReportCommandRunner = (ctx) =>
  Promise.reject(
    new OperationalError(`${ctx.options.command} is not available in this build yet; verify is.`),
  );
