/** The pure rules of rotation: the lock, retirement, markers, durations and dbt timestamps. */
import { describe, expect, it } from '@jest/globals';
import type { GraphPasswordCredential } from '../../src/clients/graph/client.js';
import { dbtTimeMs } from '../../src/clients/dbt-cloud/client.js';
import { durationMs } from '../../src/rotate/create.js';
import { readLock } from '../../src/rotate/lock.js';
import { markerName, parseMarker } from '../../src/rotate/marker.js';
import { retireCandidates } from '../../src/rotate/retire.js';

const T0 = Date.parse('2026-11-22T08:00:00Z');
const MIN = 60_000;
const secret = (keyId: string, startMs: number, adoGuard: boolean): GraphPasswordCredential => ({
  keyId,
  displayName: adoGuard ? markerName(`r${keyId}`, new Date(startMs)) : `manual ${keyId}`,
  hint: null,
  startDateTime: new Date(startMs).toISOString(),
  endDateTime: new Date(startMs + 180 * 86_400_000).toISOString(),
});

const manual = secret('m', T0 - 100 * 86_400_000, false);
const oldOurs = secret('o', T0 - 50 * 86_400_000, true);
const newest = secret('n', T0, true);

describe('readLock', () => {
  const lock = (
    secrets: GraphPasswordCredential[],
    updated: Record<string, number | undefined>,
    now: number,
    retireOld: 'ado-guard' | 'all' | 'never' = 'ado-guard',
  ) => readLock({ secrets, targetsUpdatedAt: updated, retireOld, now, lockWindowMs: 60 * MIN });

  it('is free without an ado-guard secret', () => {
    expect(lock([manual], { dbtCloud: T0 - MIN }, T0).kind).toBe('free');
  });
  it('is free when every target took the newest ado-guard secret and nothing is left to retire', () => {
    expect(
      lock([manual, newest], { dbtCloud: T0 + MIN, conductorOne: T0 + 2 * MIN }, T0 + 5 * MIN).kind,
    ).toBe('free');
  });
  it('is held while a target has not taken it yet, within the window', () => {
    const state = lock([manual, newest], { dbtCloud: T0 + MIN, conductorOne: T0 - MIN }, T0 + 5 * MIN);
    expect(state).toMatchObject({ kind: 'held', rotationId: 'rn', until: T0 + 60 * MIN });
  });
  it('is held while older secrets that retireOld removes remain, within the window', () => {
    expect(lock([oldOurs, newest], { dbtCloud: T0 + MIN }, T0 + 5 * MIN).kind).toBe('held');
    expect(lock([manual, newest], { dbtCloud: T0 + MIN }, T0 + 5 * MIN, 'all').kind).toBe('held');
    expect(lock([oldOurs, newest], { dbtCloud: T0 + MIN }, T0 + 5 * MIN, 'never').kind).toBe('free');
  });
  it('is interrupted after the window, naming who holds the secret and what is left', () => {
    expect(lock([manual, newest], { dbtCloud: T0 - MIN }, T0 + 61 * MIN)).toMatchObject({
      kind: 'interrupted',
      holders: [],
      others: ['dbtCloud'],
    });
    expect(
      lock([manual, newest], { dbtCloud: T0 + MIN, conductorOne: T0 - MIN }, T0 + 61 * MIN),
    ).toMatchObject({
      kind: 'interrupted',
      holders: ['dbtCloud'],
      others: ['conductorOne'],
    });
    const left = lock([oldOurs, newest], { dbtCloud: T0 + MIN }, T0 + 61 * MIN);
    expect(left).toMatchObject({ kind: 'interrupted', holders: ['dbtCloud'], others: [] });
    expect(left.kind === 'interrupted' && left.leftovers.map((s) => s.keyId)).toEqual(['o']);
  });
  it('counts a target that does not say when it changed as holding the secret (never removes on a guess)', () => {
    expect(lock([manual, newest], { dbtCloud: undefined }, T0 + 61 * MIN).kind).toBe('free');
  });
});

describe('retireCandidates', () => {
  const later = secret('l', T0 + MIN, false);
  const all = [manual, oldOurs, newest, later];
  it.each([
    ['ado-guard', ['o']],
    ['all', ['m', 'o']],
    ['never', []],
  ] as const)('%s', (retireOld, expected) => {
    expect(retireCandidates(all, newest, retireOld).map((s) => s.keyId)).toEqual(expected);
  });
});

describe('markers, durations, timestamps', () => {
  it('marks and recognises ado-guard secrets', () => {
    const name = markerName('0a1b2c', new Date(T0));
    expect(name).toBe('ado-guard 0a1b2c 2026-11-22T08:00:00.000Z');
    expect(parseMarker(name)).toEqual({ rotationId: '0a1b2c', at: '2026-11-22T08:00:00.000Z' });
    expect(parseMarker('ado-guard')).toBeUndefined();
    expect(parseMarker('dbt Cloud integration')).toBeUndefined();
    expect(parseMarker(null)).toBeUndefined();
  });
  it('reads ISO 8601 durations as Entra counts them', () => {
    expect(durationMs('P90D')).toBe(90 * 86_400_000);
    expect(durationMs('P1Y')).toBe(365 * 86_400_000);
    expect(durationMs('P2W')).toBe(14 * 86_400_000);
    expect(durationMs('PT12H')).toBe(12 * 3_600_000);
    expect(durationMs('P')).toBeUndefined();
    expect(durationMs('90 days')).toBeUndefined();
  });
  it("reads dbt Cloud's timestamps", () => {
    expect(dbtTimeMs('2026-06-01 12:00:00.123456+00:00')).toBe(Date.parse('2026-06-01T12:00:00.123Z'));
    expect(dbtTimeMs('2026-06-01T12:00:00Z')).toBe(Date.parse('2026-06-01T12:00:00Z'));
    expect(dbtTimeMs(null)).toBeUndefined();
    expect(dbtTimeMs('yesterday')).toBeUndefined();
  });
});
