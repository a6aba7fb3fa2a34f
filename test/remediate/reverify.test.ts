/** Re-verify's polling decisions, with verify and sleep injected (no clock, no network). */
import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/core/findings.js';
import { reverify } from '../../src/remediate/reverify.js';
import { findingKey } from '../../src/remediate/types.js';
import type { PlannedChange } from '../../src/remediate/types.js';

const finding = (project: string): Finding => ({
  ruleId: 'ADO-READER-MISSING',
  severity: 'error',
  integration: 'dbtCloud',
  resource: { kind: 'project', project },
  message: `not a Readers member of ${project}`,
  fixable: true,
});

const planned = (project: string): PlannedChange => ({
  id: `membership:${project}`,
  change: { kind: 'membership', resource: { kind: 'group', project }, description: 'add', applied: false },
  operation: { type: 'membership', subjectDescriptor: 'aad.x', containerDescriptor: `vssgp.${project}` },
  dependsOn: [],
  addresses: [findingKey(finding(project))],
});

const quiet = { step: () => undefined, debug: () => undefined };

describe('reverify', () => {
  it('verifies again while a finding an applied change fixes still shows, then stops', async () => {
    const answers = [[finding('A'), finding('B')], [finding('A')], []];
    const slept: number[] = [];
    const result = await reverify({
      verify: async () => answers.shift() ?? [],
      planned: [planned('A')],
      applied: [{ ...planned('A').change, applied: true }],
      log: quiet,
      delaysMs: [10, 20, 30],
      sleep: async (ms) => void slept.push(ms),
    });
    expect(result).toEqual({ findings: [], attempts: 3, lagging: [] });
    expect(slept).toEqual([10, 20]);
  });

  it('does not wait for findings no applied change addresses', async () => {
    let calls = 0;
    const result = await reverify({
      verify: async () => (calls++, [finding('A'), finding('B')]),
      planned: [planned('A'), planned('B')],
      applied: [
        { ...planned('A').change, applied: false, error: 'failed' },
        { ...planned('B').change, applied: false, error: 'blocked' },
      ],
      log: quiet,
      delaysMs: [10],
      sleep: async () => undefined,
    });
    expect(calls).toBe(1);
    expect(result.lagging).toEqual([]);
  });

  it('gives up after the last pause and names what still lags', async () => {
    const slept: number[] = [];
    const result = await reverify({
      verify: async () => [finding('A')],
      planned: [planned('A')],
      applied: [{ ...planned('A').change, applied: true }],
      log: quiet,
      delaysMs: [5, 5],
      sleep: async (ms) => void slept.push(ms),
    });
    expect(result.attempts).toBe(3);
    expect(result.lagging).toEqual([finding('A')]);
    expect(slept).toEqual([5, 5]);
  });
});
