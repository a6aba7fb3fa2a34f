/** Zod issues → policy problems whose messages name the fix ("must be …"), not zod's internals. */
import type { z } from 'zod';
import {
  ConductorOneSchema,
  DbtCloudSchema,
  EndpointsSchema,
  IntegrationsSchema,
  PolicySchema,
  RemediationSchema,
  RotationSchema,
  ScopeSchema,
} from './schema.js';
import type { FieldPath, PolicyProblem } from './source.js';
import { formatFieldPath } from './source.js';
import { suggestKey } from './suggest.js';

/** The keys each mapping of the policy accepts, by dotted path. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(PolicySchema.shape),
  scope: Object.keys(ScopeSchema.shape),
  integrations: Object.keys(IntegrationsSchema.shape),
  'integrations.dbtCloud': Object.keys(DbtCloudSchema.shape),
  'integrations.conductorOne': Object.keys(ConductorOneSchema.shape),
  'integrations.defenderForCloud': [],
  rotation: Object.keys(RotationSchema.shape),
  remediation: Object.keys(RemediationSchema.shape),
  endpoints: Object.keys(EndpointsSchema.shape),
};

export interface DescribeOptions {
  /** Dotted paths whose value came from the environment: their value is never echoed. */
  interpolated: ReadonlyMap<string, string[]>;
}

export function issuesToProblems(
  issues: z.core.$ZodIssue[],
  input: unknown,
  options: DescribeOptions,
): PolicyProblem[] {
  const problems = issues.flatMap((issue) => issueToProblems(issue, input, options));
  // `acessUrl` unknown + `accessUrl` missing is one mistake: keep only the unknown key and its suggestion.
  const suggested = new Set(problems.flatMap((problem) => (problem.suggestion ? [problem.suggestion] : [])));
  return problems
    .filter((problem) => !(problem.missing && suggested.has(formatFieldPath(problem.path))))
    .map(({ path, message, atKey, anchor }) => ({
      path,
      message,
      ...(atKey ? { atKey } : {}),
      ...(anchor ? { anchor } : {}),
    }));
}

interface IssueProblem extends PolicyProblem {
  /** Dotted path of the known key an unknown key is probably meant to be. */
  suggestion?: string;
  missing?: boolean;
}

function issueToProblems(issue: z.core.$ZodIssue, input: unknown, options: DescribeOptions): IssueProblem[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[formatFieldPath(path)] ?? [];
    return issue.keys.map((key) => {
      const suggestion = suggestKey(key, known);
      return {
        path: [...path, key],
        atKey: true,
        message: unknownKeyMessage(key, known, suggestion),
        ...(suggestion ? { suggestion: formatFieldPath([...path, suggestion]) } : {}),
      };
    });
  }
  const received = valueAt(input, path);
  if (received === undefined) {
    return [{ path, message: 'is required', anchor: path.slice(0, -1), missing: true }];
  }
  // Mappings and lists are only named when their type is what is wrong.
  const structured = received !== null && typeof received === 'object';
  const got =
    structured && issue.code !== 'invalid_type'
      ? undefined
      : describeReceived(received, formatFieldPath(path), options);
  let message = issue.message.startsWith('must ') ? issue.message : defaultMessage(issue);
  const key = path[path.length - 1];
  if (
    issue.code === 'invalid_type' &&
    issue.expected === 'object' &&
    received === null &&
    typeof key === 'string'
  ) {
    message += `; write \`${key}: {}\` for one with no settings`;
  }
  return [{ path, message: got ? `${message} (got ${got})` : message }];
}

function unknownKeyMessage(key: string, known: readonly string[], suggestion: string | undefined): string {
  if (suggestion) return `unknown key "${key}": did you mean "${suggestion}"?`;
  if (known.length === 0) return `unknown key "${key}": this mapping takes no keys`;
  return `unknown key "${key}": expected one of ${known.join(', ')}`;
}

function defaultMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    default:
      return `is invalid: ${issue.message}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value pairs)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** The value as the user wrote it, short; nothing for values from the environment or for mappings and lists. */
export function describeReceived(
  value: unknown,
  field: string,
  options: DescribeOptions,
): string | undefined {
  const variables = options.interpolated.get(field);
  if (variables) return `the value of ${variables.map((name) => `\${env:${name}}`).join(', ')}`;
  if (value === null) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return String(value);
}

export function valueAt(value: unknown, path: FieldPath): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
