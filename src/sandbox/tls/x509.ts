/**
 * An X.509 v3 certificate builder for ECDSA P-256 keys, signed with ecdsa-with-SHA256 (RFC 5280, RFC 5758).
 * Only what the sandbox needs: a CA certificate and a TLS server certificate for 127.0.0.1/localhost.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  contextConstructed,
  implicitPrimitive,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  nameConstraints: '2.5.29.30',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export interface DistinguishedName {
  commonName: string;
  organization?: string;
}

export interface CertificateSpec {
  serialNumber: Buffer;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** The certified key (public half). */
  publicKey: KeyObject;
  /** The issuer's private key (the subject's own key for a self-signed certificate). */
  signingKey: KeyObject;
  /** The issuer's subject key identifier; omitted for a self-signed certificate. */
  authorityKeyId?: Buffer;
  isCa: boolean;
  keyUsage: number[];
  serverAuth?: boolean;
  /** Subject alternative names: IPv4/IPv6 literals become iPAddress, anything else dNSName. */
  altNames?: string[];
  /**
   * CA only: the hosts (IP literals or DNS names) certificates under this CA may name (critical name constraints),
   * so that trusting the CA cannot vouch for any other host.
   */
  permittedHosts?: string[];
}

function name(dn: DistinguishedName): Buffer {
  const rdns = [set(sequence(oid(OID.commonName), utf8String(dn.commonName)))];
  if (dn.organization) rdns.unshift(set(sequence(oid(OID.organizationName), utf8String(dn.organization))));
  return sequence(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** The raw EC point inside a SubjectPublicKeyInfo (what key identifiers hash). */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING }; for P-256 the uncompressed point is the last 65 bytes.
  return spki.subarray(spki.length - 65);
}

/** Key identifier method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map((part) => Number(part)));
  // IPv6: expand `::` and write 8 groups of 16 bits.
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

function generalNames(hosts: string[]): Buffer {
  return sequence(
    ...hosts.map((host) =>
      isIP(host) ? implicitPrimitive(7, ipBytes(host)) : implicitPrimitive(2, Buffer.from(host, 'ascii')),
    ),
  );
}

/** NameConstraints with permittedSubtrees only (RFC 5280 §4.2.1.10): an IP is permitted as address/all-ones mask. */
function nameConstraints(hosts: string[]): Buffer {
  const subtrees = hosts.map((host) => {
    if (!isIP(host)) return sequence(implicitPrimitive(2, Buffer.from(host, 'ascii')));
    const address = ipBytes(host);
    return sequence(implicitPrimitive(7, Buffer.concat([address, Buffer.alloc(address.length, 0xff)])));
  });
  return sequence(contextConstructed(0, Buffer.concat(subtrees)));
}

/** Builds and signs the certificate; returns its DER bytes. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, spec.isCa, spec.isCa ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, namedBits(spec.keyUsage)),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spec.publicKey))),
  ];
  if (spec.authorityKeyId) {
    extensions.push(
      extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, spec.authorityKeyId))),
    );
  }
  if (spec.serverAuth) extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
  if (spec.permittedHosts && spec.permittedHosts.length > 0) {
    extensions.push(extension(OID.nameConstraints, true, nameConstraints(spec.permittedHosts)));
  }
  if (spec.altNames && spec.altNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, generalNames(spec.altNames)));
  }
  const tbs = sequence(
    contextConstructed(0, smallInteger(2)), // v3
    unsignedInteger(spec.serialNumber),
    signatureAlgorithm,
    name(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    contextConstructed(3, sequence(...extensions)),
  );
  // Node signs EC keys with a DER-encoded ECDSA-Sig-Value by default, which is what X.509 wants.
  const signature = sign('sha256', tbs, spec.signingKey);
  return sequence(tbs, signatureAlgorithm, bitString(signature));
}
