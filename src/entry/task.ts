import { run } from '../app/run.js';
import { createAzureHost, failAzureSetup } from '../platform/azure-pipelines.js';

try {
  await run(createAzureHost());
} catch (error) {
  failAzureSetup(error);
}
