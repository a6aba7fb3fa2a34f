import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { matchesGlob, matchesScope } from '../../src/core/policy/scope.js';

describe('matchesScope', () => {
  it('matches names and globs case-insensitively, whole names only', () => {
    expect(matchesScope('Sales', ['*'], [])).toBe(true);
    expect(matchesScope('Sales', ['sales'], [])).toBe(true);
    expect(matchesScope('Sales-EU', ['sales-*'], [])).toBe(true);
    expect(matchesScope('Sales', ['Sale'], [])).toBe(false);
    expect(matchesScope('Sales', ['S?les'], [])).toBe(true);
    expect(matchesScope('Sles', ['S?les'], [])).toBe(false);
    expect(matchesScope('Finance', ['Sales', 'Fin*'], [])).toBe(true);
    expect(matchesScope('Anything', [], [])).toBe(false);
  });

  it('exclude wins over include', () => {
    expect(matchesScope('Sales-Archive', ['Sales*'], ['*archive'])).toBe(false);
    expect(matchesScope('Sales-Live', ['Sales*'], ['*archive'])).toBe(true);
  });

  it('treats regex characters literally', () => {
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('axb', 'a.b')).toBe(false);
    expect(matchesGlob('data (old) [1]+{x}|^$\\/', 'data (old) [1]+{x}|^$\\/')).toBe(true);
    expect(matchesGlob('Ünïcode Prøject', 'ünïcode*')).toBe(true);
  });

  it('a pattern without wildcards matches exactly its own name (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('*') && !s.includes('?')),
        fc.string(),
        (name, other) => {
          expect(matchesGlob(name, name)).toBe(true);
          expect(matchesGlob(`${name}${other}`, `${name}*`)).toBe(true);
          if (other.toLowerCase() !== name.toLowerCase()) expect(matchesGlob(other, name)).toBe(false);
        },
      ),
    );
  });
});
