/** `rotate` through the shipped bundles against the sandbox over HTTPS (real waits: Entra propagation, C1 sync). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { azureOutputs, baseEnv, BUNDLES, githubFiles, hasStackTrace, runBundle } from './run-bundle.js';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
})();

function writePolicy(s: SandboxHandle, extra = ''): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rotate-e2e-')), 'ado-guard.yml');
  writeFileSync(file, s.policyYaml + extra);
  return file;
}

/** keyId of the Entra secret a target stores (from the sandbox's state). */
function heldKeyIds(s: SandboxHandle): { dbt?: string; c1?: string } {
  const { entra, dbt, c1 } = s.world;
  const rec = dbt!.record!;
  const cfg = c1!.connectors[0]!.configuration;
  return {
    dbt: entra.keyIdOfSecret(rec.clientId, rec.clientSecret),
    c1: entra.keyIdOfSecret(
      cfg.oauth2_client_cred_grant_client_id ?? '',
      cfg.oauth2_client_cred_grant_client_secret ?? '',
    ),
  };
}

describe('ado-guard rotate (CLI bundle)', () => {
  it('rotates on drifted, updates dbt Cloud and ConductorOne, and verify then finds no expiring secret', async () => {
    sandbox = await startTestSandbox('drifted');
    const policy = writePolicy(sandbox);
    const env = baseEnv(sandbox.env);

    const before = await runBundle(BUNDLES.cli, ['verify', '--config', policy, '--format', 'json'], env);
    expect(JSON.parse(before.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'ENTRA-SECRET-EXPIRING',
    );

    const r = await runBundle(
      BUNDLES.cli,
      ['rotate', '--config', policy, '--format', 'json', '--force'],
      env,
    );
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report)).toBe(true);
    expect(report.rotation.status).toBe('rotated');
    const held = heldKeyIds(sandbox);
    expect(report.rotation.targets).toEqual([
      { name: 'dbtCloud', status: 'verified', keyId: held.dbt },
      { name: 'conductorOne', status: 'verified', keyId: held.c1 },
    ]);
    expect(report.rotation.newKeyId).toBe(held.dbt);
    expect(report.changes.filter((c: { kind: string }) => c.kind === 'target')).toHaveLength(2);

    const after = await runBundle(BUNDLES.cli, ['verify', '--config', policy, '--format', 'json'], env);
    const ruleIds = JSON.parse(after.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ruleIds).not.toContain('ENTRA-SECRET-EXPIRING');
    expect(ruleIds).not.toContain('C1-CONNECTOR-SYNC-ERROR');

    const secrets = sandbox.world.secrets().filter((s) => s.length >= 8);
    for (const text of [r.stdout, r.stderr, after.stdout, after.stderr])
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    sandbox = await startTestSandbox('drifted');
    const policy = writePolicy(sandbox);
    const passwords = () =>
      sandbox!.world.entra.applications.map((a) => a.passwordCredentials.map((p) => p.keyId));
    const before = { passwords: passwords(), dbt: sandbox.world.dbt!.record!.updatedAt };
    const r = await runBundle(BUNDLES.cli, ['rotate', '--config', policy, '--dry-run'], baseEnv(sandbox.env));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run/);
    expect(r.stdout).toMatch(/add a client secret/);
    const writes = sandbox.world.log
      .list()
      .filter((e) => e.method !== 'GET' && !/\/(oauth2\/v2\.0|auth\/v1)\/token$/.test(e.path));
    expect(writes).toEqual([]);
    expect({ passwords: passwords(), dbt: sandbox.world.dbt!.record!.updatedAt }).toEqual(before);
  });
});

describe('ado-guard rotate (action bundle)', () => {
  it('sets rotatedKeyId and secretExpiresOn, masks the new secret before it appears anywhere, and writes the timeline', async () => {
    sandbox = await startTestSandbox('drifted');
    const policy = writePolicy(sandbox, 'rotation:\n  output: true\n');
    const gh = githubFiles();
    const r = await runBundle(
      BUNDLES.action,
      [],
      baseEnv({ ...sandbox.env, ...gh.env, INPUT_COMMAND: 'rotate', INPUT_CONFIG: policy }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const outputs = gh.outputs();
    const held = heldKeyIds(sandbox);
    expect(outputs.status).toBe('pass');
    expect(outputs.rotatedKeyId).toBe(held.dbt);
    expect(Date.parse(outputs.secretExpiresOn ?? '')).toBeGreaterThan(Date.now() + 170 * 86_400_000);

    const app = sandbox.world.entra.resolveApplication('dbt Cloud')!;
    const secret = app.passwordCredentials.find((p) => p.keyId === held.dbt)!.secretText;
    expect(outputs.clientSecret).toBe(secret);
    const firstAppearance = r.stdout.indexOf(secret);
    expect(firstAppearance).toBeGreaterThan(0);
    expect(r.stdout.slice(firstAppearance - '::add-mask::'.length, firstAppearance)).toBe('::add-mask::');
    const shown = r.stdout.replace(/^::add-mask::.*$/gm, '');
    expect(shown).not.toContain(secret);
    expect(gh.summary()).toContain('sequenceDiagram');
    expect(gh.summary()).toContain('prove new secret');
    expect(gh.summary()).not.toContain(secret);
  });
});

describe('ado-guard rotate (Azure Pipelines task bundle)', () => {
  it('sets rotatedKeyId, and registers the new secret (setsecret) before the secret output carries it', async () => {
    sandbox = await startTestSandbox('drifted');
    const policy = writePolicy(sandbox, 'rotation:\n  output: true\n');
    const r = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({
        ...sandbox.env,
        AGENT_TEMPDIRECTORY: path.dirname(policy),
        INPUT_COMMAND: 'rotate',
        INPUT_CONFIG: policy,
      }),
    );
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;/m);
    const held = heldKeyIds(sandbox);
    expect(azureOutputs(r.stdout).rotatedKeyId).toBe(held.dbt);
    const app = sandbox.world.entra.resolveApplication('dbt Cloud')!;
    const secret = app.passwordCredentials.find((p) => p.keyId === held.dbt)!.secretText;
    const lines = r.stdout.split('\n').filter((line) => line.includes(secret));
    expect(lines[0]).toBe(`##vso[task.setsecret]${secret}`);
    expect(lines.slice(1)).toEqual([
      `##vso[task.setvariable variable=clientSecret;isOutput=true;issecret=true;]${secret}`,
    ]);
  });
});
