import { afterEach, describe, expect, it } from '@jest/globals';
import { checkDefender } from '../../../src/checks/defender.js';
import { readOrganizationPolicies } from '../../../src/clients/azure-devops/org-policy.js';
import type { Finding } from '../../../src/core/findings.js';
import { quietLog, scenario, startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function defenderFindings(
  oauthThirdPartyAccess: boolean | undefined,
  authorization?: () => Promise<string>,
): Promise<Finding[]> {
  world = await startWorld(
    scenario('healthy', (spec) => {
      if (oauthThirdPartyAccess === undefined) delete spec.azureDevOps.oauthThirdPartyAccess;
      else spec.azureDevOps.oauthThirdPartyAccess = oauthThirdPartyAccess;
      spec.policy = { ...spec.policy, integrations: { defenderForCloud: {} } };
    }),
  );
  const { http, policy } = world;
  expect(world.requirements.defender).toBeDefined();
  const auth = authorization ?? world.adoAuthorization;
  return checkDefender(
    {
      organization: policy.organization,
      readPolicies: () =>
        readOrganizationPolicies({
          http,
          origin: policy.endpoints.azureDevOps,
          organization: policy.organization,
          authorization: auth,
        }),
    },
    quietLog,
  );
}

describe('Defender for Cloud check (sandbox)', () => {
  it('finds nothing when third-party OAuth access is on', async () => {
    expect(await defenderFindings(true)).toEqual([]);
  });

  it('ADO-ORG-OAUTH-DISABLED when it was turned off', async () => {
    expect(await defenderFindings(false)).toEqual([
      expect.objectContaining({
        ruleId: 'ADO-ORG-OAUTH-DISABLED',
        severity: 'warning',
        integration: 'defenderForCloud',
        resource: { kind: 'organization', organization: 'contoso' },
        actual: 'off',
        fixable: false,
      }),
    ]);
  });

  it('ADO-ORG-OAUTH-DISABLED when it was never set (off by default)', async () => {
    expect(await defenderFindings(undefined)).toEqual([
      expect.objectContaining({ ruleId: 'ADO-ORG-OAUTH-DISABLED', actual: 'off (never set; the default)' }),
    ]);
  });

  it('CHECK-SKIPPED when the policy provider cannot be read', async () => {
    const findings = await defenderFindings(true, () => Promise.resolve('Bearer not-a-valid-token'));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CHECK-SKIPPED',
        severity: 'info',
        integration: 'defenderForCloud',
        resource: { kind: 'check', organization: 'contoso', name: 'ado.thirdPartyOAuth' },
        actual: 'HTTP 401',
      }),
    ]);
  });
});
