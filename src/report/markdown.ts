import type { Change } from '../core/changes.js';
import type { Finding } from '../core/findings.js';
import type { Report, RotationReport, RotationStep } from '../core/report.js';
import { ruleHelpUrl } from '../core/rules.js';
import {
  changesTitle,
  countsLine,
  formatDuration,
  groupByIntegration,
  identity,
  notFixable,
  redactDeep,
  INTEGRATION_LABEL,
  INTEGRATION_ORDER,
  resourceLabel,
  sortFindings,
  type Redact,
} from './common.js';
import { buildMatrix, isMatrixFinding, type MatrixCell } from './matrix.js';

/**
 * The summary for GitHub job summaries and the Azure Pipelines summary tab (DESIGN.md §9): status line,
 * counts, the permission matrix worst rows first, other findings, changes, rotation timeline.
 */

export interface MarkdownOptions {
  /** The policy file, shown in the footer. */
  policyPath?: string;
  /** Link to the CI run. */
  runUrl?: string;
  redact?: Redact;
}

/** Rows shown before the rest collapse under <details>. */
export const MATRIX_ROW_LIMIT = 50;
export const TABLE_ROW_LIMIT = 20;
/** Rows of one table beyond this are left out of the summary (GitHub caps a job summary at 1 MiB). */
export const MAX_TABLE_ROWS = 500;

const ROTATION_SUMMARY = {
  rotated: 'secret rotated',
  skipped: 'rotation not due',
  rolledBack: 'rotation rolled back',
  failed: 'rotation failed',
} as const;
const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const CELL_ICON = { ok: '✓', missing: '✗', denied: '⛔' } as const;

/**
 * Makes text safe inside a table cell: no column breaks, no HTML, no code spans, no links or images
 * (service messages end up here), no line breaks.
 */
export function escapeCell(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeText(line).replace(/\|/g, '\\|'))
    .join('<br>');
}

