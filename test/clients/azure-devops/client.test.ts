/** AzureDevOpsClient against the sandbox over HTTPS: paging, batching, parsing, authorization. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { AzureDevOpsClient } from '../../../src/clients/azure-devops/client.js';
import { HttpClient } from '../../../src/clients/http/index.js';
import { OperationalError } from '../../../src/core/errors.js';
import { GIT_NS, SVC, scenario, startAdoWorld } from '../../checks/ado/helpers.js';
import type { AdoTestWorld } from '../../checks/ado/helpers.js';

let world: AdoTestWorld;

beforeAll(async () => {
  const projects = Array.from({ length: 230 }, (_, i) => ({
    name: `p-${String(i + 1).padStart(3, '0')}`,
    repositories: i < 2 ? [{ name: 'one' }, { name: 'off', disabled: true }] : [],
  }));
  world = await startAdoWorld(
    scenario({
      projects,
      // A service that gives fewer projects than `$top` asks, as the real one may (reference §6).
      projectPageLimit: 100,
      users: [{ upn: SVC }],
      acls: [
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{p-001}',
          aces: [{ identity: SVC, allow: 4, deny: 16384 }],
        },
      ],
    }),
  );
});
afterAll(async () => {
  await world.stop();
});

describe('AzureDevOpsClient', () => {
  it('pages projects through x-ms-continuationtoken', async () => {
    world.clearLog();
    const projects = await world.ado.listProjects();
    expect(projects).toHaveLength(230);
    expect(new Set(projects.map((p) => p.id)).size).toBe(230);
    const queries = world.adoRequests().map((r) => new URLSearchParams(r.query));
    // It asks for large pages and follows the header when the service gives fewer.
    expect(queries.map((q) => q.get('$top'))).toEqual(['1000', '1000', '1000']);
    expect(queries.map((q) => q.get('continuationToken'))).toEqual([null, '100', '200']);
  });

  it('lists every repository of the organization in one request, with project and isDisabled', async () => {
    world.clearLog();
    const repositories = await world.ado.listRepositories();
    const state = world.sandbox.world.ado;
    const p1 = state.project('p-001')!;
    expect(repositories.filter((r) => r.projectId === p1.id)).toEqual([
      { id: p1.repositories[0]!.id, name: 'one', projectId: p1.id, projectName: 'p-001', isDisabled: false },
      { id: p1.repositories[1]!.id, name: 'off', projectId: p1.id, projectName: 'p-001', isDisabled: true },
    ]);
    expect(repositories).toHaveLength(4);
    expect(world.adoRequests()).toHaveLength(1);
  });

  it('reads ACLs with extendedInfo, filling the fields the server leaves out with 0', async () => {
    const user = [...world.sandbox.world.ado.allIdentities()].find((i) => i.principalName === SVC)!;
    const projectId = world.sandbox.world.ado.project('p-001')!.id;
    const acls = await world.ado.queryAccessControlLists(GIT_NS, {
      token: `repoV2/${projectId}/`,
      descriptors: [user.descriptor],
      includeExtendedInfo: true,
    });
    expect(acls).toEqual([
      {
        token: `repoV2/${projectId}`,
        inheritPermissions: true,
        aces: [
          {
            descriptor: user.descriptor,
            allow: 4,
            deny: 16384,
            effectiveAllow: 4,
            effectiveDeny: 16384,
            inheritedAllow: 0,
            inheritedDeny: 0,
          },
        ],
      },
    ]);
  });

  it('batches identity look-ups by descriptor and leaves unknown descriptors out', async () => {
    const groups = [...world.sandbox.world.ado.allIdentities()]
      .filter((i) => i.kind === 'group')
      .slice(0, 45);
    world.clearLog();
    const found = await world.ado.identitiesByDescriptors([
      ...groups.map((g) => g.descriptor),
      'Microsoft.TeamFoundation.Identity;S-1-9-0-0-0-0-404',
    ]);
    expect(found.map((i) => i.descriptor)).toEqual(groups.map((g) => g.descriptor));
    expect(found.every((i) => i.isGroup)).toBe(true);
    expect(world.adoRequests()).toHaveLength(2);
  });

  it('refuses an authenticated call without `authorization`, naming it; organizationConnection needs none', async () => {
    const ado = new AzureDevOpsClient({
      http: new HttpClient({ ca: [readFileSync(world.sandbox.caPath, 'utf8')] }),
      organization: 'contoso',
      origin: world.sandbox.endpoints.azureDevOps,
      identityOrigin: world.sandbox.endpoints.azureDevOpsIdentity,
    });
    await expect(ado.listProjects()).rejects.toThrow(OperationalError);
    await expect(ado.listProjects()).rejects.toThrow(/pass `authorization`/);
    await expect(ado.organizationConnection()).resolves.toEqual({ tenantId: world.policy.tenantId });
  });
});
