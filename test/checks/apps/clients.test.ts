import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpError } from '../../../src/clients/http/index.js';
import { scenario, startWorld, type World } from './harness.js';

const DBT_APP_ID = '11111111-1111-4111-8111-111111111111';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('dbt Cloud client (sandbox)', () => {
  it('sends status__in as a JSON array and reads the envelope', async () => {
    world = await startWorld(
      scenario('healthy', (spec) => {
        spec.dbtCloud!.runs = [
          { createdDaysAgo: 3, status: 'success' },
          { createdDaysAgo: 2, status: 'error' },
          { createdDaysAgo: 1, status: 'cancelled' },
        ];
      }),
    );
    const runs = await world.dbt.listRuns({ orderBy: '-created_at', statusIn: [10, 20], limit: 5 });
    expect(runs.map((r) => r.status)).toEqual([20, 10]);
    const query = world.sandbox.world.log.list().find((e) => e.path.includes('/runs/'))?.query ?? '';
    expect(new URLSearchParams(query).get('status__in')).toBe('[10,20]');
    const record = await world.dbt.azureAdApplication();
    expect(record).toMatchObject({ organizationName: 'contoso', authenticationMethod: 'service_user' });
  });
});

describe('Graph client (sandbox)', () => {
  it('reads apps, service principals, grants and assignments by appId and clientId filter', async () => {
    world = await startWorld(
      scenario('healthy', (spec) => {
        const app = spec.tenant!.applications![0]!;
        app.appId = DBT_APP_ID;
        app.requiredResourceAccess = [
          { resource: 'azureDevOps', scopes: ['user_impersonation'] },
          { resource: 'graph', roles: ['GroupMember.ReadWrite.All'] },
        ];
        app.adminConsent = { azureDevOps: ['user_impersonation'], graphRoles: ['GroupMember.ReadWrite.All'] };
      }),
    );
    const { graph } = world;
    const app = await graph.application(DBT_APP_ID);
    expect(app).toMatchObject({
      appId: DBT_APP_ID,
      displayName: 'dbt Cloud',
      signInAudience: 'AzureADMultipleOrgs',
    });
    expect(app!.passwordCredentials).toHaveLength(1);
    expect(Object.keys(app!.passwordCredentials[0]!).sort()).toEqual([
      'displayName',
      'endDateTime',
      'hint',
      'keyId',
      'startDateTime',
    ]);
    expect(await graph.application('99999999-9999-4999-8999-999999999999')).toBeUndefined();
    const ado = await graph.servicePrincipal('499b84ac-1321-427f-aa17-267ca6975798');
    expect(ado?.oauth2PermissionScopes.find((s) => s.value === 'user_impersonation')?.id).toBe(
      'ee69721e-6c3a-468f-a9ec-302d16a4c599',
    );
    const client = await graph.servicePrincipal(DBT_APP_ID);
    const grants = await graph.permissionGrants(client!.id);
    expect(grants.map((g) => [g.consentType, g.scope.trim()])).toEqual([
      ['AllPrincipals', 'user_impersonation'],
    ]);
    const filter = world.sandbox.world.log
      .list()
      .find((e) => e.path.endsWith('/oauth2PermissionGrants'))?.query;
    expect(new URLSearchParams(filter).get('$filter')).toBe(`clientId eq '${client!.id}'`);
    const assignments = await graph.appRoleAssignments(client!.id);
    expect(assignments.map((a) => a.appRoleId)).toEqual(['dbaae8cf-10b5-4b86-a4a1-f871c94c6695']);
  });

  it('reads the password lifetime restriction (app policy over tenant default) and per-user MFA', async () => {
    world = await startWorld(
      scenario('healthy', (spec) => {
        spec.tenant!.passwordMaxLifetime = 'P365D';
        spec.tenant!.applications![0]!.appId = DBT_APP_ID;
        spec.tenant!.applications![0]!.passwordMaxLifetime = 'P90D';
        spec.tenant!.users![0]!.perUserMfaState = 'enabled';
      }),
    );
    const { graph } = world;
    const dbtApp = await graph.application(DBT_APP_ID);
    expect(await graph.passwordLifetime(dbtApp!.id)).toEqual({ maxLifetime: 'P90D', source: 'application' });
    const c1App = await graph.application(world.requirements.apps[1]!.appId);
    expect(await graph.passwordLifetime(c1App!.id)).toEqual({ maxLifetime: 'P365D', source: 'tenant' });
    expect(await graph.perUserMfaState('dbt-svc@contoso.com')).toBe('enabled');
    expect(await graph.perUserMfaState('nobody@contoso.com')).toBeUndefined();
    expect(await graph.securityDefaultsEnabled()).toBe(false);
  });

  it('a 403 surfaces as an HttpError with status 403 (the checks turn it into CHECK-SKIPPED)', async () => {
    world = await startWorld(
      scenario('healthy', (spec) => {
        spec.tenant!.automation = { graphRoles: ['Application.Read.All'] };
      }),
    );
    const error = await world.graph.securityDefaultsEnabled().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(403);
    expect((error as HttpError).serviceCode).toBe('Authorization_RequestDenied');
  });
});

describe('dbt Cloud client errors', () => {
  it('a wrong account id names integrations.dbtCloud.accountId and never the token', async () => {
    world = await startWorld('healthy');
    const { DbtCloudClient } = await import('../../../src/clients/dbt-cloud/client.js');
    const token = world.sandbox.env.DBT_CLOUD_TOKEN ?? '';
    const wrong = new DbtCloudClient({
      http: world.http,
      accessUrl: world.sandbox.endpoints.dbtCloud,
      accountId: 999,
      token,
    });
    const error = await wrong.newestRun().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toContain('integrations.dbtCloud.accountId (999)');
    expect((error as Error).message).not.toContain(token);
  });
});
