/**
 * Checks before any request that the credentials this policy and command need are configured, and names
 * every missing one the way this platform spells it (DESIGN.md §4: missing credentials exit 2).
 */
import { MissingCredentialError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import type { CredentialInputs, CredentialName, Host } from '../platform/host.js';

interface Need {
  name: CredentialName;
  purpose: string;
}

/** The Entra identity is complete with a client id and one way to prove it. */
export function hasEntraIdentity(c: CredentialInputs): boolean {
  return Boolean(c.azureClientId && (c.azureClientSecret || c.azureFederatedTokenFile || c.federation));
}

export function missingCredentials(policy: Policy, credentials: CredentialInputs): Need[] {
  const missing: Need[] = [];
  if (!credentials.azureClientId) {
    missing.push({ name: 'azureClientId', purpose: 'to read the app registrations in Microsoft Graph' });
  } else if (!hasEntraIdentity(credentials)) {
    missing.push({
      name: 'azureClientSecret',
      purpose: 'to sign in as the automation identity (or use a federated token / OIDC)',
    });
  }
  if (policy.integrations.dbtCloud && !credentials.dbtCloudToken) {
    missing.push({ name: 'dbtCloudToken', purpose: 'to read the dbt Cloud Azure DevOps integration' });
  }
  if (policy.integrations.conductorOne) {
    if (!credentials.conductorOneClientId) {
      missing.push({ name: 'conductorOneClientId', purpose: 'to read the ConductorOne connector' });
    }
    if (!credentials.conductorOneClientSecret) {
      missing.push({ name: 'conductorOneClientSecret', purpose: 'to read the ConductorOne connector' });
    }
  }
  return missing;
}

export function requireCredentials(policy: Policy, host: Host): void {
  const missing = missingCredentials(policy, host.credentials);
  if (missing.length === 0) return;
  const [first, ...rest] = missing;
  const error = new MissingCredentialError(host.credentialSource(first!.name), first!.purpose);
  if (rest.length > 0) {
    error.message += ` Also missing: ${rest.map((m) => `${host.credentialSource(m.name)} (${m.purpose})`).join('; ')}.`;
  }
  throw error;
}
