#!/usr/bin/env node
// Runs jest in ESM mode with the sandbox's test CA trusted. NODE_EXTRA_CA_CERTS is read only when a
// process starts, so the CA must exist before jest does: scripts/test-ca.mjs makes it (pretest).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--faults`: the fault and kill matrices under test/faults instead of the fast suite (jest.config.js). No
// pretest hook runs for it, so the test CA is made here.
const faults = process.argv.includes('--faults');
if (faults)
  spawnSync(process.execPath, [path.join(root, 'scripts', 'test-ca.mjs')], { stdio: 'inherit', cwd: root });
const caPath = path.join(root, '.cache', 'test-ca', 'ca.pem');
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
};
if (existsSync(caPath)) {
  env.NODE_EXTRA_CA_CERTS = caPath;
  env.ADO_GUARD_TEST_CA_DIR = path.dirname(caPath);
}
const args = process.argv.slice(2).filter((arg) => arg !== '--faults');
if (faults) env.ADO_GUARD_FAULT_SUITE = '1';
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, ...args], {
  stdio: 'inherit',
  env,
  cwd: root,
});
process.exit(result.status ?? 1);
