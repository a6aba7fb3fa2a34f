/**
 * The Azure DevOps extension as shipped: `npm run package:vsix` builds it with tfx-cli, this test opens the .vsix
 * and runs the task it contains (not the one in the source tree) with INPUT_* against the sandbox.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { azureOutputs, baseEnv, hasStackTrace, runBundle } from '../e2e/run-bundle.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { unzip } from './unzip.js';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const sourceTask = JSON.parse(readFileSync('task/task.json', 'utf8')) as { id: string; name: string };
const manifest = JSON.parse(readFileSync('vss-extension.json', 'utf8')) as Record<string, unknown>;

let dir: string;
let sandbox: SandboxHandle;

function pack(twin: boolean): Map<string, Buffer> {
  const out = path.join(dir, twin ? 'twin' : 'public');
  const result = spawnSync(
    process.execPath,
    ['scripts/package-vsix.mjs', '--out', out, ...(twin ? ['--twin'] : [])],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const name = `${twin ? 'ado-guard-test' : 'ado-guard'}-${version}.vsix`;
  expect(result.stdout).toContain(name);
  return unzip(readFileSync(path.join(out, name)));
}

/** Writes the extension's files under a folder, as the agent does when it installs the task. */
function extract(files: Map<string, Buffer>, to: string): void {
  for (const [name, content] of files) {
    const target = path.join(to, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

let publicVsix: Map<string, Buffer>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
  sandbox = await startTestSandbox('healthy');
  publicVsix = pack(false);
});
afterAll(async () => {
  await sandbox?.stop();
});

describe('the .vsix', () => {
  it('is an extension package with the manifest, the task, its bundle and the icons', () => {
    for (const name of [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension.vsomanifest',
      'task/task.json',
      'task/dist/index.js',
      'task/dist/THIRD_PARTY_NOTICES.md',
      'task/icon.png',
      'images/icon.png',
      'overview.md',
      'LICENSE',
    ])
      expect([name, publicVsix.has(name)]).toEqual([name, true]);
    const vsixManifest = publicVsix.get('extension.vsixmanifest')!.toString('utf8');
    expect(vsixManifest).toContain(
      `<Identity Language="en-US" Id="ado-guard" Publisher="ado-guard" Version="${version}"/>`,
    );
    const vsoManifest = JSON.parse(publicVsix.get('extension.vsomanifest')!.toString('utf8'));
    expect(vsoManifest.contributions).toEqual([
      expect.objectContaining({ type: 'ms.vss-distributed-task.task', properties: { name: 'task' } }),
    ]);
    // The task inside is the committed one, byte for byte.
    expect(publicVsix.get('task/dist/index.js')!.equals(readFileSync('task/dist/index.js'))).toBe(true);
    expect(JSON.parse(publicVsix.get('task/task.json')!.toString('utf8'))).toEqual(
      JSON.parse(readFileSync('task/task.json', 'utf8')),
    );
    // The icons are PNGs (drawn by scripts/icon.mjs).
    for (const icon of ['images/icon.png', 'task/icon.png'])
      expect(publicVsix.get(icon)!.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('vss-extension.json carries package.json version and contributes the task folder', () => {
    expect(manifest).toMatchObject({ id: 'ado-guard', publisher: 'ado-guard', version });
    expect(manifest.contributions).toEqual([
      expect.objectContaining({
        type: 'ms.vss-distributed-task.task',
        targets: ['ms.vss-distributed-task.tasks'],
      }),
    ]);
  });

  it('runs the packaged task with INPUT_* against the sandbox', async () => {
    const installed = path.join(dir, 'installed');
    extract(publicVsix, installed);
    const policy = path.join(dir, 'ado-guard.yml');
    writeFileSync(policy, sandbox.policyYaml);
    const r = await runBundle(
      path.join(installed, 'task', 'dist', 'index.js'),
      [],
      baseEnv({ ...sandbox.env, AGENT_TEMPDIRECTORY: dir, INPUT_COMMAND: 'verify', INPUT_CONFIG: policy }),
    );
    expect(r.code).toBe(0);
    expect(azureOutputs(r.stdout)).toMatchObject({ status: 'pass', errors: '0', findings: '0' });
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
    expect(r.stdout).toContain('##vso[task.uploadsummary]');

    const invalid = await runBundle(
      path.join(installed, 'task', 'dist', 'index.js'),
      [],
      baseEnv({ ...sandbox.env, AGENT_TEMPDIRECTORY: dir, INPUT_CONFIG: policy, INPUT_FAILON: 'sometimes' }),
    );
    expect(invalid.stdout).toMatch(/^##vso\[task\.complete result=Failed;\].*failOn/m);
    expect(hasStackTrace(invalid.stdout + invalid.stderr)).toBe(false);
  });
});

describe('the test twin (--twin)', () => {
  it('has its own extension id, task GUID and task name, and the same task code', () => {
    const twin = pack(true);
    const task = JSON.parse(twin.get('task/task.json')!.toString('utf8')) as Record<string, unknown>;
    expect(task.id).not.toBe(sourceTask.id);
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(task).toMatchObject({ name: 'AdoGuardTest', friendlyName: 'ado-guard (Test)' });
    expect(twin.get('extension.vsixmanifest')!.toString('utf8')).toContain(
      `Id="ado-guard-test" Publisher="ado-guard" Version="${version}"`,
    );
    expect(twin.get('task/dist/index.js')!.equals(publicVsix.get('task/dist/index.js')!)).toBe(true);
    // The source tree is untouched.
    expect(JSON.parse(readFileSync('task/task.json', 'utf8')).id).toBe(sourceTask.id);
  });
});
