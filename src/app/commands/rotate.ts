/** rotate: not in this build yet. */
import { OperationalError } from '../../core/errors.js';
import type { ReportCommandRunner } from './outcome.js';

export const runRotate: ReportCommandRunner = () =>
  Promise.reject(new OperationalError('rotate is not available in this build yet; verify is.'));
