/**
 * Checks of CI files against ado-guard's metadata: which steps use ado-guard, whether their inputs exist in
 * action.yml / task.json with valid values, least-privilege `permissions:` and pinned third-party actions.
 * Each check returns a list of problems (empty = fine), so a test can show every problem at once and can
 * also prove a check catches a bad file.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

interface TaskInput {
  name: string;
  type: string;
  options?: Record<string, string>;
}

const actionYml = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };
const taskJson = JSON.parse(readFileSync('task/task.json', 'utf8')) as { name: string; inputs: TaskInput[] };

export const ACTION_INPUTS = new Set(Object.keys(actionYml.inputs));
export const TASK_INPUTS = new Map(taskJson.inputs.map((input) => [input.name, input]));
export const TASK_REFERENCE = `${taskJson.name}@1`;

/** A value the CI system fills in at run time: `${{ … }}` (both), `$(…)` / `$[…]` (Azure Pipelines). */
export function isExpression(value: string): boolean {
  return /\$\{\{.*\}\}|\$\(.+\)|\$\[.+\]/.test(value);
}

const BOOLEAN_TYPES = new Set(['boolean']);

/** Problems with one `with:` / `inputs:` block: unknown names and literal values outside the allowed set. */
export function checkInputs(where: string, inputs: Json, known: (name: string) => boolean): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(inputs)) {
    if (!known(name)) {
      problems.push(`${where}: input "${name}" does not exist`);
      continue;
    }
    const value = String(raw);
    if (isExpression(value)) continue;
    // action.yml declares no choices: the task's pickLists and booleans are the same inputs (a parity test
    // keeps them equal), so they define the valid values for both.
    const spec = TASK_INPUTS.get(name);
    if (spec?.options && !Object.hasOwn(spec.options, value)) {
      problems.push(
        `${where}: input "${name}" is "${value}", expected one of ${Object.keys(spec.options).join(', ')}`,
      );
    }
    if (spec && BOOLEAN_TYPES.has(spec.type) && !['true', 'false'].includes(value)) {
      problems.push(`${where}: input "${name}" is "${value}", expected true or false`);
    }
  }
  return problems;
}

/** Is this `uses:` ado-guard itself (the published action, or the repository's own `./`)? */
export function usesAdoGuard(uses: string): boolean {
  return uses === './' || uses === '.' || /^ado-guard\/ado-guard@/.test(uses);
}

export interface GitHubStep {
  job: string;
  index: number;
  step: Json;
}

export function gitHubJobs(workflow: Json): [string, Json][] {
  return Object.entries((workflow.jobs ?? {}) as Record<string, Json>);
}

export function gitHubSteps(workflow: Json): GitHubStep[] {
  return gitHubJobs(workflow).flatMap(([job, body]) =>
    ((body.steps ?? []) as Json[]).map((step, index) => ({ job, index, step })),
  );
}

/** Every step that runs ado-guard passes only inputs of action.yml, with valid values. */
export function checkGitHubAdoGuardSteps(file: string, workflow: Json): string[] {
  return gitHubSteps(workflow)
    .filter(({ step }) => typeof step.uses === 'string' && usesAdoGuard(step.uses))
    .flatMap(({ job, index, step }) =>
      checkInputs(`${file} jobs.${job}.steps[${index}]`, (step.with ?? {}) as Json, (name) =>
        ACTION_INPUTS.has(name),
      ),
    );
}

/** Scopes a job may write with, and why: anything else is more than ado-guard's workflows need. */
const WRITABLE_SCOPES = new Set(['id-token', 'security-events']);

/**
 * Least privilege: the workflow sets `permissions:` at the top (read or none only), and a job may raise
 * only the scopes ado-guard needs (OIDC sign-in, SARIF upload). `read-all` / `write-all` are refused.
 */
export function checkPermissions(file: string, workflow: Json): string[] {
  const problems: string[] = [];
  const top = workflow.permissions;
  if (top === undefined) problems.push(`${file}: no top-level permissions: (the default token can write)`);
  else if (typeof top === 'string') problems.push(`${file}: permissions: ${top} is broader than needed`);
  else {
    for (const [scope, level] of Object.entries(top as Json))
      if (level !== 'read' && level !== 'none')
        problems.push(`${file}: top-level permissions ${scope}: ${String(level)} (only read or none)`);
  }
  for (const [job, body] of gitHubJobs(workflow)) {
    const permissions = body.permissions;
    if (permissions === undefined) continue;
    if (typeof permissions === 'string') {
      problems.push(`${file} jobs.${job}: permissions: ${permissions} is broader than needed`);
      continue;
    }
    for (const [scope, level] of Object.entries(permissions as Json))
      if (level === 'write' && !WRITABLE_SCOPES.has(scope))
        problems.push(`${file} jobs.${job}: permissions ${scope}: write is not needed`);
  }
  return problems;
}

/** Every `uses:` is local, ado-guard itself (examples only) or pinned by a full commit SHA. */
export function checkPinned(
  file: string,
  workflow: Json,
  opts: { allowAdoGuardTag: boolean; knownUnpinned?: ReadonlySet<string> },
): string[] {
  const problems: string[] = [];
  for (const { job, index, step } of gitHubSteps(workflow)) {
    if (typeof step.uses !== 'string') continue;
    const uses = step.uses;
    if (uses.startsWith('./') || uses === '.' || uses.startsWith('docker://')) continue;
    if (opts.allowAdoGuardTag && usesAdoGuard(uses)) continue;
    if (/@[0-9a-f]{40}$/.test(uses)) continue;
    if (opts.knownUnpinned?.has(uses)) continue;
    problems.push(`${file} jobs.${job}.steps[${index}]: ${uses} is not pinned by a full commit SHA`);
  }
  return problems;
}

/** Every node of an Azure Pipelines file that is a step with `task: AdoGuard@1`, wherever it sits. */
export function azureAdoGuardSteps(pipeline: unknown): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const object = node as Json;
      if (typeof object.task === 'string' && object.task.startsWith(`${taskJson.name}@`)) found.push(object);
      Object.values(object).forEach(walk);
    }
  };
  walk(pipeline);
  return found;
}

/** Every ado-guard task step names version 1 and passes only inputs of task.json, with valid values. */
export function checkAzureAdoGuardSteps(file: string, pipeline: unknown): string[] {
  return azureAdoGuardSteps(pipeline).flatMap((step, index) => {
    const where = `${file} ${TASK_REFERENCE} #${index + 1}`;
    const problems =
      step.task === TASK_REFERENCE ? [] : [`${where}: task ${String(step.task)} is not ${TASK_REFERENCE}`];
    return [...problems, ...checkInputs(where, (step.inputs ?? {}) as Json, (name) => TASK_INPUTS.has(name))];
  });
}

/** Variable names an Azure Pipelines file defines (`variables:` as a mapping or a list of name/value). */
export function azureVariableNames(pipeline: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const object = node as Json;
      const variables = object.variables;
      if (Array.isArray(variables)) {
        for (const entry of variables as Json[]) if (typeof entry.name === 'string') names.add(entry.name);
      } else if (variables && typeof variables === 'object') {
        for (const name of Object.keys(variables)) names.add(name);
      }
      Object.values(object).forEach(walk);
    }
  };
  walk(pipeline);
  return names;
}
