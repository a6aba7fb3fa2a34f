/** The policy file as YAML text and document: maps a field path to a 1-based line and column, and builds errors. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { SourceLocation } from '../errors.js';
import { PolicyError } from '../errors.js';

export type FieldPath = readonly (string | number)[];

/** `integrations.dbtCloud.accessUrl`, `scope.projects[2]`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export interface PolicyProblem {
  path: FieldPath;
  message: string;
  /** Point at the key rather than its value (unknown or forbidden keys). */
  atKey?: boolean;
  /** Where to point when `path` is not in the file (a missing field): defaults to its nearest ancestor. */
  anchor?: FieldPath;
}

export class PolicySource {
  readonly lineCounter = new LineCounter();
  readonly document: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.document = parseDocument(text, {
      lineCounter: this.lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
    });
  }

  /** 1-based line and column of a byte offset. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** The location of `path`: its value (or key), else that of the nearest ancestor present in the file. */
  locate(path: FieldPath, atKey = false): SourceLocation {
    let node: unknown = this.document.contents;
    let offset: number | undefined = rangeStart(node);
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        // A key with no value (`defenderForCloud:`) has an empty null scalar after the colon: point at the key.
        const valueStart = isEmptyScalar(pair.value) ? undefined : rangeStart(pair.value);
        offset = last && atKey ? (keyStart ?? offset) : (valueStart ?? keyStart ?? offset);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return { file: this.file, line: 1, column: 1 };
    return { file: this.file, ...this.position(offset) };
  }

  /** A PolicyError reading `file:line:column field: message`. */
  error(problem: PolicyProblem): PolicyError {
    const location = this.locate(problem.anchor ?? problem.path, problem.atKey ?? false);
    const field = formatFieldPath(problem.path);
    return new PolicyError(formatLocated(location, field, problem.message), location, field || undefined);
  }

  /** One PolicyError for several problems: every one on its own line, located at the first (in file order). */
  errors(problems: PolicyProblem[]): PolicyError {
    const errors = problems.map((problem) => this.error(problem));
    errors.sort((a, b) => compareLocations(a.location, b.location));
    const [first] = errors;
    if (!first) throw new Error('errors() needs at least one problem');
    if (errors.length === 1) return first;
    const message = `${errors.length} problems in ${this.file}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`;
    return new PolicyError(message, first.location, first.field);
  }
}

export function formatLocated(location: SourceLocation, field: string, message: string): string {
  const where = [location.file, location.line, location.column]
    .filter((part) => part !== undefined)
    .join(':');
  return field ? `${where} ${field}: ${message}` : `${where} ${message}`;
}

function isEmptyScalar(node: unknown): boolean {
  return (
    isScalar(node) && node.value === null && Array.isArray(node.range) && node.range[0] === node.range[1]
  );
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

function compareLocations(a: SourceLocation | undefined, b: SourceLocation | undefined): number {
  return (a?.line ?? 0) - (b?.line ?? 0) || (a?.column ?? 0) - (b?.column ?? 0);
}
