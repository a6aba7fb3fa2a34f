import { expect } from '@jest/globals';
import { PolicyError } from '../../src/core/errors.js';
import type { LoadedPolicy } from '../../src/core/policy/load.js';
import { parsePolicy } from '../../src/core/policy/load.js';

export const FILE = 'ado-guard.yml';

/** A minimal valid policy: dbt Cloud in service_user mode. */
export const MINIMAL = `version: 1
organization: contoso
tenantId: 00000000-0000-0000-0000-000000000000
serviceUser: dbt-svc@contoso.com
integrations:
  dbtCloud:
    accessUrl: https://ab123.us1.dbt.com
    accountId: 12345
    applicationClientId: 11111111-1111-1111-1111-111111111111
`;

export function load(text: string, env: Record<string, string | undefined> = {}): LoadedPolicy {
  return parsePolicy(FILE, text, env);
}

/** The PolicyError loading `text` throws (fails the test when it loads). */
export function policyError(text: string, env: Record<string, string | undefined> = {}): PolicyError {
  try {
    load(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error('expected the policy to be rejected, but it loaded');
}
