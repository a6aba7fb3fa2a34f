/**
 * `plan`: the fixable findings of a verify run turned into changes, in the order they are applied. Findings
 * ado-guard will not change keep `fixable: false` and say why in `fix` (a group deny names the group and the
 * token; an organization connection or policy without an API; a permission removal the policy did not allow).
 */
import type { Finding, RuleId } from '../core/findings.js';
import type { Requirements } from '../core/policy/presets.js';
import type { Policy } from '../core/policy/schema.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { GraphClient } from '../clients/graph/client.js';
import type { CheckLog } from '../checks/types.js';
import { planAzureDevOps } from './ado-plan.js';
import { planApps } from './app-plan.js';
import { OPERATION_ORDER } from './types.js';
import type { PlannedChange } from './types.js';

export interface PlanContext {
  ado: AzureDevOpsClient;
  graph: GraphClient;
  policy: Policy;
  requirements: Requirements;
  log: CheckLog;
}

export interface Plan {
  changes: PlannedChange[];
  /** The verify findings, with the ones this plan leaves alone marked `fixable: false` and why. */
  findings: Finding[];
}

export async function buildPlan(context: PlanContext, findings: readonly Finding[]): Promise<Plan> {
  const ado = await planAzureDevOps(context, findings);
  const apps = await planApps(context, findings);
  const changes = [...ado, ...apps].sort(
    (a, b) => OPERATION_ORDER[a.operation.type] - OPERATION_ORDER[b.operation.type],
  );
  return { changes, findings: markUnplanned(findings, context.policy) };
}

/** The findings with those remediation leaves alone marked `fixable: false`, saying why. */
export function markUnplanned(findings: readonly Finding[], policy: Policy): Finding[] {
  return findings.map((f) => explainUnplanned(f, policy));
}

/** Why ado-guard does not change these, put before the finding's own how-to. */
const NOT_CHANGED_BECAUSE: Partial<Record<RuleId, string>> = {
  'ADO-ORG-NOT-ENTRA-BACKED':
    'ado-guard does not connect organizations to a directory (an organization owner decides, and it affects every user).',
  'ADO-ORG-TENANT-MISMATCH':
    'ado-guard does not move organizations between directories (an organization owner decides, and it affects every user).',
  'ADO-ORG-OAUTH-DISABLED': 'This organization policy has no public REST API to change it.',
  'ENTRA-AUDIENCE': 'ado-guard does not change who can sign in to an app (signInAudience).',
  'ENTRA-CONSENT-MISSING': 'Admin consent is an administrator’s decision; ado-guard does not grant it.',
};

/** Findings `plan` does not act on, with the reason. */
function explainUnplanned(finding: Finding, policy: Policy): Finding {
  const because = NOT_CHANGED_BECAUSE[finding.ruleId];
  if (because !== undefined && !finding.fixable) {
    return { ...finding, fix: finding.fix ? `${because} ${finding.fix}` : because };
  }
  if (
    finding.ruleId === 'ENTRA-PERMISSION-UNWANTED' &&
    finding.fixable &&
    !policy.remediation.removeUnwantedPermissions
  ) {
    return {
      ...finding,
      fixable: false,
      fix:
        'Not removed by default: set `remediation.removeUnwantedPermissions: true` to let `ado-guard remediate` remove it, ' +
        'or remove it under the app registration → API permissions.',
    };
  }
  return finding;
}
