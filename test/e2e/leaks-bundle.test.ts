/**
 * The secret-leak scan on the shipped bundles: `verify` through the CLI, the action and the task while each
 * service echoes the request (Authorization header and body) in its error, and the task given its secrets as
 * inputs. Everything printed and written is searched for every secret the sandbox knows (test/security/leak-scan.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { faultSettingsSchema, type FaultSettingsInput } from '../../src/sandbox/server/faults.js';
import { credentialInputs } from '../helpers/credential-inputs.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { describeLeaks, findLeaks, type CapturedOutput } from '../security/leak-scan.js';
import { baseEnv, BUNDLES, githubFiles, runBundle } from './run-bundle.js';

const ECHOES: [string, FaultSettingsInput][] = [
  ['authority', { rules: [{ kind: 'echo', service: 'authority', path: 'oauth2/v2.0/token', status: 400 }] }],
  ['graph', { rules: [{ kind: 'echo', service: 'graph', status: 400 }] }],
  ['azureDevOps', { rules: [{ kind: 'echo', service: 'azureDevOps', status: 400 }] }],
  ['dbtCloud', { rules: [{ kind: 'echo', service: 'dbtCloud', status: 400 }] }],
  ['conductorOne', { rules: [{ kind: 'echo', service: 'conductorOne', status: 400 }] }],
];

let sandbox: SandboxHandle;
let policyPath: string;
const outputs: CapturedOutput[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox('drifted');
  policyPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'leaks-bundle-')), 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
});
afterAll(async () => {
  await sandbox.stop();
});

function echo(settings: FaultSettingsInput): void {
  sandbox.world.faults.set(faultSettingsSchema.parse(settings));
}

function add(label: string, texts: Record<string, string>): void {
  for (const [what, text] of Object.entries(texts)) outputs.push({ label: `${label} · ${what}`, text });
}

function filesIn(dir: string, label: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('ado-guard-')) add(label, { [name]: readFileSync(path.join(dir, name), 'utf8') });
  }
}

describe('secret-leak scan of the bundles', () => {
  it.each(ECHOES)('verify while %s echoes the request: CLI, action and task', async (service, settings) => {
    echo(settings);
    const cli = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', policyPath, '--format', 'json', '--debug'],
      baseEnv(sandbox.env),
    );
    add(`${service} · cli`, { stdout: cli.stdout, stderr: cli.stderr });

    echo(settings);
    const gh = githubFiles();
    const action = await runBundle(
      BUNDLES.action,
      [],
      baseEnv({
        ...gh.env,
        RUNNER_DEBUG: '1',
        INPUT_COMMAND: 'verify',
        INPUT_CONFIG: policyPath,
        ...credentialInputs(sandbox.env),
      }),
    );
    add(`${service} · action`, {
      stdout: action.stdout,
      stderr: action.stderr,
      GITHUB_OUTPUT: Object.entries(gh.outputs())
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
      summary: gh.summary(),
    });
    filesIn(gh.env.RUNNER_TEMP!, `${service} · action`);

    echo(settings);
    const agentTemp = mkdtempSync(path.join(os.tmpdir(), 'agent-temp-'));
    const task = await runBundle(
      BUNDLES.task,
      [],
      baseEnv({
        AGENT_TEMPDIRECTORY: agentTemp,
        SYSTEM_DEBUG: 'true',
        INPUT_COMMAND: 'verify',
        INPUT_CONFIG: policyPath,
        ...credentialInputs(sandbox.env),
      }),
      agentTemp,
    );
    add(`${service} · task`, { stdout: task.stdout, stderr: task.stderr });
    filesIn(agentTemp, `${service} · task`);

    // Each run failed on the echoed error, so the scan below looks at the error paths.
    for (const result of [cli, action, task]) expect(result.code).toBe(3);
    expect(sandbox.world.log.list().some((entry) => entry.fault === 'echo')).toBe(true);
  });

  it('finds no secret in any of their outputs', () => {
    const leaks = findLeaks(outputs, sandbox.world.namedSecrets());
    console.log(`leaks (bundles): ${leaks.length} in ${outputs.length} outputs`);
    if (leaks.length) throw new Error(`secrets leaked:\n${describeLeaks(leaks)}`);
    expect(outputs.length).toBeGreaterThan(40);
  });
});
