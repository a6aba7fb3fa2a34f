/**
 * ConductorOne's Azure DevOps connector (DESIGN.md §3, reference/conductorone.md §3.1, §3.6, §4): it exists,
 * its selected field group matches the policy's mode, and its last sync is not in error.
 */
import type { Finding, ResourceRef } from '../core/findings.js';
import type { ConductorOneRequirement } from '../core/policy/presets.js';
import type { ConductorOneClient } from '../clients/conductorone/client.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
import type { CheckLog } from './types.js';

export interface ConductorOneCheckContext {
  c1: ConductorOneClient;
  requirement: ConductorOneRequirement;
}

const FIELD_GROUP: Record<ConductorOneRequirement['mode'], string> = {
  oauth: 'azure_devops_group_oauth',
  pat: 'azure_devops_group_pat',
};
const SELECTOR = 'C1_selected_field_group_name';

export async function checkConductorOne(
  context: ConductorOneCheckContext,
  log: CheckLog,
): Promise<Finding[]> {
  const { requirement } = context;
  const resource: ResourceRef = { kind: 'c1Connector', name: requirement.connectorId };
  log.step(`Reading ConductorOne connector ${requirement.connectorId} of app ${requirement.appId}`);
  let connector;
  try {
    connector = await context.c1.connector(requirement.appId, requirement.connectorId);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: 'conductorOne',
        what: `ConductorOne connector ${requirement.connectorId}`,
        permission: 'a ConductorOne API credential with the Connector Administrator role',
        resource: { name: requirement.connectorId },
        check: 'c1.connector',
      }),
    ];
  }
  if (!connector || connector.deletedAt) {
    return [
      {
        ruleId: 'C1-CONNECTOR-MISSING',
        severity: 'error',
        integration: 'conductorOne',
        resource,
        message: connector
          ? `ConductorOne connector ${requirement.connectorId} of app ${requirement.appId} was deleted on ${connector.deletedAt}.`
          : `ConductorOne app ${requirement.appId} has no connector ${requirement.connectorId}.`,
        expected: 'an Azure DevOps connector',
        actual: connector ? `deleted ${connector.deletedAt}` : 'not found',
        fixable: false,
        fix: 'Check integrations.conductorOne.appId and connectorId in the policy file (ConductorOne → Applications → the app → Connectors).',
      },
    ];
  }
  const findings: Finding[] = [];
  const selected = connector.config[SELECTOR];
  const expectedGroup = FIELD_GROUP[requirement.mode];
  if (selected !== expectedGroup) {
    findings.push({
      ruleId: 'C1-CONNECTOR-MODE',
      severity: 'error',
      integration: 'conductorOne',
      resource,
      message: `ConductorOne connector ${requirement.connectorId} is set up for ${modeOf(selected)}, but the policy says mode ${requirement.mode}.`,
      expected: `${SELECTOR} ${expectedGroup}`,
      actual: selected ? `${SELECTOR} ${selected}` : `${SELECTOR} not set`,
      fixable: false,
      fix: "Correct integrations.conductorOne.mode in the policy file, or switch the connector's authentication in ConductorOne.",
    });
  }
  const status = connector.status.status;
  if (status === 'SYNC_STATUS_ERROR' || status === 'SYNC_STATUS_DISABLED' || connector.syncDisabledAt) {
    const why = connector.status.lastError ?? connector.syncDisabledReason ?? 'no error text given';
    findings.push({
      ruleId: 'C1-CONNECTOR-SYNC-ERROR',
      severity: 'error',
      integration: 'conductorOne',
      resource,
      message: connector.syncDisabledAt
        ? `ConductorOne disabled syncing of connector ${requirement.connectorId} on ${connector.syncDisabledAt}: ${why}`
        : `The last sync of ConductorOne connector ${requirement.connectorId} failed (${status}): ${why}`,
      expected: 'last sync succeeded, syncing enabled',
      actual: [
        status ?? 'status unknown',
        connector.syncDisabledAt ? `sync disabled ${connector.syncDisabledAt}` : '',
      ]
        .filter(Boolean)
        .join(', '),
      fixable: false,
      fix: 'Fix the cause in the error (often an expired client secret or PAT: `ado-guard rotate`), then resume syncing in ConductorOne.',
    });
  }
  return findings;
}

function modeOf(group: string | undefined): string {
  if (group === FIELD_GROUP.oauth) return 'OAuth (an Entra app)';
  if (group === FIELD_GROUP.pat) return 'a personal access token';
  return group ? `field group "${group}"` : 'no field group';
}
