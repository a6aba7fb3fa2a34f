import { describe, expect, it } from '@jest/globals';
import { clipRedacted, SecretRegistry } from '../../src/core/secrets.js';

describe('SecretRegistry', () => {
  it('redacts plain, base64 Basic-auth and URL-encoded forms', () => {
    const s = new SecretRegistry();
    s.add('pa$$word/with+chars');
    const basic = Buffer.from(':pa$$word/with+chars').toString('base64');
    const text = `x pa$$word/with+chars y ${basic} z ${encodeURIComponent('pa$$word/with+chars')}`;
    expect(s.redact(text)).toBe('x *** y *** z ***');
  });

  it('ignores values too short to redact safely', () => {
    const s = new SecretRegistry();
    s.add('ab');
    expect(s.redact('abc')).toBe('abc');
  });
});

describe('clipRedacted', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(clipRedacted('abc', 5)).toBe('abc');
    expect(clipRedacted('abcdefgh', 5)).toBe('abcde…');
  });

  it('never cuts a redaction marker in two', () => {
    expect(clipRedacted('abcd*** tail', 5)).toBe('abcd…');
    expect(clipRedacted('abcd*** tail', 6)).toBe('abcd…');
    expect(clipRedacted('abcd*** tail', 7)).toBe('abcd***…');
    expect(clipRedacted('ab****** tail', 6)).toBe('ab…');
  });
});
