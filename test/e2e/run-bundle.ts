/** Runs a shipped bundle as a child process, the way a runner or a user does. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The committed bundles, or a fresh build elsewhere: `node scripts/bundle.mjs --out DIR` + ADO_GUARD_BUNDLE_ROOT=DIR. */
const BUNDLE_ROOT = path.resolve(process.env.ADO_GUARD_BUNDLE_ROOT || '.');

export const BUNDLES = {
  cli: path.join(BUNDLE_ROOT, 'dist/cli/index.js'),
  action: path.join(BUNDLE_ROOT, 'dist/action/index.js'),
  task: path.join(BUNDLE_ROOT, 'task/dist/index.js'),
} as const;

/** Node 20 (this process) by default; `smoke:node24` sets ADO_GUARD_BUNDLE_NODE to a Node 24 binary. */
export const NODE = process.env.ADO_GUARD_BUNDLE_NODE || process.execPath;

export interface BundleResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing of the test runner's INPUT_/GITHUB_/credential variables leaks in. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    TMPDIR: process.env.TMPDIR,
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runBundle(
  bundle: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<BundleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [bundle, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A GitHub runner's file commands in a temp folder. */
export function githubFiles(): {
  env: Record<string, string>;
  outputs: () => Record<string, string>;
  summary: () => string;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gh-run-'));
  const output = path.join(dir, 'output');
  const summary = path.join(dir, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  return {
    env: { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: dir, GITHUB_ACTIONS: 'true' },
    outputs: () => {
      const text = readFileSync(output, 'utf8');
      const result: Record<string, string> = {};
      for (const m of text.matchAll(/^(\w+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm))
        result[m[1]!] = m[3]!;
      return result;
    },
    summary: () => readFileSync(summary, 'utf8'),
  };
}

/** `##vso[task.setvariable variable=x;isOutput=true;issecret=false;]value` lines → {x: value}. */
export function azureOutputs(stdout: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of stdout.matchAll(
    /^##vso\[task\.setvariable variable=(\w+);isOutput=true;issecret=false;\](.*)$/gm,
  )) {
    result[m[1]!] = m[2]!;
  }
  return result;
}

/** No stack trace ever reaches a user. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
