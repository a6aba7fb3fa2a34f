import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS } from '../../src/platform/inputs.js';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}
interface TaskJson {
  id: string;
  inputs: {
    name: string;
    type: string;
    defaultValue?: string;
    helpMarkDown: string;
    options?: Record<string, string>;
  }[];
  outputVariables: { name: string; description: string }[];
  execution: Record<string, { target: string }>;
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
const task = JSON.parse(readFileSync('task/task.json', 'utf8')) as TaskJson;
const taskOnly = new Set(['azureSubscription']);

describe('action.yml and task.json stay in parity', () => {
  it('have the same inputs, defaults and descriptions as the catalogue', () => {
    expect(Object.keys(action.inputs)).toEqual(INPUTS.map((i) => i.name));
    expect(task.inputs.map((i) => i.name).filter((n) => !taskOnly.has(n))).toEqual(INPUTS.map((i) => i.name));
    for (const spec of INPUTS) {
      const a = action.inputs[spec.name]!;
      const t = task.inputs.find((i) => i.name === spec.name)!;
      expect([spec.name, a.description]).toEqual([spec.name, spec.description]);
      expect([spec.name, t.helpMarkDown]).toEqual([spec.name, spec.description]);
      expect([spec.name, a.default]).toEqual([spec.name, spec.default]);
      expect([spec.name, t.defaultValue]).toEqual([spec.name, spec.default]);
      expect([spec.name, t.type]).toEqual([spec.name, spec.kind]);
      if (spec.options) expect(Object.keys(t.options ?? {})).toEqual(spec.options);
    }
  });

  it('offers the AzureRM service connection on the task', () => {
    expect(task.inputs.find((i) => i.name === 'azureSubscription')?.type).toBe('connectedService:AzureRM');
  });

  it('have the same outputs', () => {
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS.map((o) => o.name));
    expect(task.outputVariables.map((o) => o.name)).toEqual(OUTPUTS.map((o) => o.name));
  });

  it('run the committed bundles on node24 / Node20_1 + Node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(Object.keys(task.execution)).toEqual(['Node20_1', 'Node24']);
    for (const handler of Object.values(task.execution)) expect(handler.target).toBe('dist/index.js');
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
