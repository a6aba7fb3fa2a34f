import { ExitCode } from './exit-codes.js';

/** Where in a file an error points (1-based line and column). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * Base of every error ado-guard reports to a user. The message must name the field or
 * variable at fault and the fix; it never carries a secret or a stack trace.
 */
export class AdoGuardError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, inputs or arguments (exit 2). */
export class UsageError extends AdoGuardError {
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}

/** The policy file is missing, unreadable or invalid (exit 2). */
export class PolicyError extends AdoGuardError {
  constructor(
    message: string,
    location?: SourceLocation,
    readonly field?: string,
  ) {
    super(message, ExitCode.Usage, location);
  }
}

/** A credential the run needs is not configured (exit 2). `source` names the variable or input. */
export class MissingCredentialError extends AdoGuardError {
  constructor(
    readonly source: string,
    purpose: string,
  ) {
    super(`${source} is not set: it is needed ${purpose}.`, ExitCode.Usage);
  }
}

/** A service failed, refused authentication or answered nonsense (exit 3). */
export class OperationalError extends AdoGuardError {
  constructor(
    message: string,
    readonly service?: string,
    readonly status?: number,
  ) {
    super(message, ExitCode.Operational);
  }
}
