/** The rotation's proof step: does Entra ID accept this client secret right now? */
import { SecretRegistry } from '../../core/secrets.js';
import { aadstsCode, signInError } from './entra-errors.js';
import { TOKEN_SCOPES } from './token-provider.js';

export interface ProveClientSecretInput {
  tenantId: string;
  clientId: string;
  secret: string;
  authorityHost: string;
}

export type ProveClientSecretResult = { ok: true } | { ok: false; code?: string; message: string };

/**
 * Requests a token with a FRESH credential (MSAL caches tokens per credential, and a cached token
 * would hide a bad new secret). Never throws for a refusal; the message never carries the secret.
 */
export async function proveClientSecret(input: ProveClientSecretInput): Promise<ProveClientSecretResult> {
  const known = new SecretRegistry();
  known.add(input.secret);
  try {
    const { ClientSecretCredential } = await import('@azure/identity');
    const credential = new ClientSecretCredential(input.tenantId, input.clientId, input.secret, {
      authorityHost: input.authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(TOKEN_SCOPES.graph);
    if (!token?.token) return { ok: false, message: 'Entra ID returned no access token for the new secret.' };
    return { ok: true };
  } catch (error) {
    const mapped = signInError(error, {
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorityHost: input.authorityHost,
      secretSource: `the secret being proved for app ${input.clientId}`,
      clientIdSource: 'the app id',
      tenantSource: 'the tenant id',
      redact: (text) => known.redact(text),
    });
    const code = aadstsCode(error);
    return code ? { ok: false, code, message: mapped.message } : { ok: false, message: mapped.message };
  }
}
