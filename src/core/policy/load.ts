/**
 * Loads the policy file: read → YAML (with positions) → no secret keys → `${env:NAME}` → schema and defaults →
 * normalisation. Every error is a PolicyError naming file:line:column, the dotted field and the fix.
 */
import { readFileSync } from 'node:fs';
import { visit } from 'yaml';
import { PolicyError } from '../errors.js';
import { issuesToProblems, describeReceived } from './issues.js';
import { interpolateEnv } from './interpolate.js';
import { normalizePolicy } from './normalize.js';
import type { Policy } from './schema.js';
import { PolicySchema } from './schema.js';
import { findSecretKeys } from './secret-keys.js';
import type { PolicyProblem } from './source.js';
import { formatFieldPath, formatLocated, PolicySource } from './source.js';

export interface PolicyWarning {
  /** Ready to print: `file:line:column field: text`. */
  message: string;
  field: string;
  line?: number;
  column?: number;
}

export interface LoadPolicyOptions {
  env: Record<string, string | undefined>;
  /** Reads the file (tests pass their own); defaults to the file system. */
  readFile?: (path: string) => string;
}

export interface LoadedPolicy {
  policy: Policy;
  warnings: PolicyWarning[];
  /** The file as read (before interpolation): never holds secrets, since secret keys are refused. */
  text: string;
}

export function loadPolicy(path: string, opts: LoadPolicyOptions): LoadedPolicy {
  const text = readPolicyText(path, opts.readFile ?? ((p) => readFileSync(p, 'utf8')));
  return parsePolicy(path, text, opts.env);
}

/** The same as loadPolicy, for text already in hand (`path` is used in messages only). */
export function parsePolicy(
  path: string,
  text: string,
  env: Record<string, string | undefined>,
): LoadedPolicy {
  const source = new PolicySource(path, text);
  const { document } = source;

  const [syntaxError] = document.errors;
  if (syntaxError) {
    const location = { file: path, ...source.position(syntaxError.pos[0]) };
    const message = `is not valid YAML: ${firstLine(syntaxError.message)}`;
    throw new PolicyError(formatLocated(location, '', message), location);
  }
  const warnings: PolicyWarning[] = document.warnings.map((warning) => {
    const { line, column } = source.position(warning.pos[0]);
    const message = firstLine(warning.message);
    return { message: formatLocated({ file: path, line, column }, '', message), field: '', line, column };
  });

  const badAlias = findBadAlias(source);
  if (badAlias) {
    const location = { file: path, ...source.position(badAlias.offset) };
    throw new PolicyError(formatLocated(location, '', `is not valid YAML: ${badAlias.problem}`), location);
  }

  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Alias problems (unknown anchor, alias bombs) surface only while building the value.
    const message = error instanceof Error ? firstLine(error.message) : 'could not be read';
    throw new PolicyError(
      formatLocated({ file: path, line: 1, column: 1 }, '', `is not valid YAML: ${message}`),
      {
        file: path,
        line: 1,
        column: 1,
      },
    );
  }
  if (raw === null || raw === undefined) {
    throw new PolicyError(
      `${path}:1:1 is empty: a policy needs at least version: 1, organization, tenantId and one integration`,
      { file: path, line: 1, column: 1 },
    );
  }

  const secretKeys = findSecretKeys(raw);
  if (secretKeys.length > 0) throw source.errors(secretKeys);

  const interpolation = interpolateEnv(raw, env);
  if (interpolation.problems.length > 0) throw source.errors(interpolation.problems);
  const describeOptions = { interpolated: interpolation.interpolated };

  const parsed = PolicySchema.safeParse(interpolation.value);
  if (!parsed.success) {
    throw source.errors(issuesToProblems(parsed.error.issues, interpolation.value, describeOptions));
  }

  const normalized = normalizePolicy(parsed.data, (fieldPath, value) =>
    describeReceived(value, formatFieldPath(fieldPath), describeOptions),
  );
  if (normalized.problems.length > 0) throw source.errors(normalized.problems);
  warnings.push(...normalized.warnings.map((warning) => toWarning(source, warning)));

  return { policy: normalized.policy, warnings, text };
}

function readPolicyText(path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : 'cannot be read';
    throw new PolicyError(
      `Policy file ${path} ${reason}: create it (see the example in the README) or point --config (the \`config\` input) at it.`,
      { file: path },
    );
  }
}

function toWarning(source: PolicySource, problem: PolicyProblem): PolicyWarning {
  const location = source.locate(problem.anchor ?? problem.path, problem.atKey ?? false);
  const field = formatFieldPath(problem.path);
  return {
    message: formatLocated(location, field, problem.message),
    field,
    ...(location.line !== undefined ? { line: location.line } : {}),
    ...(location.column !== undefined ? { column: location.column } : {}),
  };
}

/** The first alias with no anchor before it, or inside the node it refers to (an infinitely deep value). */
function findBadAlias(source: PolicySource): { offset: number; problem: string } | undefined {
  let found: { offset: number; problem: string } | undefined;
  visit(source.document, {
    Alias(_key, node, ancestors) {
      const offset = node.range?.[0] ?? 0;
      const target = node.resolve(source.document);
      if (!target)
        found = { offset, problem: `alias *${node.source} has no anchor &${node.source} before it` };
      else if (ancestors.includes(target))
        found = { offset, problem: 'this alias refers to a node that contains it' };
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
