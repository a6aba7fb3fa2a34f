/**
 * The real Azure DevOps interactions the emulation is compared with (fixtures/recorded-interactions.yaml, copied
 * verbatim from the azure-devops-cli-extension recordings).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface Interaction {
  file: string;
  index: number;
  request: { method: string; uri: string; body: string | null };
  response: { status: { code: number }; headers: Record<string, string[]>; body: { string: string } };
}

const fixture = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'recorded-interactions.yaml',
);
const interactions = (parse(readFileSync(fixture, 'utf8')) as { interactions: Interaction[] }).interactions;

/** The recorded interaction `index` of recording `file` (e.g. `test_devops_security_permission_tests.yaml`, 13). */
export function recorded(file: string, index: number): Interaction {
  const found = interactions.find((i) => i.file === file && i.index === index);
  if (!found) throw new Error(`fixtures/recorded-interactions.yaml has no interaction ${file}#${index}`);
  return found;
}

export function recordedJson<T = unknown>(file: string, index: number): T {
  return JSON.parse(recorded(file, index).response.body.string) as T;
}

/** Sorted keys of an object, for shape comparisons. */
export function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

export const SECURITY = 'test_devops_security_permission_tests.yaml';
export const GROUPS = 'test_devops_group_and_member_tests.yaml';
export const PROJECTS = 'test_devops_projects_CreateListShowDelete.yaml';
export const REPOS = 'test_repos_createListShowDelete.yaml';
