/** PATCH semantics as a property: collections sent replace the stored ones whole, everything not sent is kept. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createGraphService } from '../../../src/sandbox/services/graph/index.js';
import { createEntraState } from '../../../src/sandbox/state/entra.js';
import { TestClock, call, request, testRng } from '../entra/fixtures.js';

const uri = fc.webUrl({ validSchemes: ['https'] }).filter((u) => u.length < 200 && !/[\s'"]/.test(u));
const access = fc.array(
  fc.record({
    resourceAppId: fc.uuid(),
    resourceAccess: fc.array(fc.record({ id: fc.uuid(), type: fc.constantFrom('Scope', 'Role') }), {
      maxLength: 3,
    }),
  }),
  { maxLength: 3 },
);
const patch = fc.record(
  {
    web: fc.record({ redirectUris: fc.array(uri, { maxLength: 4 }) }),
    requiredResourceAccess: access,
    tags: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
    notes: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  },
  { requiredKeys: [] },
);

describe('Graph PATCH', () => {
  it('after any sequence of PATCHes, each property equals the last value sent for it, or its start value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { maxLength: 5 }), async (patches) => {
        const clock = new TestClock();
        const entra = createEntraState(
          {
            applications: [
              {
                displayName: 'dbt Cloud',
                web: { redirectUris: ['https://a.example/cb'] },
                requiredResourceAccess: [{ resource: 'azureDevOps', scopes: ['user_impersonation'] }],
              },
            ],
          },
          { rng: testRng(1), clock },
        );
        const graph = createGraphService(entra, { clock });
        const token = entra.issueAppToken(entra.automation.appId, 'graph').accessToken;
        const app = entra.resolveApplication('dbt Cloud')!;
        const get = async () =>
          (
            await call(
              graph.handle,
              request('graph', 'GET', `/v1.0/applications/${app.id}`, {
                headers: { authorization: `Bearer ${token}` },
              }),
            )
          ).body;
        const expected = await get();
        for (const p of patches) {
          const res = await call(
            graph.handle,
            request('graph', 'PATCH', `/v1.0/applications/${app.id}`, {
              headers: { authorization: `Bearer ${token}` },
              json: p,
            }),
          );
          expect(res.status).toBe(204);
          if (p.web) expected.web = { ...expected.web, ...p.web };
          for (const k of ['requiredResourceAccess', 'tags', 'notes'] as const)
            if (k in p) expected[k] = p[k];
        }
        delete expected['@odata.context'];
        const actual = await get();
        delete actual['@odata.context'];
        expect(actual).toEqual(expected);
      }),
      { numRuns: 60, seed: 20260601 },
    );
  });
});
