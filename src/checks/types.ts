/**
 * The contract of every verify check area (DESIGN.md §2 `checks/`): given the policy, the required state
 * derived from it and the clients, return findings. A check never throws for drift; it throws only when a
 * service fails (OperationalError). A check that lacks the permission to run returns CHECK-SKIPPED (info).
 */
import type { Finding } from '../core/findings.js';

export interface CheckLog {
  /** A step of long work, e.g. "Reading Git Repositories ACLs (1 request)". */
  step(message: string): void;
  debug(message: string): void;
}

/** One area of verify. `C` is the slice of clients and state that area needs. */
export type Check<C> = (context: C, log: CheckLog) => Promise<Finding[]>;
