/**
 * verify (src, in process, through the CLI host) on the built-in `service-principal` scenario: dbt Cloud uses its
 * app's service principal, which is Project Administrator of Analytics (directly) and Finance (nested) but not of
 * Marketing. The report holds exactly that one finding; with the organization refusing the tenant the area is
 * CHECK-SKIPPED behind the organization finding. test/e2e/verify-service-principal.test.ts runs the same through
 * the CLI bundle (needs a rebundle).
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { Report } from '../../src/core/report.js';
import { cliMain } from '../../src/platform/cli-main.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { baseEnv } from '../e2e/run-bundle.js';
import { brief, validateReport, withSandbox, type SandboxRun } from '../e2e/verify-harness.js';

const ORG = 'contoso';

async function verifyInProcess(
  run: SandboxRun,
  command: 'verify' | 'plan' = 'verify',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = process.exitCode;
  try {
    const code = await cliMain(
      [command, '--config', run.writePolicy(), '--format', 'json', '--fail-on', 'error'],
      baseEnv(run.credentials()),
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      },
    );
    return { code, stdout, stderr };
  } finally {
    process.exitCode = exitCode; // the CLI host sets it for the real process
  }
}

function dbtAppId(run: SandboxRun): string {
  return run.policy().integrations.dbtCloud.applicationClientId;
}

describe('verify on the service-principal scenario', () => {
  it('prints a policy with the service_principal method and no service user', async () => {
    await withSandbox('service-principal', async (run) => {
      const policy = parse(run.sandbox.policyYaml) as Record<string, unknown> & {
        integrations: { dbtCloud: { authenticationMethod: string } };
      };
      expect(policy.serviceUser).toBeUndefined();
      expect(policy.integrations.dbtCloud.authenticationMethod).toBe('service_principal');
    });
  });

  it('reports only Marketing: ADO-PROJECT-ADMIN-MISSING, not fixable, exit 1', async () => {
    await withSandbox('service-principal', async (run) => {
      const { code, stdout, stderr } = await verifyInProcess(run);
      const report = JSON.parse(stdout) as Report;
      expect(validateReport(report)).toBe(true);
      run.assertNoSecrets(stdout, stderr);
      const appId = dbtAppId(run);
      expect(code).toBe(1);
      expect(report.status).toBe('drift');
      expect(brief(report.findings)).toEqual([
        {
          ruleId: 'ADO-PROJECT-ADMIN-MISSING',
          severity: 'error',
          integration: 'dbtCloud',
          resource: {
            kind: 'project',
            organization: ORG,
            project: 'Marketing',
            name: '[Marketing]\\Project Administrators',
            appId,
          },
        },
      ]);
      expect(report.findings[0]).toMatchObject({
        message: `dbt Cloud (app ${appId}) is not a member of [Marketing]\\Project Administrators (directly or through a group).`,
        expected: 'member of [Marketing]\\Project Administrators',
        actual: 'not a member',
        fixable: false,
      });
    });
  });

  it('plan changes nothing: Project Administrators membership is left to a person', async () => {
    await withSandbox('service-principal', async (run) => {
      const { stdout } = await verifyInProcess(run, 'plan');
      const report = JSON.parse(stdout) as Report;
      expect(report.command).toBe('plan');
      expect(report.changes).toEqual([]);
      expect(report.findings.map((f) => [f.ruleId, f.fixable])).toEqual([
        ['ADO-PROJECT-ADMIN-MISSING', false],
      ]);
    });
  });

  it('reports ADO-IDENTITY-NOT-FOUND for the app when its service principal is not in the organization', async () => {
    const spec = structuredClone(builtInScenario('service-principal'));
    spec.azureDevOps.servicePrincipals = [];
    spec.azureDevOps.groups = [];
    await withSandbox(spec, async (run) => {
      const { code, stdout } = await verifyInProcess(run);
      const report = JSON.parse(stdout) as Report;
      expect(code).toBe(1);
      expect(brief(report.findings)).toEqual([
        {
          ruleId: 'ADO-IDENTITY-NOT-FOUND',
          severity: 'error',
          integration: 'dbtCloud',
          resource: { kind: 'servicePrincipal', organization: ORG, appId: dbtAppId(run) },
        },
      ]);
    });
  });

  it('skips the area behind ADO-ORG-TENANT-MISMATCH when the organization refuses the tenant', async () => {
    const spec = structuredClone(builtInScenario('service-principal'));
    spec.azureDevOps.tenantId = '11111111-2222-4333-8444-555555555555';
    await withSandbox(spec, async (run) => {
      const { code, stdout } = await verifyInProcess(run);
      const report = JSON.parse(stdout) as Report;
      expect(code).toBe(1);
      expect(brief(report.findings)).toEqual([
        {
          ruleId: 'ADO-ORG-TENANT-MISMATCH',
          severity: 'error',
          integration: 'general',
          resource: { kind: 'organization', organization: ORG },
        },
        {
          ruleId: 'CHECK-SKIPPED',
          severity: 'info',
          integration: 'dbtCloud',
          resource: { kind: 'check', organization: ORG, name: 'azureDevOps.projectAdministrator' },
        },
      ]);
      expect(report.findings[1]).toMatchObject({
        actual: 'authentication refused (HTTP 401)',
        fix: 'Resolve ADO-ORG-TENANT-MISMATCH first, then run verify again.',
      });
    });
  });
});
