/**
 * task.json `restrictions` (issue 7): the task may set only its own variables, and it declares which logging
 * commands it needs. Restricted mode drops `task.uploadsummary` (azure-pipelines-yaml
 * design/step-target-restricted-mode.md; the agent marks only logdetail, logissue, complete, setprogress,
 * setsecret, setvariable, debug, settaskvariable and prependpath as allowed), and the task uploads its summary,
 * so the mode is `any` and the variables are listed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SECRET_OUTPUT } from '../../src/app/commands/rotate.js';
import { OUTPUTS } from '../../src/platform/inputs.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { LeakRuns } from '../security/leak-runs.js';

interface TaskJson {
  outputVariables: { name: string }[];
  restrictions?: { commands?: { mode?: string }; settableVariables?: { allowed?: string[] } };
}

const task = JSON.parse(readFileSync('task/task.json', 'utf8')) as TaskJson;

/** Logging commands the agent processes in restricted mode. */
const RESTRICTED_MODE_COMMANDS = new Set([
  'task.logdetail',
  'task.logissue',
  'task.complete',
  'task.setprogress',
  'task.setsecret',
  'task.setvariable',
  'task.debug',
  'task.settaskvariable',
  'task.prependpath',
  'telemetry.publish',
]);

describe('task.json restrictions', () => {
  it('declares a commands mode and the settable variables', () => {
    expect(task.restrictions?.commands?.mode).toMatch(/^(any|restricted)$/);
    expect(task.restrictions?.settableVariables?.allowed).toEqual(expect.any(Array));
  });

  it('allows exactly the output variables, the masked clientSecret output of rotation.output among them', () => {
    const declared = task.outputVariables.map((v) => v.name).sort();
    expect([...(task.restrictions?.settableVariables?.allowed ?? [])].sort()).toEqual(declared);
    expect(OUTPUTS.map((o) => o.name).sort()).toEqual(declared);
    expect(declared).toContain(SECRET_OUTPUT);
  });

  describe('against what the task really emits', () => {
    let sandbox: SandboxHandle;
    const runs = new LeakRuns();
    beforeAll(async () => {
      sandbox = await startTestSandbox('drifted');
      await runs.azure(sandbox, 'verify', { command: 'verify' });
      await runs.azure(sandbox, 'rotate', {
        command: 'rotate',
        force: true,
        policy: (yaml) => `${yaml}\nrotation:\n  output: true\n`,
      });
    });
    afterAll(async () => {
      await sandbox.stop();
    });

    const stdout = () =>
      runs.outputs
        .filter((o) => o.label.endsWith('· stdout'))
        .map((o) => o.text)
        .join('\n');

    it('sets no variable outside settableVariables, and every one it may set is set', () => {
      const set = new Set(
        [...stdout().matchAll(/##vso\[task\.setvariable variable=([^;\]]+)/g)].map((m) => m[1]),
      );
      expect([...set].sort()).toEqual([...(task.restrictions?.settableVariables?.allowed ?? [])].sort());
    });

    it('needs mode "any" only for the summary upload, which restricted mode would drop', () => {
      const commands = new Set([...stdout().matchAll(/##vso\[([a-z]+\.[a-z]+)/g)].map((m) => m[1]!));
      const beyondRestricted = [...commands].filter((c) => !RESTRICTED_MODE_COMMANDS.has(c)).sort();
      expect(beyondRestricted).toEqual(['task.uploadsummary']);
      expect(task.restrictions?.commands?.mode).toBe(beyondRestricted.length > 0 ? 'any' : 'restricted');
    });
  });
});
