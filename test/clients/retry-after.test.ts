import { describe, expect, it } from '@jest/globals';
import { backoffDelay, nearRateLimit, parseRetryAfter } from '../../src/clients/http/retry-after.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds, decimals included', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter(' 0.25 ', NOW)).toBe(250);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially under the cap, with full jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 500, 10_000, () => 0.999))).toEqual([
      499, 999, 1998, 3996, 7992, 9990,
    ]);
    expect(backoffDelay(3, 500, 10_000, () => 0)).toBe(0);
  });
});

describe('nearRateLimit', () => {
  it('is true only when remaining is under 10 % of the limit', () => {
    expect(nearRateLimit('200', '19')).toBe(true);
    expect(nearRateLimit('200', '20')).toBe(false);
    expect(nearRateLimit('200', '0')).toBe(true);
    expect(nearRateLimit(undefined, '0')).toBe(false);
    expect(nearRateLimit('x', '0')).toBe(false);
  });
});
