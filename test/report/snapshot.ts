import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Exact expected outputs live in test/report/expected/ and are reviewed by eye in diffs.
 * UPDATE_SNAPSHOTS=1 rewrites them from the current output.
 */
export function expectedOutput(name: string, actual: string): string {
  const url = new URL(`./expected/${name}`, import.meta.url);
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(url, actual);
  return readFileSync(url, 'utf8');
}
