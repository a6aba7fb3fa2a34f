/**
 * One end-to-end test per verify rule id (DESIGN.md §5): the shipped CLI bundle runs `verify --format json`
 * against a sandbox whose scenario is the built-in `healthy` one with one precise change (or whose policy file
 * has one edit), and the report must hold exactly the expected findings and nothing else. Every report is checked
 * against schema/report.schema.json and scanned for the sandbox's secrets (verify-harness.ts). Last, the
 * `drifted` verify runs through the action and task bundles and must give the CLI's JSON and annotations.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Finding, RuleId, Severity } from '../../src/core/findings.js';
import type { Report } from '../../src/core/report.js';
import { CREDENTIAL_ENV } from '../../src/platform/inputs.js';
import type { ScenarioSpec } from '../../src/sandbox/index.js';
import { azureOutputs, baseEnv, BUNDLES, githubFiles, hasStackTrace, runBundle } from './run-bundle.js';
import { brief, healthyWith, SandboxRun, stable, validateReport, withSandbox } from './verify-harness.js';

const ORG = 'contoso';
const SVC = 'dbt-svc@contoso.com';
const GIT_NS = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

type Brief = ReturnType<typeof brief>[number];

/** The report holds exactly `expected` (in order), and its summary and status agree with them. */
function expectExactly(report: Report, expected: Brief[]): void {
  expect(brief(report.findings)).toEqual(expected);
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of expected) summary[finding.severity] += 1;
  expect(report.summary).toEqual(summary);
  expect(report.status).toBe(summary.error + summary.warning > 0 ? 'drift' : 'pass');
  expect(report.command).toBe('verify');
}

function only(report: Report, ruleId: RuleId): Finding {
  const finding = report.findings.find((f) => f.ruleId === ruleId);
  if (!finding) throw new Error(`the report has no ${ruleId} finding`);
  return finding;
}

const dbtApp = (spec: ScenarioSpec) => {
  const app = spec.tenant?.applications?.find((a) => a.displayName === 'dbt Cloud');
  if (!app) throw new Error('the healthy scenario has no dbt Cloud app');
  return app;
};
const c1Connector = (spec: ScenarioSpec) => {
  const connector = spec.conductorOne?.apps?.[0]?.connectors?.[0];
  if (!connector) throw new Error('the healthy scenario has no ConductorOne connector');
  return connector;
};
const dbtRecord = (spec: ScenarioSpec) => {
  const record = spec.dbtCloud?.azureAdApplication;
  if (!record) throw new Error('the healthy scenario has no dbt Cloud integration record');
  return record;
};

/** Starts a sandbox on `healthy` with `change`, runs verify once, hands over the run and its report. */
async function verifyScenario(
  change: (spec: ScenarioSpec) => void,
  body: (run: SandboxRun, report: Report) => void | Promise<void>,
  env?: (run: SandboxRun) => Record<string, string>,
): Promise<void> {
  await withSandbox(healthyWith(change), async (run) => {
    const { result, report } = await run.verify(env ? { env: env(run) } : {});
    expect(result.code).toBe(0); // --fail-on never: the run itself worked
    await body(run, report);
  });
}

