/** Exit codes and results, DESIGN.md §4 (contract). */
export const ExitCode = {
  /** Nothing at or above failOn. */
  Clean: 0,
  /** Findings at or above failOn. */
  Findings: 1,
  /** Invalid usage or policy. */
  Usage: 2,
  /** Service unreachable, auth refused, rotation not completed. */
  Operational: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
