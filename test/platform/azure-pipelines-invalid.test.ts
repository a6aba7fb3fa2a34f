import { describe, expect, it } from '@jest/globals';
import type * as AzureAdapter from '../../src/platform/azure-pipelines.js';
import { captureStdout } from './capture.js';

process.env.INPUT_APPLY = 'maybe';
let mod!: typeof AzureAdapter;
await captureStdout(async () => {
  mod = await import('../../src/platform/azure-pipelines.js');
});

describe('Azure Pipelines adapter with a bad input', () => {
  it('names the input and the allowed values', async () => {
    await captureStdout(() =>
      expect(() => mod.readAzureOptions()).toThrow('input apply must be true or false (got "maybe").'),
    );
  });
});
