/**
 * The examples in examples/ are what users copy: every policy must load (schema and the real loader), and every
 * GitHub workflow / Azure pipeline must call ado-guard with inputs that exist, valid values, a policy file that
 * exists, the environment variables that policy needs, least-privilege permissions and pinned actions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { parsePolicy } from '../../src/core/policy/load.js';
import {
  azureAdoGuardSteps,
  azureVariableNames,
  checkAzureAdoGuardSteps,
  checkGitHubAdoGuardSteps,
  checkInputs,
  checkPermissions,
  checkPinned,
  gitHubJobs,
  gitHubSteps,
  TASK_INPUTS,
  usesAdoGuard,
} from './workflow-checks.js';

type Json = Record<string, unknown>;

const EXAMPLES = 'examples';
const yamlFiles = (dir: string) =>
  readdirSync(path.join(EXAMPLES, dir))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => path.join(EXAMPLES, dir, name));

const POLICIES = yamlFiles('policies');
const GITHUB = yamlFiles('github');
const AZURE = yamlFiles('azure-pipelines');
const read = (file: string) => readFileSync(file, 'utf8');
const load = (file: string) => parse(read(file)) as Json;

/** Values for the `${env:…}` references of the example policies (the workflows set these). */
const EXAMPLE_ENV = {
  ADO_GUARD_TENANT_ID: '0b5f4c6e-2d1a-4c3b-9e8f-7a6b5c4d3e2f',
  DBT_APP_CLIENT_ID: '11111111-1111-4111-8111-111111111111',
  C1_APP_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
};

const envReferences = (text: string) => [...text.matchAll(/\$\{env:([A-Za-z_]\w*)\}/g)].map((m) => m[1]!);

const validatePolicy = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(read('schema/ado-guard.schema.json')));
})();

/** Matrix legs of a GitHub job (`include` entries or the product of its lists) or of an Azure job. */
function gitHubMatrixLegs(job: Json): Record<string, string>[] {
  const matrix = (job.strategy as Json | undefined)?.matrix as Json | undefined;
  if (!matrix) return [];
  const { include, ...axes } = matrix;
  let legs: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(axes))
    legs = legs.flatMap((leg) => (values as unknown[]).map((v) => ({ ...leg, [key]: String(v) })));
  if (Object.keys(axes).length === 0) legs = [];
  return [...legs, ...((include as Record<string, string>[] | undefined) ?? [])];
}
function azureMatrixLegs(pipeline: unknown): Record<string, string>[] {
  const legs: Record<string, string>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const object = node as Json;
      const matrix = (object.strategy as Json | undefined)?.matrix;
      if (matrix && typeof matrix === 'object')
        legs.push(...(Object.values(matrix) as Record<string, string>[]));
      Object.values(object).forEach(walk);
    }
  };
  walk(pipeline);
  return legs;
}

/** A `config:` value made concrete for each matrix leg (or as it is, without a matrix). */
function expandConfig(config: string, legs: Record<string, string>[], placeholder: (key: string) => RegExp) {
  const hasPlaceholder = legs.some((leg) => Object.keys(leg).some((key) => placeholder(key).test(config)));
  if (!hasPlaceholder) return [{ config, leg: undefined }];
  return legs.map((leg) => ({
    config: Object.entries(leg).reduce((text, [key, value]) => text.replace(placeholder(key), value), config),
    leg,
  }));
}

/**
 * The policy a step names exists under examples/ (the workflows expect examples/policies/ copied to policies/),
 * every `${env:…}` it uses is provided, and a matrix leg's policy is that leg's organization.
 */
function checkPolicyReference(
  where: string,
  configs: { config: string; leg: Record<string, string> | undefined }[],
  provided: Set<string>,
): string[] {
  const problems: string[] = [];
  for (const { config, leg } of configs) {
    const file = path.join(EXAMPLES, config);
    if (!existsSync(file)) {
      problems.push(`${where}: config ${config} is not in examples/`);
      continue;
    }
    for (const name of envReferences(read(file)))
      if (!provided.has(name)) problems.push(`${where}: ${config} needs \${env:${name}}, which is not set`);
    if (leg?.organization && (load(file).organization as string) !== leg.organization)
      problems.push(`${where}: ${config} is not the policy of organization ${leg.organization}`);
  }
  return problems;
}

