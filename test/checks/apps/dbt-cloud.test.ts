import { afterEach, describe, expect, it } from '@jest/globals';
import { checkDbtCloud } from '../../../src/checks/dbt-cloud.js';
import type { Finding } from '../../../src/core/findings.js';
import { quietLog, scenario, startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function dbtFindings(
  change: (spec: ReturnType<typeof scenario>) => void = () => {},
): Promise<Finding[]> {
  world = await startWorld(scenario('healthy', change));
  const requirement = world.requirements.dbt;
  if (!requirement) throw new Error('the sandbox policy has no dbtCloud integration');
  return checkDbtCloud({ dbt: world.dbt, requirement }, quietLog);
}

const account = { kind: 'dbtAccount', name: '12345' };

describe('dbt Cloud check (sandbox)', () => {
  it('finds nothing in the healthy scenario', async () => {
    expect(await dbtFindings()).toEqual([]);
  });

  it('DBT-INTEGRATION-MISSING when the account has no Azure DevOps integration', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.azureAdApplication = null;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'DBT-INTEGRATION-MISSING',
        severity: 'error',
        integration: 'dbtCloud',
        resource: account,
        actual: 'none',
        fixable: false,
      }),
    ]);
  });

  it('DBT-INTEGRATION-MISSING for a soft-deleted record', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.azureAdApplication = { ...spec.dbtCloud!.azureAdApplication, deleted: true };
    });
    expect(findings.map((f) => f.ruleId)).toEqual(['DBT-INTEGRATION-MISSING']);
  });

  it('DBT-ORGANIZATION-MISMATCH with the name-not-URL hint when dbt holds the organization URL', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.azureAdApplication = {
        ...spec.dbtCloud!.azureAdApplication,
        organizationName: 'https://dev.azure.com/contoso',
      };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'DBT-ORGANIZATION-MISMATCH',
        severity: 'error',
        integration: 'dbtCloud',
        resource: account,
        expected: 'contoso',
        actual: 'https://dev.azure.com/contoso',
      }),
    ]);
    expect(findings[0]!.message).toContain('the organization name, not its URL');
  });

  it('DBT-ORGANIZATION-MISMATCH when the authentication method differs from the policy', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.azureAdApplication = {
        ...spec.dbtCloud!.azureAdApplication,
        authenticationMethod: 'service_principal',
      };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'DBT-ORGANIZATION-MISMATCH',
        expected: 'azure_service_authentication_method service_user',
        actual: 'azure_service_authentication_method service_principal',
      }),
    ]);
  });

  it('DBT-SERVICE-USER-STALE warning when the newest run is 80 days old', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.runs = [{ createdDaysAgo: 200 }, { createdDaysAgo: 80 }];
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'DBT-SERVICE-USER-STALE', severity: 'warning', resource: account }),
    ]);
    expect(findings[0]!.actual).toMatch(/\(80 days ago\)$/);
  });

  it('DBT-SERVICE-USER-STALE error when the newest run is 95 days old', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.runs = [{ createdDaysAgo: 95 }, { createdDaysAgo: 120, status: 'error' }];
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'DBT-SERVICE-USER-STALE', severity: 'error', resource: account }),
    ]);
    expect(findings[0]!.actual).toMatch(/\(95 days ago\)$/);
  });

  it('DBT-SERVICE-USER-STALE warning when the account never ran', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.runs = [];
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'DBT-SERVICE-USER-STALE', severity: 'warning', actual: 'no runs' }),
    ]);
  });

  it('asks for the newest run with order_by=-created_at&limit=1', async () => {
    await dbtFindings();
    const runs = world!.sandbox.world.log
      .list()
      .filter((e) => e.service === 'dbtCloud' && e.path.includes('/runs/'));
    expect(runs.map((e) => e.query)).toEqual(['order_by=-created_at&limit=1']);
  });

  it('no staleness check in service_principal mode', async () => {
    const findings = await dbtFindings((spec) => {
      spec.dbtCloud!.runs = [];
      spec.dbtCloud!.azureAdApplication = {
        ...spec.dbtCloud!.azureAdApplication,
        authenticationMethod: 'service_principal',
      };
      spec.policy = {
        ...spec.policy,
        integrations: { dbtCloud: { authenticationMethod: 'service_principal' } },
      };
    });
    expect(findings).toEqual([]);
  });
});
