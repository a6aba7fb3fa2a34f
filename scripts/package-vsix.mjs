#!/usr/bin/env node
// Builds the Azure DevOps extension (.vsix) offline with tfx-cli from the committed task bundle:
//   node scripts/package-vsix.mjs [--twin] [--out DIR]
// It stages vss-extension.json, overview.md, LICENSE, task/ (task.json + dist/) and the generated icons in a
// temp folder and runs `tfx extension create` there. The extension version is package.json's.
// --twin builds the private test twin: extension `ado-guard-test`, task `AdoGuardTest` with its own GUID, so it
// can be installed next to the public extension in a test organization without the two tasks colliding.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIcon } from './icon.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The test twin's identity. Its task GUID must never change once the twin is installed anywhere. */
export const TWIN = {
  extensionId: 'ado-guard-test',
  extensionName: 'ado-guard (Test)',
  taskId: '654a08a5-3248-406f-9492-48031e7bdf8d',
  taskName: 'AdoGuardTest',
  taskFriendlyName: 'ado-guard (Test)',
};

const args = process.argv.slice(2);
const twin = args.includes('--twin');
const outAt = args.indexOf('--out');
const outDir = path.resolve(outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : root);
for (const arg of args.filter((a, i) => a !== '--twin' && a !== '--out' && args[i - 1] !== '--out')) {
  console.error(
    `package-vsix: unknown argument ${arg}; usage: node scripts/package-vsix.mjs [--twin] [--out DIR]`,
  );
  process.exit(2);
}

const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const { version } = readJson('package.json');
const manifest = readJson('vss-extension.json');
const task = readJson('task/task.json');
if (!existsSync(path.join(root, 'task', 'dist', 'index.js'))) {
  console.error('package-vsix: task/dist/index.js is missing: run `npm run bundle` first.');
  process.exit(1);
}

const stage = mkdtempSync(path.join(os.tmpdir(), 'ado-guard-vsix-'));
try {
  cpSync(path.join(root, 'task', 'dist'), path.join(stage, 'task', 'dist'), { recursive: true });
  mkdirSync(path.join(stage, 'images'));
  writeFileSync(path.join(stage, 'images', 'icon.png'), makeIcon(128));
  writeFileSync(path.join(stage, 'task', 'icon.png'), makeIcon(32));
  for (const file of ['overview.md', 'LICENSE']) cpSync(path.join(root, file), path.join(stage, file));

  const stagedManifest = { ...manifest, version };
  const stagedTask = { ...task };
  if (twin) {
    Object.assign(stagedManifest, { id: TWIN.extensionId, name: TWIN.extensionName, public: false });
    Object.assign(stagedTask, { id: TWIN.taskId, name: TWIN.taskName, friendlyName: TWIN.taskFriendlyName });
  }
  writeFileSync(path.join(stage, 'vss-extension.json'), `${JSON.stringify(stagedManifest, null, 2)}\n`);
  writeFileSync(path.join(stage, 'task', 'task.json'), `${JSON.stringify(stagedTask, null, 2)}\n`);

  mkdirSync(outDir, { recursive: true });
  const output = path.join(outDir, `${stagedManifest.id}-${version}.vsix`);
  rmSync(output, { force: true });
  const tfx = path.join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
  const result = spawnSync(
    process.execPath,
    [
      tfx,
      'extension',
      'create',
      '--root',
      stage,
      '--manifest-globs',
      'vss-extension.json',
      '--output-path',
      output,
      '--no-prompt',
      '--no-color',
    ],
    { encoding: 'utf8', env: { ...process.env, TFX_TRACE: '' } },
  );
  if (result.status !== 0 || !existsSync(output)) {
    console.error(`package-vsix: tfx extension create failed (exit ${result.status}):`);
    console.error(result.stdout + result.stderr);
    process.exit(1);
  }
  console.log(`package-vsix: ${path.relative(process.cwd(), output) || output}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
