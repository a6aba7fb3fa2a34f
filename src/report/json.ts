import type { Change } from '../core/changes.js';
import type { Finding, PermissionState, ResourceRef } from '../core/findings.js';
import type { Report, RotationReport, RotationStep, RotationTarget } from '../core/report.js';
import { identity, redactDeep, type Redact } from './common.js';

/**
 * The JSON report of DESIGN.md §6. Objects are rebuilt key by key so the order is the contract's, whatever
 * order the model was built in; optional fields that are absent are left out.
 */
export function renderJson(report: Report, options: { redact?: Redact } = {}): string {
  const redact = options.redact ?? identity;
  return `${redact(JSON.stringify(orderReport(redactDeep(report, redact)), null, 2))}\n`;
}

/** Drops keys whose value is undefined, keeping the order given. */
function compact<T extends Record<string, unknown>>(entries: T): T {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as T;
}

function orderReport(report: Report): Report {
  return compact({
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    command: report.command,
    status: report.status,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    summary: { error: report.summary.error, warning: report.summary.warning, info: report.summary.info },
    findings: report.findings.map(orderFinding),
    changes: report.changes.map(orderChange),
    rotation: report.rotation === undefined ? undefined : orderRotation(report.rotation),
    requests: { total: report.requests.total },
    error:
      report.error === undefined
        ? undefined
        : compact({ message: report.error.message, service: report.error.service }),
  });
}

function orderResource(resource: ResourceRef): ResourceRef {
  return compact({
    kind: resource.kind,
    organization: resource.organization,
    project: resource.project,
    repository: resource.repository,
    token: resource.token,
    namespaceId: resource.namespaceId,
    appId: resource.appId,
    name: resource.name,
  });
}

function orderFinding(finding: Finding): Finding {
  return compact({
    ruleId: finding.ruleId,
    severity: finding.severity,
    integration: finding.integration,
    resource: orderResource(finding.resource),
    message: finding.message,
    expected: finding.expected,
    actual: finding.actual,
    fixable: finding.fixable,
    fix: finding.fix,
    permissions: finding.permissions?.map(orderPermission),
  });
}

function orderPermission(permission: PermissionState): PermissionState {
  return compact({
    name: permission.name,
    bit: permission.bit,
    state: permission.state,
    deniedBy: permission.deniedBy,
  });
}

function orderChange(change: Change): Change {
  return compact({
    kind: change.kind,
    resource: orderResource(change.resource),
    description: change.description,
    applied: change.applied,
    error: change.error,
  });
}

function orderRotation(rotation: RotationReport): RotationReport {
  return compact({
    status: rotation.status,
    reason: rotation.reason,
    appId: rotation.appId,
    newKeyId: rotation.newKeyId,
    secretExpiresOn: rotation.secretExpiresOn,
    retiredKeyIds: [...rotation.retiredKeyIds],
    targets: rotation.targets.map(orderTarget),
    steps: rotation.steps?.map(orderStep),
  });
}

function orderTarget(target: RotationTarget): RotationTarget {
  return compact({ name: target.name, status: target.status, keyId: target.keyId, message: target.message });
}

function orderStep(step: RotationStep): RotationStep {
  return compact({ at: step.at, step: step.step, outcome: step.outcome, detail: step.detail });
}