describe('verify through the CLI bundle on the healthy sandbox, policy edits', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await SandboxRun.start('healthy');
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('healthy: no findings, status pass, exit 0 with the default --fail-on', async () => {
    const { result, report } = await run.verify({ failOn: 'default' });
    expect(result.code).toBe(0);
    expectExactly(report, []);
    expect(report.requests.total).toBeGreaterThan(0);
  });

  it('exit codes follow --fail-on: a warning-only drift exits 0 with error and 1 with warning', async () => {
    const defender = (policy: ReturnType<SandboxRun['policy']>) => {
      policy.integrations.defenderForCloud = {};
    };
    const onError = await run.verify({ editPolicy: defender, failOn: 'error' });
    expect(onError.report.summary).toEqual({ error: 0, warning: 1, info: 0 });
    expect(onError.result.code).toBe(0);
    const byDefault = await run.verify({ editPolicy: defender, failOn: 'default' });
    expect(byDefault.result.code).toBe(0);
    const onWarning = await run.verify({ editPolicy: defender, failOn: 'warning' });
    expect(onWarning.report.summary).toEqual({ error: 0, warning: 1, info: 0 });
    expect(onWarning.result.code).toBe(1);
    const onInfo = await run.verify({ editPolicy: defender, failOn: 'info' });
    expect(onInfo.result.code).toBe(1);
    // An info-only report (CHECK-SKIPPED) stays under --fail-on warning: covered with CHECK-SKIPPED below.
  });

  it('ADO-ORG-TENANT-MISMATCH: the policy names another tenant than the organization is connected to', async () => {
    const tenant = run.policy().tenantId;
    const { report } = await run.verify({
      editPolicy: (policy) => {
        policy.tenantId = OTHER_TENANT;
      },
    });
    // The service user is looked up in the policy's tenant, so it is not found there either.
    expectExactly(report, [
      {
        ruleId: 'ADO-ORG-TENANT-MISMATCH',
        severity: 'error',
        integration: 'general',
        resource: { kind: 'organization', organization: ORG },
      },
      {
        ruleId: 'ADO-IDENTITY-NOT-FOUND',
        severity: 'error',
        integration: 'general',
        resource: { kind: 'identity', organization: ORG, name: SVC },
      },
    ]);
    expect(only(report, 'ADO-ORG-TENANT-MISMATCH')).toMatchObject({
      message: `Organization ${ORG} is connected to tenant ${tenant}, not to the policy's tenantId.`,
      expected: OTHER_TENANT,
      actual: tenant,
      fixable: false,
    });
    expect(only(report, 'ADO-ORG-TENANT-MISMATCH').fix).toContain('`tenantId`');
    expect(only(report, 'ADO-IDENTITY-NOT-FOUND')).toMatchObject({
      expected: `one active identity ${SVC} in tenant ${OTHER_TENANT}`,
      actual: `${SVC} (active, tenant ${tenant})`,
    });
  });

  it('ADO-ORG-OAUTH-DISABLED: the policy adds defenderForCloud; third-party OAuth was never turned on', async () => {
    const { report } = await run.verify({
      editPolicy: (policy) => {
        policy.integrations.defenderForCloud = {};
      },
    });
    expectExactly(report, [
      {
        ruleId: 'ADO-ORG-OAUTH-DISABLED',
        severity: 'warning',
        integration: 'defenderForCloud',
        resource: { kind: 'organization', organization: ORG },
      },
    ]);
    expect(report.findings[0]).toMatchObject({
      expected: 'on (Policy.DisallowOAuthAuthentication false)',
      actual: 'off (never set; the default)',
      fixable: false,
    });
    expect(report.findings[0]!.message).toContain('Third-party application access via OAuth');
    expect(report.findings[0]!.fix).toContain('Organization settings → Policies');
  });

  it('ENTRA-APP-NOT-FOUND: the policy names an application client id the tenant does not have', async () => {
    const missing = '99999999-9999-4999-8999-999999999999';
    const { report } = await run.verify({
      editPolicy: (policy) => {
        policy.integrations.dbtCloud.applicationClientId = missing;
      },
    });
    expectExactly(report, [
      {
        ruleId: 'ENTRA-APP-NOT-FOUND',
        severity: 'error',
        integration: 'dbtCloud',
        resource: { kind: 'application', appId: missing },
      },
    ]);
    expect(report.findings[0]).toMatchObject({
      message: `No Entra app with application (client) id ${missing} exists in the tenant (used by dbt Cloud).`,
      expected: `an app registration with appId ${missing}`,
      actual: 'not found',
      fixable: false,
    });
    expect(report.findings[0]!.fix).toContain('applicationClientId');
  });

  it('C1-CONNECTOR-MISSING: the policy names a connector the ConductorOne app does not have', async () => {
    const { report } = await run.verify({
      editPolicy: (policy) => {
        policy.integrations.conductorOne.connectorId = 'no-such-connector';
      },
    });
    expectExactly(report, [
      {
        ruleId: 'C1-CONNECTOR-MISSING',
        severity: 'error',
        integration: 'conductorOne',
        resource: { kind: 'c1Connector', name: 'no-such-connector' },
      },
    ]);
    expect(report.findings[0]).toMatchObject({
      message: `ConductorOne app ${run.policy().integrations.conductorOne.appId} has no connector no-such-connector.`,
      actual: 'not found',
      fixable: false,
    });
    expect(report.findings[0]!.fix).toContain('connectorId');
  });
});

