/** AzureDevOpsClient.listServicePrincipals against the sandbox over HTTPS: every page, parsed fields, resolution. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { scenario, startAdoWorld } from '../../checks/ado/helpers.js';
import type { AdoTestWorld } from '../../checks/ado/helpers.js';

const DBT_APP = '11111111-1111-4111-8111-111111111111';
const OTHERS = 1049;

let world: AdoTestWorld;

beforeAll(async () => {
  world = await startAdoWorld(
    scenario({
      projects: [{ name: 'Sales' }],
      servicePrincipals: [
        ...Array.from({ length: OTHERS }, (_, i) => ({
          application: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        })),
        { application: DBT_APP, displayName: 'dbt Cloud', objectId: '22222222-2222-4222-8222-222222222222' },
      ],
      groups: [{ name: 'Project Administrators', project: 'Sales', members: [`app:${DBT_APP}`] }],
    }),
  );
});
afterAll(async () => {
  await world.stop();
});

describe('AzureDevOpsClient.listServicePrincipals', () => {
  it('follows X-MS-ContinuationToken through every page, on vssps with the Graph preview version', async () => {
    world.clearLog();
    const principals = await world.ado.listServicePrincipals();
    // The scenario's service principals plus the automation identity, each once.
    expect(principals).toHaveLength(OTHERS + 2);
    expect(new Set(principals.map((p) => p.descriptor)).size).toBe(OTHERS + 2);
    const requests = world.adoRequests();
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/contoso/_apis/graph/serviceprincipals'));
    const query = requests.map((r) => new URLSearchParams(r.query));
    expect(query.map((q) => q.get('api-version'))).toEqual(Array(3).fill('7.1-preview.1'));
    const tokens = query.map((q) => q.get('continuationToken'));
    expect(tokens[0]).toBeNull();
    expect(tokens[1]).toEqual(expect.any(String));
    expect(tokens[2]).toEqual(expect.any(String));
    expect(tokens[1]).not.toBe(tokens[2]);
  });

  it('reads applicationId, displayName, originId and the opaque descriptor; the identities API resolves it', async () => {
    const dbt = (await world.ado.listServicePrincipals()).find((p) => p.applicationId === DBT_APP);
    expect(dbt).toEqual({
      descriptor: expect.stringMatching(/^aadsp\./),
      applicationId: DBT_APP,
      displayName: 'dbt Cloud',
      originId: '22222222-2222-4222-8222-222222222222',
    });
    const [identity] = await world.ado.identitiesBySubjectDescriptors([dbt!.descriptor], 'Expanded');
    const state = world.sandbox.world.ado;
    const admins = state.projectGroup(state.project('Sales')!, 'Project Administrators');
    expect(identity?.isActive).toBe(true);
    expect(identity?.subjectDescriptor).toBe(dbt!.descriptor);
    expect(identity?.memberOf).toContain(admins.descriptor);
  });
});
