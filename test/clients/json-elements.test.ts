/**
 * Element-wise reading of a JSON collection envelope: the same elements as a whole parse, on a recorded Azure
 * DevOps repository list and on generated JSON; anything else is undefined (the caller then parses whole).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mapJsonListElements } from '../../src/clients/http/json-elements.js';
import { recorded, REPOS, SECURITY } from '../sandbox/ado/recordings.js';

const identity = (element: unknown): unknown => element;

/** What a whole parse gives for `key`, or undefined when the text is not an object with a list (or null) there. */
function wholeParse(text: string, key: string): unknown[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const list = (body as Record<string, unknown>)[key];
  if (list === undefined || list === null) return [];
  return Array.isArray(list) ? list : undefined;
}

describe('mapJsonListElements', () => {
  it('reads the recorded repository list of a real organization element by element', () => {
    const body = recorded(REPOS, 1).response.body.string;
    const elements = mapJsonListElements(body, 'value', identity);
    expect(elements).toEqual((JSON.parse(body) as { value: unknown[] }).value);
    expect(elements!.length).toBeGreaterThan(0);
  });

  it.each([13, 15, 23])(
    'reads recorded ACL answer %i (security permission tests) element by element',
    (index) => {
      const body = recorded(SECURITY, index).response.body.string;
      const elements = mapJsonListElements(body, 'value', identity);
      expect(elements).toEqual((JSON.parse(body) as { value: unknown[] }).value);
      expect(elements!.length).toBeGreaterThan(0);
    },
  );

  it('gives what a whole parse gives for any envelope, whatever the spacing and the other keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue()),
        fc.integer({ min: 0, max: 4 }),
        (others, value, spacing) => {
          const text = JSON.stringify({ ...others, value }, null, spacing);
          expect(mapJsonListElements(text, 'value', identity)).toEqual(wholeParse(text, 'value'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the bytes of any envelope with multi-byte characters as a whole parse of the decoded text does', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ stringUnit: 'grapheme' })),
        fc.array(fc.jsonValue({ stringUnit: 'binary' })),
        fc.integer({ min: 0, max: 2 }),
        (others, value, spacing) => {
          const bytes = Buffer.from(JSON.stringify({ ...others, value }, null, spacing), 'utf8');
          expect(mapJsonListElements(bytes, 'value', identity)).toEqual(
            wholeParse(bytes.toString('utf8'), 'value'),
          );
        },
      ),
      { numRuns: 300 },
    );
    // A key or value split inside a character cannot happen: the scanner only stops on ASCII bytes.
    const body = Buffer.from(JSON.stringify({ value: [{ name: 'é€😀日本' }, 'ü'], 'clé€': 'x' }), 'utf8');
    expect(mapJsonListElements(body, 'value', identity)).toEqual([{ name: 'é€😀日本' }, 'ü']);
  });

  it('never accepts a text a whole parse refuses, and agrees whenever it answers', () => {
    const envelope = fc.tuple(fc.array(fc.jsonValue()), fc.nat(), fc.string()).map(([value, cut, insert]) => {
      const text = JSON.stringify({ count: value.length, value });
      const at = cut % (text.length + 1);
      return text.slice(0, at) + insert + text.slice(at + (cut % 3));
    });
    fc.assert(
      fc.property(envelope, (text) => {
        const elements = mapJsonListElements(text, 'value', identity);
        if (elements !== undefined) expect(elements).toEqual(wholeParse(text, 'value'));
      }),
      { numRuns: 1000 },
    );
  });

  it('is [] without the key or with null, and undefined for a key that holds something else', () => {
    expect(mapJsonListElements('{"count":0}', 'value', identity)).toEqual([]);
    expect(mapJsonListElements('{ "value" : null }', 'value', identity)).toEqual([]);
    expect(mapJsonListElements('{"value":{"a":1}}', 'value', identity)).toBeUndefined();
    // A repeated key: the last one counts, as in JSON.parse.
    expect(mapJsonListElements('{"value":[1],"value":[2]}', 'value', identity)).toEqual([2]);
    expect(mapJsonListElements('{"value":[1],"value":null}', 'value', identity)).toEqual([]);
    expect(mapJsonListElements('[1,2]', 'value', identity)).toBeUndefined();
    expect(mapJsonListElements('{"value":[1,2],}', 'value', identity)).toBeUndefined();
    expect(mapJsonListElements('{"value":[1,2]} x', 'value', identity)).toBeUndefined();
    expect(mapJsonListElements('<html>Service Unavailable</html>', 'value', identity)).toBeUndefined();
  });
});
