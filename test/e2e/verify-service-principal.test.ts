/**
 * dbt Cloud's service_principal method through the shipped CLI bundle: the built-in `service-principal` scenario
 * reports exactly ADO-PROJECT-ADMIN-MISSING for Marketing, and ADO-IDENTITY-NOT-FOUND for the app when its
 * service principal is not in the organization (DESIGN.md §3, §5). test/app/verify-service-principal.test.ts
 * runs the same through src.
 */
import { describe, expect, it } from '@jest/globals';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { brief, withSandbox } from './verify-harness.js';

const ORG = 'contoso';

describe('verify (CLI bundle) with dbt Cloud in its service_principal method', () => {
  it('ADO-PROJECT-ADMIN-MISSING: the service principal is not a Project Administrator of Marketing', async () => {
    await withSandbox('service-principal', async (run) => {
      const appId = run.policy().integrations.dbtCloud.applicationClientId;
      const { result, report } = await run.verify({ failOn: 'error' });
      expect(result.code).toBe(1);
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
      expect(report.findings[0]?.fixable).toBe(false);
    });
  });

  it('ADO-IDENTITY-NOT-FOUND: the app has no service principal in the organization', async () => {
    const spec = structuredClone(builtInScenario('service-principal'));
    spec.azureDevOps.servicePrincipals = [];
    spec.azureDevOps.groups = [];
    await withSandbox(spec, async (run) => {
      const appId = run.policy().integrations.dbtCloud.applicationClientId;
      const { result, report } = await run.verify({ failOn: 'error' });
      expect(result.code).toBe(1);
      expect(brief(report.findings)).toEqual([
        {
          ruleId: 'ADO-IDENTITY-NOT-FOUND',
          severity: 'error',
          integration: 'dbtCloud',
          resource: { kind: 'servicePrincipal', organization: ORG, appId },
        },
      ]);
    });
  });
});
