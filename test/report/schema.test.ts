import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RULE_IDS } from '../../src/core/findings.js';
import type { Report } from '../../src/core/report.js';
import { renderJson } from '../../src/report/json.js';
import fc from 'fast-check';
import { report as anyReport } from './arbitraries.js';
import { ALL_REPORTS, VERIFY_DRIFT } from './fixtures.js';

// ajv-formats is CommonJS: depending on the interop its function is the module or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as {
  $defs: { ruleId: { enum: string[] } };
};
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const validate = ajv.compile(schema);

/** A deep copy of a report, as plain JSON, to break on purpose. */
function copyOf(report: Report): Record<string, unknown> & { findings: Record<string, unknown>[] } {
  return JSON.parse(renderJson(report)) as Record<string, unknown> & { findings: Record<string, unknown>[] };
}

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('schema/report.schema.json', () => {
  it('knows exactly the rule ids of the catalog', () => {
    expect(schema.$defs.ruleId.enum).toEqual([...RULE_IDS]);
  });

  it.each(Object.entries(ALL_REPORTS))('accepts the JSON report of %s', (_name, report) => {
    expect(errorsOf(JSON.parse(renderJson(report)))).toEqual([]);
  });

  it('accepts the JSON of any report the model allows, and the JSON round-trips', () => {
    fc.assert(
      fc.property(anyReport, (report) => {
        const json = JSON.parse(renderJson(report)) as unknown;
        expect(errorsOf(json)).toEqual([]);
        expect(json).toEqual(report);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('rejects a finding without ruleId', () => {
    const broken = copyOf(VERIFY_DRIFT);
    delete broken.findings[0]!.ruleId;
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'ruleId'")]),
    );
  });

  it('rejects an unknown status, severity, rule id or extra property', () => {
    const badStatus = { ...copyOf(VERIFY_DRIFT), status: 'failed' };
    expect(errorsOf(badStatus)).toEqual(['/status must be equal to one of the allowed values']);

    const badSeverity = copyOf(VERIFY_DRIFT);
    badSeverity.findings[0]!.severity = 'critical';
    expect(errorsOf(badSeverity)).toEqual([
      '/findings/0/severity must be equal to one of the allowed values',
    ]);

    const badRule = copyOf(VERIFY_DRIFT);
    badRule.findings[0]!.ruleId = 'ADO-SOMETHING';
    expect(errorsOf(badRule)).toEqual(['/findings/0/ruleId must be equal to one of the allowed values']);

    const extra = { ...copyOf(VERIFY_DRIFT), secret: 'x' };
    expect(errorsOf(extra)).toEqual([' must NOT have additional properties']);
  });

  it('rejects a bad timestamp and a wrong schemaVersion', () => {
    expect(errorsOf({ ...copyOf(VERIFY_DRIFT), startedAt: 'yesterday' })).toEqual([
      '/startedAt must match format "date-time"',
    ]);
    expect(errorsOf({ ...copyOf(VERIFY_DRIFT), schemaVersion: 2 })).toEqual([
      '/schemaVersion must be equal to constant',
    ]);
  });
});
