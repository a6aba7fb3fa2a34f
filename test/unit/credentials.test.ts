import { describe, expect, it } from '@jest/globals';
import { missingCredentials } from '../../src/app/credentials.js';
import type { Policy } from '../../src/core/policy/schema.js';

const policy = (integrations: Record<string, unknown>) => ({ integrations }) as unknown as Policy;

describe('missingCredentials', () => {
  it('asks for the Entra identity, then each integration token', () => {
    expect(missingCredentials(policy({ dbtCloud: {} }), {}).map((m) => m.name)).toEqual([
      'azureClientId',
      'dbtCloudToken',
    ]);
    expect(
      missingCredentials(policy({ conductorOne: {} }), { azureClientId: 'c' }).map((m) => m.name),
    ).toEqual(['azureClientSecret', 'conductorOneClientId', 'conductorOneClientSecret']);
  });

  it('accepts any one proof of the identity, including keyless federation', () => {
    const p = policy({ defenderForCloud: {} });
    expect(missingCredentials(p, { azureClientId: 'c', azureClientSecret: 's' })).toEqual([]);
    expect(missingCredentials(p, { azureClientId: 'c', azureFederatedTokenFile: '/f' })).toEqual([]);
    expect(missingCredentials(p, { azureClientId: 'c', federation: { kind: 'github-oidc' } })).toEqual([]);
  });
});
