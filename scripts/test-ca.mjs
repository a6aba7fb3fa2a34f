#!/usr/bin/env node
// Makes the CA the sandbox uses in tests (.cache/test-ca/) before jest starts (npm `pretest`): ca.pem, ca-key.pem
// and a server certificate for 127.0.0.1/localhost (server.pem, server-key.pem) signed by it. run-jest.mjs then
// starts jest with NODE_EXTRA_CA_CERTS=.cache/test-ca/ca.pem and ADO_GUARD_TEST_CA_DIR=.cache/test-ca.
// Node 20 cannot import .ts, so src/sandbox/tls is transpiled with @swc/core first.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swc from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Transpiles every .ts file under `sourceDir` (recursively) to an ES module .js file under `outDir`, keeping the
 * layout, so the `./x.js` imports of the sources resolve. `outDir` gets a package.json marking it ESM.
 */
export function transpileTree(sourceDir, outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}\n');
  for (const entry of readdirSync(sourceDir, { withFileTypes: true })) {
    const source = path.join(sourceDir, entry.name);
    if (entry.isDirectory()) {
      transpileTree(source, path.join(outDir, entry.name));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const { code } = swc.transformFileSync(source, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: false,
        swcrc: false,
      });
      writeFileSync(path.join(outDir, entry.name.replace(/\.ts$/, '.js')), code);
    }
  }
}

/** The server certificate in `dir` is kept while it is signed by `caPem`, matches its key and lasts another day. */
function serverCertIsValid(dir, caPem) {
  try {
    const cert = new X509Certificate(readFileSync(path.join(dir, 'server.pem'), 'utf8'));
    const key = createPrivateKey(readFileSync(path.join(dir, 'server-key.pem'), 'utf8'));
    const ca = new X509Certificate(caPem);
    return (
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(key) &&
      cert.checkIP('127.0.0.1') === '127.0.0.1' &&
      Date.parse(cert.validTo) > Date.now() + DAY_MS
    );
  } catch {
    return false;
  }
}

async function main() {
  const caDir = path.join(root, '.cache', 'test-ca');
  // A build directory per process: several test runs may share one worktree.
  const buildDir = path.join(root, '.cache', 'test-ca-build', String(process.pid));
  transpileTree(path.join(root, 'src', 'sandbox', 'tls'), buildDir);
  try {
    const tls = await import(pathToFileURL(path.join(buildDir, 'ca.js')).href);
    const ca = tls.loadOrCreateCa(caDir);
    if (!existsSync(path.join(caDir, 'server.pem')) || !serverCertIsValid(caDir, ca.certPem)) {
      const server = tls.issueServerCert(ca);
      tls.writeFileAtomic(path.join(caDir, 'server-key.pem'), server.keyPem, 0o600);
      tls.writeFileAtomic(path.join(caDir, 'server.pem'), server.certPem);
    }
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`test-ca: could not make the test CA in .cache/test-ca: ${error.message}`);
    process.exit(1);
  });
}