describe('verify through the CLI bundle, one change of the healthy scenario per rule', () => {
  it('ADO-IDENTITY-NOT-FOUND: the service user is deactivated in the organization', async () => {
    await verifyScenario(
      (spec) => {
        const user = spec.azureDevOps.users?.find((u) => u.upn === SVC);
        if (!user) throw new Error('no service user');
        user.active = false;
      },
      (run, report) => {
        const tenant = run.policy().tenantId;
        expectExactly(report, [
          {
            ruleId: 'ADO-IDENTITY-NOT-FOUND',
            severity: 'error',
            integration: 'general',
            resource: { kind: 'identity', organization: ORG, name: SVC },
          },
        ]);
        expect(report.findings[0]).toMatchObject({
          message: `Service user ${SVC} has no active identity in tenant ${tenant}; candidates: ${SVC} (inactive, tenant ${tenant}).`,
          expected: `one active identity ${SVC} in tenant ${tenant}`,
          actual: `${SVC} (inactive, tenant ${tenant})`,
          fixable: false,
        });
        expect(report.findings[0]!.fix).toContain('`serviceUser`');
      },
    );
  });

  it('ADO-PERMISSION-MISSING: the Git grant on project Marketing is gone', async () => {
    await verifyScenario(
      (spec) => {
        spec.azureDevOps.acls = spec.azureDevOps.acls?.filter((acl) => acl.token !== 'repoV2/{Marketing}');
      },
      (run, report) => {
        const token = run.repoToken('Marketing', 'marketing-dbt');
        expectExactly(report, [
          {
            ruleId: 'ADO-PERMISSION-MISSING',
            severity: 'error',
            integration: 'dbtCloud',
            resource: {
              kind: 'repository',
              organization: ORG,
              project: 'Marketing',
              repository: 'marketing-dbt',
              token,
              namespaceId: GIT_NS,
            },
          },
        ]);
        expect(report.findings[0]).toMatchObject({
          message: `${SVC} lacks GenericContribute, PullRequestContribute in Git Repositories on repository Marketing/marketing-dbt.`,
          expected: 'GenericContribute, PullRequestContribute',
          actual: 'none',
          fixable: true,
          fix: `Run \`ado-guard remediate\`, or allow GenericContribute, PullRequestContribute for ${SVC} in Git Repositories on ${token}.`,
          permissions: [
            { name: 'GenericContribute', bit: 4, state: 'missing' },
            { name: 'PullRequestContribute', bit: 16384, state: 'missing' },
          ],
        });
      },
    );
  });

  it("ADO-PERMISSION-DENIED (own deny): the service user's own ACE denies GenericContribute on one repository", async () => {
    await verifyScenario(
      (spec) => {
        spec.azureDevOps.acls?.push({
          namespace: 'Git Repositories',
          token: 'repoV2/{Finance}/{finance-seeds}',
          aces: [{ identity: SVC, deny: ['GenericContribute'] }],
        });
      },
      (run, report) => {
        const token = run.repoToken('Finance', 'finance-seeds');
        expectExactly(report, [
          {
            ruleId: 'ADO-PERMISSION-DENIED',
            severity: 'error',
            integration: 'dbtCloud',
            resource: {
              kind: 'repository',
              organization: ORG,
              project: 'Finance',
              repository: 'finance-seeds',
              token,
              namespaceId: GIT_NS,
            },
          },
        ]);
        expect(report.findings[0]).toMatchObject({
          message: `${SVC} is denied GenericContribute in Git Repositories on repository Finance/finance-seeds.`,
          expected: 'GenericContribute, PullRequestContribute',
          actual: 'PullRequestContribute',
          fixable: false,
          permissions: [
            { name: 'GenericContribute', bit: 4, state: 'denied', deniedBy: `own ACE at ${token}` },
          ],
        });
        expect(report.findings[0]!.fix).toContain('`remediation.removeExplicitDeny: true`');
      },
    );
  });

  it('ADO-PERMISSION-DENIED (group deny): a group the service user is in denies PullRequestContribute', async () => {
    // The service user is a direct member of [Finance]\Readers in the healthy scenario.
    await verifyScenario(
      (spec) => {
        spec.azureDevOps.acls?.push({
          namespace: 'Git Repositories',
          token: 'repoV2/{Finance}/{finance-dbt}',
          aces: [{ identity: '[Finance]\\Readers', deny: ['PullRequestContribute'] }],
        });
      },
      (run, report) => {
        const token = run.repoToken('Finance', 'finance-dbt');
        const source = `[Finance]\\Readers at ${token}`;
        expectExactly(report, [
          {
            ruleId: 'ADO-PERMISSION-DENIED',
            severity: 'error',
            integration: 'dbtCloud',
            resource: {
              kind: 'repository',
              organization: ORG,
              project: 'Finance',
              repository: 'finance-dbt',
              token,
              namespaceId: GIT_NS,
            },
          },
        ]);
        expect(report.findings[0]).toMatchObject({
          message: `${SVC} is denied PullRequestContribute in Git Repositories on repository Finance/finance-dbt.`,
          expected: 'GenericContribute, PullRequestContribute',
          actual: 'GenericContribute',
          fixable: false,
          permissions: [{ name: 'PullRequestContribute', bit: 16384, state: 'denied', deniedBy: source }],
        });
        expect(report.findings[0]!.fix).toContain(`A group deny blocks it (${source})`);
      },
    );
  });

  it('ADO-READER-MISSING: the service user is not in the Readers group of project Marketing', async () => {
    await verifyScenario(
      (spec) => {
        spec.azureDevOps.groups = spec.azureDevOps.groups?.filter(
          (g) => !(g.name === 'Readers' && g.project === 'Marketing'),
        );
      },
      (_run, report) => {
        const group = '[Marketing]\\Readers';
        expectExactly(report, [
          {
            ruleId: 'ADO-READER-MISSING',
            severity: 'error',
            integration: 'dbtCloud',
            resource: { kind: 'project', organization: ORG, project: 'Marketing', name: group },
          },
        ]);
        expect(report.findings[0]).toMatchObject({
          message: `${SVC} is not a member of ${group} (directly or through a group), nor of a higher project group.`,
          expected: `member of ${group} or higher`,
          actual: 'not a member',
          fixable: true,
          permissions: [{ name: 'Readers', state: 'missing' }],
        });
        expect(report.findings[0]!.fix).toContain(`add ${SVC} to ${group}`);
      },
    );
  });

  it('ADO-ORG-NOT-ENTRA-BACKED: the organization is backed by Microsoft accounts (read with a PAT)', async () => {
    // An MSA-backed organization refuses every Entra token, so ado-guard reaches it with a PAT of its own
    // identity (AZURE_DEVOPS_TOKEN); the healthy scenario with that PAT alone verifies clean.
    const withPat = (spec: ScenarioSpec) => {
      spec.azureDevOps.pats = [{ identity: '$automation', name: 'automation' }];
    };
    const patEnv = (run: SandboxRun) => {
      const pat = run.sandbox.world.ado.patValues().automation;
      if (!pat) throw new Error('the sandbox made no PAT');
      return { AZURE_DEVOPS_TOKEN: pat };
    };
    await verifyScenario(withPat, (_run, report) => expectExactly(report, []), patEnv);
    await verifyScenario(
      (spec) => {
        withPat(spec);
        spec.azureDevOps.tenantId = null;
      },
      (run, report) => {
        const tenant = run.policy().tenantId;
        // Its identities are Microsoft accounts, so the service user has no identity of the tenant either.
        expectExactly(report, [
          {
            ruleId: 'ADO-ORG-NOT-ENTRA-BACKED',
            severity: 'error',
            integration: 'general',
            resource: { kind: 'organization', organization: ORG },
          },
          {
            ruleId: 'ADO-IDENTITY-NOT-FOUND',
            severity: 'error',
            integration: 'general',
            resource: { kind: 'identity', organization: ORG, name: SVC },
          },
        ]);
        expect(only(report, 'ADO-ORG-NOT-ENTRA-BACKED')).toMatchObject({
          message: `Organization ${ORG} is not connected to Microsoft Entra ID (it is backed by Microsoft accounts).`,
          expected: `connected to tenant ${tenant}`,
          actual: 'not connected',
          fixable: false,
        });
        expect(only(report, 'ADO-ORG-NOT-ENTRA-BACKED').fix).toContain(
          'Organization settings → Microsoft Entra',
        );
        expect(only(report, 'ADO-IDENTITY-NOT-FOUND').actual).toBe(`${SVC} (active, tenant Windows Live ID)`);
      },
      patEnv,
    );
  });

  describe('an organization not connected to the tenant refuses its token: the finding, not exit 3', () => {
    /** What ado-guard reports instead of the Azure DevOps checks the organization refused. */
    const refused = {
      ruleId: 'CHECK-SKIPPED' as const,
      severity: 'info' as const,
      integration: 'general' as const,
      resource: { kind: 'check' as const, organization: ORG, name: 'azureDevOps.serviceUser' },
    };

    it('ADO-ORG-TENANT-MISMATCH: the organization is connected to another tenant', async () => {
      await verifyScenario(
        (spec) => {
          spec.azureDevOps.tenantId = OTHER_TENANT;
        },
        async (run, report) => {
          const tenant = run.policy().tenantId;
          expectExactly(report, [
            {
              ruleId: 'ADO-ORG-TENANT-MISMATCH',
              severity: 'error',
              integration: 'general',
              resource: { kind: 'organization', organization: ORG },
            },
            refused,
          ]);
          expect(only(report, 'ADO-ORG-TENANT-MISMATCH')).toMatchObject({
            message: `Organization ${ORG} is connected to tenant ${OTHER_TENANT}, not to the policy's tenantId.`,
            expected: tenant,
            actual: OTHER_TENANT,
          });
          expect(only(report, 'CHECK-SKIPPED')).toMatchObject({
            actual: 'authentication refused (HTTP 401)',
            fix: 'Resolve ADO-ORG-TENANT-MISMATCH first, then run verify again.',
          });
          expect(only(report, 'CHECK-SKIPPED').message).toContain(`not connected to tenant ${tenant}`);
          const failing = await run.verify({ failOn: 'default' });
          expect(failing.result.code).toBe(1);
        },
      );
    });

    it('ADO-ORG-NOT-ENTRA-BACKED: the organization is backed by Microsoft accounts', async () => {
      await verifyScenario(
        (spec) => {
          spec.azureDevOps.tenantId = null;
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ADO-ORG-NOT-ENTRA-BACKED',
              severity: 'error',
              integration: 'general',
              resource: { kind: 'organization', organization: ORG },
            },
            refused,
          ]);
          expect(only(report, 'ADO-ORG-NOT-ENTRA-BACKED')).toMatchObject({
            expected: `connected to tenant ${run.policy().tenantId}`,
            actual: 'not connected',
          });
          expect(only(report, 'CHECK-SKIPPED').fix).toBe(
            'Resolve ADO-ORG-NOT-ENTRA-BACKED first, then run verify again.',
          );
        },
      );
    });
  });

  describe('the dbt Cloud app registration', () => {
    const appResource = (run: SandboxRun) => ({
      kind: 'application' as const,
      appId: run.policy().integrations.dbtCloud.applicationClientId,
      name: 'dbt Cloud',
    });

    it('ENTRA-AUDIENCE: the app is single-tenant', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).signInAudience = 'AzureADMyOrg';
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-AUDIENCE',
              severity: 'error',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'AzureADMultipleOrgs',
            actual: 'AzureADMyOrg',
            fixable: false,
          });
          expect(report.findings[0]!.message).toContain('is not multitenant');
          expect(report.findings[0]!.fix).toContain('Supported account types');
        },
      );
    });

    it('ENTRA-REDIRECT-MISSING: the service-user redirect URI is gone', async () => {
      await verifyScenario(
        (spec) => {
          const web = dbtApp(spec).web!;
          web.redirectUris = web.redirectUris?.filter((uri) => !uri.endsWith('_service_user'));
        },
        (run, report) => {
          const host = new URL(run.sandbox.endpoints.dbtCloud).host;
          const missing = `https://${host}/complete/azure_active_directory_service_user`;
          expectExactly(report, [
            {
              ruleId: 'ENTRA-REDIRECT-MISSING',
              severity: 'error',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: missing,
            actual: `https://${host}/complete/azure_active_directory`,
            fixable: true,
          });
          expect(report.findings[0]!.message).toContain(missing);
          expect(report.findings[0]!.fix).toContain('Redirect URIs');
        },
      );
    });

    it('ENTRA-PERMISSION-MISSING: the app requests vso.profile instead of user_impersonation', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).requiredResourceAccess = [{ resource: 'azureDevOps', scopes: ['vso.profile'] }];
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-PERMISSION-MISSING',
              severity: 'error',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'Azure DevOps user_impersonation (delegated)',
            actual: 'Azure DevOps: vso.profile',
            fixable: true,
          });
          expect(report.findings[0]!.message).toContain(
            'does not request Azure DevOps user_impersonation (delegated), which dbt Cloud needs',
          );
        },
      );
    });

    it('ENTRA-PERMISSION-UNWANTED: the app still requests Graph User.Read', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).requiredResourceAccess?.push({ resource: 'graph', scopes: ['User.Read'] });
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-PERMISSION-UNWANTED',
              severity: 'warning',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'not requested: Microsoft Graph User.Read (delegated)',
            actual: 'requested: Microsoft Graph User.Read (delegated)',
            // remediate removes it only with `remediation.removeUnwantedPermissions: true`.
            fixable: false,
          });
          expect(report.findings[0]!.message).toContain('requests Microsoft Graph User.Read (delegated)');
        },
      );
    });

    it('ENTRA-CONSENT-MISSING: no tenant-wide admin consent for user_impersonation', async () => {
      await verifyScenario(
        (spec) => {
          delete dbtApp(spec).adminConsent;
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-CONSENT-MISSING',
              severity: 'error',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message:
              'Admin consent is missing for Azure DevOps user_impersonation (delegated, for all users) on app dbt Cloud.',
            expected: 'admin consent granted: Azure DevOps user_impersonation (delegated, for all users)',
            actual: 'not consented',
            fixable: false,
          });
          expect(report.findings[0]!.fix).toContain('Grant admin consent');
        },
      );
    });

    it('ENTRA-SECRET-NONE: the app has no client secret', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).passwordCredentials = [];
          // The scenario's dbt record must then hold some other secret: an invalid one.
          dbtRecord(spec).secret = 'invalid';
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-SECRET-NONE',
              severity: 'error',
              integration: 'dbtCloud',
              resource: appResource(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'at least one valid client secret',
            actual: 'no client secrets',
            fixable: false,
          });
          expect(report.findings[0]!.message).toContain('has no client secret; dbt Cloud cannot sign in');
          expect(report.findings[0]!.fix).toContain('`ado-guard rotate`');
        },
      );
    });

    it('ENTRA-SECRET-EXPIRING: the only client secret expires in 10 days', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).passwordCredentials![0]!.expiresInDays = 10;
        },
        (run, report) => {
          const { appId } = appResource(run);
          const [keyId] = run.secretKeyIds(appId);
          expectExactly(report, [
            {
              ruleId: 'ENTRA-SECRET-EXPIRING',
              severity: 'warning',
              integration: 'dbtCloud',
              resource: { kind: 'secret', appId, name: keyId },
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'at least 30 days before expiry (rotation.minRemainingDays)',
            actual: '10 day(s) left',
            fixable: true,
            fix: 'Run `ado-guard rotate`.',
          });
          expect(report.findings[0]!.message).toMatch(/expires on \d{4}-\d{2}-\d{2}, in 10 day\(s\)\.$/);
        },
      );
    });

    it('ENTRA-SECRET-EXPIRED: the only client secret expired 5 days ago', async () => {
      await verifyScenario(
        (spec) => {
          dbtApp(spec).passwordCredentials![0]!.expiresInDays = -5;
        },
        (run, report) => {
          const { appId } = appResource(run);
          const [keyId] = run.secretKeyIds(appId);
          expectExactly(report, [
            {
              ruleId: 'ENTRA-SECRET-EXPIRED',
              severity: 'error',
              integration: 'dbtCloud',
              resource: { kind: 'secret', appId, name: keyId },
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'a client secret that has not expired',
            fixable: false,
          });
          expect(report.findings[0]!.actual).toMatch(
            /^1 expired secret\(s\), newest expired \d{4}-\d{2}-\d{2}$/,
          );
          expect(report.findings[0]!.message).toContain('has expired');
          expect(report.findings[0]!.fix).toContain('`ado-guard rotate`');
        },
      );
    });

    it('ENTRA-SERVICE-USER-MFA: per-user MFA is enforced on the service user', async () => {
      await verifyScenario(
        (spec) => {
          const user = spec.tenant?.users?.find((u) => u.userPrincipalName === SVC);
          if (!user) throw new Error('no service user in the tenant');
          user.perUserMfaState = 'enforced';
        },
        (_run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-SERVICE-USER-MFA',
              severity: 'error',
              integration: 'dbtCloud',
              resource: { kind: 'identity', name: SVC },
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: 'perUserMfaState disabled',
            actual: 'perUserMfaState enforced',
            fixable: false,
          });
          expect(report.findings[0]!.message).toContain(`${SVC} has per-user MFA enforced`);
          expect(report.findings[0]!.fix).toContain('Per-user MFA');
        },
      );
    });
    it('ENTRA-SERVICE-USER-MFA (warning): the tenant has security defaults on', async () => {
      await verifyScenario(
        (spec) => {
          spec.tenant!.securityDefaultsEnabled = true;
        },
        (_run, report) => {
          expectExactly(report, [
            {
              ruleId: 'ENTRA-SERVICE-USER-MFA',
              severity: 'warning',
              integration: 'dbtCloud',
              resource: { kind: 'tenant', name: 'security defaults' },
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message: `Security defaults are on in the tenant: the service user ${SVC} can be required to register and use MFA.`,
            expected: 'security defaults off (dbt Cloud service_user mode)',
            actual: 'security defaults on',
            fixable: false,
          });
        },
      );
    });
  });

  describe('dbt Cloud', () => {
    const account = { kind: 'dbtAccount' as const, name: '12345' };

    it('DBT-INTEGRATION-MISSING: the account has no Azure DevOps integration', async () => {
      await verifyScenario(
        (spec) => {
          spec.dbtCloud!.azureAdApplication = null;
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'DBT-INTEGRATION-MISSING',
              severity: 'error',
              integration: 'dbtCloud',
              resource: account,
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message: 'dbt Cloud account 12345 has no Azure DevOps integration (no Entra app is configured).',
            expected: `an integration for organization ${ORG} with app ${run.policy().integrations.dbtCloud.applicationClientId}`,
            actual: 'none',
            fixable: false,
          });
        },
      );
    });

    it('DBT-ORGANIZATION-MISMATCH: the integration holds the organization URL instead of its name', async () => {
      await verifyScenario(
        (spec) => {
          dbtRecord(spec).organizationName = 'https://dev.azure.com/contoso';
        },
        (_run, report) => {
          expectExactly(report, [
            {
              ruleId: 'DBT-ORGANIZATION-MISMATCH',
              severity: 'error',
              integration: 'dbtCloud',
              resource: account,
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            expected: ORG,
            actual: 'https://dev.azure.com/contoso',
            fixable: false,
          });
          expect(report.findings[0]!.message).toContain('the organization name, not its URL');
          expect(report.findings[0]!.fix).toContain(`set the organization to "${ORG}"`);
        },
      );
    });

    it('DBT-SERVICE-USER-STALE (warning): the newest run is 80 days old', async () => {
      await verifyScenario(
        (spec) => {
          spec.dbtCloud!.runs = [{ createdDaysAgo: 80 }];
        },
        (_run, report) => {
          expectExactly(report, [
            {
              ruleId: 'DBT-SERVICE-USER-STALE',
              severity: 'warning',
              integration: 'dbtCloud',
              resource: account,
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message:
              "The newest dbt Cloud run is 80 days old; at 90 days dbt Cloud stops refreshing the service user's sign-in.",
            expected: 'a run within the last 75 days',
            fixable: false,
          });
          expect(report.findings[0]!.actual).toMatch(/\(80 days ago\)$/);
        },
      );
    });

    it('DBT-SERVICE-USER-STALE (error): the newest run is 95 days old', async () => {
      await verifyScenario(
        (spec) => {
          spec.dbtCloud!.runs = [{ createdDaysAgo: 95 }];
        },
        (_run, report) => {
          expectExactly(report, [
            {
              ruleId: 'DBT-SERVICE-USER-STALE',
              severity: 'error',
              integration: 'dbtCloud',
              resource: account,
            },
          ]);
          expect(report.findings[0]!.message).toContain('95 days old: after 90 days without runs');
          expect(report.findings[0]!.actual).toMatch(/\(95 days ago\)$/);
          expect(report.findings[0]!.fix).toContain('disconnects and reconnects the service user');
        },
      );
    });
  });

  describe('ConductorOne', () => {
    const connector = (run: SandboxRun) => ({
      kind: 'c1Connector' as const,
      name: run.policy().integrations.conductorOne.connectorId,
    });

    it('C1-CONNECTOR-MODE: the connector uses a PAT where the policy says oauth', async () => {
      await verifyScenario(
        (spec) => {
          c1Connector(spec).mode = 'pat';
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'C1-CONNECTOR-MODE',
              severity: 'error',
              integration: 'conductorOne',
              resource: connector(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message: `ConductorOne connector ${connector(run).name} is set up for a personal access token, but the policy says mode oauth.`,
            expected: 'C1_selected_field_group_name azure_devops_group_oauth',
            actual: 'C1_selected_field_group_name azure_devops_group_pat',
            fixable: false,
          });
        },
      );
    });

    it('C1-CONNECTOR-SYNC-ERROR: the last sync failed, with its error in the message', async () => {
      const lastError = 'AADSTS7000215: Invalid client secret provided.';
      await verifyScenario(
        (spec) => {
          c1Connector(spec).lastSync = { status: 'error', lastError };
        },
        (run, report) => {
          expectExactly(report, [
            {
              ruleId: 'C1-CONNECTOR-SYNC-ERROR',
              severity: 'error',
              integration: 'conductorOne',
              resource: connector(run),
            },
          ]);
          expect(report.findings[0]).toMatchObject({
            message: `The last sync of ConductorOne connector ${connector(run).name} failed (SYNC_STATUS_ERROR): ${lastError}`,
            expected: 'last sync succeeded, syncing enabled',
            actual: 'SYNC_STATUS_ERROR',
            fixable: false,
          });
        },
      );
    });
  });

  it('CHECK-SKIPPED: the automation identity lacks Graph Policy.Read.All (info, status pass, not a failure)', async () => {
    await withSandbox(
      healthyWith((spec) => {
        spec.tenant!.automation = { graphRoles: ['Application.ReadWrite.OwnedBy', 'Application.Read.All'] };
      }),
      async (run) => {
        const { result, report } = await run.verify({ failOn: 'warning' });
        expect(result.code).toBe(0);
        expectExactly(report, [
          {
            ruleId: 'CHECK-SKIPPED',
            severity: 'info',
            integration: 'dbtCloud',
            resource: { kind: 'check', name: 'entra.serviceUserMfa' },
          },
          {
            ruleId: 'CHECK-SKIPPED',
            severity: 'info',
            integration: 'dbtCloud',
            resource: { kind: 'check', name: 'entra.securityDefaults' },
          },
        ]);
        for (const finding of report.findings) {
          expect(finding).toMatchObject({
            expected:
              'the Microsoft Graph application permission Policy.Read.All granted to the automation identity',
            actual: 'permission denied (HTTP 403)',
            fixable: false,
          });
          expect(finding.message).toContain('was not checked: the automation identity lacks');
          expect(finding.fix).toContain('Grant the Microsoft Graph application permission Policy.Read.All');
        }
        const onInfo = await run.verify({ failOn: 'info' });
        expect(onInfo.result.code).toBe(1);
      },
    );
  });
});

