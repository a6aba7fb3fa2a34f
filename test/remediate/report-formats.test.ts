/** The plan shows in every report format (text, markdown table, json, sarif property bag). */
import { describe, expect, it } from '@jest/globals';
import { renderJson, renderMarkdown, renderSarif, renderText } from '../../src/report/index.js';
import { PLAN, REMEDIATE } from '../report/fixtures.js';

describe('changes in every format', () => {
  it('text and markdown title a plan "Planned changes" and an apply "Changes (a of n applied)"', () => {
    expect(renderText(PLAN, { color: false })).toContain('Planned changes (3)');
    expect(renderText(REMEDIATE, { color: false })).toContain('Changes (2 of 3 applied)');
    const unapplied = { ...REMEDIATE, command: 'remediate' as const, changes: PLAN.changes };
    expect(renderText(unapplied, { color: false })).toContain('Planned changes (3)');
    const markdown = renderMarkdown(PLAN, {});
    expect(markdown).toContain('### Planned changes (3)');
    expect(markdown).toContain(
      '| membership | Finance | Add dbt-svc@contoso.com to \\[Finance\\]\\\\Readers | ✗ |  |',
    );
  });

  it('json carries the changes as they are', () => {
    expect(JSON.parse(renderJson(REMEDIATE)).changes).toEqual(REMEDIATE.changes);
  });

  it('sarif lists them in the run property bag with their state', () => {
    const sarif = JSON.parse(renderSarif(REMEDIATE, { policyPath: 'ado-guard.yml' }));
    expect(sarif.runs[0].properties.changes).toEqual([
      {
        kind: 'ace',
        resource: 'contoso/Sales/dbt-models',
        description: REMEDIATE.changes[0]!.description,
        state: 'applied',
      },
      {
        kind: 'membership',
        resource: 'contoso/Finance',
        description: REMEDIATE.changes[1]!.description,
        state: 'failed',
        error: REMEDIATE.changes[1]!.error,
      },
      {
        kind: 'app',
        resource: '22222222-2222-2222-2222-222222222222',
        description: REMEDIATE.changes[2]!.description,
        state: 'applied',
      },
    ]);
    expect(JSON.parse(renderSarif({ ...PLAN, changes: [] }, { policyPath: 'x' })).runs[0].properties).toBe(
      undefined,
    );
  });

  it('plan and remediate list the findings ado-guard leaves alone, with why', () => {
    const markdown = renderMarkdown(PLAN, {});
    expect(markdown).toMatch(/### Not fixable by ado-guard \(\d+\)/);
    expect(renderText(PLAN, { color: false })).toContain('Not fixable by ado-guard');
    expect(renderMarkdown({ ...PLAN, command: 'verify' }, {})).not.toContain('Not fixable by ado-guard');
  });
});
