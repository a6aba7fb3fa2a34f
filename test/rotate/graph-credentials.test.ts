/** GraphClient addPassword/removePassword against the sandbox's Graph. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { scenario, startWorld, type World } from '../checks/apps/harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('GraphClient credential actions', () => {
  it('adds a password (value once), removes it, and says absent the second time', async () => {
    world = await startWorld('healthy');
    const app = (await world.graph.application(world.policy.integrations.dbtCloud!.applicationClientId))!;
    const end = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const added = await world.graph.addPassword(app.id, { displayName: 'ado-guard test', endDateTime: end });
    if (!added.ok) throw new Error(`refused: ${added.refusal.code}`);
    expect(added.credential.secretText.length).toBeGreaterThan(16);
    expect(added.credential.displayName).toBe('ado-guard test');
    const after = (await world.graph.application(app.appId))!;
    const shown = after.passwordCredentials.find((p) => p.keyId === added.credential.keyId)!;
    expect(shown).toBeDefined();
    expect(JSON.stringify(after)).not.toContain(added.credential.secretText);

    expect(await world.graph.removePassword(app.id, added.credential.keyId)).toBe('removed');
    expect(await world.graph.removePassword(app.id, added.credential.keyId)).toBe('absent');
  });

  it('returns the lifetime refusal with its details', async () => {
    world = await startWorld(scenario('healthy', (spec) => (spec.tenant!.passwordMaxLifetime = 'P30D')));
    const app = (await world.graph.application(world.policy.integrations.dbtCloud!.applicationClientId))!;
    const end = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const refused = await world.graph.addPassword(app.id, { displayName: 'too long', endDateTime: end });
    expect(refused).toMatchObject({
      ok: false,
      refusal: {
        code: 'CredentialInvalidLifetimeAsPerAppPolicy',
        details: [expect.stringContaining('P30D')],
      },
    });
  });
});
