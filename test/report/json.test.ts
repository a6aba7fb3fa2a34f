import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/core/report.js';
import { renderJson } from '../../src/report/json.js';
import { ALL_REPORTS, REMEDIATE, ROTATE_ROTATED, VERIFY_DRIFT } from './fixtures.js';

/** The same report with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    ) as T;
  }
  return value;
}

describe('renderJson', () => {
  it.each(Object.entries(ALL_REPORTS))('round-trips %s to the model', (_name, report) => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('writes the keys in the order of the contract, whatever order the model has', () => {
    const parsed = JSON.parse(renderJson(reversedKeys(REMEDIATE))) as Record<string, unknown> & {
      findings: Record<string, unknown>[];
      changes: Record<string, unknown>[];
    };
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion',
      'tool',
      'command',
      'status',
      'startedAt',
      'durationMs',
      'summary',
      'findings',
      'changes',
      'requests',
      'error',
    ]);
    expect(Object.keys(parsed.summary as object)).toEqual(['error', 'warning', 'info']);
    expect(Object.keys(parsed.findings[0]!)).toEqual([
      'ruleId',
      'severity',
      'integration',
      'resource',
      'message',
      'expected',
      'actual',
      'fixable',
      'fix',
    ]);
    expect(Object.keys(parsed.findings[1]!)).toEqual([
      'ruleId',
      'severity',
      'integration',
      'resource',
      'message',
      'expected',
      'actual',
      'fixable',
      'permissions',
    ]);
    expect(Object.keys(parsed.findings[1]!.resource as object)).toEqual([
      'kind',
      'organization',
      'project',
      'repository',
      'token',
      'namespaceId',
    ]);
    expect(Object.keys(parsed.changes[1]!)).toEqual(['kind', 'resource', 'description', 'applied', 'error']);
    expect(renderJson(reversedKeys(VERIFY_DRIFT))).toBe(renderJson(VERIFY_DRIFT));
  });

  it('puts rotation between changes and requests, as in the contract', () => {
    const parsed = JSON.parse(renderJson(ROTATE_ROTATED)) as Record<string, unknown> & { rotation: object };
    expect(Object.keys(parsed).slice(-3)).toEqual(['changes', 'rotation', 'requests']);
    expect(Object.keys(parsed.rotation)).toEqual([
      'status',
      'appId',
      'newKeyId',
      'secretExpiresOn',
      'retiredKeyIds',
      'targets',
      'steps',
    ]);
  });

  it('indents with two spaces, ends with a newline and leaves absent fields out', () => {
    const json = renderJson(VERIFY_DRIFT);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "ado-guard",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).not.toContain('"rotation"');
    expect(json).not.toContain('"error": {');
    expect(json).not.toContain('null');
  });

  it('applies redact to the final output', () => {
    const report: Report = { ...VERIFY_DRIFT, error: { message: 'token abcd1234 refused' } };
    const json = renderJson(report, { redact: (t) => t.replaceAll('abcd1234', '***') });
    expect(json).toContain('token *** refused');
    expect(json).not.toContain('abcd1234');
  });
});
