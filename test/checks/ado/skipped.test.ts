/** A 403 from Azure DevOps makes the check report CHECK-SKIPPED (info), never a silent pass. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkAzureDevOpsServiceUser } from '../../../src/checks/azure-devops.js';
import { ORG, SVC, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoTestWorld } from './helpers.js';

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function skipped(check: string, what: string, permission: string, integration = 'dbtCloud') {
  return {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration,
    resource: { kind: 'check', organization: ORG, name: check },
    message: `${what} was not checked: the automation identity lacks ${permission}.`,
    expected: `${permission} granted to the automation identity`,
    actual: 'permission denied (HTTP 403)',
    fixable: false,
    fix: `Grant ${permission} to the identity ado-guard signs in as (with admin consent), then run verify again.`,
  };
}

describe('Azure DevOps checks without permission', () => {
  it('skips the permission and Readers checks on 403 and says which permission is missing', async () => {
    world = await startAdoWorld({
      ...scenario({
        projects: [{ name: 'Sales', repositories: [{ name: 'dbt-models' }] }],
        users: [{ upn: SVC }],
      }),
      faults: {
        rules: [
          { kind: 'fail', status: 403, path: 'accesscontrollists' },
          { kind: 'fail', status: 403, path: '_apis/graph/groups' },
        ],
      },
    });
    expect(await checkAzureDevOpsServiceUser(world, quietLog)).toEqual([
      skipped(
        'azureDevOps.permissions',
        `The Azure DevOps permissions of ${SVC}`,
        'read access to the ServiceHooks and Git Repositories ACLs (e.g. Project Collection Administrators)',
      ),
      skipped(
        'azureDevOps.readers',
        `Readers membership of ${SVC}`,
        'read access to Azure DevOps groups and identities (vso.graph, vso.identity)',
      ),
    ]);
  });

  it('skips everything when the identities API answers 403', async () => {
    world = await startAdoWorld({
      ...scenario({ projects: [{ name: 'Sales' }], users: [{ upn: SVC }] }),
      faults: { rules: [{ kind: 'fail', status: 403, path: '_apis/identities' }] },
    });
    expect(await checkAzureDevOpsServiceUser(world, quietLog)).toEqual([
      skipped(
        'azureDevOps.serviceUser',
        `The Azure DevOps identity of ${SVC} (and its permissions)`,
        'read access to Azure DevOps identities (vso.identity)',
        'general',
      ),
    ]);
  });
});
