/**
 * `remediate --apply`: the planned changes one write each, in plan order. A write that fails marks its change
 * failed and every change that depends on it not attempted; independent changes still land, unless the
 * service did not answer or refused the credentials (then nothing more is tried). The result says exactly
 * which changes landed, so a re-run (which plans from the live state) completes the rest.
 */
import type { Change } from '../core/changes.js';
import { AdoGuardError } from '../core/errors.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import type { GraphClient } from '../clients/graph/client.js';
import { HttpError } from '../clients/http/index.js';
import type { CheckLog } from '../checks/types.js';
import type { Operation, PlannedChange } from './types.js';

export interface ApplyContext {
  ado: AzureDevOpsClient;
  graph: GraphClient;
  log: CheckLog;
}

export interface ApplyResult {
  changes: Change[];
  /** How many writes failed (changes blocked by a failure are not counted). */
  failed: number;
}

export async function applyPlan(
  context: ApplyContext,
  planned: readonly PlannedChange[],
): Promise<ApplyResult> {
  const outcome = new Map<string, 'applied' | 'failed' | 'blocked'>();
  const changes: Change[] = [];
  let stopAll: string | undefined;
  let failed = 0;
  for (const item of planned) {
    const change: Change = { ...item.change, applied: false };
    changes.push(change);
    if (stopAll !== undefined) {
      change.error = `Not attempted: ${stopAll}`;
      outcome.set(item.id, 'blocked');
      continue;
    }
    const blocker = item.dependsOn.find((id) => outcome.get(id) !== 'applied');
    if (blocker !== undefined) {
      const before = planned.find((p) => p.id === blocker);
      change.error = `Not attempted: it depends on "${before?.change.description ?? blocker}", which did not land.`;
      outcome.set(item.id, 'blocked');
      continue;
    }
    context.log.step(`Applying: ${item.change.description}`);
    try {
      await run(context, item.operation);
      change.applied = true;
      outcome.set(item.id, 'applied');
    } catch (error) {
      if (!(error instanceof AdoGuardError)) throw error;
      failed += 1;
      change.error = error.message;
      outcome.set(item.id, 'failed');
      if (error instanceof HttpError && (error.status === undefined || error.status === 401)) {
        stopAll = `an earlier write failed (${error.status === undefined ? 'no answer' : 'credentials refused'}).`;
      }
    }
  }
  return { changes, failed };
}

async function run(context: ApplyContext, operation: Operation): Promise<void> {
  switch (operation.type) {
    case 'clearDeny':
      await context.ado.removePermissions(
        operation.namespaceId,
        operation.token,
        operation.descriptor,
        operation.bits,
      );
      return;
    case 'grant':
      await context.ado.setAccessControlEntries(operation.namespaceId, operation.token, [
        { descriptor: operation.descriptor, allow: operation.bits, deny: 0 },
      ]);
      return;
    case 'membership':
      await context.ado.addMembership(operation.subjectDescriptor, operation.containerDescriptor);
      return;
    case 'app':
      await context.graph.updateApplication(operation.objectId, operation.patch);
      return;
  }
}
