import { afterEach, describe, expect, it } from '@jest/globals';
import {
  checkAppRegistrations,
  checkEntra,
  checkServiceUserMfa,
} from '../../../src/checks/app-registration.js';
import type { Finding } from '../../../src/core/findings.js';
import { quietLog, scenario, startWorld, type World } from './harness.js';

const DBT_APP_ID = '11111111-1111-4111-8111-111111111111';
const C1_APP_ID = '22222222-2222-4222-8222-222222222222';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** The healthy scenario with fixed app ids, so findings can be compared exactly. */
function fixedIds(spec: ReturnType<typeof scenario>): void {
  const [dbtApp, c1App] = spec.tenant?.applications ?? [];
  if (dbtApp) dbtApp.appId = DBT_APP_ID;
  if (c1App) c1App.appId = C1_APP_ID;
}

async function entraFindings(
  change: (spec: ReturnType<typeof scenario>) => void = () => {},
  base: 'healthy' | 'drifted' = 'healthy',
  removeUnwanted = false,
): Promise<Finding[]> {
  world = await startWorld(
    scenario(base, (spec) => {
      fixedIds(spec);
      change(spec);
    }),
  );
  return checkEntra(
    { graph: world.graph, requirements: world.requirements, rotation: world.policy.rotation, removeUnwanted },
    quietLog,
  );
}

function dbtApp(spec: ReturnType<typeof scenario>) {
  const app = spec.tenant?.applications?.[0];
  if (!app) throw new Error('the scenario has no dbt app');
  return app;
}

const dbtAppRef = { kind: 'application', appId: DBT_APP_ID, name: 'dbt Cloud' };

