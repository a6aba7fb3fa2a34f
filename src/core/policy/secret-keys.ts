/** Secrets never live in the policy file: a key that looks like one is an error pointing at the environment variable. */
import type { FieldPath, PolicyProblem } from './source.js';

const SECRET_WORDS = ['secret', 'password', 'passwd', 'token', 'apikey', 'privatekey'];

export function looksLikeSecretKey(key: string): boolean {
  const compact = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return compact === 'pat' || SECRET_WORDS.some((word) => compact.includes(word));
}

/** The environment variable (DESIGN.md §4) that carries the secret a key at `path` was meant to hold. */
export function environmentVariableFor(path: FieldPath): string {
  const key = String(path[path.length - 1] ?? '').toLowerCase();
  const integration = path[0] === 'integrations' ? path[1] : undefined;
  const isToken = key.includes('token') || key === 'pat';
  if (integration === 'dbtCloud' && isToken) return 'DBT_CLOUD_TOKEN';
  if (integration === 'conductorOne' && !isToken) return 'CONDUCTORONE_CLIENT_SECRET';
  if (isToken) return 'AZURE_DEVOPS_TOKEN';
  return 'AZURE_CLIENT_SECRET';
}

/** Every key in the (parsed, not yet interpolated) policy that looks like it holds a secret. */
export function findSecretKeys(value: unknown, path: FieldPath = []): PolicyProblem[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findSecretKeys(item, [...path, index]));
  if (value === null || typeof value !== 'object') return [];
  const problems: PolicyProblem[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (looksLikeSecretKey(key)) {
      problems.push({
        path: childPath,
        atKey: true,
        message:
          `secrets never live in the policy file: remove "${key}" and provide the secret through the ` +
          `environment variable ${environmentVariableFor(childPath)} (or the matching action/task input)`,
      });
    } else {
      problems.push(...findSecretKeys(child, childPath));
    }
  }
  return problems;
}
