import { ExitCode } from '../../core/exit-codes.js';
import { policyJsonSchema } from '../../core/policy/json-schema.js';
import type { RunContext } from '../context.js';

/** `ado-guard schema`: the policy file's JSON Schema on stdout. */
export function runSchema(ctx: RunContext): ExitCode {
  ctx.host.print(JSON.stringify(policyJsonSchema(), null, 2));
  return ExitCode.Clean;
}