describe('Entra app registration check (sandbox)', () => {
  it('finds nothing in the healthy scenario', async () => {
    expect(await entraFindings()).toEqual([]);
  });

  it('ENTRA-APP-NOT-FOUND for a client id the tenant does not have', async () => {
    const missing = '99999999-9999-4999-8999-999999999999';
    const findings = await entraFindings((spec) => {
      spec.policy = { ...spec.policy, integrations: { dbtCloud: { applicationClientId: missing } } };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-APP-NOT-FOUND',
        severity: 'error',
        integration: 'dbtCloud',
        resource: { kind: 'application', appId: missing },
        actual: 'not found',
        fixable: false,
      }),
    ]);
  });

  it('ENTRA-AUDIENCE for a single-tenant app', async () => {
    const findings = await entraFindings((spec) => {
      dbtApp(spec).signInAudience = 'AzureADMyOrg';
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-AUDIENCE',
        severity: 'error',
        integration: 'dbtCloud',
        resource: dbtAppRef,
        expected: 'AzureADMultipleOrgs',
        actual: 'AzureADMyOrg',
        fixable: false,
      }),
    ]);
  });

  it('drifted: ENTRA-REDIRECT-MISSING, ENTRA-PERMISSION-UNWANTED and ENTRA-SECRET-EXPIRING', async () => {
    const findings = await entraFindings(() => {}, 'drifted');
    const host = new URL(world!.sandbox.endpoints.dbtCloud).host;
    const missingUri = `https://${host}/complete/azure_active_directory_service_user`;
    expect(findings.map((f) => f.ruleId)).toEqual([
      'ENTRA-REDIRECT-MISSING',
      'ENTRA-PERMISSION-UNWANTED',
      'ENTRA-SECRET-EXPIRING',
    ]);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      integration: 'dbtCloud',
      resource: dbtAppRef,
      expected: missingUri,
      actual: `https://${host}/complete/azure_active_directory`,
      fixable: true,
    });
    expect(findings[0]!.message).toContain(missingUri);
    expect(findings[1]).toMatchObject({
      severity: 'warning',
      integration: 'dbtCloud',
      resource: dbtAppRef,
      expected: 'not requested: Microsoft Graph User.Read (delegated)',
      // Removing it needs `remediation.removeUnwantedPermissions`: without it, remediate leaves it.
      fixable: false,
    });
    expect(findings[1]!.fix).toContain('remediation.removeUnwantedPermissions: true');
    expect(findings[2]).toMatchObject({
      severity: 'warning',
      integration: 'dbtCloud',
      resource: { kind: 'secret', appId: DBT_APP_ID },
      actual: '10 day(s) left',
      fixable: true,
    });
  });

  it('ENTRA-PERMISSION-UNWANTED is fixable when the policy lets remediate remove it', async () => {
    const findings = await entraFindings(() => {}, 'drifted', true);
    const unwanted = findings.find((f) => f.ruleId === 'ENTRA-PERMISSION-UNWANTED');
    expect(unwanted).toMatchObject({ fixable: true });
    expect(unwanted!.fix).toMatch(/^Run `ado-guard remediate`/);
  });

  it('ENTRA-PERMISSION-MISSING when the app does not request Azure DevOps user_impersonation', async () => {
    const findings = await entraFindings((spec) => {
      dbtApp(spec).requiredResourceAccess = [{ resource: 'azureDevOps', scopes: ['vso.profile'] }];
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-PERMISSION-MISSING',
        severity: 'error',
        integration: 'dbtCloud',
        resource: dbtAppRef,
        expected: 'Azure DevOps user_impersonation (delegated)',
        actual: 'Azure DevOps: vso.profile',
        fixable: true,
      }),
    ]);
  });

  it('ENTRA-CONSENT-MISSING when the delegated scope has no tenant-wide consent (service_user mode)', async () => {
    const findings = await entraFindings((spec) => {
      delete dbtApp(spec).adminConsent;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-CONSENT-MISSING',
        severity: 'error',
        integration: 'dbtCloud',
        resource: dbtAppRef,
        expected: 'admin consent granted: Azure DevOps user_impersonation (delegated, for all users)',
        fixable: false,
      }),
    ]);
  });

  it('no consent is required of dbt Cloud in service_principal mode', async () => {
    const findings = await entraFindings((spec) => {
      delete dbtApp(spec).adminConsent;
      spec.policy = {
        ...spec.policy,
        integrations: { dbtCloud: { authenticationMethod: 'service_principal' } },
      };
      if (spec.dbtCloud?.azureAdApplication)
        spec.dbtCloud.azureAdApplication.authenticationMethod = 'service_principal';
    });
    expect(findings).toEqual([]);
  });

  it('ENTRA-SECRET-NONE for an app without client secrets', async () => {
    const findings = await entraFindings((spec) => {
      dbtApp(spec).passwordCredentials = [];
      spec.dbtCloud!.azureAdApplication = { ...spec.dbtCloud!.azureAdApplication, secret: 'invalid' };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-SECRET-NONE',
        severity: 'error',
        integration: 'dbtCloud',
        resource: dbtAppRef,
        fixable: false,
      }),
    ]);
  });

  it('ENTRA-SECRET-EXPIRED when every secret has expired', async () => {
    const findings = await entraFindings((spec) => {
      dbtApp(spec).passwordCredentials = [
        { displayName: 'old', createdDaysAgo: 400, expiresInDays: -30 },
        { displayName: 'older', createdDaysAgo: 800, expiresInDays: -5 },
      ];
      spec.dbtCloud!.azureAdApplication = { ...spec.dbtCloud!.azureAdApplication, secret: 'invalid' };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-SECRET-EXPIRED',
        severity: 'error',
        integration: 'dbtCloud',
        resource: expect.objectContaining({ kind: 'secret', appId: DBT_APP_ID }),
        fixable: false,
      }),
    ]);
    expect(findings[0]!.actual).toMatch(/^2 expired secret\(s\)/);
  });

  it('no secret finding while the newest secret has more than rotation.minRemainingDays left', async () => {
    const findings = await entraFindings((spec) => {
      dbtApp(spec).passwordCredentials = [
        { displayName: 'expired', createdDaysAgo: 400, expiresInDays: -30 },
        { displayName: 'current', createdDaysAgo: 10, expiresInDays: 31 },
      ];
    });
    expect(findings).toEqual([]);
  });

  it('ENTRA-SERVICE-USER-MFA when the service user has per-user MFA enforced', async () => {
    const findings = await entraFindings((spec) => {
      const user = spec.tenant?.users?.[0];
      if (user) user.perUserMfaState = 'enforced';
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-SERVICE-USER-MFA',
        severity: 'error',
        integration: 'dbtCloud',
        resource: { kind: 'identity', name: 'dbt-svc@contoso.com' },
        actual: 'perUserMfaState enforced',
      }),
    ]);
  });

  it('CHECK-SKIPPED (not a pass) when the service user is not in the tenant', async () => {
    const findings = await entraFindings((spec) => {
      spec.policy = { ...spec.policy, serviceUser: 'someone-else@contoso.com' };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'dbtCloud',
        resource: { kind: 'check', name: 'entra.serviceUserMfa' },
        actual: 'user not found',
      }),
    ]);
  });

  it('ENTRA-SERVICE-USER-MFA (warning) when security defaults are on', async () => {
    const findings = await entraFindings((spec) => {
      spec.tenant!.securityDefaultsEnabled = true;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-SERVICE-USER-MFA',
        severity: 'warning',
        resource: { kind: 'tenant', name: 'security defaults' },
      }),
    ]);
  });

  it('CHECK-SKIPPED naming Policy.Read.All when the automation app lacks it', async () => {
    const findings = await entraFindings((spec) => {
      spec.tenant!.automation = { graphRoles: ['Application.ReadWrite.OwnedBy', 'Application.Read.All'] };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'dbtCloud',
        resource: { kind: 'check', name: 'entra.serviceUserMfa' },
      }),
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        resource: { kind: 'check', name: 'entra.securityDefaults' },
      }),
    ]);
    for (const finding of findings) expect(finding.message).toContain('Policy.Read.All');
  });

  it('CHECK-SKIPPED when the app cannot be read at all (no Application.Read.All, not an owner)', async () => {
    const findings = await entraFindings((spec) => {
      spec.tenant!.automation = { graphRoles: ['Application.ReadWrite.OwnedBy', 'Policy.Read.All'] };
      dbtApp(spec).ownedByAutomation = false;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'dbtCloud',
        resource: { kind: 'check', appId: DBT_APP_ID, name: 'entra.application' },
      }),
      // The ConductorOne app is owned, so it is read; its consent needs Application.Read.All.
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'conductorOne',
        resource: { kind: 'check', appId: C1_APP_ID, name: 'entra.consent' },
      }),
    ]);
    for (const finding of findings) expect(finding.message).toContain('Application.Read.All');
  });
});

