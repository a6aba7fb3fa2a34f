import { describe, expect, it } from '@jest/globals';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertOwnDirectory,
  createCa,
  issueServerCert,
  loadOrCreateCa,
} from '../../../src/sandbox/tls/ca.js';
import { namedBits, oid, time, unsignedInteger } from '../../../src/sandbox/tls/der.js';

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'ado-guard-tls-'));
}

describe('DER encoder', () => {
  it('encodes object identifiers with multi-byte arcs', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
  });
  it('keeps integers positive and minimal', () => {
    expect(unsignedInteger(Buffer.from([0x00, 0x00, 0x80])).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from([0x00])).toString('hex')).toBe('020100');
  });
  it('counts trailing zero bits of named bit strings as unused', () => {
    expect(namedBits([5, 6]).toString('hex')).toBe('03020106'); // keyCertSign | cRLSign
    expect(namedBits([0]).toString('hex')).toBe('03020780'); // digitalSignature
  });
  it('switches to GeneralizedTime from 2050', () => {
    expect(time(new Date(Date.UTC(2049, 0, 2, 3, 4, 5))).toString('latin1')).toBe('\x17\x0d490102030405Z');
    expect(time(new Date(Date.UTC(2050, 0, 2, 3, 4, 5))).toString('latin1')).toBe('\x18\x0f20500102030405Z');
  });
});

describe('sandbox CA', () => {
  it('makes a CA certificate Node can parse, with CA constraints and a matching key', () => {
    const ca = createCa();
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=ado-guard sandbox CA');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.keyUsage).toBeUndefined(); // Node lists extKeyUsage only; the CA has none
  });

  it('issues a server certificate for 127.0.0.1 and localhost signed by the CA', () => {
    const ca = createCa();
    const server = issueServerCert(ca);
    const cert = new X509Certificate(server.certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkPrivateKey(createPrivateKey(server.keyPem))).toBe(true);
    expect(Date.parse(cert.validTo)).toBeLessThanOrEqual(Date.parse(caCert.validTo));
  });

  it('writes the CA to its directory and reuses it while valid', () => {
    const dir = freshDir();
    const first = loadOrCreateCa(dir);
    expect(first.caPath).toBe(path.join(dir, 'ca.pem'));
    expect(readFileSync(first.caPath, 'utf8')).toBe(first.certPem);
    if (process.platform !== 'win32') {
      expect(statSync(path.join(dir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    }
    const second = loadOrCreateCa(dir);
    expect(second.certPem).toBe(first.certPem);
  });

  it('replaces a CA whose files are unusable', () => {
    const dir = freshDir();
    const first = loadOrCreateCa(dir);
    writeFileSync(path.join(dir, 'ca-key.pem'), createCa().keyPem); // key no longer matches
    const second = loadOrCreateCa(dir);
    expect(second.certPem).not.toBe(first.certPem);
    writeFileSync(path.join(dir, 'ca.pem'), 'not a certificate');
    expect(loadOrCreateCa(dir).certPem).not.toBe(second.certPem);
  });

  it('cannot vouch for any other host: its name constraints reject a certificate for example.com', async () => {
    const ca = createCa();
    // Host-name checks are switched off in the client, so only the chain's name constraints can refuse it.
    expect(await handshake(ca.certPem, issueServerCert(ca), 'localhost')).toBe('ok');
    await expect(handshake(ca.certPem, issueServerCert(ca, ['example.com']), 'example.com')).rejects.toThrow(
      /permitted subtree violation/i,
    );
    await expect(handshake(ca.certPem, issueServerCert(ca, ['10.0.0.1']), '10.0.0.1')).rejects.toThrow(
      /permitted subtree violation/i,
    );
  });

  it('refuses a CA directory that belongs to another user', () => {
    const dir = freshDir();
    const owner = statSync(dir).uid;
    expect(() => assertOwnDirectory(dir, owner + 1)).toThrow(/belongs to another user/);
    expect(() => assertOwnDirectory(dir, owner)).not.toThrow();
  });

  it('completes a real TLS handshake against a server using the issued certificate', async () => {
    const ca = createCa();
    const server = https.createServer(toTls(issueServerCert(ca)), (_req, res) => {
      res.end('hello over tls');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get(
              { host, port, path: '/', ca: ca.certPem, servername: host === 'localhost' ? host : undefined },
              (res) => {
                let text = '';
                res.on('data', (chunk: Buffer) => (text += chunk.toString()));
                res.on('end', () => resolve(text));
              },
            )
            .on('error', reject);
        });
        expect(body).toBe('hello over tls');
      }
      // Another CA is not trusted: the handshake must fail.
      await expect(
        new Promise((resolve, reject) => {
          https
            .get({ host: '127.0.0.1', port, path: '/', ca: createCa().certPem }, resolve)
            .on('error', reject);
        }),
      ).rejects.toThrow();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function handshake(
  caPem: string,
  server: { certPem: string; keyPem: string },
  servername: string,
): Promise<string> {
  const listener = https.createServer(toTls(server), (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      https
        .get(
          { host: '127.0.0.1', port, path: '/', ca: caPem, servername, checkServerIdentity: () => undefined },
          (res) => {
            res.resume();
            res.on('end', () => resolve('ok'));
          },
        )
        .on('error', reject);
    });
  } finally {
    await new Promise((resolve) => listener.close(resolve));
  }
}

function toTls(cert: { certPem: string; keyPem: string }): { cert: string; key: string } {
  return { cert: cert.certPem, key: cert.keyPem };
}
