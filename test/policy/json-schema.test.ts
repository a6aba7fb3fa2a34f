import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { policyJsonSchema, policyJsonSchemaText } from '../../src/core/policy/json-schema.js';

const schemaFile = new URL('../../schema/ado-guard.schema.json', import.meta.url);
const example = readFileSync(new URL('./fixtures/design-example.yml', import.meta.url), 'utf8');

describe('policy JSON Schema', () => {
  it('schema/ado-guard.schema.json is fresh (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = policyJsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('carries $schema, $id, title and a description on every property', () => {
    const schema = policyJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:ado-guard:policy:v1');
    expect(schema.title).toContain('ado-guard');
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (typeof child.description !== 'string' || child.description.length < 10)
          missing.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
      for (const key of ['items', 'anyOf'] as const) {
        const value = record[key];
        for (const child of Array.isArray(value) ? value : value ? [value] : []) walk(child, path);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });

  it('accepts the DESIGN.md example and env references, and refuses unknown keys (ajv)', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(policyJsonSchema());
    const policy = parse(example) as Record<string, unknown>;
    expect(validate(policy)).toBe(true);
    expect(validate({ ...policy, tenantId: '${env:AZURE_TENANT_ID}' })).toBe(true);
    expect(validate({ ...policy, tenantId: 'not-a-guid' })).toBe(false);
    const dbt = (policy.integrations as Record<string, Record<string, unknown>>).dbtCloud;
    const withDbt = (change: Record<string, unknown>) => ({
      ...policy,
      integrations: { ...(policy.integrations as object), dbtCloud: { ...dbt, ...change } },
    });
    expect(validate(withDbt({ accountId: '${env:DBT_ACCOUNT_ID}', accessUrl: '${env:DBT_URL}' }))).toBe(true);
    expect(validate(withDbt({ accountId: '12345', accessUrl: 'https://ab123.us1.dbt.com/' }))).toBe(true);
    expect(validate(withDbt({ accountId: 'abc' }))).toBe(false);
    expect(validate(withDbt({ accessUrl: 'http://ab123.us1.dbt.com' }))).toBe(false);
    expect(validate(withDbt({ accessUrl: 'https://ab123.us1.dbt.com/api' }))).toBe(false);
    expect(validate({ ...policy, colour: 'blue' })).toBe(false);
    expect(validate({ ...policy, integrations: {} })).toBe(false);
    const { version: _version, ...withoutVersion } = policy;
    expect(validate(withoutVersion)).toBe(false);
  });
});
