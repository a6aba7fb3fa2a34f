import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGithubHost, readGithubCredentials } from '../../src/platform/github.js';
import { captureStdout } from './capture.js';

const saved = { ...process.env };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gh-'));
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete process.env[key];
  process.env.GITHUB_OUTPUT = path.join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

describe('GitHub adapter', () => {
  it('reads inputs with defaults and validates them', () => {
    process.env.INPUT_COMMAND = 'rotate';
    process.env.INPUT_DRYRUN = 'true';
    const host = createGithubHost();
    expect(host.options).toMatchObject({
      command: 'rotate',
      dryRun: true,
      apply: false,
      failOn: 'error',
      configPath: 'ado-guard.yml',
      format: 'json',
    });
    process.env.INPUT_FAILON = 'sometimes';
    expect(() => createGithubHost()).toThrow(
      'input failOn must be one of error, warning, info, never (got "sometimes").',
    );
  });

  it('writes the exact workflow commands', async () => {
    const host = createGithubHost();
    const out = await captureStdout(async () => {
      host.setSecret('s3cr3t-value');
      host.warning('redirect URI missing', { file: 'ado-guard.yml', line: 7, column: 3 });
      host.error('permission missing', { file: 'ado-guard.yml', line: 2 });
      host.debug('GET https://x → 200');
      host.finish(1, 'drift found');
    });
    expect(out).toBe(
      [
        '::add-mask::s3cr3t-value',
        '::warning file=ado-guard.yml,line=7,col=3::redirect URI missing',
        '::error file=ado-guard.yml,line=2::permission missing',
        '::debug::GET https://x → 200',
        '::error::drift found',
        '',
      ].join('\n'),
    );
    expect(process.exitCode).toBe(1);
  });

  it('writes outputs to GITHUB_OUTPUT, masks secret outputs and appends the job summary', async () => {
    const host = createGithubHost();
    const out = await captureStdout(async () => {
      host.setOutput('status', 'drift');
      host.setOutput('clientSecret', 'very-secret', { secret: true });
      await host.writeSummary('## ado-guard\n');
    });
    expect(out).toBe('::add-mask::very-secret\n');
    const lines = readFileSync(process.env.GITHUB_OUTPUT!, 'utf8');
    expect(lines).toMatch(/^status<<ghadelimiter_[0-9a-f-]+\ndrift\nghadelimiter_[0-9a-f-]+\n/);
    expect(readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8')).toBe('## ado-guard\n\n');
  });

  it('takes credentials from inputs, then env, and goes keyless with OIDC when no secret is given', () => {
    process.env.INPUT_AZURECLIENTID = 'from-input';
    const creds = readGithubCredentials({
      AZURE_CLIENT_ID: 'from-env',
      AZURE_TENANT_ID: 't',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
    });
    expect(creds.azureClientId).toBe('from-input');
    expect(creds.azureTenantId).toBe('t');
    expect(creds.federation).toEqual({ kind: 'github-oidc' });
    expect(
      readGithubCredentials({ AZURE_CLIENT_SECRET: 's', ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' })
        .federation,
    ).toBeUndefined();
  });
});
