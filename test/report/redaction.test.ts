import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Report } from '../../src/core/report.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import { report as anyReport } from './arbitraries.js';
import { ALL_REPORTS, makeReport, DRIFT_FINDINGS, PLAN_CHANGES, ROTATED } from './fixtures.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A report with `secret` planted in every kind of free text a renderer prints. */
function reportLeaking(secret: string): Report {
  const [first, ...rest] = DRIFT_FINDINGS;
  return makeReport('rotate', 'error', {
    findings: [{ ...first!, message: `token ${secret} seen`, actual: `[${secret}]`, fix: secret }, ...rest],
    changes: [{ ...PLAN_CHANGES[0]!, description: `set ${secret}`, error: `<${secret}>` }],
    rotation: {
      ...ROTATED,
      reason: `because ${secret}`,
      targets: [{ name: 'dbtCloud', status: 'failed', message: `|${secret}|` }],
      steps: [
        { at: '2026-11-22T05:00:01.000Z', step: 'push dbtCloud', outcome: 'failed', detail: `#${secret};` },
      ],
    },
    error: { message: `refused ${secret}` },
  });
}

describe('renderers', () => {
  it.each(Object.entries(ALL_REPORTS))('do not modify the report (%s)', (_name, report) => {
    const frozen = deepFreeze(structuredClone(report));
    for (const format of REPORT_FORMATS) expect(() => render(frozen, format, { color: true })).not.toThrow();
    expect(frozen).toEqual(report);
  });

  it('never print a registered secret, whatever characters it has and however the format escapes it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40 }).filter((s) => !s.includes('*') && s.trim().length >= 8),
        (secret) => {
          const registry = new SecretRegistry();
          registry.add(secret);
          const report = reportLeaking(secret);
          for (const format of REPORT_FORMATS) {
            const out = render(report, format, { redact: (t) => registry.redact(t), color: true });
            expect(out).not.toContain(secret);
          }
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });

  it('redact the model before escaping, so an escaped secret is caught too', () => {
    const secret = 'pa|ss<wo>rd`42';
    const registry = new SecretRegistry();
    registry.add(secret);
    const markdown = render(reportLeaking(secret), 'markdown', { redact: (t) => registry.redact(t) });
    expect(markdown).not.toContain('pa\\|ss&lt;wo&gt;rd&#96;42');
    expect(markdown).toContain('token *** seen');
    // Without redaction the escaped form would be there: the check above can fail.
    expect(render(reportLeaking(secret), 'markdown')).toContain('pa\\|ss&lt;wo&gt;rd&#96;42');
  });
});

describe('renderers on any report the model allows', () => {
  it('render every format without throwing; json and sarif stay valid JSON', () => {
    fc.assert(
      fc.property(anyReport, (report) => {
        for (const format of REPORT_FORMATS) {
          const out = render(report, format, { color: true });
          expect(out.endsWith('\n')).toBe(true);
          if (format === 'json' || format === 'sarif') expect(() => JSON.parse(out) as unknown).not.toThrow();
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
