/** A remediation plan: each change as reported (DESIGN.md §6) and the one write that makes it. */
import type { Change } from '../core/changes.js';
import type { Finding } from '../core/findings.js';

export type Operation =
  /** `DELETE permissions/{ns}/{bits}?descriptor&token`: clears these bits (allow and deny) of one ACE. */
  | { type: 'clearDeny'; namespaceId: string; token: string; descriptor: string; bits: number }
  /** `POST accesscontrolentries/{ns}` with `merge:true`: adds these allow bits to one ACE. */
  | { type: 'grant'; namespaceId: string; token: string; descriptor: string; bits: number }
  /** `PUT graph/memberships/{subject}/{container}`. */
  | { type: 'membership'; subjectDescriptor: string; containerDescriptor: string }
  /** `PATCH applications/{objectId}` with whole collections (read-modify-write). */
  | { type: 'app'; objectId: string; patch: Record<string, unknown> };

export interface PlannedChange {
  /** Stable within one plan, e.g. `ace:clear:<ns>:<token>`. */
  id: string;
  change: Change;
  operation: Operation;
  /** Ids of changes that must land first; when one fails, this one is not attempted. */
  dependsOn: string[];
  /** `findingKey`s of the findings this change fixes (re-verify waits for them to clear). */
  addresses: string[];
}

/** Which drift a finding is about, so a re-verify can tell whether a change took effect. */
export function findingKey(finding: Finding): string {
  const r = finding.resource;
  return [finding.ruleId, r.namespaceId ?? '', r.token ?? '', r.project ?? '', r.appId ?? '']
    .join('|')
    .toLowerCase();
}

/** The safe order of application: denies cleared before grants on the same ACE, memberships, then apps. */
export const OPERATION_ORDER: Record<Operation['type'], number> = {
  clearDeny: 0,
  grant: 1,
  membership: 2,
  app: 3,
};
