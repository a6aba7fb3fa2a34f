/** ADO-IDENTITY-NOT-FOUND (missing, inactive, ambiguous) and the resolved identity, against the sandbox. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkAzureDevOpsServiceUser } from '../../../src/checks/azure-devops.js';
import { resolveServiceUser } from '../../../src/checks/service-user.js';
import { ORG, SVC, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoTestWorld } from './helpers.js';

const PROJECTS = [{ name: 'Sales', repositories: [{ name: 'dbt-models' }] }];
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('resolveServiceUser', () => {
  it('keeps the descriptor, subject descriptor and id of the single active identity of the tenant', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC }],
        otherTenantIdentities: [{ mail: SVC, tenantId: OTHER_TENANT }],
      }),
    );
    const expected = [...world.sandbox.world.ado.allIdentities()].find(
      (i) => i.principalName === SVC && i.domain === world!.policy.tenantId,
    )!;
    const resolution = await resolveServiceUser(
      { ado: world.ado, upn: SVC, tenantId: world.policy.tenantId },
      quietLog,
    );
    expect(resolution).toEqual({
      found: {
        upn: SVC,
        id: expected.id,
        descriptor: expected.descriptor,
        subjectDescriptor: expected.subjectDescriptor,
        displayName: expected.displayName,
      },
    });
  });

  it('finds a user by mail with one General search (MailAddress is only the fallback)', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC, mail: 'dbt@mail.contoso.com', displayName: 'dbt' }],
      }),
    );
    world.clearLog();
    const resolution = await resolveServiceUser(
      { ado: world.ado, upn: 'dbt@mail.contoso.com', tenantId: world.policy.tenantId },
      quietLog,
    );
    expect('found' in resolution && resolution.found.upn).toBe('dbt@mail.contoso.com');
    expect(world.adoRequests().map((r) => new URLSearchParams(r.query).get('searchFilter'))).toEqual([
      'General',
    ]);
  });
});

describe('checkAzureDevOpsServiceUser: ADO-IDENTITY-NOT-FOUND', () => {
  it('reports a service user that is not in the organization, and nothing else', async () => {
    world = await startAdoWorld(scenario({ projects: PROJECTS, users: [] }));
    const findings = await checkAzureDevOpsServiceUser(world, quietLog);
    expect(findings).toEqual([
      {
        ruleId: 'ADO-IDENTITY-NOT-FOUND',
        severity: 'error',
        integration: 'general',
        resource: { kind: 'identity', organization: ORG, name: SVC },
        message: `Service user ${SVC} is not an identity of organization ${ORG}.`,
        expected: `one active identity ${SVC} in tenant ${world.policy.tenantId}`,
        actual: 'none',
        fixable: false,
        fix: 'Add the user to the organization (Organization settings → Users) or correct `serviceUser` in the policy file.',
      },
    ]);
  });

  it('lists the candidates when only an inactive or other-tenant identity matches', async () => {
    world = await startAdoWorld(
      scenario({
        projects: PROJECTS,
        users: [{ upn: SVC, active: false }],
        otherTenantIdentities: [{ mail: SVC, tenantId: OTHER_TENANT }],
      }),
    );
    const tenant = world.policy.tenantId;
    const candidates = `${SVC} (inactive, tenant ${tenant}); ${SVC} (active, tenant ${OTHER_TENANT})`;
    expect(await checkAzureDevOpsServiceUser(world, quietLog)).toEqual([
      {
        ruleId: 'ADO-IDENTITY-NOT-FOUND',
        severity: 'error',
        integration: 'general',
        resource: { kind: 'identity', organization: ORG, name: SVC },
        message: `Service user ${SVC} has no active identity in tenant ${tenant}; candidates: ${candidates}.`,
        expected: `one active identity ${SVC} in tenant ${tenant}`,
        actual: candidates,
        fixable: false,
        fix: 'Add the user to the organization (Organization settings → Users) or correct `serviceUser` in the policy file.',
      },
    ]);
  });

  it('reports an ambiguous service user with both active identities of the tenant', async () => {
    const twin = 'dbt-svc-2@contoso.com';
    world = await startAdoWorld(
      scenario({ projects: PROJECTS, users: [{ upn: SVC }, { upn: twin, mail: SVC }] }, [twin]),
    );
    const tenant = world.policy.tenantId;
    const candidates = `${SVC} (active, tenant ${tenant}); ${twin} (active, tenant ${tenant})`;
    expect(await checkAzureDevOpsServiceUser(world, quietLog)).toEqual([
      {
        ruleId: 'ADO-IDENTITY-NOT-FOUND',
        severity: 'error',
        integration: 'general',
        resource: { kind: 'identity', organization: ORG, name: SVC },
        message: `Service user ${SVC} matches 2 active identities of tenant ${tenant}: ${candidates}.`,
        expected: `one active identity ${SVC} in tenant ${tenant}`,
        actual: candidates,
        fixable: false,
        fix: 'Set `serviceUser` to the exact UPN of one identity, or remove the duplicate identity from the organization.',
      },
    ]);
  });
});
