/**
 * Service principals of the emulated organization (`azureDevOps.servicePrincipals`): the paged
 * `graph/serviceprincipals` listing in the GraphServicePrincipal shape, `app:<application>` references in
 * scenario memberships, and the identities API resolving their subject descriptors with expanded memberships.
 */
import { describe, expect, it } from '@jest/globals';
import { call, callJson, makeWorld } from './harness.js';

const APP = '11111111-1111-4111-8111-111111111111';
const SP_LIST = '/contoso/_apis/graph/serviceprincipals?api-version=7.1-preview.1';

interface Page {
  count: number;
  value: Record<string, unknown>[];
}

const identityHost = { service: 'azureDevOpsIdentity' } as const;

describe('graph/serviceprincipals', () => {
  it('lists every service principal, the automation and disabled ones included, 500 a page', async () => {
    const many = Array.from({ length: 1100 }, (_, i) => ({
      application: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      ...(i === 7 ? { active: false } : {}),
    }));
    const world = makeWorld({ organization: 'contoso', projects: [], servicePrincipals: many });
    const pages: Page[] = [];
    const tokens: (string | undefined)[] = [];
    let target = SP_LIST;
    for (;;) {
      const response = await call(world, target, identityHost);
      expect(response.status).toBe(200);
      pages.push(response.json as Page);
      const header = response.headers?.['X-MS-ContinuationToken'];
      const next = Array.isArray(header) ? header[0] : header;
      tokens.push(next);
      if (!next) break;
      target = `${SP_LIST}&continuationToken=${encodeURIComponent(next)}`;
    }
    expect(pages.map((p) => p.count)).toEqual([500, 500, 101]);
    expect(tokens.filter((t) => t !== undefined)).toHaveLength(2);
    const all = pages.flatMap((p) => p.value);
    const appIds = all.map((sp) => sp.applicationId);
    expect(new Set(appIds).size).toBe(1101);
    expect(appIds).toContain(world.entra.automation.appId.toLowerCase());
    expect(appIds).toContain(many[7]!.application);
  });

  it('answers GraphServicePrincipal entries: applicationId, aadsp descriptor, origin aad, Entra object id', async () => {
    const world = makeWorld({
      organization: 'contoso',
      projects: [],
      servicePrincipals: [
        { application: APP, displayName: 'dbt Cloud', objectId: 'AAAAAAAA-0000-4000-8000-000000000001' },
      ],
    });
    const page = await callJson<Page>(world, SP_LIST, identityHost);
    const sp = page.value.find((s) => s.applicationId === APP)!;
    expect(sp).toMatchObject({
      subjectKind: 'servicePrincipal',
      applicationId: APP,
      displayName: 'dbt Cloud',
      origin: 'aad',
      originId: 'aaaaaaaa-0000-4000-8000-000000000001',
      domain: world.state.tenantId,
      principalName: APP,
    });
    expect(sp.descriptor).toMatch(/^aadsp\./);
    expect(Object.keys(sp._links as object).sort()).toEqual(
      ['avatar', 'membershipState', 'memberships', 'self', 'storageKey'].sort(),
    );
    const one = await callJson<Record<string, unknown>>(
      world,
      `/contoso/_apis/graph/serviceprincipals/${sp.descriptor as string}?api-version=7.1-preview.1`,
      identityHost,
    );
    expect(one).toEqual(sp);
  });

  it('answers 404 for a descriptor that is not a service principal, and for another method', async () => {
    const world = makeWorld({ organization: 'contoso', projects: [{ name: 'Sales' }] });
    const readers = world.state.projectGroup(world.state.project('Sales')!, 'Readers');
    const asGroup = await call(
      world,
      `/contoso/_apis/graph/serviceprincipals/${readers.subjectDescriptor}?api-version=7.1-preview.1`,
      identityHost,
    );
    expect(asGroup.status).toBe(404);
    const post = await call(world, SP_LIST, { ...identityHost, method: 'POST', body: {} });
    expect(post.status).toBe(404);
  });
});

describe('service principals in scenario memberships', () => {
  it('app:<application id> adds the service principal to groups; identities resolve it with expanded memberOf', async () => {
    const world = makeWorld({
      organization: 'contoso',
      projects: [{ name: 'Sales' }, { name: 'Ops' }],
      servicePrincipals: [{ application: APP }],
      groups: [
        { name: 'Automation', members: [`app:${APP.toUpperCase()}`] },
        { name: 'Project Administrators', project: 'Sales', members: ['[contoso]\\Automation'] },
      ],
    });
    const sp = world.state.servicePrincipals().find((s) => s.appId === APP)!;
    const found = await callJson<Page>(
      world,
      `/contoso/_apis/identities?subjectDescriptors=${sp.subjectDescriptor}&queryMembership=Expanded&api-version=7.1`,
      identityHost,
    );
    expect(found.count).toBe(1);
    const identity = found.value[0]!;
    expect(identity.descriptor).toBe(sp.descriptor);
    expect(identity.isActive).toBe(true);
    const memberOf = identity.memberOf as string[];
    const admins = (project: string) =>
      world.state.projectGroup(world.state.project(project)!, 'Project Administrators').descriptor;
    expect(memberOf).toContain(admins('Sales'));
    expect(memberOf).not.toContain(admins('Ops'));
  });

  it('refuses an unknown app reference, an unknown application name and a second entry for the automation', () => {
    expect(() =>
      makeWorld({
        organization: 'contoso',
        projects: [],
        groups: [{ name: 'Automation', members: [`app:${APP}`] }],
      }),
    ).toThrow(
      `azureDevOps.groups[0].members[0]: "app:${APP}" is not a service principal of the organization; add it to azureDevOps.servicePrincipals`,
    );
    expect(() =>
      makeWorld({
        organization: 'contoso',
        projects: [],
        servicePrincipals: [{ application: 'no such app' }],
      }),
    ).toThrow(
      'azureDevOps.servicePrincipals[0].application: "no such app" is neither an application id nor the display name of a tenant.applications entry',
    );
    const automationApp = makeWorld({ organization: 'contoso', projects: [] }).entra.automation.appId;
    expect(() =>
      makeWorld({
        organization: 'contoso',
        projects: [],
        servicePrincipals: [{ application: automationApp }],
      }),
    ).toThrow(
      /already a service principal of the organization \(the automation: refer to it as \$automation\)/,
    );
  });
});
