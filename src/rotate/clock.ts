/** Time for the rotation: injectable so tests move a sandbox clock instead of waiting in real time. */
export interface RotationClock {
  /** ms since epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: RotationClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The bounds of every wait in a rotation (reference graph-entra.md §2.5, conductorone.md §3.6, dbt-cloud.md §7). */
export interface RotationLimits {
  /** Graph must show the new keyId this many reads in a row (terraform uses 5) … */
  visibleReadsInARow: number;
  /** … at least this far apart … */
  visibleIntervalMs: number;
  /** … within this time. */
  visibleTimeoutMs: number;
  /** AADSTS7000215 is retried for the new secret only within this window after it was created. */
  proveWindowMs: number;
  proveFirstDelayMs: number;
  proveMaxDelayMs: number;
  /** Polling of a ConductorOne sync and of a dbt Cloud job run. */
  pollIntervalMs: number;
  syncTimeoutMs: number;
  jobTimeoutMs: number;
  /**
   * How long an unfinished ado-guard secret counts as a rotation in progress (the lock). It must exceed the
   * longest run: every wait above together.
   */
  lockWindowMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_LIMITS: RotationLimits = {
  visibleReadsInARow: 3,
  visibleIntervalMs: 1000,
  visibleTimeoutMs: 2 * MINUTE,
  proveWindowMs: 5 * MINUTE,
  proveFirstDelayMs: 2000,
  proveMaxDelayMs: 30_000,
  pollIntervalMs: 5000,
  syncTimeoutMs: 10 * MINUTE,
  jobTimeoutMs: 20 * MINUTE,
  lockWindowMs: 60 * MINUTE,
};
