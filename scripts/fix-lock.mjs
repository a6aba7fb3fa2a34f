#!/usr/bin/env node
// The registry mirror this project is built against serves only linux binaries, so `npm install`
// leaves other platforms' optional packages (swc, unrs-resolver bindings) out of package-lock.json and
// `npm ci` then refuses the lock. This adds the missing optional entries (version only), which npm ci
// skips on platforms they do not fit. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const child = `node_modules/${name}`;
    const nested = `${key ? `${key}/` : ''}node_modules/${name}`;
    if (packages[child] || packages[nested]) continue;
    packages[child] = { version: range.replace(/^[\^~=]/, ''), dev: entry.dev || undefined, optional: true };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fix-lock: added ${added} optional platform entries`);
