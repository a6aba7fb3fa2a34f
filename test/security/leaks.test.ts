/**
 * Secret-leak scan (issue 7): verify, plan, remediate and rotate on every host, in healthy, drifted and failing
 * scenarios (services that refuse, fail, delay, or echo the request with its credentials), then every output is
 * searched for every secret the sandboxes knew: whole, by prefix, by suffix and encoded.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle, ScenarioSpec } from '../../src/sandbox/index.js';
import type { FaultSettingsInput } from '../../src/sandbox/server/faults.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { faultSettingsSchema } from '../../src/sandbox/server/faults.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { LeakRuns, type LeakRun } from './leak-runs.js';
import { describeLeaks, FRAGMENT_LENGTH, findLeaks } from './leak-scan.js';

const runs = new LeakRuns();
let sandbox: SandboxHandle | undefined;

afterAll(async () => {
  await sandbox?.stop();
});

/** A fresh sandbox for the next scenario; the previous one's secrets are noted first. */
async function use(scenario: string | ScenarioSpec): Promise<SandboxHandle> {
  if (sandbox) {
    runs.remember(sandbox);
    await sandbox.stop();
  }
  sandbox = await startTestSandbox(scenario);
  return sandbox;
}

function variant(name: 'healthy' | 'drifted', change: (spec: ScenarioSpec) => void): ScenarioSpec {
  const spec = structuredClone(builtInScenario(name));
  spec.name = `${name} (leak scan)`;
  change(spec);
  return spec;
}

function faults(s: SandboxHandle, settings: FaultSettingsInput): void {
  s.world.faults.set(faultSettingsSchema.parse(settings));
}

/** Back to the scenario's start (secrets noted first: a reset forgets removed ones). */
function reset(s: SandboxHandle): void {
  runs.remember(s);
  s.world.reset();
}

/** The run on every host: the CLI in every format, the Action and the task. */
async function everywhere(
  s: SandboxHandle,
  label: string,
  spec: LeakRun,
  between?: () => void,
): Promise<void> {
  await runs.cli(s, label, spec);
  between?.();
  await runs.github(s, label, spec);
  between?.();
  await runs.azure(s, label, spec);
}

const outputsOf = (label: string) => runs.outputs.filter((o) => o.label.startsWith(`${label} ·`));
const textOf = (label: string) =>
  outputsOf(label)
    .map((o) => o.text)
    .join('\n');

/** Services echo the whole request, Authorization header and body included (a careless service or proxy). */
const ECHO_EVERYWHERE = ['authority', 'graph', 'azureDevOps', 'dbtCloud', 'conductorOne'] as const;