describe('example policies', () => {
  it('exist for the single-organization and the matrix examples', () => {
    expect(POLICIES.map((f) => path.basename(f))).toEqual([
      'ado-guard.yml',
      'contoso.yml',
      'fabrikam.yml',
      'northwind.yml',
    ]);
  });

  it.each(POLICIES)('%s points the editor at the committed JSON Schema', (file) => {
    const first = read(file).split('\n')[0]!;
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match).not.toBeNull();
    expect(path.resolve(path.dirname(file), match![1]!)).toBe(path.resolve('schema/ado-guard.schema.json'));
  });

  it.each(POLICIES)('%s is valid against schema/ado-guard.schema.json', (file) => {
    const valid = validatePolicy(load(file));
    expect(validatePolicy.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(POLICIES)('%s loads through the policy loader without warnings', (file) => {
    const { policy, warnings } = parsePolicy(file, read(file), EXAMPLE_ENV);
    expect(warnings).toEqual([]);
    expect(policy.tenantId).toBe(EXAMPLE_ENV.ADO_GUARD_TENANT_ID);
    expect(Object.keys(policy.integrations).length).toBeGreaterThan(0);
  });

  it('the loader refuses an example policy when its environment variable is missing', () => {
    const file = path.join(EXAMPLES, 'policies', 'ado-guard.yml');
    expect(() => parsePolicy(file, read(file), { ...EXAMPLE_ENV, DBT_APP_CLIENT_ID: undefined })).toThrow(
      /DBT_APP_CLIENT_ID/,
    );
  });
});

describe('GitHub workflow examples', () => {
  it('cover the verify gate, the deploy gate, scheduled rotation and the organization matrix', () => {
    expect(GITHUB.map((f) => path.basename(f))).toEqual([
      'deploy-gate.yml',
      'organizations-matrix.yml',
      'rotate-scheduled.yml',
      'verify-pull-request.yml',
    ]);
    const deploy = load(path.join(EXAMPLES, 'github/deploy-gate.yml'));
    expect(gitHubJobs(deploy).some(([, job]) => job.environment === 'production')).toBe(true);
    const rotate = load(path.join(EXAMPLES, 'github/rotate-scheduled.yml'));
    expect((rotate.on as Json).schedule).toBeDefined();
    expect(rotate.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(gitHubJobs(rotate).map(([, job]) => (job.permissions as Json)['id-token'])).toEqual(['write']);
    expect(
      gitHubSteps(rotate).some(({ step }) => (step.with as Json | undefined)?.command === 'rotate'),
    ).toBe(true);
    const verify = load(path.join(EXAMPLES, 'github/verify-pull-request.yml'));
    const uploads = gitHubSteps(verify).filter(({ step }) =>
      String(step.uses).startsWith('github/codeql-action/upload-sarif@'),
    );
    expect(uploads).toHaveLength(1);
    expect(gitHubSteps(verify).some(({ step }) => (step.with as Json | undefined)?.format === 'sarif')).toBe(
      true,
    );
    const matrix = load(path.join(EXAMPLES, 'github/organizations-matrix.yml'));
    expect(gitHubJobs(matrix).flatMap(([, job]) => gitHubMatrixLegs(job))).toHaveLength(3);
  });

  it.each(GITHUB)('%s passes only action.yml inputs, with valid values', (file) => {
    const workflow = load(file);
    expect(gitHubSteps(workflow).filter(({ step }) => usesAdoGuard(String(step.uses)))).not.toHaveLength(0);
    expect(checkGitHubAdoGuardSteps(file, workflow)).toEqual([]);
  });

  it.each(GITHUB)('%s has least-privilege permissions and pinned third-party actions', (file) => {
    const workflow = load(file);
    expect(checkPermissions(file, workflow)).toEqual([]);
    expect(checkPinned(file, workflow, { allowAdoGuardTag: true })).toEqual([]);
  });

  it.each(GITHUB)('%s names a policy that exists, with the environment it needs', (file) => {
    const workflow = load(file);
    const problems = gitHubJobs(workflow).flatMap(([jobName, job]) =>
      ((job.steps ?? []) as Json[])
        .filter((step) => usesAdoGuard(String(step.uses)))
        .flatMap((step) => {
          const provided = new Set(
            [workflow.env, job.env, step.env].flatMap((env) => Object.keys((env ?? {}) as Json)),
          );
          const config = String((step.with as Json).config ?? 'ado-guard.yml');
          const placeholder = (key: string) => new RegExp(`\\$\\{\\{\\s*matrix\\.${key}\\s*\\}\\}`, 'g');
          return checkPolicyReference(
            `${file} jobs.${jobName}`,
            expandConfig(config, gitHubMatrixLegs(job), placeholder),
            provided,
          );
        }),
    );
    expect(problems).toEqual([]);
  });
});

describe('Azure Pipelines examples', () => {
  it('cover the verify gate, the deploy gate, scheduled rotation and the organization matrix', () => {
    expect(AZURE.map((f) => path.basename(f))).toEqual([
      'deploy-gate.yml',
      'organizations-matrix.yml',
      'rotate-scheduled.yml',
      'verify-pull-request.yml',
    ]);
    expect(read(path.join(EXAMPLES, 'azure-pipelines/deploy-gate.yml'))).toMatch(
      /^\s+environment: production$/m,
    );
    const rotate = load(path.join(EXAMPLES, 'azure-pipelines/rotate-scheduled.yml'));
    expect(rotate.schedules).toEqual([expect.objectContaining({ cron: expect.any(String) })]);
    expect(
      azureMatrixLegs(load(path.join(EXAMPLES, 'azure-pipelines/organizations-matrix.yml'))),
    ).toHaveLength(3);
  });

  it.each(AZURE)(
    '%s passes only task.json inputs, with valid values, through a workload-identity connection',
    (file) => {
      const pipeline = load(file);
      const steps = azureAdoGuardSteps(pipeline);
      expect(steps).not.toHaveLength(0);
      expect(checkAzureAdoGuardSteps(file, pipeline)).toEqual([]);
      for (const step of steps) {
        expect((step.inputs as Json).azureSubscription).toBe('ado-guard-wif');
        // The AzureRM connection's federated token is requested with the job's access token.
        expect((step.env as Json).SYSTEM_ACCESSTOKEN).toBe('$(System.AccessToken)');
      }
    },
  );

  it.each(AZURE)('%s names a policy that exists, with the environment it needs', (file) => {
    const pipeline = load(file);
    const variables = azureVariableNames(pipeline);
    const legs = azureMatrixLegs(pipeline);
    const problems = azureAdoGuardSteps(pipeline).flatMap((step) => {
      const provided = new Set([...variables, ...Object.keys((step.env ?? {}) as Json)]);
      const config = String((step.inputs as Json).config ?? 'ado-guard.yml');
      const placeholder = (key: string) => new RegExp(`\\$\\(${key}\\)`, 'g');
      return checkPolicyReference(`${file}`, expandConfig(config, legs, placeholder), provided);
    });
    expect(problems).toEqual([]);
  });
});

describe('the checks catch mistakes', () => {
  it('an unknown input, a bad choice and a non-boolean are reported; expressions are left alone', () => {
    const known = (name: string) => TASK_INPUTS.has(name);
    expect(
      checkInputs('x', { command: 'audit', failOn: 'sometimes', apply: 'yes', configFile: 'a.yml' }, known),
    ).toEqual([
      'x: input "command" is "audit", expected one of verify, plan, remediate, rotate',
      'x: input "failOn" is "sometimes", expected one of error, warning, info, never',
      'x: input "apply" is "yes", expected true or false',
      'x: input "configFile" does not exist',
    ]);
    expect(checkInputs('x', { force: '${{ inputs.force }}', failOn: '$(failOn)' }, known)).toEqual([]);
  });

  it('broad permissions and unpinned actions are reported', () => {
    const workflow = parse(`
permissions: write-all
jobs:
  a:
    permissions: { contents: write, id-token: write }
    steps:
      - uses: actions/checkout@v5
      - uses: ado-guard/ado-guard@v0
      - uses: ./
`) as Json;
    expect(checkPermissions('w.yml', workflow)).toEqual([
      'w.yml: permissions: write-all is broader than needed',
      'w.yml jobs.a: permissions contents: write is not needed',
    ]);
    expect(checkPinned('w.yml', workflow, { allowAdoGuardTag: false })).toEqual([
      'w.yml jobs.a.steps[0]: actions/checkout@v5 is not pinned by a full commit SHA',
      'w.yml jobs.a.steps[1]: ado-guard/ado-guard@v0 is not pinned by a full commit SHA',
    ]);
    expect(checkPermissions('w.yml', { jobs: {} })).toEqual([
      'w.yml: no top-level permissions: (the default token can write)',
    ]);
  });

  it('a missing policy, a missing variable and the wrong organization are reported', () => {
    expect(
      checkPolicyReference(
        'p',
        [
          { config: 'policies/nope.yml', leg: undefined },
          { config: 'policies/contoso.yml', leg: { organization: 'fabrikam' } },
        ],
        new Set(['ADO_GUARD_TENANT_ID']),
      ),
    ).toEqual([
      'p: config policies/nope.yml is not in examples/',
      'p: policies/contoso.yml needs ${env:DBT_APP_CLIENT_ID}, which is not set',
      'p: policies/contoso.yml is not the policy of organization fabrikam',
    ]);
  });

  it('an Azure step with another task version or an unknown input is reported', () => {
    const pipeline = parse(`
steps:
  - task: AdoGuard@2
    inputs: { command: verify, azureConnection: x }
`);
    expect(checkAzureAdoGuardSteps('a.yml', pipeline)).toEqual([
      'a.yml AdoGuard@1 #1: task AdoGuard@2 is not AdoGuard@1',
      'a.yml AdoGuard@1 #1: input "azureConnection" does not exist',
    ]);
  });
});
