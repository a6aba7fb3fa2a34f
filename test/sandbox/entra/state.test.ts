import { describe, expect, it } from '@jest/globals';
import { createC1State } from '../../../src/sandbox/state/c1.js';
import { createDbtState } from '../../../src/sandbox/state/dbt.js';
import {
  AZURE_DEVOPS_APP_ID,
  createEntraState,
  type EntraScenario,
} from '../../../src/sandbox/state/entra.js';
import { TestClock, testRng } from './fixtures.js';

const make = (spec: unknown) =>
  createEntraState(spec as EntraScenario, { rng: testRng(), clock: new TestClock() });

describe('scenario sections', () => {
  it('name the field at fault and refuse unknown keys', () => {
    expect(() =>
      make({
        applications: [
          { displayName: 'x', passwordCredentials: [{ displayName: 'a', expiresInDays: 'soon' }] },
        ],
      }),
    ).toThrow(/tenant\.applications\[0\]\.passwordCredentials\[0\]\.expiresInDays/);
    expect(() => make({ users: [{ userPrincipalName: 'svc@contoso.com', mfa: 'on' }] })).toThrow(
      /tenant\.users\[0\]/,
    );
    expect(() =>
      make({
        applications: [
          {
            displayName: 'x',
            requiredResourceAccess: [{ resource: 'azureDevOps', scopes: ['vso.nothing'] }],
          },
        ],
      }),
    ).toThrow(/has no delegated permission "vso\.nothing"/);
    expect(() => make({ passwordMaxLifetime: '180 days' })).toThrow(/tenant\.passwordMaxLifetime/);
  });

  it('dbtCloud and conductorOne references name the missing app or password', () => {
    const clock = new TestClock();
    const rng = testRng();
    const entra = createEntraState(
      { applications: [{ displayName: 'dbt Cloud', passwordCredentials: [{ displayName: 'one' }] }] },
      { rng, clock },
    );
    expect(() =>
      createDbtState({ azureAdApplication: { secret: { displayName: 'two' } } }, { entra, rng, clock }),
    ).toThrow(/dbtCloud\.azureAdApplication\.secret/);
    expect(() => createDbtState({ runs: [{ createdDaysAgo: -1 }] }, { entra, rng, clock })).toThrow(
      /dbtCloud\.runs\[0\]\.createdDaysAgo/,
    );
    expect(() =>
      createC1State({ apps: [{ connectors: [{ application: 'Nope' }] }] }, { entra, rng, clock }),
    ).toThrow(/conductorOne\.apps\[0\]\.connectors\[0\]\.application/);
    expect(createC1State({}, { entra, rng, clock }).connectors).toEqual([]);
  });
});

describe('EntraPort', () => {
  it('answers secret checks, keyIds, users and service principals', () => {
    const clock = new TestClock();
    const entra = createEntraState(
      {
        users: [{ userPrincipalName: 'dbt-svc@contoso.com', mail: 'svc@contoso.com' }],
        applications: [
          { displayName: 'dbt Cloud', passwordCredentials: [{ displayName: 'one', expiresInDays: 1 }] },
        ],
      },
      { rng: testRng(), clock },
    );
    const app = entra.resolveApplication('dbt Cloud')!;
    const secret = entra.passwordValue('dbt Cloud', 'newest')!;
    expect(entra.checkClientSecret(entra.tenantId, app.appId, secret)).toBe('ok');
    expect(entra.checkClientSecret('contoso.com', app.appId, secret)).toBe('ok');
    expect(entra.checkClientSecret('00000000-0000-4000-8000-000000000000', app.appId, secret)).toBe(
      'appNotFound',
    );
    expect(entra.checkClientSecret(entra.tenantId, app.appId, 'wrong')).toBe('invalid');
    expect(entra.keyIdOfSecret(app.appId, secret)).toBe(app.passwordCredentials[0]!.keyId);
    clock.advance(86_400_000);
    expect(entra.checkClientSecret(entra.tenantId, app.appId, secret)).toBe('expired');
    expect(entra.findUser('svc@contoso.com')?.userPrincipalName).toBe('dbt-svc@contoso.com');
    expect(entra.findUser('nobody@contoso.com')).toBeUndefined();
    expect(entra.servicePrincipalObjectId(AZURE_DEVOPS_APP_ID)).toEqual(expect.any(String));
    expect(entra.servicePrincipalObjectId(app.appId)).toEqual(expect.any(String));
  });

  it('keeps secret values out of the snapshot and lists them in secrets()', () => {
    const entra = createEntraState(
      { applications: [{ displayName: 'dbt Cloud', passwordCredentials: [{ displayName: 'one' }] }] },
      { rng: testRng(), clock: new TestClock() },
    );
    const snapshot = JSON.stringify(entra.snapshot());
    const values = entra.secrets().map((s) => s.value);
    expect(values).toContain(entra.passwordValue('dbt Cloud', 'newest'));
    expect(values).toContain(entra.automationCredentials().clientSecret);
    for (const v of values) expect(snapshot).not.toContain(v);
  });
});
