import { RULE_IDS } from '../core/findings.js';
import { RULES } from '../core/rules.js';
import { INTEGRATION_LABEL } from './common.js';

/** docs/rules.md, generated from the rule catalog (never edited by hand; a test keeps it in step). */

const REMEDIABLE_TEXT = { yes: 'yes', partly: 'partly', no: 'no' } as const;

export function renderRulesDoc(): string {
  const lines: string[] = [
    '# Rules',
    '',
    '<!-- Generated from src/core/rules.ts by renderRulesDoc() in src/report/rules-doc.ts. Do not edit by hand:',
    '     run `UPDATE_DOCS=1 npm test -- test/report/rules-doc` after changing the catalog. -->',
    '',
    'Every finding ado-guard reports carries one of these rule ids. The ids are stable: pipelines and SARIF',
    'consumers may rely on them. "Remediable" says whether `ado-guard remediate` (or `ado-guard rotate`, for',
    'secrets) can fix a finding of that rule: yes, partly (some cases, or a step is left to a person), or no.',
    '',
    '| Rule | Severity | Integrations | Remediable | What it means |',
    '|---|---|---|---|---|',
  ];
  for (const id of RULE_IDS) {
    const rule = RULES[id];
    lines.push(
      `| [${id}](#${id.toLowerCase()}) | ${rule.defaultSeverity} | ${integrations(id)} | ` +
        `${REMEDIABLE_TEXT[rule.remediable]} | ${rule.title} |`,
    );
  }
  for (const id of RULE_IDS) {
    const rule = RULES[id];
    lines.push(
      '',
      `## ${id}`,
      '',
      `**${rule.title}**`,
      '',
      `- Default severity: \`${rule.defaultSeverity}\``,
      `- Integrations: ${integrations(id)}`,
      `- Remediable: ${REMEDIABLE_TEXT[rule.remediable]}`,
      '',
      `**Why it matters.** ${rule.why}`,
      '',
      `**How to fix.** ${rule.fix}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function integrations(id: keyof typeof RULES): string {
  return RULES[id].integrations.map((name) => INTEGRATION_LABEL[name]).join(', ');
}
