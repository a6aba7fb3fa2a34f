/** The whole Azure DevOps check sends as many requests for 5×20 repositories as for 5×2 (reference §8). */
import { describe, expect, it } from '@jest/globals';
import { checkAzureDevOpsServiceUser } from '../../../src/checks/azure-devops.js';
import { generateLargeAdo } from '../../../src/sandbox/state/ado.js';
import { SVC, quietLog, scenario, startAdoWorld } from './helpers.js';

async function run(repos: number): Promise<{ requests: string[]; rules: string[] }> {
  const { organization: _organization, ...ado } = generateLargeAdo(5, repos, {
    serviceUser: SVC,
    extra: {
      // Deny on one repository per project, so the deny attribution runs too.
      acls: [1, 2, 3, 4, 5].map((p) => ({
        namespace: 'Git Repositories',
        token: `repoV2/{project-${p}}/{repo-1}`,
        aces: [{ identity: SVC, deny: ['GenericContribute'] }],
      })),
    },
  });
  const world = await startAdoWorld(scenario(ado));
  try {
    world.clearLog();
    const findings = await checkAzureDevOpsServiceUser(world, quietLog);
    return {
      requests: world
        .adoRequests()
        .map(
          (r) =>
            `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').replace(/scp\.[\w-]+/g, 'scp')}`,
        )
        .sort(),
      rules: findings.map((f) => f.ruleId),
    };
  } finally {
    await world.stop();
  }
}

describe('checkAzureDevOpsServiceUser request count', () => {
  it('does not grow with the number of repositories', async () => {
    const small = await run(2);
    const large = await run(20);
    // 5 ServiceHooks + 5 denied + 5 missing (small) or 5 + 5 + 95 (large) permission findings, no Readers finding.
    expect(small.rules.filter((r) => r === 'ADO-PERMISSION-DENIED')).toHaveLength(5);
    expect(large.rules.filter((r) => r === 'ADO-PERMISSION-DENIED')).toHaveLength(5);
    expect(small.rules).toHaveLength(15);
    expect(large.rules).toHaveLength(105);
    expect(large.requests).toEqual(small.requests);
    // One namespace-wide ACL query per namespace plus one per denied stored token, one repository list.
    expect(small.requests.filter((r) => r.includes('accesscontrollists'))).toHaveLength(2 + 5);
    expect(small.requests.filter((r) => r.endsWith('/_apis/git/repositories'))).toHaveLength(1);
  }, 60_000);
});
