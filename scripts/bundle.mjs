#!/usr/bin/env node
// Builds the three shipped bundles with ncc (DESIGN.md §1): dist/action, dist/cli, task/dist.
// `--out DIR` builds under DIR instead (used by check-dist.mjs to compare with what is committed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNotices } from './notices.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const base = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : root;

export const BUNDLES = [
  { entry: 'src/entry/action.ts', out: 'dist/action' },
  { entry: 'src/entry/cli.ts', out: 'dist/cli' },
  { entry: 'src/entry/task.ts', out: 'task/dist' },
];

const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
for (const { entry, out } of BUNDLES) {
  const target = path.join(base, out);
  rmSync(target, { recursive: true, force: true });
  const statsDir = mkdtempSync(path.join(os.tmpdir(), 'ado-guard-stats-'));
  const stats = path.join(statsDir, 'stats.json');
  const result = spawnSync(
    process.execPath,
    [ncc, 'build', entry, '-o', target, '--minify', '--quiet', '--target', 'es2022', '--stats-out', stats],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error(`bundle: ncc failed for ${entry}`);
    process.exit(result.status ?? 1);
  }
  const count = writeNotices(stats, target, root, out);
  rmSync(statsDir, { recursive: true, force: true });
  console.log(`bundle: ${entry} → ${path.relative(root, target) || target} (${count} third-party packages)`);
}
