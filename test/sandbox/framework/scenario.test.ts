import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtInScenario, SERVICE_USER } from '../../../src/sandbox/scenario/builtins.js';
import { loadScenario } from '../../../src/sandbox/scenario/load.js';
import { buildPolicy, deepMerge } from '../../../src/sandbox/scenario/policy.js';
import { ScenarioError, validateScenario } from '../../../src/sandbox/scenario/spec.js';
import {
  createAdoState,
  NAMESPACE_IDS,
  projectToken,
  type AdoState,
} from '../../../src/sandbox/state/ado.js';
import { createEntraState } from '../../../src/sandbox/state/entra.js';
import { SandboxClock, SeededRng } from '../../../src/sandbox/world.js';

function scenarioFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ado-guard-scenario-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(action: () => unknown): ScenarioError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

function adoOf(ref: string): AdoState {
  const spec = builtInScenario(ref);
  const rng = new SeededRng(1);
  const clock = new SandboxClock();
  const entra = createEntraState(spec.tenant ?? {}, { rng, clock });
  return createAdoState(
    { ...spec.azureDevOps, automation: { appId: entra.automation.appId } },
    { entra, rng, clock },
  );
}

const GIT = NAMESPACE_IDS['Git Repositories'];
const HOOKS = NAMESPACE_IDS.ServiceHooks;
const CONTRIBUTE_AND_PR = 4 | 16384;
const HOOK_BITS = 1 | 2 | 4;

function userDescriptor(ado: AdoState): string {
  const user = [...ado.allIdentities()].find((identity) => identity.principalName === SERVICE_USER);
  if (!user) throw new Error('service user missing from the organization');
  return user.descriptor;
}

function repoToken(ado: AdoState, projectName: string, repoName: string): string {
  const project = ado.project(projectName);
  const repo = project?.repositories.find((candidate) => candidate.name === repoName);
  if (!project || !repo) throw new Error(`${projectName}/${repoName} missing`);
  return `repoV2/${project.id}/${repo.id}`;
}

function isReader(ado: AdoState, projectName: string, descriptor: string): boolean {
  const project = ado.project(projectName);
  if (!project) throw new Error(`${projectName} missing`);
  const readers = ado.projectGroup(project, 'Readers');
  const user = ado.identityByDescriptor(descriptor);
  return ado.expandedContainers(user?.id ?? '').some((group) => group.id === readers.id);
}

