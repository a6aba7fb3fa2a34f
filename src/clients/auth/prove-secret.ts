/** The rotation's proof step: does Entra ID accept this client secret right now? */
import { SecretRegistry } from '../../core/secrets.js';
import { HttpClient } from '../http/client.js';
import { aadstsCode, signInError } from './entra-errors.js';
import { requestEntraToken } from './entra-token.js';
import { TOKEN_SCOPES } from './token-provider.js';

export interface ProveClientSecretInput {
  tenantId: string;
  clientId: string;
  secret: string;
  authorityHost: string;
  /** The run's HTTP layer; a private one when absent. */
  http?: HttpClient;
}

export type ProveClientSecretResult = { ok: true } | { ok: false; code?: string; message: string };

/**
 * One token request with exactly this secret: nothing is cached between proofs, so a bad new secret cannot hide
 * behind an earlier token. Never throws for a refusal; the message never carries the secret.
 */
export async function proveClientSecret(input: ProveClientSecretInput): Promise<ProveClientSecretResult> {
  const known = new SecretRegistry();
  known.add(input.secret);
  try {
    await requestEntraToken({
      http: input.http ?? new HttpClient({ secrets: known }),
      authorityHost: input.authorityHost,
      tenantId: input.tenantId,
      clientId: input.clientId,
      scope: TOKEN_SCOPES.graph,
      proof: { secret: input.secret },
    });
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
