import type { Finding, Severity } from '../core/findings.js';
import type { Report, ReportStatus, RotationReport } from '../core/report.js';
import { ruleHelpUrl } from '../core/rules.js';
import {
  changesTitle,
  changeState,
  countsLine,
  formatDuration,
  groupByIntegration,
  identity,
  notFixable,
  redactDeep,
  INTEGRATION_LABEL,
  resourceLabel,
  type Redact,
} from './common.js';

/** The report for a terminal or a CI log. ANSI colour only when asked for. */

export interface TextOptions {
  color: boolean;
  redact?: Redact;
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';
const ANSI: Record<Style, string> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  green: '\u001b[32m',
  cyan: '\u001b[36m',
};
const RESET = '\u001b[0m';

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };
const SEVERITY_TAG: Record<Severity, string> = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' };
const FIXABLE_HINT = 'run ado-guard remediate --apply (preview with ado-guard plan)';
const STATUS_STYLE: Record<ReportStatus, Style> = { pass: 'green', drift: 'yellow', error: 'red' };

export function renderText(input: Report, options: TextOptions): string {
  const redact = options.redact ?? identity;
  const report = redactDeep(input, redact);
  const paint = (style: Style, text: string): string =>
    options.color ? `${ANSI[style]}${text}${RESET}` : text;
  const lines: string[] = [];

  lines.push(
    `${paint('bold', `${report.tool.name} ${report.command}`)}: ` +
      `${paint(STATUS_STYLE[report.status], report.status.toUpperCase())} · ${countsLine(report.summary)}`,
  );
  if (report.error !== undefined) {
    const service = report.error.service !== undefined ? ` (${report.error.service})` : '';
    lines.push(`${paint('red', 'Stopped')}${service}: ${report.error.message}`);
  }

  for (const [integration, findings] of groupByIntegration(report.findings)) {
    lines.push('', paint('bold', `${INTEGRATION_LABEL[integration]} (${findings.length})`));
    for (const finding of findings) lines.push(...findingLines(finding, paint));
  }
  if (report.findings.length === 0 && report.command !== 'rotate') {
    lines.push('', report.status === 'error' ? 'No findings before the run stopped.' : 'No findings.');
  }

  if (report.changes.length > 0) {
    lines.push('', paint('bold', changesTitle(report.command, report.changes)));
    for (const change of report.changes) {
      const state = changeState(change);
      const mark =
        state === 'applied'
          ? paint('green', '✓ applied')
          : state === 'failed'
            ? paint('red', '✗ failed ')
            : '○ planned';
      lines.push(
        `  ${mark}  ${change.kind.padEnd(10)} ${resourceLabel(change.resource)}: ${change.description}`,
      );
      if (change.error !== undefined) lines.push(`      error: ${change.error}`);
    }
  }

  const leftAlone = notFixable(report.command, report.findings);
  if (leftAlone.length > 0) {
    lines.push('', paint('bold', `Not fixable by ado-guard (${leftAlone.length})`));
    for (const finding of leftAlone) {
      lines.push(
        `  ${finding.ruleId}  ${resourceLabel(finding.resource)}: ${finding.fix ?? finding.message}`,
      );
    }
  }

  if (report.rotation !== undefined) lines.push('', ...rotationLines(report.rotation, paint));

  lines.push(
    '',
    paint(
      'dim',
      `${report.requests.total} requests · ${formatDuration(report.durationMs)} · started ${report.startedAt}`,
    ),
  );
  return redact(`${lines.join('\n')}\n`);
}

function findingLines(finding: Finding, paint: (style: Style, text: string) => string): string[] {
  const lines = [
    `  ${paint(SEVERITY_STYLE[finding.severity], SEVERITY_TAG[finding.severity])} ${paint('bold', finding.ruleId)}  ` +
      `${resourceLabel(finding.resource)}${finding.fixable ? paint('dim', '  [fixable]') : ''}`,
    `        ${finding.message}`,
  ];
  if (finding.expected !== undefined) lines.push(`        expected: ${finding.expected}`);
  if (finding.actual !== undefined) lines.push(`        actual:   ${finding.actual}`);
  for (const permission of finding.permissions ?? []) {
    if (permission.state === 'denied') {
      lines.push(
        `        denied:   ${permission.name}${permission.deniedBy ? ` by ${permission.deniedBy}` : ''}`,
      );
    }
  }
  const fix = finding.fix ?? (finding.fixable ? FIXABLE_HINT : 'see help');
  lines.push(`        fix:      ${fix}`, `        help:     ${ruleHelpUrl(finding.ruleId)}`);
  return lines;
}

function rotationLines(rotation: RotationReport, paint: (style: Style, text: string) => string): string[] {
  const style: Style =
    rotation.status === 'rotated' ? 'green' : rotation.status === 'skipped' ? 'dim' : 'red';
  const lines = [`${paint('bold', 'Rotation')}: ${paint(style, rotation.status)}`];
  if (rotation.reason !== undefined) lines.push(`  reason:       ${rotation.reason}`);
  if (rotation.appId !== undefined) lines.push(`  app:          ${rotation.appId}`);
  if (rotation.newKeyId !== undefined) lines.push(`  new key:      ${rotation.newKeyId}`);
  if (rotation.secretExpiresOn !== undefined) lines.push(`  expires:      ${rotation.secretExpiresOn}`);
  if (rotation.retiredKeyIds.length > 0) lines.push(`  retired keys: ${rotation.retiredKeyIds.join(', ')}`);
  if (rotation.targets.length > 0) {
    lines.push('  targets:');
    for (const target of rotation.targets) {
      const mark = target.status === 'failed' ? paint('red', '✗') : paint('green', '✓');
      const key = target.keyId !== undefined ? `  key ${target.keyId}` : '';
      const message = target.message !== undefined ? `  ${target.message}` : '';
      lines.push(`    ${mark} ${target.name.padEnd(14)} ${target.status.padEnd(8)}${key}${message}`);
    }
  }
  if (rotation.steps !== undefined && rotation.steps.length > 0) {
    lines.push('  steps:');
    for (const step of rotation.steps) {
      const outcome =
        step.outcome === 'ok'
          ? paint('green', 'ok     ')
          : step.outcome === 'failed'
            ? paint('red', 'failed ')
            : paint('dim', 'skipped');
      const detail = step.detail !== undefined ? ` (${step.detail})` : '';
      lines.push(`    ${step.at}  ${outcome} ${step.step}${detail}`);
    }
  }
  return lines;
}
