/**
 * `${env:NAME}` interpolation inside the string values of the policy (never in keys). `$${` is a literal `${`.
 * Any other `${` is an error, so a typo never silently reaches a service.
 */
import type { FieldPath, PolicyProblem } from './source.js';
import { formatFieldPath } from './source.js';

const REFERENCE = /\$\$\{|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

export interface InterpolationResult {
  value: unknown;
  problems: PolicyProblem[];
  /** Dotted field paths whose value came (partly) from the environment, with the variables used. */
  interpolated: Map<string, string[]>;
}

export function interpolateEnv(value: unknown, env: Record<string, string | undefined>): InterpolationResult {
  const problems: PolicyProblem[] = [];
  const interpolated = new Map<string, string[]>();

  const visit = (node: unknown, path: FieldPath): unknown => {
    if (typeof node === 'string') return interpolateString(node, path);
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        // defineProperty: a `__proto__` key stays an ordinary (unknown) key instead of becoming the prototype.
        Object.defineProperty(out, key, {
          value: visit(child, [...path, key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return node;
  };

  const interpolateString = (text: string, path: FieldPath): string => {
    const used: string[] = [];
    const result = text.replace(REFERENCE, (match, name: string | undefined) => {
      if (match === '$${') return '${';
      if (name === undefined) {
        problems.push({
          path,
          message:
            'only ${env:NAME} references are supported (NAME: letters, digits and _, not starting with a digit); ' +
            'write $${ for a literal ${',
        });
        return match;
      }
      const resolved = env[name];
      if (resolved === undefined) {
        problems.push({
          path,
          message: `refers to the environment variable ${name}, which is not set: set ${name} or change the value`,
        });
        return match;
      }
      used.push(name);
      return resolved;
    });
    if (used.length > 0) interpolated.set(formatFieldPath(path), used);
    return result;
  };

  return { value: visit(value, []), problems, interpolated };
}
