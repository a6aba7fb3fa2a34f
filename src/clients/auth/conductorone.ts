/**
 * ConductorOne API credentials: parse the client id and secret, sign the EdDSA client assertion
 * and exchange it for an access token at `<tenant>/auth/v1/token` (reference: conductorone.md §2).
 */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { OperationalError, UsageError } from '../../core/errors.js';
import type { HttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';

export const CONDUCTORONE_SERVICE = 'ConductorOne';
const SECRET_EXAMPLE = 'secret-token:conductorone.com:v1:<key>';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The libraries sign assertions valid from 2 minutes ago to 2 minutes ahead. */
const ASSERTION_SKEW_SECONDS = 120;

export interface ConductorOneClientId {
  name: string;
  /** The tenant host, e.g. acme.conductor.one. */
  host: string;
  use: string;
}

/** `<name>@<host>/<use>`: split on the first `@`, then on the first `/` (as cone does). */
export function parseConductorOneClientId(
  clientId: string,
  source = 'CONDUCTORONE_CLIENT_ID',
): ConductorOneClientId {
  const at = clientId.indexOf('@');
  const rest = at >= 0 ? clientId.slice(at + 1) : '';
  const slash = rest.indexOf('/');
  const name = at >= 0 ? clientId.slice(0, at) : '';
  const host = slash >= 0 ? rest.slice(0, slash) : '';
  const use = slash >= 0 ? rest.slice(slash + 1) : '';
  if (!name || !host || !use) {
    throw new UsageError(
      `${source} is not a ConductorOne client ID: expected "<name>@<tenant host>/<use>", ` +
        `e.g. strange-hydra-68836@acme.conductor.one/pcc. Copy it from the API credential in ConductorOne.`,
    );
  }
  return { name, host, use };
}

function badSecret(source: string, problem: string): UsageError {
  return new UsageError(
    `${source} is not a valid ConductorOne client secret: ${problem}. ` +
      `It must be the whole value shown once when the API credential was created, in the form ${SECRET_EXAMPLE}.`,
  );
}

/**
 * The Ed25519 private key inside `secret-token:conductorone.com:v1:<base64url(JWK)>`.
 * Errors say what is wrong with the format and never echo any part of the value.
 */
export function parseConductorOneSecret(secret: string, source = 'CONDUCTORONE_CLIENT_SECRET'): KeyObject {
  const trimmed = secret.trim();
  const first = trimmed.indexOf(':');
  const second = first >= 0 ? trimmed.indexOf(':', first + 1) : -1;
  const third = second >= 0 ? trimmed.indexOf(':', second + 1) : -1;
  if (third < 0) {
    const count = trimmed ? trimmed.split(':').length : 0;
    throw badSecret(source, `it has ${count} part(s) separated by ":" where 4 are expected`);
  }
  if (trimmed.slice(second + 1, third) !== 'v1') throw badSecret(source, 'its third part is not "v1"');
  const encoded = trimmed.slice(third + 1);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) throw badSecret(source, 'its key part is not base64url text');
  let jwk: unknown;
  try {
    jwk = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw badSecret(source, 'its key part does not decode to a JSON key');
  }
  const key = jwk as { kty?: unknown; crv?: unknown; d?: unknown; x?: unknown };
  if (typeof jwk !== 'object' || jwk === null || key.kty !== 'OKP' || key.crv !== 'Ed25519') {
    throw badSecret(source, 'its key is not an Ed25519 (OKP) key');
  }
  if (typeof key.d !== 'string' || typeof key.x !== 'string') {
    throw badSecret(source, 'its key is not a private key');
  }
  try {
    return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x, d: key.d }, format: 'jwk' });
  } catch {
    throw badSecret(source, 'its Ed25519 key is damaged');
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The tenant host without a port, the audience ConductorOne expects. */
export function conductorOneAudience(tenantUrl: string): string {
  try {
    return new URL(tenantUrl).hostname;
  } catch {
    throw new UsageError(
      `The ConductorOne tenant URL is not a valid URL; expected https://<tenant>.conductor.one.`,
    );
  }
}

/**
 * A compact EdDSA JWS with iss = sub = client id, aud = [tenant host] (the one-element array the
 * Go libraries send), iat now, nbf now − 2 min, exp now + 2 min, and a random hex nonce in the header.
 */
export function conductorOneAssertion(input: {
  clientId: string;
  privateKey: KeyObject;
  audience: string;
  nowSeconds?: number;
}): string {
  const iat = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'EdDSA', nonce: randomBytes(16).toString('hex') };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: [input.audience],
    iat,
    nbf: iat - ASSERTION_SKEW_SECONDS,
    exp: iat + ASSERTION_SKEW_SECONDS,
  };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  const signature = sign(null, Buffer.from(signingInput), input.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

export interface ConductorOneTokenInput {
  clientId: string;
  clientSecret: string;
  /** https://<tenant>.conductor.one (or the sandbox). */
  tenantUrl: string;
  http: HttpClient;
  /** Called with the client secret and the access token the moment each exists. */
  onSecret?: (value: string) => void;
  clientIdSource?: string;
  clientSecretSource?: string;
}

/** Exchanges a signed client assertion for a ConductorOne access token. */
export async function conductorOneToken(input: ConductorOneTokenInput): Promise<string> {
  const clientIdSource = input.clientIdSource ?? 'CONDUCTORONE_CLIENT_ID';
  const secretSource = input.clientSecretSource ?? 'CONDUCTORONE_CLIENT_SECRET';
  input.onSecret?.(input.clientSecret);
  parseConductorOneClientId(input.clientId, clientIdSource);
  const privateKey = parseConductorOneSecret(input.clientSecret, secretSource);
  const assertion = conductorOneAssertion({
    clientId: input.clientId,
    privateKey,
    audience: conductorOneAudience(input.tenantUrl),
  });
  input.onSecret?.(assertion);

  let response;
  try {
    response = await input.http.request({
      service: CONDUCTORONE_SERVICE,
      method: 'POST',
      url: `${input.tenantUrl.replace(/\/+$/, '')}/auth/v1/token`,
      form: {
        grant_type: 'client_credentials',
        client_id: input.clientId,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      },
      // A token request changes nothing at ConductorOne.
      retryUnsafe: true,
    });
  } catch (error) {
    if (
      error instanceof HttpError &&
      error.status !== undefined &&
      error.status >= 400 &&
      error.status < 500
    ) {
      throw error.withHint(
        `Check ${clientIdSource} and ${secretSource}: both must come from the same ConductorOne ` +
          `API credential of this tenant, and it must not be expired or revoked.`,
      );
    }
    throw error;
  }
  const token = response.jsonObject().access_token;
  if (typeof token !== 'string' || !token) {
    throw new OperationalError(
      'ConductorOne answered POST /auth/v1/token without an access_token.',
      CONDUCTORONE_SERVICE,
      response.status,
    );
  }
  input.onSecret?.(token);
  return token;
}
