import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { policyJsonSchema, policyJsonSchemaText } from '../../src/core/policy/json-schema.js';
import { policyReferenceMarkdown } from '../../src/core/policy/reference.js';

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

describe('policy reference (README)', () => {
  it('has one row per field with type, default and description', () => {
    const markdown = policyReferenceMarkdown();
    const lines = markdown.trim().split('\n');
    expect(lines[0]).toBe('| field | type | default | description |');
    expect(lines).toContain('| `version` | `1` | **required** | Policy file format version. Always 1. |');
    expect(lines).toContain(
      '| `scope.level` | `organization` \\| `project` \\| `repository` | `"project"` | Where remediation grants permissions: on the organization-wide token, on each project, or on each repository. Verification always checks the effective permission on every in-scope project and repository. |',
    );
    expect(lines.find((line) => line.startsWith('| `integrations.dbtCloud.accountId` |'))).toContain(
      '| integer or string | **required** |',
    );
    expect(lines.find((line) => line.startsWith('| `rotation.output` |'))).toContain('| boolean | `false` |');
    expect(lines.filter((line) => line.startsWith('| `endpoints.'))).toHaveLength(4);
    expect(markdown).toContain('the organization is &lt;azureDevOps&gt;/&lt;organization&gt;.');
  });
});
