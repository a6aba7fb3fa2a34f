/**
 * The Azure Pipelines adapter loaded over a given environment. task-lib moves INPUT_* and ENDPOINT_* into its vault
 * when it is first imported, once per test file: so each file sets its environment here, before the import, and
 * gets the environment back after its tests.
 */
import { afterAll } from '@jest/globals';
import type * as AzureAdapter from '../../src/platform/azure-pipelines.js';
import { captureStdout } from './capture.js';

export async function loadAzureAdapter(env: Record<string, string>): Promise<typeof AzureAdapter> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  afterAll(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
  });
  let mod!: typeof AzureAdapter;
  await captureStdout(async () => {
    mod = await import('../../src/platform/azure-pipelines.js');
  });
  return mod;
}
