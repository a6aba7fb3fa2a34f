import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { PolicyError } from '../../src/core/errors.js';
import { KNOWN_KEYS } from '../../src/core/policy/issues.js';
import { parsePolicy } from '../../src/core/policy/load.js';
import { deriveRequirements } from '../../src/core/policy/presets.js';
import { FILE } from './helpers.js';

const example = readFileSync(new URL('./fixtures/design-example.yml', import.meta.url), 'utf8');
const env = { SET: 'value', TENANT: '00000000-0000-0000-0000-000000000000', EMPTY: '' };

/** Loading either succeeds with a usable policy or throws a located PolicyError; never anything else. */
function loadsOrFailsCleanly(text: string): void {
  let loaded;
  try {
    loaded = parsePolicy(FILE, text, env);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    expect(error.message.startsWith(`${FILE}:`) || error.message.includes(` problems in ${FILE}:`)).toBe(
      true,
    );
    expect(error.location?.file).toBe(FILE);
    expect(error.location?.line).toBeGreaterThanOrEqual(1);
    expect(error.location?.column).toBeGreaterThanOrEqual(1);
    expect(error.message).not.toMatch(/\n\s+at /); // no stack trace
    return;
  }
  expect(loaded.policy.version).toBe(1);
  deriveRequirements(loaded.policy);
}

const yamlAlphabet = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...':-[]{}&*!|>\'"%@`#,?$ \n\t.~/\\=<',
  '${env:SET}',
  '${env:UNSET}',
  '$${',
  '${',
  '\n  ',
  '\n    ',
  ': ',
  '- ',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '<<: *a',
  '---\n',
  '...\n',
];
const keys = [...new Set(Object.entries(KNOWN_KEYS).flatMap(([, known]) => known))];
const yamlJunk = fc
  .array(fc.oneof(fc.constantFrom(...yamlAlphabet), fc.constantFrom(...keys.map((key) => `${key}: `))), {
    maxLength: 120,
  })
  .map((parts) => parts.join(''));

/** Objects shaped like a policy: known keys (and near misses) at any depth, junk values. */
const policyLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.anything({ maxDepth: 2 }),
    fc.constantFrom(
      'https://x.example',
      'http://x',
      'dev.azure.com/contoso',
      '${env:SET}',
      '${env:NOPE}',
      '',
      '*',
    ),
    fc.integer(),
    tie('object'),
  ),
  object: fc.dictionary(
    fc.oneof(fc.constantFrom(...keys), fc.constantFrom('clientSecret', '__proto__', 'acessUrl', '')),
    tie('value'),
    { maxKeys: 6 },
  ),
}));

describe('the loader never throws anything but PolicyError', () => {
  it('on YAML-ish junk', () => {
    fc.assert(fc.property(yamlJunk, loadsOrFailsCleanly), { numRuns: 400 });
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), loadsOrFailsCleanly), {
      numRuns: 200,
    });
  });

  it('on random objects and policy-shaped objects', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), policyLike.object), (value) =>
        loadsOrFailsCleanly(stringify(value) ?? ''),
      ),
      { numRuns: 300 },
    );
  });

  it('on the valid example with one field replaced', () => {
    const base = parse(example) as Record<string, unknown>;
    const paths: (string | number)[][] = [];
    const collect = (node: unknown, path: (string | number)[]): void => {
      paths.push(path);
      if (node && typeof node === 'object') {
        for (const [key, child] of Object.entries(node))
          collect(child, [...path, Array.isArray(node) ? Number(key) : key]);
      }
    };
    collect(base, []);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths.filter((p) => p.length > 0)),
        policyLike.value,
        (path, replacement) => {
          const copy = structuredClone(base);
          let node = copy as Record<string | number, unknown>;
          for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
          node[path[path.length - 1] as string | number] = replacement;
          loadsOrFailsCleanly(stringify(copy));
        },
      ),
      { numRuns: 300 },
    );
  });
});
