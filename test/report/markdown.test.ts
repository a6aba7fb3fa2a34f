import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/core/findings.js';
import {
  escapeCell,
  MATRIX_ROW_LIMIT,
  MAX_TABLE_ROWS,
  renderMarkdown,
  TABLE_ROW_LIMIT,
} from '../../src/report/markdown.js';
import { buildMatrix } from '../../src/report/matrix.js';
import { expectedOutput } from './snapshot.js';
import {
  DRIFT_FINDINGS,
  makeReport,
  PLAN,
  REMEDIATE,
  ROTATE_ROLLED_BACK,
  ROTATE_ROTATED,
  ROTATE_SKIPPED,
  VERIFY_DRIFT,
  VERIFY_PASS,
} from './fixtures.js';

const OPTIONS = {
  policyPath: '.github/ado-guard.yml',
  runUrl: 'https://github.com/acme/data/actions/runs/42',
};

function permissionFinding(project: string, repository: string, states: Finding['permissions']): Finding {
  return {
    ruleId: states?.some((p) => p.state === 'denied') ? 'ADO-PERMISSION-DENIED' : 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'repository', organization: 'contoso', project, repository },
    message: `Missing on ${project}/${repository}.`,
    fixable: true,
    permissions: states,
  };
}

describe('renderMarkdown', () => {
  it.each([
    ['verify-drift.md', VERIFY_DRIFT],
    ['verify-pass.md', VERIFY_PASS],
    ['plan.md', PLAN],
    ['remediate.md', REMEDIATE],
    ['rotate-rotated.md', ROTATE_ROTATED],
    ['rotate-rolled-back.md', ROTATE_ROLLED_BACK],
    ['rotate-skipped.md', ROTATE_SKIPPED],
  ])('renders %s exactly', (file, report) => {
    const markdown = renderMarkdown(report, OPTIONS);
    expect(markdown).toBe(expectedOutput(file, markdown));
  });

  it('starts with a status line carrying an emoji, the command, the status and the counts', () => {
    expect(renderMarkdown(VERIFY_PASS).split('\n')[0]).toBe(
      '## ✅ ado-guard verify: pass · 0 errors, 0 warnings, 0 info',
    );
    expect(renderMarkdown(VERIFY_DRIFT).split('\n')[0]).toBe(
      '## ❌ ado-guard verify: drift · 5 errors, 1 warning, 1 info',
    );
    expect(renderMarkdown(REMEDIATE).split('\n')[0]).toMatch(/^## 🛑 ado-guard remediate: error/);
    expect(renderMarkdown(ROTATE_ROTATED).split('\n')[0]).toBe(
      '## ✅ ado-guard rotate: pass · secret rotated',
    );
  });

  it('escapes pipes, angle brackets and backticks in cells', () => {
    expect(escapeCell('a|b <c> `d`\ne')).toBe('a\\|b &lt;c&gt; &#96;d&#96;<br>e');
    expect(escapeCell('![x](https://evil.example/t.png) \\|')).toBe(
      '!\\[x\\](https://evil.example/t.png) \\\\\\|',
    );
    const markdown = renderMarkdown(VERIFY_DRIFT);
    expect(markdown).toContain('| Finance/ledger\\|dbt |');
    expect(markdown).not.toContain('ledger|dbt');
    expect(markdown).toContain('&lt;none&gt;');
    // Every table row has the same number of unescaped pipes as its header.
    for (const table of markdown.split('\n\n').filter((block) => block.includes('\n|---'))) {
      const rows = table.split('\n').filter((line) => line.startsWith('|'));
      const pipes = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(pipes(row)).toBe(pipes(rows[0]!));
    }
  });

  it('puts deny sources in a numbered footnote list, not in the cells', () => {
    const markdown = renderMarkdown(VERIFY_DRIFT);
    expect(markdown).toContain('⛔<sup>1</sup>');
    expect(markdown).toContain('| Finance/ledger\\|dbt | ⛔<sup>1</sup> | ⛔<sup>2</sup> | ✓ | ✓ | ✗ |');
    expect(markdown).toContain('1. PullRequestContribute on Finance/ledger\\|dbt: denied by own ACE');
    expect(markdown).toContain(
      '2. GenericContribute on Finance/ledger\\|dbt: denied by \\[Finance\\]\\\\Auditors at repoV2/p-fin',
    );
    expect(markdown).not.toContain('title=');
  });

  it('draws the rotation as a mermaid sequence diagram with a failed step crossed', () => {
    const markdown = renderMarkdown(ROTATE_ROLLED_BACK);
    expect(markdown).toContain('```mermaid\nsequenceDiagram\n');
    expect(markdown).toContain('    G-xT1: 05:00:05 push conductorOne (400#59; #35; of fields) ✗');
    expect(markdown).toContain('    G->>E: 05:00:06 removePassword (new) ✓');
  });

  it('collapses long finding and change lists under <details>', () => {
    const many: Finding[] = Array.from({ length: TABLE_ROW_LIMIT + 3 }, (_, i) => ({
      ruleId: 'CHECK-SKIPPED',
      severity: 'info',
      integration: 'general',
      resource: { kind: 'check', name: `check-${String(i).padStart(2, '0')}` },
      message: `Skipped ${i}.`,
      fixable: false,
    }));
    const markdown = renderMarkdown(makeReport('verify', 'drift', { findings: many }));
    expect(markdown).toContain('<details>\n<summary>3 more</summary>\n\n| Severity |');
    expect(markdown.indexOf('check-19')).toBeLessThan(markdown.indexOf('<details>'));
    expect(markdown.indexOf('check-20')).toBeGreaterThan(markdown.indexOf('<details>'));
  });
});

describe('permission matrix', () => {
  it('has the permission names seen as columns, Readers last, and cells ✗ / ⛔ / ✓', () => {
    const matrix = buildMatrix(DRIFT_FINDINGS);
    expect(matrix.columns).toEqual([
      'PullRequestContribute',
      'GenericContribute',
      'EditSubscriptions',
      'DeleteSubscriptions',
      'Readers',
    ]);
    const finance = matrix.rows.find((r) => r.label === 'Finance')!;
    expect(finance.cells.map((c) => c.state)).toEqual(['ok', 'ok', 'missing', 'missing', 'missing']);
  });

  it('shows the project Readers state on its repository rows', () => {
    const matrix = buildMatrix(DRIFT_FINDINGS);
    const ledger = matrix.rows.find((r) => r.label === 'Finance/ledger|dbt')!;
    const sales = matrix.rows.find((r) => r.label === 'Sales/dbt-models')!;
    expect(ledger.cells[4]!.state).toBe('missing');
    expect(sales.cells[4]!.state).toBe('ok');
  });

  it('orders rows worst first: most denied, then most missing, then by name', () => {
    const findings = [
      permissionFinding('A', 'one-missing', [{ name: 'GenericContribute', state: 'missing' }]),
      permissionFinding('B', 'two-missing', [
        { name: 'GenericContribute', state: 'missing' },
        { name: 'PullRequestContribute', state: 'missing' },
      ]),
      permissionFinding('C', 'one-denied', [{ name: 'GenericContribute', state: 'denied' }]),
      permissionFinding('D', 'denied-and-missing', [
        { name: 'GenericContribute', state: 'denied' },
        { name: 'PullRequestContribute', state: 'missing' },
      ]),
    ];
    expect(buildMatrix(findings).rows.map((r) => r.label)).toEqual([
      'D/denied-and-missing',
      'C/one-denied',
      'B/two-missing',
      'A/one-missing',
    ]);
    const markdown = renderMarkdown(makeReport('verify', 'drift', { findings }));
    const rows = markdown.split('\n').filter((line) => /^\| [A-D]\//.test(line));
    expect(rows).toEqual([
      '| D/denied-and-missing | ⛔ | ✗ |',
      '| C/one-denied | ⛔ | ✓ |',
      '| B/two-missing | ✗ | ✗ |',
      '| A/one-missing | ✗ | ✓ |',
    ]);
  });

  it(`shows ${MATRIX_ROW_LIMIT} rows and collapses the rest under <details>`, () => {
    const findings = Array.from({ length: MATRIX_ROW_LIMIT + 2 }, (_, i) =>
      permissionFinding('P', `repo-${String(i).padStart(3, '0')}`, [
        { name: 'GenericContribute', state: 'missing' },
      ]),
    );
    const markdown = renderMarkdown(makeReport('verify', 'drift', { findings }));
    const cut = markdown.indexOf('<summary>2 more rows</summary>');
    expect(cut).toBeGreaterThan(0);
    expect(markdown.indexOf('P/repo-049')).toBeLessThan(cut);
    expect(markdown.indexOf('P/repo-050')).toBeGreaterThan(cut);
  });

  it(`keeps at most ${MAX_TABLE_ROWS} rows per table and says how many were left out`, () => {
    const findings = Array.from({ length: MAX_TABLE_ROWS + 7 }, (_, i) =>
      permissionFinding('P', `repo-${String(i).padStart(4, '0')}`, [
        { name: 'GenericContribute', state: 'denied', deniedBy: `group-${i}` },
      ]),
    );
    const markdown = renderMarkdown(makeReport('verify', 'drift', { findings }));
    // Once for the matrix, once for the permission findings in detail.
    expect(markdown.split('… and 7 more rows, left out').length - 1).toBe(2);
    expect(markdown).toContain(`repo-${String(MAX_TABLE_ROWS - 1).padStart(4, '0')}`);
    expect(markdown).not.toContain(`repo-${String(MAX_TABLE_ROWS).padStart(4, '0')}`);
    // No footnote for a row that is not printed.
    expect(markdown).toContain(`${MAX_TABLE_ROWS}. GenericContribute`);
    expect(markdown).not.toContain(`${MAX_TABLE_ROWS + 1}. GenericContribute`);
  });

  it('applies redact to the final output', () => {
    const markdown = renderMarkdown(VERIFY_DRIFT, { redact: (t) => t.replaceAll('contoso', '***') });
    expect(markdown).not.toContain('contoso');
  });
});
