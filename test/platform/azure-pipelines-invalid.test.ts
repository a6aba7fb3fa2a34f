import { describe, expect, it } from '@jest/globals';
import { loadAzureAdapter } from './azure-adapter.js';
import { captureStdout } from './capture.js';

const mod = await loadAzureAdapter({ INPUT_APPLY: 'maybe' });

describe('Azure Pipelines adapter with a bad input', () => {
  it('names the input and the allowed values', async () => {
    await captureStdout(() =>
      expect(() => mod.readAzureOptions()).toThrow('input apply must be true or false (got "maybe").'),
    );
  });
});
