/**
 * Re-verify after apply. Azure DevOps does not promise read-after-write (reference/azure-devops.md §3: a read
 * right after a successful POST still showed the old ACE; Terraform polls), so while a finding that an
 * applied change fixes is still reported, verify runs again after a pause, a bounded number of times.
 */
import type { Change } from '../core/changes.js';
import type { Finding } from '../core/findings.js';
import type { CheckLog } from '../checks/types.js';
import { findingKey } from './types.js';
import type { PlannedChange } from './types.js';

/** Pauses before each further verify: about a minute in all. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [
  2_000, 3_000, 5_000, 10_000, 10_000, 15_000, 15_000,
];

export interface ReverifyOptions {
  verify: () => Promise<Finding[]>;
  planned: readonly PlannedChange[];
  applied: readonly Change[];
  log: CheckLog;
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export interface ReverifyResult {
  findings: Finding[];
  /** Verify runs made (1 = no polling needed). */
  attempts: number;
  /** Findings an applied change should have fixed that are still reported after the last attempt. */
  lagging: Finding[];
}

export async function reverify(options: ReverifyOptions): Promise<ReverifyResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delays = options.delaysMs ?? DEFAULT_POLL_DELAYS_MS;
  const expected = new Set<string>();
  options.planned.forEach((item, i) => {
    if (options.applied[i]?.applied) for (const key of item.addresses) expected.add(key);
  });
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const findings = await options.verify();
    const lagging = findings.filter((f) => expected.has(findingKey(f)));
    const delay = delays[attempts - 1];
    if (lagging.length === 0 || delay === undefined) return { findings, attempts, lagging };
    options.log.step(
      `${lagging.length} finding(s) fixed by applied changes still show (Azure DevOps read-after-write lag); verifying again in ${Math.round(delay / 1000)} s`,
    );
    await sleep(delay);
  }
}
