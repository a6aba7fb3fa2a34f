import { describe, expect, it } from '@jest/globals';
import { renderText } from '../../src/report/text.js';
import { expectedOutput } from './snapshot.js';
import {
  ALL_REPORTS,
  PLAN,
  REMEDIATE,
  ROTATE_ROLLED_BACK,
  ROTATE_ROTATED,
  VERIFY_DRIFT,
  VERIFY_PASS,
} from './fixtures.js';

const ESC = '\u001b[';

describe('renderText', () => {
  it.each([
    ['verify-drift.txt', VERIFY_DRIFT],
    ['verify-pass.txt', VERIFY_PASS],
    ['plan.txt', PLAN],
    ['remediate.txt', REMEDIATE],
    ['rotate-rotated.txt', ROTATE_ROTATED],
    ['rotate-rolled-back.txt', ROTATE_ROLLED_BACK],
  ])('renders %s exactly', (file, report) => {
    const text = renderText(report, { color: false });
    expect(text).toBe(expectedOutput(file, text));
  });

  it('lists findings worst first: errors before warnings before info', () => {
    const text = renderText(VERIFY_DRIFT, { color: false });
    const dbt = text.slice(text.indexOf('dbt Cloud ('), text.indexOf('ConductorOne ('));
    expect(dbt.lastIndexOf('ERROR')).toBeLessThan(dbt.indexOf('WARN'));
  });

  it('uses ANSI colour only when asked', () => {
    for (const report of Object.values(ALL_REPORTS)) {
      expect(renderText(report, { color: false })).not.toContain(ESC);
    }
    const coloured = renderText(VERIFY_DRIFT, { color: true });
    expect(coloured).toContain(`${ESC}31mERROR`);
    expect(coloured).toContain(`${ESC}33mDRIFT`);
    // Stripped of colour it is the plain text.
    expect(coloured.replace(new RegExp(`${ESC.replace('[', '\\[')}\\d+m`, 'g'), '')).toBe(
      renderText(VERIFY_DRIFT, { color: false }),
    );
  });

  it('applies redact to the final output', () => {
    const text = renderText(REMEDIATE, {
      color: false,
      redact: (t) => t.replaceAll('dbt-svc@contoso.com', '***'),
    });
    expect(text).not.toContain('dbt-svc@contoso.com');
    expect(text).toContain('***');
  });
});
