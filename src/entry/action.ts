import { run } from '../app/run.js';
import { createGithubHost, failGithubSetup } from '../platform/github.js';

try {
  await run(createGithubHost());
} catch (error) {
  failGithubSetup(error);
}