/** Escapes text in running markdown (list items, quotes): the same as a cell, pipes and line breaks aside. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[[\]]/g, (bracket) => `\\${bracket}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, '&#96;')
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown(input: Report, options: MarkdownOptions = {}): string {
  const redact = options.redact ?? identity;
  const report = redactDeep(input, redact);
  const blocks: string[] = [statusLine(report), footer(report, options)];
  if (report.error !== undefined) {
    const service = report.error.service !== undefined ? ` (${escapeText(report.error.service)})` : '';
    // A plain quote, not a GitHub alert: the Azure Pipelines summary tab renders it too.
    blocks.push(`> 🛑 **Stopped${service}:** ${escapeText(report.error.message)}`);
  }
  if (report.findings.length > 0) {
    blocks.push(countsTable(report.findings));
    const matrix = matrixSection(report.findings);
    if (matrix !== undefined) blocks.push(matrix);
    const others = report.findings.filter((f) => !isMatrixFinding(f));
    if (others.length > 0) blocks.push(findingsSection(others));
  } else if (report.command !== 'rotate') {
    blocks.push(
      report.status === 'error'
        ? 'No findings were reported before the run stopped.'
        : 'No findings: the live state matches the policy.',
    );
  }
  if (report.changes.length > 0) blocks.push(changesSection(report.command, report.changes));
  const leftAlone = notFixable(report.command, report.findings);
  if (leftAlone.length > 0) blocks.push(notFixableSection(leftAlone));
  if (report.rotation !== undefined) blocks.push(rotationSection(report.rotation));
  return redact(`${blocks.join('\n\n')}\n`);
}

function statusLine(report: Report): string {
  const icon =
    report.status === 'pass'
      ? '✅'
      : report.status === 'error'
        ? '🛑'
        : report.summary.error > 0
          ? '❌'
          : '⚠️';
  const detail =
    report.rotation !== undefined && report.findings.length === 0
      ? ROTATION_SUMMARY[report.rotation.status]
      : countsLine(report.summary);
  return `## ${icon} ado-guard ${report.command}: ${report.status} · ${detail}`;
}

function footer(report: Report, options: MarkdownOptions): string {
  const parts = [
    `${escapeText(report.tool.name)} ${escapeText(report.tool.version)}`,
    `started ${escapeText(report.startedAt)}`,
    formatDuration(report.durationMs),
    `${report.requests.total} requests`,
  ];
  if (options.policyPath !== undefined) parts.push(`policy <code>${escapeCell(options.policyPath)}</code>`);
  if (options.runUrl !== undefined)
    parts.push(`[run](${encodeURI(options.runUrl).replace(/\(/g, '%28').replace(/\)/g, '%29')})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function countsTable(findings: readonly Finding[]): string {
  const lines = ['| Integration | ❌ error | ⚠️ warning | ℹ️ info |', '|---|---:|---:|---:|'];
  const total = { error: 0, warning: 0, info: 0 };
  for (const integration of INTEGRATION_ORDER) {
    const group = findings.filter((f) => f.integration === integration);
    if (group.length === 0) continue;
    const count = (severity: keyof typeof total): number =>
      group.filter((f) => f.severity === severity).length;
    lines.push(
      `| ${INTEGRATION_LABEL[integration]} | ${count('error')} | ${count('warning')} | ${count('info')} |`,
    );
    total.error += count('error');
    total.warning += count('warning');
    total.info += count('info');
  }
  lines.push(`| **Total** | **${total.error}** | **${total.warning}** | **${total.info}** |`);
  return lines.join('\n');
}

function matrixSection(findings: readonly Finding[]): string | undefined {
  const matrix = buildMatrix(findings);
  if (matrix.rows.length === 0) return undefined;
  const footnotes: string[] = [];
  const cell = (c: MatrixCell, column: string, row: string): string => {
    if (c.state !== 'denied' || c.deniedBy === undefined) return CELL_ICON[c.state];
    footnotes.push(`${column} on ${row}: denied by ${c.deniedBy}`);
    return `${CELL_ICON.denied}<sup>${footnotes.length}</sup>`;
  };
  const header = [
    `| Project / repository | ${matrix.columns.map(escapeCell).join(' | ')} |`,
    `|---|${matrix.columns.map(() => ':-:|').join('')}`,
  ];
  // Only rows that will be printed make footnotes.
  const rowLines = matrix.rows
    .slice(0, MAX_TABLE_ROWS)
    .map(
      (row) =>
        `| ${escapeCell(row.label)} | ${row.cells.map((c, i) => cell(c, matrix.columns[i]!, row.label)).join(' | ')} |`,
    );
  const out = [
    '### Permission matrix',
    '',
    '✗ missing · ⛔ denied · ✓ in effect. `ado-guard plan` shows the changes that grant what is missing; ' +
      'a deny is cleared only with `remediation.removeExplicitDeny`.',
    '',
    ...collapsible(header, rowLines, MATRIX_ROW_LIMIT, (hidden) => `${hidden} more rows`),
  ];
  if (matrix.rows.length > rowLines.length) out.push('', omittedNote(matrix.rows.length - rowLines.length));
  if (footnotes.length > 0) {
    out.push('', ...footnotes.map((note, i) => `${i + 1}. ${escapeCell(note)}`));
  }
  const matrixFindings = sortFindings(findings.filter(isMatrixFinding));
  out.push(
    '',
    ...collapsible(
      FINDINGS_HEADER,
      matrixFindings.map(findingRow),
      0,
      () => `The ${matrixFindings.length} permission findings`,
    ),
  );
  return out.join('\n');
}

const FINDINGS_HEADER = [
  '| Severity | Rule | Resource | Message | Expected | Actual | Fix |',
  '|---|---|---|---|---|---|---|',
];

function findingRow(f: Finding): string {
  const fix = f.fixable ? '🔧 `ado-guard remediate`' : escapeCell(f.fix ?? '');
  return (
    `| ${SEVERITY_ICON[f.severity]} ${f.severity} | [${f.ruleId}](${ruleHelpUrl(f.ruleId)}) | ` +
    `${escapeCell(resourceLabel(f.resource))} | ${escapeCell(f.message)} | ${escapeCell(f.expected ?? '')} | ` +
    `${escapeCell(f.actual ?? '')} | ${fix} |`
  );
}

function findingsSection(findings: readonly Finding[]): string {
  const out = ['### Findings'];
  for (const [integration, group] of groupByIntegration(findings)) {
    out.push(
      '',
      `#### ${INTEGRATION_LABEL[integration]} (${group.length})`,
      '',
      ...collapsible(FINDINGS_HEADER, group.map(findingRow)),
    );
  }
  return out.join('\n');
}

function changesSection(command: Report['command'], changes: readonly Change[]): string {
  const title = `### ${changesTitle(command, changes)}`;
  const header = ['| Kind | Resource | Description | Applied | Error |', '|---|---|---|:-:|---|'];
  const rows = changes.map(
    (c) =>
      `| ${c.kind} | ${escapeCell(resourceLabel(c.resource))} | ${escapeCell(c.description)} | ` +
      `${c.applied ? '✓' : '✗'} | ${escapeCell(c.error ?? '')} |`,
  );
  return [title, '', ...collapsible(header, rows)].join('\n');
}

function notFixableSection(findings: readonly Finding[]): string {
  const header = ['| Rule | Resource | Why ado-guard leaves it, and what to do |', '|---|---|---|'];
  const rows = findings.map(
    (f) =>
      `| \`${f.ruleId}\` | ${escapeCell(resourceLabel(f.resource))} | ${escapeCell(f.fix ?? f.message)} |`,
  );
  return [`### Not fixable by ado-guard (${findings.length})`, '', ...collapsible(header, rows)].join('\n');
}

function rotationSection(rotation: RotationReport): string {
  const icon = rotation.status === 'rotated' ? '✅' : rotation.status === 'skipped' ? '⏭️' : '🛑';
  const out = [`### ${icon} Rotation: ${rotation.status}`];
  const facts: string[] = [];
  if (rotation.reason !== undefined) facts.push(`- Reason: ${escapeText(rotation.reason)}`);
  if (rotation.appId !== undefined) facts.push(`- App: <code>${escapeCell(rotation.appId)}</code>`);
  if (rotation.newKeyId !== undefined) facts.push(`- New key: <code>${escapeCell(rotation.newKeyId)}</code>`);
  if (rotation.secretExpiresOn !== undefined)
    facts.push(`- Expires: ${escapeText(rotation.secretExpiresOn)}`);
  if (rotation.retiredKeyIds.length > 0) {
    facts.push(`- Retired: ${rotation.retiredKeyIds.map((k) => `<code>${escapeCell(k)}</code>`).join(', ')}`);
  }
  if (facts.length > 0) out.push('', ...facts);
  if (rotation.steps !== undefined && rotation.steps.length > 0) {
    out.push('', ...rotationDiagram(rotation));
  }
  if (rotation.targets.length > 0) {
    out.push('', '| Target | Status | Key | Message |', '|---|---|---|---|');
    for (const t of rotation.targets) {
      const mark = t.status === 'failed' ? '✗' : '✓';
      out.push(
        `| ${escapeCell(t.name)} | ${mark} ${t.status} | ${t.keyId !== undefined ? `<code>${escapeCell(t.keyId)}</code>` : ''} | ` +
          `${escapeCell(t.message ?? '')} |`,
      );
    }
  }
  return out.join('\n');
}

/**
 * The rotation as a mermaid sequence diagram: ado-guard talks to Entra ID and to each target. A step goes to
 * the target it names, to Entra when it is about secrets or tokens, else stays with ado-guard.
 */
