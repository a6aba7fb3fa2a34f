import { describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '../../src/core/findings.js';
import { RULES } from '../../src/core/rules.js';
import { render } from '../../src/report/index.js';
import { FINGERPRINT_KEY, renderSarif } from '../../src/report/sarif.js';
import { DRIFT_FINDINGS, makeReport, REMEDIATE, VERIFY_DRIFT, VERIFY_PASS } from './fixtures.js';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { message: { text: string } }[];
    }[];
    results: SarifResult[];
  }[];
}

const POLICY = '.github/ado-guard.yml';
const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;
const run = (log: SarifLog): SarifLog['runs'][number] => log.runs[0]!;

describe('renderSarif', () => {
  const log = parse(renderSarif(VERIFY_DRIFT, { policyPath: POLICY }));

  it('has the required SARIF 2.1.0 properties', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = run(log).tool.driver;
    expect(driver).toMatchObject({
      name: 'ado-guard',
      version: '0.1.0',
      informationUri: 'https://github.com/ado-guard/ado-guard',
    });
    expect(run(log).invocations[0]!.executionSuccessful).toBe(true);
  });

  it('describes every rule of the catalog, in RULE_IDS order', () => {
    const rules = run(log).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const rule of rules) {
      const info = RULES[rule.id as keyof typeof RULES];
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      const plain = (text: string): string => text.replace(/`/g, '');
      expect(rule.shortDescription.text).toBe(plain(info.title));
      expect(rule.fullDescription.text).toBe(plain(info.why));
      expect(rule.help.text).toContain(plain(info.fix));
      expect(rule.help.text).not.toContain('`');
      expect(rule.help.markdown).toContain(info.fix);
      expect(rule.helpUri).toBe(
        `https://github.com/ado-guard/ado-guard/blob/main/docs/rules.md#${rule.id.toLowerCase()}`,
      );
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(rules.find((r) => r.id === 'CHECK-SKIPPED')!.defaultConfiguration.level).toBe('note');
  });

  it('gives one result per finding, each ruleIndex pointing at its rule and levels mapped', () => {
    const { results, tool } = run(log);
    expect(results).toHaveLength(DRIFT_FINDINGS.length);
    for (const result of results) expect(tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const levels = Object.fromEntries(results.map((r) => [r.ruleId, r.level]));
    expect(levels).toMatchObject({
      'ADO-PERMISSION-MISSING': 'error',
      'ENTRA-SECRET-EXPIRING': 'warning',
      'CHECK-SKIPPED': 'note',
    });
  });

  it('locates each result in the policy file and names the resource logically', () => {
    const result = run(log).results.find((r) => r.message.text.includes('Sales/dbt-models'))!;
    const location = result.locations[0]!;
    expect(location.physicalLocation).toEqual({
      artifactLocation: { uri: POLICY },
      region: { startLine: 1 },
    });
    expect(location.logicalLocations).toEqual([
      { name: 'Sales/dbt-models', fullyQualifiedName: 'contoso/Sales/dbt-models', kind: 'resource' },
    ]);
    expect(result.message.text).toBe(
      'dbt-svc@contoso.com lacks PullRequestContribute on Sales/dbt-models. ' +
        'Expected: GenericContribute, PullRequestContribute. Actual: GenericContribute.',
    );
    const app = run(log).results.find((r) => r.ruleId === 'ENTRA-REDIRECT-MISSING')!;
    expect(app.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(
      '22222222-2222-2222-2222-222222222222',
    );
  });

  it('writes a relative, forward-slashed artifact uri', () => {
    const windows = parse(renderSarif(VERIFY_DRIFT, { policyPath: '.\\config\\ado guard.yml' }));
    expect(run(windows).results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'config/ado%20guard.yml',
    );
  });

  it('fingerprints stably per rule and resource', () => {
    const again = parse(renderSarif(VERIFY_DRIFT, { policyPath: POLICY }));
    const fingerprints = (l: SarifLog): string[] =>
      run(l).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
    expect(fingerprints(again)).toEqual(fingerprints(log));
    expect(new Set(fingerprints(log)).size).toBe(DRIFT_FINDINGS.length);
    // A new wording of the message keeps the fingerprint.
    const reworded = makeReport('verify', 'drift', {
      findings: DRIFT_FINDINGS.map((f) => ({ ...f, message: `${f.message} (reworded)` })),
    });
    expect(fingerprints(parse(renderSarif(reworded, { policyPath: POLICY })))).toEqual(fingerprints(log));
  });

  it('reports an unsuccessful execution with its error, and no results when clean', () => {
    const failed = run(parse(renderSarif(REMEDIATE, { policyPath: POLICY })));
    expect(failed.invocations[0]!.executionSuccessful).toBe(false);
    expect(failed.invocations[0]!.toolExecutionNotifications![0]!.message.text).toBe('1 of 3 changes failed');
    expect(run(parse(renderSarif(VERIFY_PASS, { policyPath: POLICY }))).results).toEqual([]);
  });

  it('applies redact to the final output', () => {
    const text = renderSarif(VERIFY_DRIFT, {
      policyPath: POLICY,
      redact: (t) => t.replaceAll('dbt-svc', '***'),
    });
    expect(text).not.toContain('dbt-svc');
    expect(() => JSON.parse(text)).not.toThrow();
  });
});

describe('render', () => {
  it('dispatches on the format and passes the context on', () => {
    const redact = (t: string): string => t.replaceAll('contoso', '***');
    for (const format of ['text', 'markdown', 'json', 'sarif'] as const) {
      const out = render(VERIFY_DRIFT, format, { redact, policyPath: POLICY });
      expect(out).not.toContain('contoso');
    }
    expect(render(VERIFY_DRIFT, 'text', { color: true })).toContain('\u001b[31m');
    expect(render(VERIFY_DRIFT, 'text')).not.toContain('\u001b[');
    expect(
      parse(render(VERIFY_DRIFT, 'sarif')).runs[0]!.results[0]!.locations[0]!.physicalLocation
        .artifactLocation.uri,
    ).toBe('ado-guard.yml');
    expect(render(VERIFY_DRIFT, 'markdown', { runUrl: 'https://ci.example/run/1' })).toContain(
      '[run](https://ci.example/run/1)',
    );
  });
});