describe('secret-leak scan', () => {
  it('verify: healthy, drifted, an expired secret with a read-only dbt token, and a PAT for Azure DevOps', async () => {
    await everywhere(await use('healthy'), 'verify healthy', { command: 'verify' });
    await everywhere(await use('drifted'), 'verify drifted', { command: 'verify' });
    expect(textOf('verify drifted')).toContain('ADO-PERMISSION-MISSING');

    const expired = variant('drifted', (spec) => {
      spec.dbtCloud!.tokenPermission = 'readOnly';
      const dbtSecret = spec.tenant!.applications!.find((app) => app.displayName === 'dbt Cloud')!
        .passwordCredentials![0]!;
      dbtSecret.expiresInDays = -3;
    });
    await everywhere(await use(expired), 'verify read-only dbt token', { command: 'verify' });

    const withPat = variant('healthy', (spec) => {
      spec.azureDevOps.pats = [{ identity: '$automation', name: 'automation PAT' }];
    });
    const s = await use(withPat);
    const pat = Object.values(s.world.ado.patValues())[0]!;
    await everywhere(s, 'verify with a PAT', { command: 'verify', env: { AZURE_DEVOPS_TOKEN: pat } });
    expect(s.world.log.list().some((entry) => entry.callerHint === 'Basic')).toBe(true);
  });

  it('verify: each service echoing the request with its credentials in an error', async () => {
    const s = await use('drifted');
    for (const service of ECHO_EVERYWHERE) {
      const label = `verify echo ${service}`;
      // At the authority only the token endpoint echoes: sign-in discovery must work for a token request to be sent.
      const path = service === 'authority' ? 'oauth2/v2.0/token' : undefined;
      const echo = () =>
        faults(s, { rules: [{ kind: 'echo', service, status: 400, ...(path ? { path } : {}) }] });
      echo();
      s.world.log.clear();
      await everywhere(s, label, { command: 'verify' }, echo);
      expect(s.world.log.list().filter((e) => e.fault === 'echo' && e.service === service)).not.toHaveLength(
        0,
      );
      expect(textOf(label)).toMatch(/ERROR/);
    }
    faults(s, {});
  });

  it('plan and remediate --apply on drifted', async () => {
    // No Graph read lag: re-verify after the app changes would otherwise wait in real time.
    const s = await use(variant('drifted', (spec) => (spec.tenant!.graphReadLagMs = 0)));
    await everywhere(s, 'plan drifted', { command: 'plan' });
    expect(textOf('plan drifted')).toContain('ace');
    await everywhere(s, 'remediate drifted', { command: 'remediate', apply: true }, () => reset(s));
    reset(s);
    faults(s, { rules: [{ kind: 'echo', service: 'azureDevOps', method: 'POST', status: 400 }] });
    await runs.cli(s, 'remediate echo azureDevOps', { command: 'remediate', apply: true }, ['json']);
    expect(textOf('remediate echo azureDevOps')).toContain('Could not process');
  });

  it('rotate: a rotation that completes, with and without the secret as a step output', async () => {
    const s = await use('drifted');
    await everywhere(s, 'rotate', { command: 'rotate', force: true });
    expect(textOf('rotate')).toContain('rotated');
    const output = { command: 'rotate', force: true, policy: withSecretOutput } as const;
    await runs.github(s, 'rotate with output', output);
    await runs.azure(s, 'rotate with output', output);
    // The new secret is handed over only through the masked output commands, which the scan allows.
    const commands = textOf('rotate with output');
    expect(commands).toContain('::add-mask::');
    expect(commands).toMatch(/##vso\[task\.setvariable variable=clientSecret;[^\]]*issecret=true/);
  });

  it('rotate: a target refusing the update, then Entra propagation slow and too slow', async () => {
    const s = await use('drifted');
    const failDbt = () =>
      faults(s, {
        rules: [
          { kind: 'fail', service: 'dbtCloud', method: 'POST', path: 'azure-ad-applications', status: 403 },
        ],
      });
    failDbt();
    await everywhere(s, 'rotate dbt update fails', { command: 'rotate', force: true }, failDbt);
    expect(textOf('rotate dbt update fails')).toContain('rolledBack');

    const slow = variant('drifted', (spec) => (spec.tenant!.propagationDelayMs = 8000));
    await everywhere(await use(slow), 'rotate slow propagation', { command: 'rotate', force: true });
    expect(textOf('rotate slow propagation')).toContain('rotated');

    const never = variant('drifted', (spec) => (spec.tenant!.propagationDelayMs = 60 * 60_000));
    await everywhere(await use(never), 'rotate no propagation', { command: 'rotate', force: true });
    expect(textOf('rotate no propagation')).toContain('AADSTS7000215');
  });

  it('rotate: wrong credentials for Entra ID, dbt Cloud and ConductorOne', async () => {
    const s = await use('drifted');
    const wrong = {
      AZURE_CLIENT_SECRET: 'wrong-automation-secret-1b7c9e',
      DBT_CLOUD_TOKEN: 'dbtc_wrong-token-4a2f8d6e0c1b',
      // Well formed, so it reaches the token endpoint: the key of a client ConductorOne does not know.
      CONDUCTORONE_CLIENT_SECRET: `secret-token:conductorone.com:v1:${Buffer.from(
        JSON.stringify(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })),
      ).toString('base64url')}`,
    };
    for (const [name, value] of Object.entries(wrong)) {
      await everywhere(s, `rotate wrong ${name}`, { command: 'rotate', force: true, env: { [name]: value } });
      expect(textOf(`rotate wrong ${name}`)).toMatch(/ERROR/);
      runs.alsoSecret(`wrong ${name}`, value);
    }
  });

  it('rotate: each service echoing the request (the new secret in its body) in an error', async () => {
    const s = await use('drifted');
    const echoes: [string, FaultSettingsInput][] = [
      [
        'graph addPassword',
        { rules: [{ kind: 'echo', service: 'graph', path: 'addPassword', status: 500 }] },
      ],
      ['dbt update', { rules: [{ kind: 'echo', service: 'dbtCloud', method: 'POST', status: 400 }] }],
      [
        'c1 update',
        {
          rules: [
            { kind: 'echo', service: 'conductorOne', method: 'POST', path: '/connectors/', status: 400 },
          ],
        },
      ],
      // The proof of the new secret: a token request with it in the form body; every later sign-in too.
      [
        'token requests',
        { rules: [{ kind: 'echo', service: 'authority', path: 'oauth2/v2.0/token', every: 2, status: 400 }] },
      ],
    ];
    for (const [what, settings] of echoes) {
      const label = `rotate echo ${what}`;
      const set = () => faults(s, settings);
      set();
      await everywhere(s, label, { command: 'rotate', force: true }, set);
      expect(s.world.faults.settings().fired.some((n) => n > 0)).toBe(true);
    }
    faults(s, {});
  });

  it('finds no secret in any output', () => {
    const secrets = runs.secrets();
    expect(secrets.length).toBeGreaterThan(20);
    const leaks = findLeaks(runs.outputs, secrets);
    console.log(`leaks: ${leaks.length} in ${runs.outputs.length} outputs`);
    if (leaks.length) throw new Error(`secrets leaked:\n${describeLeaks(leaks)}`);
    expect(runs.outputs.length).toBeGreaterThan(300);
  });
});

function withSecretOutput(yaml: string): string {
  return /^rotation:/m.test(yaml)
    ? yaml.replace(/^rotation:\n/m, 'rotation:\n  output: true\n')
    : `${yaml}\nrotation:\n  output: true\n`;
}

describe('the leak scan itself', () => {
  const secret = { name: 'test:secret', value: 'Abc8Q~0123456789abcdefghijklmnopqrstuv' };

  it('finds a secret whole, its prefix, its suffix and its Basic-auth form, naming the output', () => {
    const outputs = [
      { label: 'whole', text: `ok\nsaid ${secret.value} here` },
      { label: 'prefix', text: `cut: ${secret.value.slice(0, FRAGMENT_LENGTH + 2)}…` },
      { label: 'suffix', text: `…${secret.value.slice(-FRAGMENT_LENGTH)}` },
      { label: 'basic', text: `Authorization: Basic ${Buffer.from(`:${secret.value}`).toString('base64')}` },
      { label: 'clean', text: 'nothing here, not even Abc8Q~0' },
    ];
    const leaks = findLeaks(outputs, [secret]);
    expect(leaks.map((l) => [l.output, l.part])).toEqual(
      expect.arrayContaining([
        ['whole', 'whole'],
        ['prefix', 'prefix'],
        ['suffix', 'suffix'],
        ['basic', 'encoded'],
      ]),
    );
    expect(leaks.some((l) => l.output === 'clean')).toBe(false);
    expect(describeLeaks(leaks)).not.toContain(secret.value.slice(0, FRAGMENT_LENGTH));
    expect(leaks.find((l) => l.output === 'whole')?.line).toBe('said <SECRET> here');
  });

  it('allows a secret only in the commands that register it for masking', () => {
    const masking = [
      `::add-mask::${secret.value}`,
      `##vso[task.setsecret]${secret.value}`,
      `##vso[task.setvariable variable=clientSecret;isOutput=true;issecret=true;]${secret.value}`,
    ].join('\n');
    expect(findLeaks([{ label: 'masking', text: masking }], [secret])).toEqual([]);
    const exposed = `##vso[task.setvariable variable=status;isOutput=true;issecret=false;]${secret.value}`;
    expect(findLeaks([{ label: 'exposed', text: exposed }], [secret]).map((l) => l.part)).toContain('whole');
  });

  it('looks past the JWT header every sandbox token shares', () => {
    const token = {
      name: 'test:token',
      value: `eyJ0eXAiOiJKV1QiLCJzYW5kYm94Ijp0cnVlfQ.${'k'.repeat(30)}xyz`,
    };
    expect(findLeaks([{ label: 'header only', text: 'eyJ0eXAiOiJKV1QiLCJzYW5kYm94' }], [token])).toEqual([]);
    expect(findLeaks([{ label: 'cut', text: `${token.value.slice(0, 60)}…` }], [token])).toHaveLength(1);
  });
});
