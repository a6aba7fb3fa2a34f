import { afterEach, describe, expect, it } from '@jest/globals';
import { checkConductorOne } from '../../../src/checks/conductorone.js';
import { conductorOneToken } from '../../../src/clients/auth/index.js';
import { ConductorOneClient } from '../../../src/clients/conductorone/client.js';
import type { Finding } from '../../../src/core/findings.js';
import type { C1ConnectorScenario } from '../../../src/sandbox/state/c1.js';
import { quietLog, scenario, startWorld, type World } from './harness.js';

const APP = 'c1app0000000000000000000001';
const CONNECTOR = 'c1conn000000000000000000001';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function c1Findings(
  connector: C1ConnectorScenario = {},
  policy: Record<string, unknown> = {},
  others: C1ConnectorScenario[] = [],
): Promise<Finding[]> {
  world = await startWorld(
    scenario('healthy', (spec) => {
      spec.conductorOne = { apps: [{ id: APP, connectors: [...others, { id: CONNECTOR, ...connector }] }] };
      spec.policy = {
        ...spec.policy,
        integrations: { conductorOne: { appId: APP, connectorId: CONNECTOR, ...policy } },
      };
    }),
  );
  const requirement = world.requirements.c1;
  if (!requirement) throw new Error('the sandbox policy has no conductorOne integration');
  const { http, sandbox } = world;
  const c1 = new ConductorOneClient({
    http,
    tenantUrl: requirement.tenantUrl,
    token: () =>
      conductorOneToken({
        clientId: sandbox.env.CONDUCTORONE_CLIENT_ID ?? '',
        clientSecret: sandbox.env.CONDUCTORONE_CLIENT_SECRET ?? '',
        tenantUrl: requirement.tenantUrl,
        http,
      }),
  });
  return checkConductorOne({ c1, requirement }, quietLog);
}

const resource = { kind: 'c1Connector', name: CONNECTOR };

describe('ConductorOne check (sandbox)', () => {
  it('finds nothing for a healthy oauth connector', async () => {
    expect(await c1Findings()).toEqual([]);
  });

  it('C1-CONNECTOR-MISSING for an unknown connector id', async () => {
    const findings = await c1Findings({}, { connectorId: 'no-such-connector' });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'C1-CONNECTOR-MISSING',
        severity: 'error',
        integration: 'conductorOne',
        resource: { kind: 'c1Connector', name: 'no-such-connector' },
        actual: 'not found',
      }),
    ]);
  });

  it('C1-CONNECTOR-MISSING for a deleted connector', async () => {
    // A live connector too: the sandbox's printed policy names the first live one.
    const findings = await c1Findings({ deleted: true }, {}, [{ id: 'c1conn000000000000000000002' }]);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['C1-CONNECTOR-MISSING', 'error']]);
  });

  it('C1-CONNECTOR-MODE when the connector uses a PAT but the policy says oauth', async () => {
    const findings = await c1Findings({ mode: 'pat' });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'C1-CONNECTOR-MODE',
        severity: 'error',
        integration: 'conductorOne',
        resource,
        expected: 'C1_selected_field_group_name azure_devops_group_oauth',
        actual: 'C1_selected_field_group_name azure_devops_group_pat',
      }),
    ]);
  });

  it('C1-CONNECTOR-SYNC-ERROR with the last error in the message', async () => {
    const findings = await c1Findings({
      lastSync: { status: 'error', lastError: 'AADSTS7000215: Invalid client secret provided.' },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'C1-CONNECTOR-SYNC-ERROR',
        severity: 'error',
        integration: 'conductorOne',
        resource,
        actual: 'SYNC_STATUS_ERROR',
      }),
    ]);
    expect(findings[0]!.message).toContain('AADSTS7000215: Invalid client secret provided.');
  });

  it('C1-CONNECTOR-SYNC-ERROR when syncing was disabled', async () => {
    const findings = await c1Findings({ lastSync: { status: 'disabled' } });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'C1-CONNECTOR-SYNC-ERROR', severity: 'error', resource }),
    ]);
    expect(findings[0]!.actual).toMatch(/^SYNC_STATUS_DISABLED, sync disabled /);
  });
});
