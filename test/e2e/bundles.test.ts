/**
 * The shipped bundles (dist/cli, dist/action, task/dist) run as child processes against the sandbox over HTTPS.
 * `npm run smoke:node24` runs this same file with the bundles on Node 24.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { azureOutputs, baseEnv, BUNDLES, githubFiles, hasStackTrace, runBundle } from './run-bundle.js';

let sandbox: SandboxHandle;
let dir: string;
let policyPath: string;

beforeAll(async () => {
  sandbox = await startTestSandbox('healthy');
  dir = mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  policyPath = path.join(dir, 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
});
afterAll(async () => {
  await sandbox?.stop();
});

const credentials = () => sandbox.env;
const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: depending on the interop its function is the module or its `default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
})();
/** Fields that legitimately differ between two runs. */
const stable = (report: Record<string, unknown>) => ({ ...report, startedAt: 'x', durationMs: 0 });

function assertNoSecrets(...texts: string[]) {
  const secrets = sandbox.world.secrets().filter((s) => s.length >= 8);
  expect(secrets.length).toBeGreaterThan(3);
  for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
}

describe('CLI bundle', () => {
  it('explains every command and option', async () => {
    const help = await runBundle(BUNDLES.cli, ['--help'], baseEnv());
    expect(help.code).toBe(0);
    for (const command of ['verify', 'plan', 'remediate', 'rotate', 'sandbox', 'demo', 'schema'])
      expect(help.stdout).toContain(command);
    const verify = await runBundle(BUNDLES.cli, ['verify', '--help'], baseEnv());
    expect(verify.stdout).toContain('--fail-on');
    const version = await runBundle(BUNDLES.cli, ['--version'], baseEnv());
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('prints the policy JSON Schema that is committed', async () => {
    const r = await runBundle(BUNDLES.cli, ['schema'], baseEnv());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync('schema/ado-guard.schema.json', 'utf8')));
  });

  it('rejects bad usage with exit 2 and no stack trace', async () => {
    const r = await runBundle(BUNDLES.cli, ['verify', '--frobnicate'], baseEnv());
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('error: unknown option --frobnicate; see ado-guard --help.\n');
  });

  it('names the missing policy file', async () => {
    const r = await runBundle(BUNDLES.cli, ['verify', '--config', path.join(dir, 'nope.yml')], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yml');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('names the field of a bad policy, with line and column', async () => {
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(bad, sandbox.policyYaml.replace(/^tenantId: .*$/m, 'tenantId: not-a-guid'));
    const r = await runBundle(BUNDLES.cli, ['verify', '--config', bad], baseEnv(credentials()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yml:\d+:\d+.*tenantId/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('names the missing credential variable', async () => {
    const r = await runBundle(BUNDLES.cli, ['verify', '--config', policyPath], baseEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environment variable AZURE_CLIENT_ID is not set');
  });

  it('verifies against the sandbox and writes a report that matches the JSON Schema', async () => {
    const out = path.join(dir, 'report.json');
    const r = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', policyPath, '--format', 'json', '--output', out],
      baseEnv(credentials()),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toBe(true);
    expect(report).toMatchObject({ command: 'verify', status: 'pass', tool: { name: 'ado-guard' } });
    expect(report.requests.total).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
    assertNoSecrets(r.stdout, r.stderr);
  });

  it('fails with exit 1 on drift (organization connected to another tenant)', async () => {
    const drift = path.join(dir, 'drift.yml');
    writeFileSync(
      drift,
      sandbox.policyYaml.replace(/^tenantId: .*$/m, 'tenantId: 11111111-2222-4333-8444-555555555555'),
    );
    const r = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', drift, '--format', 'json'],
      baseEnv(credentials()),
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toBe(true);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('ADO-ORG-TENANT-MISMATCH');
    const never = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', drift, '--fail-on', 'never'],
      baseEnv(credentials()),
    );
    expect(never.code).toBe(0);
  });
});

describe('action and task bundles', () => {
  const inputs = (extra: Record<string, string> = {}) => ({
    INPUT_COMMAND: 'verify',
    INPUT_CONFIG: policyPath,
    ...extra,
  });

  it('the action verifies, sets outputs, writes the summary, and matches the CLI report', async () => {
    const gh = githubFiles();
    const r = await runBundle(BUNDLES.action, [], baseEnv({ ...credentials(), ...gh.env, ...inputs() }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const outputs = gh.outputs();
    expect(outputs).toMatchObject({ status: 'pass', errors: '0', warnings: '0' });
    expect(existsSync(outputs.report!)).toBe(true);
    const report = JSON.parse(readFileSync(outputs.report!, 'utf8'));
    expect(validateReport(report)).toBe(true);
    const cli = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', policyPath, '--format', 'json'],
      baseEnv(credentials()),
    );
    expect(stable(report)).toEqual(stable(JSON.parse(cli.stdout)));
    expect(gh.summary()).toContain('ado-guard');
    // `::add-mask::<secret>` is how the action masks a secret: every other line must be free of them. (Ids such
    // as AZURE_TENANT_ID are not secrets and legitimately appear in debug lines.)
    const unmasked = r.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    assertNoSecrets(unmasked, r.stderr, gh.summary());
    // Each secret is handed to the runner once.
    expect(r.stdout.match(/^::add-mask::/gm)?.length).toBe(
      new Set(r.stdout.match(/^::add-mask::.*$/gm)).size,
    );
  });

  it('the task verifies and sets output variables and the result', async () => {
    const r = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({ ...credentials(), AGENT_TEMPDIRECTORY: dir, ...inputs() }),
    );
    expect(r.code).toBe(0);
    expect(azureOutputs(r.stdout)).toMatchObject({ status: 'pass', errors: '0' });
    expect(r.stdout).toContain('##vso[task.uploadsummary]');
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
    const report = JSON.parse(readFileSync(azureOutputs(r.stdout).report!, 'utf8'));
    expect(validateReport(report)).toBe(true);
  });

  it('both fail cleanly without the inputs they need', async () => {
    const gh = githubFiles();
    const missing = path.join(dir, 'missing.yml');
    const action = await runBundle(BUNDLES.action, [], baseEnv({ ...gh.env, INPUT_CONFIG: missing }));
    expect(action.code).not.toBe(0);
    expect(action.stdout).toMatch(/^::error::.*missing\.yml/m);
    expect(hasStackTrace(action.stdout + action.stderr)).toBe(false);

    const task = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({ INPUT_CONFIG: policyPath, AGENT_TEMPDIRECTORY: dir }),
    );
    expect(task.stdout).toMatch(/^##vso\[task\.complete result=Failed;\].*input azureClientId/m);
    expect(hasStackTrace(task.stdout + task.stderr)).toBe(false);

    const bad = await runBundle(BUNDLES.action, [], baseEnv({ ...gh.env, INPUT_FAILON: 'sometimes' }));
    expect(bad.stdout).toContain(
      '::error::input failOn must be one of error, warning, info, never (got "sometimes").',
    );
    expect(bad.code).toBe(2);
  });
});
