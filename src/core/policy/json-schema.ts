/** The policy file's JSON Schema (`ado-guard schema`, editor completion), generated from the zod schema. */
import { z } from 'zod';
import { PolicySchema } from './schema.js';

export const POLICY_SCHEMA_ID = 'urn:ado-guard:policy:v1';

/** JSON Schema (draft 2020-12) of the policy as written: defaults shown, none of them required. */
export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: POLICY_SCHEMA_ID,
    title: 'ado-guard policy (ado-guard.yml)',
    ...rest,
  };
}

/** The schema file's exact text (2-space indent, trailing newline), as committed in schema/ado-guard.schema.json. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
