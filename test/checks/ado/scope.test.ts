/** In-scope projects and repositories: globs, excludes, disabled repositories; one repository request. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { resolveScope } from '../../../src/checks/scope.js';
import { ids, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoTestWorld } from './helpers.js';

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const PROJECTS = [
  {
    name: 'Sales',
    repositories: [{ name: 'dbt-models' }, { name: 'dbt-old', disabled: true }, { name: 'web' }],
  },
  { name: 'Sales-Archive', repositories: [{ name: 'dbt-archive' }] },
  { name: 'Ops', repositories: [{ name: 'dbt-infra' }] },
  { name: 'HR', repositories: [{ name: 'dbt-hr' }] },
];

describe('resolveScope', () => {
  it('applies project globs and excludes, repository globs, and leaves disabled repositories out', async () => {
    world = await startAdoWorld(scenario({ projects: PROJECTS, users: [] }));
    world.clearLog();
    const scope = await resolveScope(
      world.ado,
      {
        projects: ['sales*', 'Ops'],
        excludeProjects: ['*-archive'],
        repositories: ['DBT-*'],
        includeDisabled: false,
        level: 'project',
      },
      quietLog,
    );
    const id = ids(world);
    expect(scope).toEqual({
      projects: [
        {
          id: id.project('Ops'),
          name: 'Ops',
          repositories: [{ id: id.repo('Ops', 'dbt-infra'), name: 'dbt-infra' }],
        },
        {
          id: id.project('Sales'),
          name: 'Sales',
          repositories: [{ id: id.repo('Sales', 'dbt-models'), name: 'dbt-models' }],
        },
      ],
    });
    const repositoryRequests = world.adoRequests().filter((r) => r.path.endsWith('/_apis/git/repositories'));
    expect(repositoryRequests).toEqual([
      { method: 'GET', path: '/contoso/_apis/git/repositories', query: expect.any(String) },
    ]);
  });

  it('includes disabled repositories with includeDisabled', async () => {
    world = await startAdoWorld(scenario({ projects: PROJECTS, users: [] }));
    const scope = await resolveScope(
      world.ado,
      {
        projects: ['Sales'],
        excludeProjects: [],
        repositories: ['*'],
        includeDisabled: true,
        level: 'project',
      },
      quietLog,
    );
    expect(scope.projects.map((p) => [p.name, p.repositories.map((r) => r.name)])).toEqual([
      ['Sales', ['dbt-models', 'dbt-old', 'web']],
    ]);
  });
});
