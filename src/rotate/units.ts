/**
 * What to rotate: each distinct Entra app named by the integrations, once, with every target that uses it
 * (DESIGN.md §7). ConductorOne with a PAT uses no Entra secret: rotation says so instead of pretending.
 */
import type { ConductorOneClient } from '../clients/conductorone/client.js';
import type { DbtCloudClient } from '../clients/dbt-cloud/client.js';
import type { Policy } from '../core/policy/schema.js';
import type { RotationClock, RotationLimits } from './clock.js';
import { c1Target } from './targets/c1.js';
import { dbtTarget } from './targets/dbt.js';
import type { SecretTarget } from './targets/target.js';

export interface RotationUnit {
  /** Application (client) id. */
  appId: string;
  targets: SecretTarget[];
}

export interface UnitsInput {
  policy: Policy;
  tenantId: string;
  dbtCloud?: DbtCloudClient;
  conductorOne?: ConductorOneClient;
  clock: RotationClock;
  limits: RotationLimits;
  redact: (text: string) => string;
}

export interface Units {
  units: RotationUnit[];
  /** Integrations rotation leaves alone, and why (shown as skipped steps). */
  notApplicable: { step: string; detail: string }[];
}

export function rotationUnits(input: UnitsInput): Units {
  const { policy, clock, limits, redact } = input;
  const byApp = new Map<string, RotationUnit>();
  const add = (appId: string, target: SecretTarget) => {
    const key = appId.toLowerCase();
    const unit = byApp.get(key) ?? { appId, targets: [] };
    unit.targets.push(target);
    byApp.set(key, unit);
  };
  const notApplicable: Units['notApplicable'] = [];

  const dbt = policy.integrations.dbtCloud;
  if (dbt && input.dbtCloud) {
    add(
      dbt.applicationClientId,
      dbtTarget({
        dbt: input.dbtCloud,
        clientId: dbt.applicationClientId,
        tenantId: input.tenantId,
        organization: policy.organization,
        authenticationMethod: dbt.authenticationMethod,
        ...(policy.rotation.verifyWithJob !== undefined
          ? { verifyWithJob: policy.rotation.verifyWithJob }
          : {}),
        clock,
        limits,
        redact,
      }),
    );
  }
  const c1 = policy.integrations.conductorOne;
  if (c1 && c1.mode === 'pat') {
    notApplicable.push({
      step: 'conductorOne not rotated',
      detail:
        'the connector authenticates with an Azure DevOps personal access token (mode: pat): Entra secret rotation ' +
        'does not apply; renew the PAT in Azure DevOps and update it in ConductorOne',
    });
  } else if (c1 && !c1.applicationClientId) {
    notApplicable.push({
      step: 'conductorOne not rotated',
      detail:
        'integrations.conductorOne.applicationClientId is not set: name the Entra app the connector uses',
    });
  } else if (c1 && input.conductorOne) {
    add(
      c1.applicationClientId!,
      c1Target({
        c1: input.conductorOne,
        appId: c1.appId,
        connectorId: c1.connectorId,
        clientId: c1.applicationClientId!,
        clock,
        limits,
        redact,
      }),
    );
  }
  return { units: [...byApp.values()], notApplicable };
}
