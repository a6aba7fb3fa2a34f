import type { Finding, PermissionState, RuleId } from '../core/findings.js';
import { compareText, resourceLabel } from './common.js';

/**
 * The permission matrix of the summary: rows are projects/repositories with permission findings, columns the
 * permission names those findings name (Readers last), cells missing / denied / ok. Worst rows first.
 */

export const MATRIX_RULES: readonly RuleId[] = [
  'ADO-PERMISSION-MISSING',
  'ADO-PERMISSION-DENIED',
  'ADO-READER-MISSING',
];
export const READERS = 'Readers';

export type CellState = 'ok' | 'missing' | 'denied';

export interface MatrixCell {
  state: CellState;
  deniedBy?: string;
}

export interface MatrixRow {
  label: string;
  cells: MatrixCell[];
  denied: number;
  missing: number;
}

export interface PermissionMatrix {
  columns: string[];
  rows: MatrixRow[];
}

/** Findings that feed the matrix: the three permission rules, when they say which permissions. */
export function isMatrixFinding(finding: Finding): boolean {
  if (!MATRIX_RULES.includes(finding.ruleId)) return false;
  return finding.ruleId === 'ADO-READER-MISSING' || (finding.permissions?.length ?? 0) > 0;
}

function permissionsOf(finding: Finding): PermissionState[] {
  if (finding.permissions !== undefined && finding.permissions.length > 0) return finding.permissions;
  // A Readers finding without details still means the membership is missing.
  return finding.ruleId === 'ADO-READER-MISSING' ? [{ name: READERS, state: 'missing' }] : [];
}

export function buildMatrix(findings: readonly Finding[]): PermissionMatrix {
  const matrixFindings = findings.filter(isMatrixFinding);
  const columns: string[] = [];
  const byRow = new Map<string, Map<string, MatrixCell>>();
  const projectReaders = new Map<string, MatrixCell>();

  for (const finding of matrixFindings) {
    const label = resourceLabel(finding.resource);
    const row = byRow.get(label) ?? new Map<string, MatrixCell>();
    byRow.set(label, row);
    for (const permission of permissionsOf(finding)) {
      if (permission.name !== READERS && !columns.includes(permission.name)) columns.push(permission.name);
      const cell: MatrixCell = { state: permission.state };
      if (permission.state === 'denied' && permission.deniedBy !== undefined)
        cell.deniedBy = permission.deniedBy;
      // A denied state outranks a missing one reported by another finding for the same cell.
      const previous = row.get(permission.name);
      if (previous === undefined || (previous.state === 'missing' && cell.state === 'denied')) {
        row.set(permission.name, cell);
      }
      if (permission.name === READERS && finding.resource.project !== undefined) {
        projectReaders.set(finding.resource.project, row.get(READERS)!);
      }
    }
  }
  const hasReaders = matrixFindings.some((f) => permissionsOf(f).some((p) => p.name === READERS));
  if (hasReaders) columns.push(READERS);

  const rows: MatrixRow[] = [];
  for (const [label, cellsByName] of byRow) {
    const project = matrixFindings.find((f) => resourceLabel(f.resource) === label)?.resource.project;
    const cells = columns.map((column): MatrixCell => {
      const own = cellsByName.get(column);
      if (own !== undefined) return own;
      // Readers membership is per project: a repository row shows its project's state.
      if (column === READERS && project !== undefined) return projectReaders.get(project) ?? { state: 'ok' };
      return { state: 'ok' };
    });
    rows.push({
      label,
      cells,
      denied: cells.filter((c) => c.state === 'denied').length,
      missing: cells.filter((c) => c.state === 'missing').length,
    });
  }
  rows.sort((a, b) => b.denied - a.denied || b.missing - a.missing || compareText(a.label, b.label));
  return { columns, rows };
}
