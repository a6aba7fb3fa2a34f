/**
 * Credentials passed as action or task inputs (`INPUT_<NAME>`), the way a workflow passes `${{ secrets.* }}` or a
 * pipeline `$(secret)`, from values keyed by their environment names (the sandbox prints those). Derived from the
 * adapters' own catalog, so a new credential input is covered without editing the tests.
 */
import { CREDENTIAL_ENV, CREDENTIAL_NAMES } from '../../src/platform/inputs.js';
import type { CredentialName } from '../../src/platform/host.js';

export function credentialInputs(
  env: Readonly<Record<string, string | undefined>>,
  names: Iterable<CredentialName> = CREDENTIAL_NAMES,
): Record<string, string | undefined> {
  const inputs: Record<string, string | undefined> = {};
  for (const name of names) inputs[`INPUT_${name.toUpperCase()}`] = env[CREDENTIAL_ENV[name]];
  return inputs;
}