function rotationDiagram(rotation: RotationReport): string[] {
  const targets = rotation.targets.map((t) => t.name);
  const participantOf = (step: RotationStep): string => {
    const index = targets.findIndex((name) => step.step.toLowerCase().includes(name.toLowerCase()));
    if (index >= 0) return `T${index}`;
    return /password|secret|token|entra|graph|key/i.test(step.step) ? 'E' : 'G';
  };
  const lines = [
    '```mermaid',
    'sequenceDiagram',
    '    participant G as ado-guard',
    '    participant E as Entra ID',
  ];
  targets.forEach((name, i) => lines.push(`    participant T${i} as ${mermaidText(name)}`));
  for (const step of rotation.steps ?? []) {
    const to = participantOf(step);
    const arrow = step.outcome === 'failed' ? '-x' : step.outcome === 'skipped' ? '--)' : '->>';
    const mark = step.outcome === 'ok' ? '✓' : step.outcome === 'failed' ? '✗' : 'skipped';
    const time = step.at.length >= 19 ? step.at.slice(11, 19) : step.at;
    const detail = step.detail !== undefined ? ` (${step.detail})` : '';
    lines.push(`    G${arrow}${to}: ${mermaidText(`${time} ${step.step}${detail} ${mark}`)}`);
  }
  lines.push(`    Note over G: ${mermaidText(`rotation ${rotation.status}`)}`, '```');
  return lines;
}

/** Mermaid statement text: one line, no statement separators, entity codes for its special characters. */
function mermaidText(text: string): string {
  const codes: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' };
  return text.replace(/[#;<>]/g, (ch) => codes[ch] ?? ch).replace(/\r?\n/g, ' ');
}

/**
 * A table showing its first `visible` rows, the rest collapsed under <details>. Rows beyond MAX_TABLE_ROWS are
 * left out with a note: GitHub job summaries are capped at 1 MiB and the JSON report has everything.
 */
function collapsible(
  header: string[],
  rows: string[],
  visible = TABLE_ROW_LIMIT,
  summary = (hidden: number): string => `${hidden} more`,
): string[] {
  const kept = rows.slice(0, MAX_TABLE_ROWS);
  const out = visible > 0 ? [...header, ...kept.slice(0, visible)] : [];
  if (kept.length > visible) {
    if (out.length > 0) out.push('');
    out.push(details(summary(kept.length - visible), [...header, ...kept.slice(visible)]));
  }
  if (rows.length > kept.length) out.push('', omittedNote(rows.length - kept.length));
  return out;
}

function omittedNote(count: number): string {
  return `… and ${count} more rows, left out to keep the summary small: the JSON and SARIF reports list them all.`;
}

function details(summary: string, body: string[]): string {
  // The blank lines let GitHub render the markdown inside the HTML block.
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'].join('\n');
}
