import type { Change } from '../core/changes.js';
import type { Finding, IntegrationName, ResourceRef, Severity } from '../core/findings.js';
import { SEVERITY_RANK } from '../core/findings.js';

/** Helpers shared by the renderers: labels, ordering and grouping. Pure functions only. */

/** Applied to a renderer's final output, as defence in depth (the model is already secret-free). */
export type Redact = (text: string) => string;

export const INTEGRATION_ORDER: readonly IntegrationName[] = [
  'dbtCloud',
  'conductorOne',
  'defenderForCloud',
  'general',
];

export const INTEGRATION_LABEL: Record<IntegrationName, string> = {
  dbtCloud: 'dbt Cloud',
  conductorOne: 'ConductorOne',
  defenderForCloud: 'Defender for Cloud',
  general: 'General',
};

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** What people call the resource: `Sales/dbt-models`, `Sales`, an app id, a UPN, … */
export function resourceLabel(resource: ResourceRef): string {
  if (resource.project !== undefined && resource.repository !== undefined) {
    return `${resource.project}/${resource.repository}`;
  }
  if (resource.project !== undefined) return resource.project;
  if (resource.kind === 'application' && resource.appId !== undefined) {
    return resource.name !== undefined ? `${resource.name} (${resource.appId})` : resource.appId;
  }
  if (resource.repository !== undefined) return resource.repository;
  return resource.name ?? resource.appId ?? resource.organization ?? resource.token ?? resource.kind;
}

/** Worst first (error, warning, info), then by integration, rule id and resource: a stable order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        INTEGRATION_ORDER.indexOf(a.finding.integration) - INTEGRATION_ORDER.indexOf(b.finding.integration) ||
        compareText(a.finding.ruleId, b.finding.ruleId) ||
        compareText(resourceLabel(a.finding.resource), resourceLabel(b.finding.resource)) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/** Findings by integration, in INTEGRATION_ORDER, each group worst first; empty groups left out. */
export function groupByIntegration(findings: readonly Finding[]): [IntegrationName, Finding[]][] {
  const sorted = sortFindings(findings);
  return INTEGRATION_ORDER.map(
    (integration) =>
      [integration, sorted.filter((f) => f.integration === integration)] as [IntegrationName, Finding[]],
  ).filter(([, group]) => group.length > 0);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1 error, 2 warnings, 0 info`. */
export function countsLine(summary: Record<Severity, number>): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${summary.info} info`;
}

/** `850 ms`, `12.3 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/**
 * The title of the changes list: `Planned changes (n)` for plan and for a remediate that wrote nothing (no
 * `--apply`), else `Changes (a of n applied)`.
 */
export function changesTitle(command: string, changes: readonly Change[]): string {
  const applied = changes.filter((c) => c.applied).length;
  const onlyPlanned = changes.every((c) => changeState(c) === 'planned');
  return command === 'plan' || onlyPlanned
    ? `Planned changes (${changes.length})`
    : `Changes (${applied} of ${changes.length} applied)`;
}

/** plan/remediate: the warning and error findings ado-guard leaves alone (each says why in `fix`). */
export function notFixable(command: string, findings: readonly Finding[]): Finding[] {
  if (command !== 'plan' && command !== 'remediate') return [];
  return findings.filter((f) => !f.fixable && f.severity !== 'info');
}

/** How a change stands: applied, failed (with error), or only planned. */
export function changeState(change: Change): 'applied' | 'failed' | 'planned' {
  if (change.applied) return 'applied';
  return change.error !== undefined ? 'failed' : 'planned';
}

export function identity(text: string): string {
  return text;
}

/**
 * A copy of `value` with `redact` applied to every string in it. Renderers redact the model before escaping
 * (an escaped secret would no longer match) and their final output after.
 */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (redact === identity) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}
