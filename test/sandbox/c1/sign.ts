/** Client side of ConductorOne auth, written from reference/conductorone.md §2 (as cone does it). */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';

/** Parse `secret-token:conductorone.com:v1:<base64url(JWK)>` into an Ed25519 private key. */
export function parseC1Secret(secret: string) {
  const parts = secret.split(':');
  if (parts.length !== 4 || parts[2] !== 'v1')
    throw new Error('CONDUCTORONE_CLIENT_SECRET: not a v1 secret-token');
  const jwk = JSON.parse(Buffer.from(parts[3]!, 'base64url').toString('utf8')) as {
    kty: string;
    crv: string;
    x: string;
    d: string;
  };
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d)
    throw new Error('CONDUCTORONE_CLIENT_SECRET: not an Ed25519 private JWK');
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

export function c1Assertion(
  clientId: string,
  secret: string,
  nowMs: number,
  overrides: Record<string, unknown> = {},
): string {
  const host = clientId.split('@')[1]!.split('/')[0]!.replace(/:\d+$/, '');
  const now = Math.floor(nowMs / 1000);
  const header = { alg: 'EdDSA', nonce: randomBytes(16).toString('hex') };
  const claims = {
    iss: clientId,
    sub: clientId,
    aud: [host],
    exp: now + 120,
    iat: now,
    nbf: now - 120,
    ...overrides,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), parseC1Secret(secret)).toString('base64url')}`;
}
