import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/core/findings.js';
import { failsOn } from '../../src/core/findings.js';
import { createReport } from '../../src/core/report.js';

const finding = (severity: Finding['severity']): Finding => ({
  ruleId: severity === 'info' ? 'CHECK-SKIPPED' : 'ADO-PERMISSION-MISSING',
  severity,
  integration: 'dbtCloud',
  resource: { kind: 'repository', project: 'Sales', repository: 'dbt-models' },
  message: 'm',
  fixable: severity !== 'info',
});
const base = {
  command: 'verify' as const,
  version: '1.2.3',
  startedAt: new Date('2026-01-01T00:00:00Z'),
  requests: 7,
};

describe('createReport', () => {
  it('is pass with only info findings, drift with a warning or error, error when the run failed', () => {
    expect(createReport({ ...base, findings: [finding('info')] }).status).toBe('pass');
    expect(createReport({ ...base, findings: [finding('warning')] }).status).toBe('drift');
    expect(createReport({ ...base, findings: [finding('error')] }).status).toBe('drift');
    expect(createReport({ ...base, findings: [], error: { message: 'Graph refused' } }).status).toBe('error');
  });

  it('fills the contract fields', () => {
    const report = createReport({
      ...base,
      findings: [finding('error'), finding('info')],
      now: new Date('2026-01-01T00:00:02Z'),
    });
    expect(report).toEqual({
      schemaVersion: 1,
      tool: { name: 'ado-guard', version: '1.2.3' },
      command: 'verify',
      status: 'drift',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2000,
      summary: { error: 1, warning: 0, info: 1 },
      findings: [finding('error'), finding('info')],
      changes: [],
      requests: { total: 7 },
    });
  });
});

describe('failsOn', () => {
  it.each([
    ['error', ['warning'], false],
    ['error', ['error'], true],
    ['warning', ['warning'], true],
    ['info', ['info'], true],
    ['never', ['error'], false],
  ] as const)('failOn %s with %j → %s', (failOn, severities, expected) => {
    expect(
      failsOn(
        severities.map((s) => finding(s)),
        failOn,
      ),
    ).toBe(expected);
  });
});
