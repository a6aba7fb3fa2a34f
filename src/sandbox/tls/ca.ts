/**
 * The sandbox's certificate authority: made in pure Node (no `openssl`), kept in a directory so that a
 * process started with NODE_EXTRA_CA_CERTS=<dir>/ca.pem trusts every server certificate it issues.
 */
import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { toPem } from './der.js';
import { KEY_USAGE, buildCertificate, keyIdentifier } from './x509.js';

export interface SandboxCa {
  certPem: string;
  keyPem: string;
  /** Where `ca.pem` lives: the value for NODE_EXTRA_CA_CERTS. */
  caPath: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

export const CA_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';
export const DEFAULT_SERVER_HOSTS = ['127.0.0.1', 'localhost'];
/** The only hosts the CA may vouch for (its name constraints). */
export const CA_PERMITTED_HOSTS = ['127.0.0.1', '::1', 'localhost'];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 3 * 365;
const SERVER_LIFETIME_DAYS = 30;
/** Backdated so that a clock a little behind still accepts a fresh certificate. */
const BACKDATE_MS = 60 * 60 * 1000;
const CA_NAME = { commonName: 'ado-guard sandbox CA', organization: 'ado-guard sandbox' };

/** Default CA directory when none is given: in the temp dir, one per user, stable across runs. */
export function defaultCaDir(): string {
  let user: string;
  try {
    user = userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_');
  } catch {
    user = String(process.getuid?.() ?? 'user');
  }
  return path.join(tmpdir(), `ado-guard-sandbox-ca-${user}`);
}

/**
 * On POSIX systems the CA directory must be the current user's: a CA planted by someone else (e.g. in a shared
 * /tmp) would be trusted through NODE_EXTRA_CA_CERTS.
 */
export function assertOwnDirectory(dir: string, uid: number | undefined = process.getuid?.()): void {
  if (uid === undefined) return; // Windows: the temp dir is per user
  const owner = statSync(dir).uid;
  if (owner !== uid) {
    throw new Error(
      `The sandbox CA directory "${dir}" belongs to another user (uid ${owner}), so its CA must not be trusted; ` +
        'remove it, or give the sandbox a directory of your own (caDir).',
    );
  }
}

function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  return serial;
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

/** A CA that is usable for at least another day, with a matching key; undefined otherwise. */
function readValidCa(dir: string): SandboxCa | undefined {
  const caPath = path.join(dir, CA_FILE);
  const keyPath = path.join(dir, CA_KEY_FILE);
  if (!existsSync(caPath) || !existsSync(keyPath)) return undefined;
  try {
    const certPem = readFileSync(caPath, 'utf8');
    const keyPem = readFileSync(keyPath, 'utf8');
    const cert = new X509Certificate(certPem);
    if (!cert.ca || !cert.subject.includes(`CN=${CA_NAME.commonName}`)) return undefined;
    if (Date.parse(cert.validTo) < Date.now() + DAY_MS) return undefined;
    if (Date.parse(cert.validFrom) > Date.now()) return undefined;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    return { certPem, keyPem, caPath };
  } catch {
    return undefined; // unreadable or malformed: replace it
  }
}

/** A new self-signed CA certificate and key (not written anywhere). */
export function createCa(now = Date.now()): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = newKeyPair();
  const der = buildCertificate({
    serialNumber: serialNumber(),
    subject: CA_NAME,
    issuer: CA_NAME,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
    publicKey,
    signingKey: privateKey,
    isCa: true,
    keyUsage: [KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign],
    permittedHosts: CA_PERMITTED_HOSTS,
  });
  return {
    certPem: toPem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Reuses the CA in `dir` when it is valid for at least another day, else creates one and writes `ca.pem` and
 * `ca-key.pem` (mode 0600) there.
 */
export function loadOrCreateCa(dir: string = defaultCaDir()): SandboxCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertOwnDirectory(dir);
  const existing = readValidCa(dir);
  if (existing) return existing;
  const { certPem, keyPem } = createCa();
  const caPath = path.join(dir, CA_FILE);
  writeFileAtomic(path.join(dir, CA_KEY_FILE), keyPem, 0o600);
  writeFileAtomic(caPath, certPem);
  return { certPem, keyPem, caPath };
}

/** A TLS server certificate for `hosts` (default 127.0.0.1 and localhost) signed by the CA. */
export function issueServerCert(
  ca: Pick<SandboxCa, 'certPem' | 'keyPem'>,
  hosts: string[] = DEFAULT_SERVER_HOSTS,
  now = Date.now(),
): ServerCertificate {
  const caKey = createPrivateKey(ca.keyPem);
  const caCert = new X509Certificate(ca.certPem);
  const { privateKey, publicKey } = newKeyPair();
  const caNotAfter = Date.parse(caCert.validTo);
  const der = buildCertificate({
    serialNumber: serialNumber(),
    subject: { commonName: hosts[0] ?? 'localhost', organization: CA_NAME.organization },
    issuer: CA_NAME,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(Math.min(now + SERVER_LIFETIME_DAYS * DAY_MS, caNotAfter)),
    publicKey,
    signingKey: caKey,
    authorityKeyId: keyIdentifier(createPublicKey(caKey)),
    isCa: false,
    keyUsage: [KEY_USAGE.digitalSignature],
    serverAuth: true,
    altNames: hosts,
  });
  return {
    certPem: toPem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
