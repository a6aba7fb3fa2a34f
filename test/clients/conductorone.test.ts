import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { UsageError } from '../../src/core/errors.js';
import { HttpClient, HttpError } from '../../src/clients/http/index.js';
import {
  conductorOneToken,
  parseConductorOneClientId,
  parseConductorOneSecret,
} from '../../src/clients/auth/index.js';
import { loadTestTls, sendJson, startTestServer } from '../helpers/tls.js';
import type { TestServer } from '../helpers/tls.js';

const CLIENT_ID = 'strange-hydra-68836@acme.conductor.one/pcc';

function makeSecret(jwk: object): string {
  return `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
}

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const SECRET = makeSecret(privateKey.export({ format: 'jwk' }));

interface Decoded {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  valid: boolean;
}

function decodeJws(jws: string, key: KeyObject): Decoded {
  const [h, c, s] = jws.split('.');
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c ?? '', 'base64url').toString()) as Record<string, unknown>,
    valid: verify(null, Buffer.from(`${h}.${c}`), key, Buffer.from(s ?? '', 'base64url')),
  };
}

describe('ConductorOne token', () => {
  let server: TestServer;
  let http: HttpClient;
  let answer: 'ok' | 'refuse' = 'ok';

  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      if (req.method !== 'POST' || req.url !== '/auth/v1/token') return sendJson(res, 404, {});
      if (answer === 'refuse')
        return sendJson(res, 401, { code: 'unauthenticated', message: 'invalid client assertion' });
      return sendJson(res, 200, {
        access_token: 'c1-access-token-xyz',
        token_type: 'Bearer',
        expires_in: 600,
      });
    });
    http = new HttpClient({ ca: [loadTestTls().ca], sleep: async () => undefined });
  });
  afterAll(async () => {
    http.close();
    await server.close();
  });

  it('posts a signed EdDSA assertion the public key verifies, with aud = host without port', async () => {
    const secrets: string[] = [];
    const before = Math.floor(Date.now() / 1000);
    const token = await conductorOneToken({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      tenantUrl: `${server.origin}/`,
      http,
      onSecret: (v) => secrets.push(v),
    });
    const after = Math.floor(Date.now() / 1000);
    expect(token).toBe('c1-access-token-xyz');
    expect(secrets).toEqual(expect.arrayContaining([SECRET, token]));

    const form = Object.fromEntries(new URLSearchParams(server.requests.at(-1)?.body ?? ''));
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.grant_type).toBe('client_credentials');
    expect(form.client_id).toBe(CLIENT_ID);
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');

    const { header, claims, valid } = decodeJws(form.client_assertion ?? '', publicKey);
    expect(valid).toBe(true);
    expect(header.alg).toBe('EdDSA');
    expect(header.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(claims.iss).toBe(CLIENT_ID);
    expect(claims.sub).toBe(CLIENT_ID);
    expect(([] as unknown[]).concat(claims.aud)).toEqual(['127.0.0.1']);
    const iat = claims.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(after);
    expect(claims.nbf).toBe(iat - 120);
    expect(claims.exp).toBe(iat + 120);
    expect(secrets).toContain(form.client_assertion);
  });

  it('a fresh nonce per assertion', async () => {
    await conductorOneToken({ clientId: CLIENT_ID, clientSecret: SECRET, tenantUrl: server.origin, http });
    await conductorOneToken({ clientId: CLIENT_ID, clientSecret: SECRET, tenantUrl: server.origin, http });
    const nonces = server.requests.slice(-2).map((r) => {
      const assertion = new URLSearchParams(r.body).get('client_assertion') ?? '';
      return decodeJws(assertion, publicKey).header.nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('explains a refused credential, naming both variables, without echoing the assertion', async () => {
    answer = 'refuse';
    try {
      const error = await conductorOneToken({
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        tenantUrl: server.origin,
        http,
      }).catch((e: unknown) => e as HttpError);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(401);
      const message = (error as Error).message;
      expect(message).toContain('ConductorOne: authentication refused (HTTP 401)');
      expect(message).toContain('unauthenticated: invalid client assertion');
      expect(message).toContain('CONDUCTORONE_CLIENT_ID');
      expect(message).toContain('CONDUCTORONE_CLIENT_SECRET');
      const sent = new URLSearchParams(server.requests.at(-1)?.body ?? '').get('client_assertion') ?? '';
      expect(message).not.toContain(sent);
    } finally {
      answer = 'ok';
    }
  });
});

describe('ConductorOne credential formats', () => {
  const jwk = privateKey.export({ format: 'jwk' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
  const cases: Array<[string, string, RegExp]> = [
    ['three parts', 'secret-token:conductorone.com:abc', /3 part\(s\)/],
    ['wrong version', makeSecret(jwk).replace(':v1:', ':v2:'), /third part is not "v1"/],
    ['not base64url', 'secret-token:conductorone.com:v1:not base64!', /not base64url/],
    [
      'not JSON',
      `secret-token:conductorone.com:v1:${Buffer.from('nope{').toString('base64url')}`,
      /JSON key/,
    ],
    ['an RSA key', makeSecret(rsa), /not an Ed25519/],
    ['a public key only', makeSecret({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }), /not a private key/],
  ];
  it.each(cases)(
    'rejects %s, naming CONDUCTORONE_CLIENT_SECRET and never echoing it',
    (_name, secret, problem) => {
      let error: Error | undefined;
      try {
        parseConductorOneSecret(secret);
      } catch (e) {
        error = e as Error;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect(error?.message).toMatch(
        /^CONDUCTORONE_CLIENT_SECRET is not a valid ConductorOne client secret: /,
      );
      expect(error?.message).toMatch(problem);
      const body = secret.split(':').at(-1) ?? '';
      if (body.length > 3) expect(error?.message).not.toContain(body);
    },
  );

  it('accepts a well-formed secret', () => {
    expect(parseConductorOneSecret(SECRET).asymmetricKeyType).toBe('ed25519');
  });

  it('parses client ids and rejects malformed ones', () => {
    expect(parseConductorOneClientId(CLIENT_ID)).toEqual({
      name: 'strange-hydra-68836',
      host: 'acme.conductor.one',
      use: 'pcc',
    });
    for (const bad of ['no-at-sign', 'name@host-without-use', '@acme.conductor.one/pcc']) {
      expect(() => parseConductorOneClientId(bad)).toThrow(
        /^CONDUCTORONE_CLIENT_ID is not a ConductorOne client ID/,
      );
    }
  });
});