describe('the same verify through the action and task bundles', () => {
  /** Credentials as the inputs a workflow or pipeline passes (`INPUT_AZURECLIENTSECRET`, …), not as env. */
  function credentialInputs(run: SandboxRun): Record<string, string> {
    const inputs: Record<string, string> = {};
    for (const [input, env] of Object.entries(CREDENTIAL_ENV)) {
      const value = run.sandbox.env[env];
      if (value !== undefined) inputs[`INPUT_${input.toUpperCase()}`] = value;
    }
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining([
        'INPUT_AZURECLIENTSECRET',
        'INPUT_DBTCLOUDTOKEN',
        'INPUT_CONDUCTORONECLIENTSECRET',
      ]),
    );
    return inputs;
  }

  /**
   * Output without the lines that carry a secret by design: the platforms' masking commands, and the debug line
   * task-lib's getInput writes for every input it reads (`##vso[task.debug]azureClientSecret=…`), before
   * ado-guard can mask the value; on an agent these are masked when the input comes from a secret variable.
   */
  const withoutMaskCommands = (text: string) =>
    text
      .split('\n')
      .filter(
        (line) =>
          !line.startsWith('::add-mask::') &&
          !line.startsWith('##vso[task.setsecret]') &&
          !Object.keys(CREDENTIAL_ENV).some((input) => line.startsWith(`##vso[task.debug]${input}=`)),
      )
      .join('\n');

  it('drifted: the action and the task report the same JSON as the CLI and annotate the policy file', async () => {
    await withSandbox('drifted', async (run) => {
      const policyPath = run.writePolicy();
      const cli = await run.verify({ policyPath });
      const errors = cli.report.findings.filter((f) => f.severity === 'error');
      const warnings = cli.report.findings.filter((f) => f.severity === 'warning');
      expect(cli.report.summary).toEqual({ error: 6, warning: 2, info: 0 });
      const inputs = { INPUT_COMMAND: 'verify', INPUT_CONFIG: policyPath, ...credentialInputs(run) };

      const gh = githubFiles();
      const action = await runBundle(BUNDLES.action, [], baseEnv({ ...gh.env, ...inputs }));
      expect(action.code).toBe(1); // failOn defaults to error
      const outputs = gh.outputs();
      expect(outputs).toMatchObject({ status: 'drift', findings: '8', errors: '6', warnings: '2' });
      const actionReport = JSON.parse(readFileSync(outputs.report!, 'utf8')) as Report;
      expect(validateReport(actionReport)).toBe(true);
      expect(stable(actionReport)).toEqual(stable(cli.report));
      const annotations = (kind: 'error' | 'warning') =>
        action.stdout
          .split('\n')
          .filter((line) => line.startsWith(`::${kind} file=`))
          .map((line) => /^::\w+ file=(.*?),line=(\d+)(?:,col=\d+)?::(.*)$/.exec(line));
      expect(annotations('error').map((m) => m && [m[1], m[3]])).toEqual(
        errors.map((f) => [policyPath, `${f.ruleId}: ${f.message}`]),
      );
      expect(annotations('warning').map((m) => m && [m[1], m[3]])).toEqual(
        warnings.map((f) => [policyPath, `${f.ruleId}: ${f.message}`]),
      );
      // Each annotation points at the line that states what failed: the service user for its permissions, the
      // dbt Cloud app id for the app's findings.
      const text = readFileSync(policyPath, 'utf8').split('\n');
      const lineOf = (pattern: RegExp, after = 0) =>
        text.findIndex((l, i) => i >= after && pattern.test(l)) + 1;
      const dbtAppLine = lineOf(/^\s+applicationClientId:/, lineOf(/^\s+dbtCloud:/));
      const expectedLine = (f: { ruleId: string }) =>
        String(f.ruleId.startsWith('ADO-') ? lineOf(/^serviceUser:/) : dbtAppLine);
      expect(lineOf(/^serviceUser:/)).toBeGreaterThan(1);
      expect(annotations('error').map((m) => m![2])).toEqual(errors.map(expectedLine));
      expect(annotations('warning').map((m) => m![2])).toEqual(warnings.map(expectedLine));
      expect(hasStackTrace(action.stdout + action.stderr)).toBe(false);
      run.assertNoSecrets(withoutMaskCommands(action.stdout), action.stderr, gh.summary());
      run.assertNoSecrets(readFileSync(gh.env.GITHUB_OUTPUT!, 'utf8'), readFileSync(outputs.report!, 'utf8'));

      const agentTemp = run.folder('agent-temp');
      const task = await runBundle(BUNDLES.task, [], baseEnv({ ...inputs, AGENT_TEMPDIRECTORY: agentTemp }));
      expect(task.stdout).toMatch(/^##vso\[task\.complete result=Failed;\]/m);
      const variables = azureOutputs(task.stdout);
      expect(variables).toMatchObject({ status: 'drift', findings: '8', errors: '6', warnings: '2' });
      const taskReport = JSON.parse(readFileSync(variables.report!, 'utf8')) as Report;
      expect(validateReport(taskReport)).toBe(true);
      expect(stable(taskReport)).toEqual(stable(cli.report));
      const issues = (kind: 'error' | 'warning') =>
        task.stdout
          .split('\n')
          .filter((line) => line.startsWith(`##vso[task.logissue type=${kind};sourcepath=`))
          .map((line) =>
            /^##vso\[task\.logissue type=\w+;sourcepath=(.*?);linenumber=(\d+);(?:columnnumber=\d+;)?\](.*)$/.exec(
              line,
            ),
          );
      expect(issues('error').map((m) => m && [m[1], m[3]])).toEqual(
        errors.map((f) => [policyPath, `${f.ruleId}: ${f.message}`]),
      );
      expect(issues('warning').map((m) => m && [m[1], m[3]])).toEqual(
        warnings.map((f) => [policyPath, `${f.ruleId}: ${f.message}`]),
      );
      expect(issues('error').map((m) => m![2])).toEqual(errors.map(expectedLine));
      expect(issues('warning').map((m) => m![2])).toEqual(warnings.map(expectedLine));
      expect(hasStackTrace(task.stdout + task.stderr)).toBe(false);
      run.assertNoSecrets(
        withoutMaskCommands(task.stdout),
        task.stderr,
        readFileSync(variables.report!, 'utf8'),
      );
    });
  });
});
