/** Resolves a `--scenario` value: a built-in name, a YAML/JSON file, or an already parsed spec. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { BUILT_IN_NAMES, builtInScenario, isBuiltInName } from './builtins.js';
import { ScenarioError, validateScenario, type ScenarioSpec } from './spec.js';

export interface LoadedScenario {
  spec: ScenarioSpec;
  /** How errors name it: `built-in "drifted"`, `file "x.yml"`, `given in code`. */
  source: string;
}

function parseFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`Scenario file "${file}" cannot be read: ${(error as Error).message}`);
  }
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ScenarioError(`Scenario file "${file}" is not valid JSON: ${(error as Error).message}`);
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [first] = document.errors;
  if (first) {
    throw new ScenarioError(`Scenario file "${file}" is not valid YAML: ${first.message}`);
  }
  return document.toJS();
}

export function loadScenario(ref: string | ScenarioSpec = 'healthy'): LoadedScenario {
  if (typeof ref !== 'string')
    return { spec: validateScenario(ref, 'given in code'), source: 'given in code' };
  if (isBuiltInName(ref)) return { spec: builtInScenario(ref), source: `built-in "${ref}"` };
  const looksLikeFile = /\.(ya?ml|json)$/i.test(ref) || ref.includes('/') || ref.includes(path.sep);
  if (!existsSync(ref)) {
    throw new ScenarioError(
      looksLikeFile
        ? `Scenario file "${ref}" does not exist; give the path of a YAML or JSON scenario file.`
        : `Scenario "${ref}" is neither a built-in (${BUILT_IN_NAMES.join(', ')}, large:<projects>x<repos>) ` +
            'nor an existing scenario file.',
    );
  }
  const source = `file "${ref}"`;
  return { spec: validateScenario(parseFile(ref), source), source };
}
