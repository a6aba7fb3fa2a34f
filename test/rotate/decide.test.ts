import { describe, expect, it } from '@jest/globals';
import type { GraphPasswordCredential } from '../../src/clients/graph/client.js';
import { DAY_MS, decide } from '../../src/rotate/decide.js';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const secret = (createdDaysAgo: number, expiresInDays: number, keyId = 'k'): GraphPasswordCredential => ({
  keyId,
  displayName: null,
  hint: null,
  startDateTime: new Date(NOW - createdDaysAgo * DAY_MS).toISOString(),
  endDateTime: new Date(NOW + expiresInDays * DAY_MS).toISOString(),
});
const policy = { maxAgeDays: 90, minRemainingDays: 30 };

describe('decide', () => {
  it.each([
    ['no secret at all', [], false, true, /no client secret/],
    ['fresh secret', [secret(10, 170)], false, false, /not due/],
    ['fresh secret, --force', [secret(10, 170)], true, true, /--force/],
    ['older than maxAgeDays', [secret(91, 100)], false, true, /maxAgeDays 90/],
    ['exactly maxAgeDays old is not older', [secret(90, 100)], false, false, /not due/],
    ['expires within minRemainingDays', [secret(10, 29)], false, true, /minRemainingDays 30/],
    ['every secret expired', [secret(400, -5)], false, true, /expired/],
    [
      'an old secret does not count when a newer one is fresh',
      [secret(300, 40, 'a'), secret(5, 175, 'b')],
      false,
      false,
      /not due/,
    ],
    [
      'the latest expiry counts, not the newest start',
      [secret(60, 200, 'a'), secret(5, 10, 'b')],
      false,
      false,
      /not due/,
    ],
  ])('%s', (_name, secrets, force, rotate, reason) => {
    const decision = decide({ secrets, now: NOW, ...policy, force });
    expect(decision.rotate).toBe(rotate);
    expect(decision.reason).toMatch(reason);
  });
});
