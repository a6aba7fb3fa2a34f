/**
 * The repository's own CI (.github/workflows): least privilege, third-party actions pinned by commit SHA, the
 * action run as `uses: ./` with valid inputs; and the sandbox helper that job uses, run here the same way.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { baseEnv, BUNDLES, githubFiles, runBundle } from '../e2e/run-bundle.js';
import {
  checkGitHubAdoGuardSteps,
  checkPermissions,
  checkPinned,
  gitHubJobs,
  gitHubSteps,
} from './workflow-checks.js';

type Json = Record<string, unknown>;

const DIR = '.github/workflows';
const WORKFLOWS = readdirSync(DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
const load = (name: string) => parse(readFileSync(path.join(DIR, name), 'utf8')) as Json;

/**
 * Actions used by tag because their commit SHA could not be verified yet. Keep this empty; a new entry needs
 * a `# TODO pin:` comment in the workflow.
 */
const KNOWN_UNPINNED: ReadonlySet<string> = new Set<string>();

describe('.github/workflows', () => {
  it('has ci and check-dist', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining(['check-dist.yml', 'ci.yml']));
  });

  it.each(WORKFLOWS)('%s: least-privilege permissions (contents: read)', (name) => {
    const workflow = load(name);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(checkPermissions(name, workflow)).toEqual([]);
  });

  it.each(WORKFLOWS)('%s: every action is ./ or pinned by a full commit SHA', (name) => {
    expect(checkPinned(name, load(name), { allowAdoGuardTag: false, knownUnpinned: KNOWN_UNPINNED })).toEqual(
      [],
    );
    for (const entry of KNOWN_UNPINNED)
      expect(readFileSync(path.join(DIR, name), 'utf8')).toContain(`# TODO pin: ${entry}`);
  });

  it('ci runs lint, typecheck, check:dist and the tests, and the action itself against the sandbox', () => {
    const ci = load('ci.yml');
    const runs = gitHubSteps(ci)
      .map(({ step }) => step.run)
      .filter((run): run is string => typeof run === 'string');
    for (const command of [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm run check:dist',
      'npm test',
      'npm run package:vsix',
      'node scripts/ci-sandbox.mjs',
    ])
      expect(runs.some((run) => run.startsWith(command))).toBe(true);
    const local = gitHubSteps(ci).filter(({ step }) => step.uses === './');
    expect(local.map(({ step }) => (step.with as Json).command)).toEqual(['verify', 'plan', 'rotate']);
    expect(checkGitHubAdoGuardSteps('ci.yml', ci)).toEqual([]);
    const setupNode = gitHubSteps(ci).filter(({ step }) =>
      String(step.uses).startsWith('actions/setup-node@'),
    );
    for (const { step } of setupNode) expect((step.with as Json)['node-version']).toBe(20);
    expect(gitHubJobs(ci).map(([name]) => name)).toEqual(['test', 'action']);
  });

  it('check-dist compares the committed bundles with a fresh build', () => {
    const runs = gitHubSteps(load('check-dist.yml')).map(({ step }) => String(step.run ?? ''));
    expect(runs).toContain('npm run check:dist');
  });
});

describe('scripts/ci-sandbox.mjs (the action job of ci.yml)', () => {
  let pid: number | undefined;
  afterAll(() => {
    if (pid) process.kill(pid);
  });

  it('starts the sandbox, masks its secrets and hands the variables to the next steps; the action verifies', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-sandbox-'));
    const envFile = path.join(dir, 'github-env');
    writeFileSync(envFile, '');
    const started = spawnSync(process.execPath, ['scripts/ci-sandbox.mjs', '--scenario', 'healthy'], {
      env: baseEnv({ GITHUB_ENV: envFile, RUNNER_TEMP: dir }),
      encoding: 'utf8',
    });
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    const variables = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    ) as Record<string, string>;
    pid = Number(variables.SANDBOX_PID);
    expect(Object.keys(variables)).toEqual([
      'NODE_EXTRA_CA_CERTS',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'DBT_CLOUD_TOKEN',
      'CONDUCTORONE_CLIENT_ID',
      'CONDUCTORONE_CLIENT_SECRET',
      'SANDBOX_POLICY',
      'SANDBOX_PID',
    ]);
    // Each made-up secret is masked before anything else could print it, and only in a mask command.
    const secrets = [
      variables.AZURE_CLIENT_SECRET!,
      variables.DBT_CLOUD_TOKEN!,
      variables.CONDUCTORONE_CLIENT_SECRET!,
    ];
    expect(started.stdout.match(/^::add-mask::.*$/gm)).toEqual(secrets.map((s) => `::add-mask::${s}`));
    const unmasked = started.stdout.replace(/^::add-mask::.*$/gm, '');
    for (const secret of secrets) expect(unmasked.includes(secret)).toBe(false);
    expect(existsSync(variables.SANDBOX_POLICY!)).toBe(true);

    const { SANDBOX_POLICY, SANDBOX_PID, ...runnerEnv } = variables;
    expect(SANDBOX_PID).toMatch(/^\d+$/);
    const gh = githubFiles();
    const verify = await runBundle(
      BUNDLES.action,
      [],
      baseEnv({
        ...runnerEnv,
        ...gh.env,
        INPUT_COMMAND: 'verify',
        INPUT_CONFIG: SANDBOX_POLICY,
        INPUT_FORMAT: 'sarif',
      }),
    );
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(gh.outputs()).toMatchObject({ status: 'pass', errors: '0' });
    expect(JSON.parse(readFileSync(gh.outputs().report!, 'utf8')).version).toBe('2.1.0');
  });
});
