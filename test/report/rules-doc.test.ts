import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '../../src/core/findings.js';
import { RULES, ruleHelpUrl } from '../../src/core/rules.js';
import { renderRulesDoc } from '../../src/report/rules-doc.js';

const DOC_URL = new URL('../../docs/rules.md', import.meta.url);

describe('rule catalog', () => {
  it('has exactly one entry per rule id, keyed by its own id', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) expect(RULES[id].id).toBe(id);
  });

  it('gives every rule a title, a why, a fix and at least one integration', () => {
    for (const id of RULE_IDS) {
      const rule = RULES[id];
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.why.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(40);
      expect(rule.integrations.length).toBeGreaterThan(0);
    }
  });

  it('says what ado-guard does in every fix of a remediable rule', () => {
    for (const id of RULE_IDS) {
      if (RULES[id].remediable !== 'no') expect(RULES[id].fix).toMatch(/ado-guard (remediate|rotate)/);
    }
  });

  it('points help at the rule heading in docs/rules.md', () => {
    expect(ruleHelpUrl('ADO-PERMISSION-DENIED')).toBe(
      'https://github.com/ado-guard/ado-guard/blob/main/docs/rules.md#ado-permission-denied',
    );
  });
});

describe('docs/rules.md', () => {
  const generated = renderRulesDoc();

  it('has an index row and a section for every rule', () => {
    for (const id of RULE_IDS) {
      expect(generated).toContain(`| [${id}](#${id.toLowerCase()}) |`);
      expect(generated).toContain(`\n## ${id}\n`);
    }
  });

  it('equals the text generated from the catalog (UPDATE_DOCS=1 rewrites it)', () => {
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC_URL, generated);
    expect(readFileSync(DOC_URL, 'utf8')).toBe(generated);
  });
});
