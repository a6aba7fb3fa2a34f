#!/usr/bin/env node
// CI helper: starts `ado-guard sandbox` (the committed CLI bundle) in the background and hands its settings to the
// following steps of a GitHub job: masks the made-up secrets, and appends to $GITHUB_ENV the variables the banner
// prints (NODE_EXTRA_CA_CERTS and the credentials), SANDBOX_POLICY (the policy file it wrote) and SANDBOX_PID.
//   node scripts/ci-sandbox.mjs [--scenario healthy]
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenarioAt = process.argv.indexOf('--scenario');
const scenario = scenarioAt > 0 ? process.argv[scenarioAt + 1] : 'healthy';
const githubEnv = process.env.GITHUB_ENV;
if (!githubEnv) {
  console.error(
    'ci-sandbox: GITHUB_ENV is not set: run this in a GitHub Actions step (or set it to a file).',
  );
  process.exit(2);
}
const SECRET_NAMES = new Set(['AZURE_CLIENT_SECRET', 'DBT_CLOUD_TOKEN', 'CONDUCTORONE_CLIENT_SECRET']);
const READY = 'Press Ctrl+C to stop.';
const TIMEOUT_MS = 60_000;

const logDir = mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'ado-guard-sandbox-log-'));
const logPath = path.join(logDir, 'sandbox.log');
const log = openSync(logPath, 'w');
const child = spawn(
  process.execPath,
  [path.join(root, 'dist', 'cli', 'index.js'), 'sandbox', '--scenario', scenario, '--port', '0'],
  { detached: true, stdio: ['ignore', log, log] },
);
child.unref();

const started = Date.now();
let text = '';
let exited = null;
child.once('exit', (code) => (exited = code));
while (!text.includes(READY)) {
  if (exited !== null || Date.now() - started > TIMEOUT_MS) {
    console.error(
      `ci-sandbox: the sandbox did not start (${exited !== null ? `exit ${exited}` : 'timeout'}):`,
    );
    console.error(readFileSync(logPath, 'utf8'));
    process.exit(1);
  }
  await sleep(200);
  text = readFileSync(logPath, 'utf8');
}

/** `  export NAME=value` or `  export NAME='va'\''lue'` (POSIX quoting, as formatSandboxBanner writes it). */
function parseExport(line) {
  const match = /^ {2}export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
  if (!match) return undefined;
  const [, name, raw] = match;
  const value = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replaceAll(`'\\''`, "'") : raw;
  return [name, value];
}

const variables = text.split('\n').map(parseExport).filter(Boolean);
const policy = /^The policy above is also written to (.+)\.$/m.exec(text)?.[1];
if (!variables.some(([name]) => name === 'NODE_EXTRA_CA_CERTS') || !policy) {
  console.error('ci-sandbox: the sandbox banner has no NODE_EXTRA_CA_CERTS line or policy path:');
  console.error(text.replace(/^ {2}export .*$/gm, '  export …'));
  process.exit(1);
}
for (const [name, value] of variables) if (SECRET_NAMES.has(name)) console.log(`::add-mask::${value}`);
const lines = [...variables, ['SANDBOX_POLICY', policy], ['SANDBOX_PID', String(child.pid)]];
appendFileSync(githubEnv, lines.map(([name, value]) => `${name}=${value}\n`).join(''));
console.log(
  `ci-sandbox: sandbox "${scenario}" running (pid ${child.pid}); set ${lines.map(([n]) => n).join(', ')}.`,
);
