/**
 * ADO-PROJECT-ADMIN-MISSING and the service principal's ADO-IDENTITY-NOT-FOUND (dbt Cloud, service_principal
 * method), against the sandbox: direct and nested Project Administrators membership, a project without it, the
 * service principal absent or disabled, a 403 on the listing, and a request count that does not grow with
 * repositories.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkProjectAdministrator } from '../../../src/checks/project-administrator.js';
import { ORG, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoSpec, AdoTestWorld } from './helpers.js';

const APP = '11111111-1111-1111-1111-111111111111';
const SP = `app:${APP}`;

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function startServicePrincipalWorld(
  ado: AdoSpec,
  faults?: { rules: { kind: 'fail'; status: number; path: string }[] },
) {
  return startAdoWorld(
    { ...scenario(ado), ...(faults ? { faults } : {}) },
    {
      serviceUser: undefined,
      integrations: {
        dbtCloud: {
          accessUrl: 'https://ab123.us1.dbt.com',
          accountId: 12345,
          applicationClientId: APP,
          authenticationMethod: 'service_principal',
        },
      },
    },
  );
}

function adminMissing(project: string) {
  const group = `[${project}]\\Project Administrators`;
  return {
    ruleId: 'ADO-PROJECT-ADMIN-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'project', organization: ORG, project, name: group, appId: APP },
    message: `dbt Cloud SP (app ${APP}) is not a member of ${group} (directly or through a group).`,
    expected: `member of ${group}`,
    actual: 'not a member',
    fixable: false,
    fix:
      `Add the service principal of app ${APP} to ${group} (Project settings → Permissions → ` +
      'Project Administrators → Members). ado-guard leaves granting administrator rights to a person.',
  };
}

function notFound(actual: string) {
  return {
    ruleId: 'ADO-IDENTITY-NOT-FOUND',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'servicePrincipal', organization: ORG, appId: APP },
    message:
      `The service principal of the dbt Cloud app ${APP} is not an active user of organization ${ORG}: ` +
      'dbt Cloud (service_principal method) cannot reach its repositories.',
    expected: `the service principal of app ${APP} added to organization ${ORG}`,
    actual,
    fixable: false,
    fix:
      "Add the app's service principal to the organization (Organization settings → Users → Add users, search " +
      'the app by name), or correct `integrations.dbtCloud.applicationClientId` in the policy file.',
  };
}

const servicePrincipals = [{ application: APP, displayName: 'dbt Cloud SP' }];

describe('checkProjectAdministrator', () => {
  it('counts direct and nested Project Administrators membership; reports each project without it', async () => {
    world = await startServicePrincipalWorld({
      projects: ['Direct', 'Nested', 'ReaderOnly', 'Missing'].map((name) => ({ name })),
      servicePrincipals,
      groups: [
        { name: 'Project Administrators', project: 'Direct', members: [SP] },
        { name: 'Automation', members: ['[Nested]\\Release Managers'] },
        { name: 'Release Managers', project: 'Nested', members: [SP] },
        { name: 'Project Administrators', project: 'Nested', members: ['[contoso]\\Automation'] },
        // Readers or Contributors is not enough for the service_principal method.
        { name: 'Contributors', project: 'ReaderOnly', members: [SP] },
      ],
    });
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([
      adminMissing('Missing'),
      adminMissing('ReaderOnly'),
    ]);
  });

  it('reports nothing when the policy uses the service_user method', async () => {
    world = await startAdoWorld(scenario({ projects: [{ name: 'Sales' }], servicePrincipals }));
    world.clearLog();
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([]);
    expect(world.adoRequests()).toEqual([]);
  });

  it('reports ADO-IDENTITY-NOT-FOUND when the app has no service principal in the organization', async () => {
    world = await startServicePrincipalWorld({
      projects: [{ name: 'Sales' }],
      servicePrincipals: [{ application: '22222222-2222-4222-8222-222222222222' }],
    });
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([
      notFound('not a user of the organization'),
    ]);
  });

  it('reports ADO-IDENTITY-NOT-FOUND for a disabled service principal, even with its memberships', async () => {
    world = await startServicePrincipalWorld({
      projects: [{ name: 'Sales' }],
      servicePrincipals: [{ application: APP, active: false }],
      groups: [{ name: 'Project Administrators', project: 'Sales', members: [SP] }],
    });
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([
      notFound('inactive in the organization'),
    ]);
  });

  it('skips with CHECK-SKIPPED naming the permission when the listing answers 403', async () => {
    world = await startServicePrincipalWorld(
      { projects: [{ name: 'Sales' }], servicePrincipals },
      { rules: [{ kind: 'fail', status: 403, path: '_apis/graph/serviceprincipals' }] },
    );
    const permission =
      'read access to Azure DevOps service principals, groups and identities (vso.graph, vso.identity)';
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([
      {
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'dbtCloud',
        resource: { kind: 'check', organization: ORG, name: 'azureDevOps.projectAdministrator' },
        message: `Project Administrator membership of the dbt Cloud service principal (app ${APP}) was not checked: the automation identity lacks ${permission}.`,
        expected: `${permission} granted to the automation identity`,
        actual: 'permission denied (HTTP 403)',
        fixable: false,
        fix: `Grant ${permission} to the identity ado-guard signs in as (with admin consent), then run verify again.`,
      },
    ]);
  });

  it('makes the same requests whatever the number of repositories', async () => {
    const requestsWith = async (repositories: number): Promise<string[]> => {
      const names = Array.from({ length: repositories }, (_, i) => ({ name: `repo-${i + 1}` }));
      const run = await startServicePrincipalWorld({
        projects: ['A', 'B'].map((name) => ({ name, repositories: names })),
        servicePrincipals,
        groups: [{ name: 'Project Administrators', project: 'A', members: [SP] }],
      });
      try {
        run.clearLog();
        expect(await checkProjectAdministrator(run, quietLog)).toEqual([adminMissing('B')]);
        const guid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
        return run.adoRequests().map((r) => `${r.method} ${r.path.replace(guid, '<id>')}`);
      } finally {
        await run.stop();
      }
    };
    const few = await requestsWith(1);
    const many = await requestsWith(40);
    expect(many.sort()).toEqual(few.sort());
    expect(few.filter((r) => r.endsWith('/_apis/graph/serviceprincipals'))).toHaveLength(1);
    expect(few.filter((r) => r.endsWith('/_apis/identities'))).toHaveLength(2);
  });

  it("finds the administered projects from the service principal's own groups, and reads only the rest", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `P${i + 1}`);
    world = await startServicePrincipalWorld({
      projects: names.map((name) => ({ name })),
      servicePrincipals,
      groups: names
        .slice(0, 11)
        .map((project) => ({ name: 'Project Administrators', project, members: [SP] })),
    });
    world.clearLog();
    expect(await checkProjectAdministrator(world, quietLog)).toEqual([adminMissing('P12')]);
    const paths = world.adoRequests().map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/_apis/graph/subjectlookup'))).toHaveLength(1);
    // Only P12 is left over: its own groups are read, not every group of the organization.
    expect(paths.filter((p) => p.endsWith('/_apis/graph/groups'))).toHaveLength(1);
    expect(paths.filter((p) => p.includes('/_apis/graph/descriptors/'))).toHaveLength(1);
  });
});
