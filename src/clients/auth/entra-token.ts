/**
 * One Entra ID client-credentials token request, `POST <authority>/<tenantId>/oauth2/v2.0/token` (DESIGN.md §3),
 * through the run's HTTP layer: its retries, Retry-After, redaction and request count. No OpenID metadata round trip
 * and no cache here: callers that want a token reused keep it (token-provider.ts), and a proof asks afresh.
 */
import type { HttpClient } from '../http/client.js';

export const ENTRA_SERVICE = 'Entra ID';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What proves the app's identity: its client secret, or a federated token (GitHub, Azure Pipelines, a file). */
export type ClientProof = { secret: string } | { assertion: string };

export interface EntraTokenRequest {
  http: HttpClient;
  /** e.g. https://login.microsoftonline.com; must be https (the HTTP layer refuses anything else). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** e.g. `https://graph.microsoft.com/.default`. */
  scope: string;
  proof: ClientProof;
  now?: () => number;
}

export interface EntraToken {
  token: string;
  /** Epoch milliseconds. */
  expiresOn: number;
}

export function tokenEndpoint(authorityHost: string, tenantId: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** Throws the HTTP layer's HttpError on a refusal (its `serviceCode` is the AADSTS code); see entra-errors.ts. */
export async function requestEntraToken(input: EntraTokenRequest): Promise<EntraToken> {
  const form: Record<string, string> = {
    client_id: input.clientId,
    scope: input.scope,
    grant_type: 'client_credentials',
  };
  if ('secret' in input.proof) {
    form.client_secret = input.proof.secret;
  } else {
    form.client_assertion_type = JWT_BEARER;
    form.client_assertion = input.proof.assertion;
  }
  const response = await input.http.request({
    service: ENTRA_SERVICE,
    method: 'POST',
    url: tokenEndpoint(input.authorityHost, input.tenantId),
    form,
    // A token request changes nothing: safe to send again after a throttle or a dropped connection.
    retryUnsafe: true,
  });
  const body = response.jsonObject();
  const token = body.access_token;
  if (typeof token !== 'string' || !token) throw response.shapeError('an access_token');
  const lifetime = Number(body.expires_in);
  // Without a lifetime the token could not be renewed in time.
  if (!Number.isFinite(lifetime) || lifetime <= 0) throw response.shapeError('a positive expires_in');
  return { token, expiresOn: (input.now ?? Date.now)() + lifetime * 1000 };
}
