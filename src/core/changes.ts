import type { ResourceRef } from './findings.js';

/** A change that plan/remediate/rotate proposes or made (DESIGN.md §6 `changes`). */
export type ChangeKind = 'ace' | 'membership' | 'app' | 'secret' | 'target';

export interface Change {
  kind: ChangeKind;
  resource: ResourceRef;
  /** What the change does, in words; never carries a secret. */
  description: string;
  applied: boolean;
  /** Why it was not applied (failed, skipped, blocked by an earlier failure). */
  error?: string;
}
