import type { Change } from './changes.js';
import type { Finding, Severity } from './findings.js';

/** The JSON report, DESIGN.md §6 (contract). Every renderer works from this model. */
export type Command = 'verify' | 'plan' | 'remediate' | 'rotate';
export type ReportStatus = 'pass' | 'drift' | 'error';

export type RotationStatus = 'skipped' | 'rotated' | 'rolledBack' | 'failed';
export type TargetStatus = 'updated' | 'verified' | 'failed';

export interface RotationTarget {
  name: string;
  status: TargetStatus;
  /** keyId of the secret the target holds after the run, when known. */
  keyId?: string;
  message?: string;
}

/** One step of the rotation timeline shown in the summary. */
export interface RotationStep {
  at: string;
  step: string;
  outcome: 'ok' | 'failed' | 'skipped';
  detail?: string;
}

export interface RotationReport {
  status: RotationStatus;
  /** Why it was skipped, or what failed. */
  reason?: string;
  appId?: string;
  newKeyId?: string;
  secretExpiresOn?: string;
  retiredKeyIds: string[];
  targets: RotationTarget[];
  steps?: RotationStep[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  command: Command;
  status: ReportStatus;
  startedAt: string;
  durationMs: number;
  summary: Record<Severity, number>;
  findings: Finding[];
  changes: Change[];
  rotation?: RotationReport;
  requests: { total: number };
  /** Present when status is `error`: what stopped the run (already redacted). */
  error?: { message: string; service?: string };
}

export interface ReportParts {
  command: Command;
  version: string;
  startedAt: Date;
  findings: Finding[];
  changes?: Change[];
  rotation?: RotationReport;
  requests: number;
  error?: { message: string; service?: string };
  now?: Date;
}

/** Builds the report model; status is `error` when the run failed, `drift` with any warning or error finding. */
export function createReport(parts: ReportParts): Report {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of parts.findings) summary[f.severity] += 1;
  const status: ReportStatus = parts.error ? 'error' : summary.error + summary.warning > 0 ? 'drift' : 'pass';
  return {
    schemaVersion: 1,
    tool: { name: 'ado-guard', version: parts.version },
    command: parts.command,
    status,
    startedAt: parts.startedAt.toISOString(),
    durationMs: Math.max(0, (parts.now ?? new Date()).getTime() - parts.startedAt.getTime()),
    summary,
    findings: parts.findings,
    changes: parts.changes ?? [],
    ...(parts.rotation ? { rotation: parts.rotation } : {}),
    requests: { total: parts.requests },
    ...(parts.error ? { error: parts.error } : {}),
  };
}
