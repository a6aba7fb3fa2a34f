#!/usr/bin/env node
// Fails when the committed bundles differ from a fresh build of the sources (CI: "dist/ is stale").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'ado-guard-dist-'));
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), '--out', fresh], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

function files(dir, prefix = '') {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(files(full, `${prefix}${name}/`));
    else out.push(`${prefix}${name}`);
  }
  return out;
}

let stale = [];
for (const out of ['dist/action', 'dist/cli', 'task/dist']) {
  const committed = files(path.join(root, out));
  const built = files(path.join(fresh, out));
  for (const name of new Set([...committed, ...built])) {
    const a = path.join(root, out, name);
    const b = path.join(fresh, out, name);
    const same = committed.includes(name) && built.includes(name) && readFileSync(a).equals(readFileSync(b));
    if (!same) stale.push(`${out}/${name}`);
  }
}
if (stale.length > 0) {
  console.error(
    `check-dist: the committed bundles are stale (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}).`,
  );
  console.error('Run `npm run bundle` and commit dist/ and task/dist/.');
  process.exit(1);
}
console.log('check-dist: bundles match the sources');