describe('scenario loader', () => {
  it('loads built-ins by name and rejects unknown names with the list of built-ins', () => {
    expect(loadScenario('drifted').spec.name).toBe('drifted');
    expect(loadScenario().spec.name).toBe('healthy');
    expect(errorOf(() => loadScenario('shiny')).message).toMatch(
      /neither a built-in \(healthy, drifted, service-principal, large/,
    );
    expect(errorOf(() => loadScenario('missing/file.yml')).message).toMatch(
      /"missing\/file.yml" does not exist/,
    );
  });

  it('loads a YAML file', () => {
    const file = scenarioFile(
      'mine.yml',
      [
        'name: mine',
        'seed: 7',
        'azureDevOps:',
        '  organization: fabrikam',
        '  projects:',
        '    - name: Data',
        '      repositories: [{ name: dbt }]',
        'faults:',
        '  latencyMs: 5',
        '  rules:',
        '    - { kind: "429", service: azureDevOps, every: 3 }',
        'policy:',
        '  rotation: { maxAgeDays: 30 }',
      ].join('\n'),
    );
    const loaded = loadScenario(file);
    expect(loaded.source).toBe(`file "${file}"`);
    expect(loaded.spec).toMatchObject({ name: 'mine', seed: 7, azureDevOps: { organization: 'fabrikam' } });
    expect(loaded.spec.faults?.rules?.[0]).toMatchObject({ kind: '429', every: 3 });
  });

  it('loads a JSON file', () => {
    const file = scenarioFile(
      'mine.json',
      JSON.stringify({ name: 'j', azureDevOps: { organization: 'x', projects: [] } }),
    );
    expect(loadScenario(file).spec.name).toBe('j');
  });

  it('names the file and every field at fault', () => {
    const file = scenarioFile(
      'bad.yml',
      [
        'name: bad',
        'seed: -1',
        'tenant: { users: [{ userPrincipalName: a@b.c }, { displayName: nobody }] }',
        'azureDevOps: { projects: Analytics }',
        'faults: { rules: [{ kind: teapot }] }',
        'extra: 1',
      ].join('\n'),
    );
    const message = errorOf(() => loadScenario(file)).message;
    expect(message).toContain(`Scenario file "${file}" is not valid`);
    expect(message).toMatch(/seed: /);
    expect(message).toMatch(/azureDevOps\.organization: required: the Azure DevOps organization name/);
    expect(message).toMatch(/azureDevOps\.projects: /);
    expect(message).toMatch(/tenant\.users\[1\]\.userPrincipalName: /);
    expect(message).toMatch(/faults\.rules\[0\]\.kind: /);
    expect(message).toMatch(/extra/);
  });

  it('reports YAML syntax errors with the file', () => {
    const file = scenarioFile('broken.yaml', 'name: [unclosed\n');
    expect(errorOf(() => loadScenario(file)).message).toMatch(
      new RegExp(`Scenario file ".*broken.yaml" is not valid YAML`),
    );
  });

  it('rejects impossible large sizes', () => {
    expect(errorOf(() => loadScenario('large:0x5')).message).toMatch(/at least 1 project/);
    expect(errorOf(() => loadScenario('large:1000x1000')).message).toMatch(/at most 200000 repositories/);
  });
});

describe('built-in scenarios', () => {
  it('pass the scenario file validation themselves', () => {
    for (const name of ['healthy', 'drifted', 'service-principal', 'large:3x2']) {
      expect(() => validateScenario(builtInScenario(name), name)).not.toThrow();
    }
  });

  it('healthy: the service user has every preset permission and Readers membership everywhere', () => {
    const ado = adoOf('healthy');
    const user = userDescriptor(ado);
    for (const project of ado.projects) {
      expect(ado.hasPermission(HOOKS, projectToken(HOOKS, project.id), user, HOOK_BITS)).toBe(true);
      expect(isReader(ado, project.name, user)).toBe(true);
      for (const repo of project.repositories) {
        expect(ado.hasPermission(GIT, `repoV2/${project.id}/${repo.id}`, user, CONTRIBUTE_AND_PR)).toBe(true);
      }
    }
  });

  it('service-principal: the dbt app is Project Administrator of Analytics (direct) and Finance (nested), not Marketing', () => {
    const ado = adoOf('service-principal');
    const dbt = ado.servicePrincipals().filter((sp) => sp !== ado.automation);
    expect(dbt.map((sp) => sp.displayName)).toEqual(['dbt Cloud']);
    const sp = dbt[0]!;
    expect(sp.subjectDescriptor).toMatch(/^aadsp\./);
    const isAdmin = (project: string): boolean =>
      ado
        .expandedContainers(sp.id)
        .some((group) => group.id === ado.projectGroup(ado.project(project)!, 'Project Administrators').id);
    expect(isAdmin('Analytics')).toBe(true);
    expect(isAdmin('Finance')).toBe(true);
    expect(isAdmin('Marketing')).toBe(false);
    const financeAdmins = ado.projectGroup(ado.project('Finance')!, 'Project Administrators');
    expect(ado.isDirectMember(financeAdmins.id, sp.id)).toBe(false);
    // No service user in this scenario: the organization's only user is alex.
    expect([...ado.allIdentities()].filter((i) => i.kind === 'user').map((i) => i.principalName)).toEqual([
      'alex@contoso.com',
    ]);
  });

  it('drifted: exactly the story of the demo', () => {
    const ado = adoOf('drifted');
    const user = userDescriptor(ado);
    const git = (project: string, repo: string, bits: number): boolean =>
      ado.hasPermission(GIT, repoToken(ado, project, repo), user, bits);
    // Missing grants on one repository; the sibling has them.
    expect(git('Analytics', 'dbt-models', CONTRIBUTE_AND_PR)).toBe(true);
    expect(git('Analytics', 'dbt-macros', 4)).toBe(false);
    expect(git('Analytics', 'dbt-macros', 16384)).toBe(false);
    // The user's own explicit deny, and a group's deny.
    expect(git('Finance', 'finance-seeds', 4)).toBe(false);
    expect(git('Finance', 'finance-seeds', 16384)).toBe(true);
    expect(git('Finance', 'finance-dbt', 4)).toBe(true);
    expect(git('Finance', 'finance-dbt', 16384)).toBe(false);
    // ServiceHooks bits missing at one project only.
    const hooks = (project: string, bits: number): boolean =>
      ado.hasPermission(HOOKS, projectToken(HOOKS, ado.project(project)?.id ?? ''), user, bits);
    expect(hooks('Analytics', HOOK_BITS)).toBe(true);
    expect(hooks('Finance', 1)).toBe(true);
    expect(hooks('Finance', 2 | 4)).toBe(false);
    expect(hooks('Marketing', HOOK_BITS)).toBe(true);
    // Readers: Analytics through the nested Data Engineers group, Finance directly, Marketing not at all.
    expect(isReader(ado, 'Analytics', user)).toBe(true);
    expect(isReader(ado, 'Finance', user)).toBe(true);
    expect(isReader(ado, 'Marketing', user)).toBe(false);
    const analyticsReaders = ado.projectGroup(ado.project('Analytics')!, 'Readers');
    expect(ado.isDirectMember(analyticsReaders.id, ado.identityByDescriptor(user)!.id)).toBe(false);
  });

  it('drifted: the dbt app has the app-registration drift and a secret expiring in 10 days', () => {
    const spec = builtInScenario('drifted');
    const dbtApp = spec.tenant?.applications?.find((app) => app.displayName === 'dbt Cloud');
    expect(dbtApp?.web?.redirectUris).toEqual(['https://{dbtCloud}/complete/azure_active_directory']);
    expect(dbtApp?.requiredResourceAccess).toContainEqual({ resource: 'graph', scopes: ['User.Read'] });
    expect(dbtApp?.passwordCredentials?.[0]?.expiresInDays).toBe(10);
    const healthyApp = builtInScenario('healthy').tenant?.applications?.find(
      (app) => app.displayName === 'dbt Cloud',
    );
    expect(healthyApp?.web?.redirectUris).toHaveLength(2);
    expect(healthyApp?.requiredResourceAccess).toHaveLength(1);
  });

  it('large: generates projects × repositories with the service user a reader of each', () => {
    const spec = builtInScenario('large:20x3');
    expect(spec.name).toBe('large:20x3');
    expect(spec.azureDevOps.projects).toHaveLength(20);
    expect(spec.azureDevOps.projects.every((project) => project.repositories?.length === 3)).toBe(true);
    const ado = adoOf('large:20x3');
    expect(ado.projects).toHaveLength(20);
    const user = userDescriptor(ado);
    const last = ado.projects[19]!;
    expect(
      ado.hasPermission(GIT, `repoV2/${last.id}/${last.repositories[2]!.id}`, user, CONTRIBUTE_AND_PR),
    ).toBe(true);
    expect(isReader(ado, last.name, user)).toBe(true);
    expect(builtInScenario('large').azureDevOps.projects).toHaveLength(1000);
  });
});

describe('printed policy', () => {
  const endpoints = {
    authority: 'https://127.0.0.1:1',
    azureDevOps: 'https://127.0.0.1:2',
    azureDevOpsIdentity: 'https://127.0.0.1:3',
    graph: 'https://127.0.0.1:4',
    dbtCloud: 'https://127.0.0.1:5',
    conductorOne: 'https://127.0.0.1:6',
    control: 'https://127.0.0.1:7',
  };

  it('points every endpoint at the sandbox and merges the scenario overrides', () => {
    const policy = buildPolicy(
      {
        organization: 'contoso',
        tenantId: 't',
        serviceUser: SERVICE_USER,
        endpoints,
        dbtCloud: { accountId: 12, applicationClientId: 'a' },
        conductorOne: { appId: 'c', connectorId: 'k', applicationClientId: 'b' },
      },
      { scope: { level: 'repository' }, remediation: { removeExplicitDeny: true } },
    );
    expect(policy).toMatchObject({
      version: 1,
      organization: 'contoso',
      tenantId: 't',
      serviceUser: SERVICE_USER,
      scope: { projects: ['*'], repositories: ['*'], level: 'repository' },
      remediation: { removeExplicitDeny: true },
      integrations: {
        dbtCloud: {
          accessUrl: endpoints.dbtCloud,
          accountId: 12,
          applicationClientId: 'a',
          authenticationMethod: 'service_user',
        },
        conductorOne: {
          tenantUrl: endpoints.conductorOne,
          appId: 'c',
          connectorId: 'k',
          mode: 'oauth',
          access: 'sync',
          applicationClientId: 'b',
        },
      },
      endpoints: {
        azureDevOps: endpoints.azureDevOps,
        azureDevOpsIdentity: endpoints.azureDevOpsIdentity,
        graph: endpoints.graph,
        authority: endpoints.authority,
      },
    });
  });

  it('merges objects key by key and replaces arrays', () => {
    expect(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] } });
  });
});