describe('an app shared by dbt Cloud and ConductorOne', () => {
  function shared(spec: ReturnType<typeof scenario>, entraGroupProvisioning: boolean): void {
    spec.policy = {
      ...spec.policy,
      integrations: {
        conductorOne: {
          tenantUrl: 'https://acme.conductor.one',
          appId: 'c1-app',
          connectorId: 'c1-connector',
          mode: 'oauth',
          access: 'sync',
          entraGroupProvisioning,
          applicationClientId: DBT_APP_ID,
        },
      },
    };
  }

  it('is read once and reports what each integration lacks, attributed to it', async () => {
    const findings = await entraFindings((spec) => shared(spec, false));
    expect(world!.requirements.apps).toHaveLength(1);
    const applicationReads = world!.sandbox.world.log
      .list()
      .filter((entry) => entry.service === 'graph' && entry.path.includes('applications(appId='));
    expect(applicationReads).toHaveLength(1);
    expect(findings.map((f) => [f.ruleId, f.integration])).toEqual([
      ['ENTRA-REDIRECT-MISSING', 'conductorOne'],
      ['ENTRA-PERMISSION-MISSING', 'conductorOne'],
      ['ENTRA-CONSENT-MISSING', 'conductorOne'],
    ]);
    expect(findings[0]!.expected).toBe('https://accounts.conductor.one/oauth/callback');
    expect(findings[1]!.expected).toBe(
      'Azure DevOps vso.profile (delegated), Azure DevOps vso.graph (delegated)',
    );
    expect(findings[2]!.expected).toBe(
      'admin consent granted: Azure DevOps vso.profile (delegated, for all users), Azure DevOps vso.graph (delegated, for all users)',
    );
  });

  it('ENTRA-CONSENT-MISSING for GroupMember.ReadWrite.All declared but not admin-consented', async () => {
    const findings = await entraFindings((spec) => {
      shared(spec, true);
      const app = dbtApp(spec);
      app.web = {
        redirectUris: [...(app.web?.redirectUris ?? []), 'https://accounts.conductor.one/oauth/callback'],
      };
      app.requiredResourceAccess = [
        { resource: 'azureDevOps', scopes: ['user_impersonation', 'vso.profile', 'vso.graph'] },
        { resource: 'graph', roles: ['GroupMember.ReadWrite.All'] },
      ];
      app.adminConsent = { azureDevOps: ['user_impersonation', 'vso.profile', 'vso.graph'] };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'ENTRA-CONSENT-MISSING',
        severity: 'error',
        integration: 'conductorOne',
        resource: dbtAppRef,
        expected: 'admin consent granted: Microsoft Graph GroupMember.ReadWrite.All (application)',
      }),
    ]);
  });

  it('finds nothing once the shared app serves both and the role is consented', async () => {
    const findings = await entraFindings((spec) => {
      shared(spec, true);
      const app = dbtApp(spec);
      app.web = {
        redirectUris: [...(app.web?.redirectUris ?? []), 'https://accounts.conductor.one/oauth/callback'],
      };
      app.requiredResourceAccess = [
        { resource: 'azureDevOps', scopes: ['user_impersonation', 'vso.profile', 'vso.graph'] },
        { resource: 'graph', roles: ['GroupMember.ReadWrite.All'] },
      ];
      app.adminConsent = {
        azureDevOps: ['user_impersonation', 'vso.profile', 'vso.graph'],
        graphRoles: ['GroupMember.ReadWrite.All'],
      };
    });
    expect(findings).toEqual([]);
  });
});

describe('checks run separately', () => {
  it('checkAppRegistrations and checkServiceUserMfa split checkEntra', async () => {
    world = await startWorld(
      scenario('healthy', (spec) => {
        fixedIds(spec);
        const user = spec.tenant?.users?.[0];
        if (user) user.perUserMfaState = 'enabled';
        dbtApp(spec).signInAudience = 'AzureADMyOrg';
      }),
    );
    const apps = await checkAppRegistrations(
      { graph: world.graph, requirements: world.requirements, rotation: world.policy.rotation },
      quietLog,
    );
    const mfa = await checkServiceUserMfa({ graph: world.graph, requirements: world.requirements }, quietLog);
    expect(apps.map((f) => f.ruleId)).toEqual(['ENTRA-AUDIENCE']);
    expect(mfa.map((f) => [f.ruleId, f.actual])).toEqual([
      ['ENTRA-SERVICE-USER-MFA', 'perUserMfaState enabled'],
    ]);
  });
});
