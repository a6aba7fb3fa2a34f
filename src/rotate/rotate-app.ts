/**
 * One Entra app's rotation, in the order of DESIGN.md §7: read app and targets → lock (lock.ts) → decide →
 * addPassword (masked at once) → wait until Graph shows it → settle a concurrent run → prove → push each target →
 * verify each target → retire older secrets per `retireOld`. A failure before any target took the new secret
 * removes it again (rolledBack); after that, nothing old is retired and the report says who holds what.
 */
import type { ProveClientSecretResult } from '../clients/auth/index.js';
import type { GraphApplication, GraphClient, GraphNewPassword } from '../clients/graph/client.js';
import type { Change } from '../core/changes.js';
import { OperationalError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import type { RotationStatus, RotationTarget } from '../core/report.js';
import type { RotationClock, RotationLimits } from './clock.js';
import { createSecret, removeLostAnswerSecrets } from './create.js';
import { decide } from './decide.js';
import { readLock, type LockState } from './lock.js';
import { byStartThenKey, isAdoGuardSecret, markerName, newRotationId, sameKey } from './marker.js';
import { proveWithinWindow, waitUntilVisible } from './prove.js';
import { retireCandidates, retireSecrets } from './retire.js';
import type { Timeline } from './timeline.js';
import type { SecretTarget } from './targets/target.js';
import type { RotationUnit } from './units.js';

const GRAPH = 'Microsoft Graph';

export interface AppRotationDeps {
  policy: Policy;
  graph: GraphClient;
  /** Token request with a fresh credential for `clientId` and `secret` (clients/auth proveClientSecret). */
  prove: (clientId: string, secret: string) => Promise<ProveClientSecretResult>;
  mask: (secret: string) => void;
  redact: (text: string) => string;
  /** Set only with `rotation.output: true`: hands the new secret to a downstream step as a masked output. */
  exposeSecret?: (secret: string) => void;
  clock: RotationClock;
  limits: RotationLimits;
  force: boolean;
  dryRun: boolean;
  newRotationId?: () => string;
}

export interface AppOutcome {
  appId: string;
  status: RotationStatus;
  reason: string;
  newKeyId?: string;
  secretExpiresOn?: string;
  retiredKeyIds: string[];
  targets: RotationTarget[];
  changes: Change[];
  failure?: OperationalError;
}

const list = (names: string[]) => names.join(', ');

export async function rotateApp(
  unit: RotationUnit,
  deps: AppRotationDeps,
  timeline: Timeline,
): Promise<AppOutcome> {
  const { graph, clock, limits, policy } = deps;
  const out: AppOutcome = {
    appId: unit.appId,
    status: 'skipped',
    reason: '',
    retiredKeyIds: [],
    targets: [],
    changes: [],
  };
  const secretRef = (keyId?: string) => ({
    kind: 'secret' as const,
    appId: unit.appId,
    ...(keyId ? { name: keyId } : {}),
  });
  let objectId: string | undefined;
  let created: GraphNewPassword | undefined;
  const accepted: string[] = [];
  const targetEntry = (target: SecretTarget): RotationTarget => {
    let entry = out.targets.find((t) => t.name === target.name);
    if (!entry) {
      entry = { name: target.name, status: 'failed' };
      out.targets.push(entry);
    }
    return entry;
  };

  try {
    const app = await graph.application(unit.appId);
    if (!app) {
      throw new OperationalError(
        `Entra app ${unit.appId} was not found in the tenant (ENTRA-APP-NOT-FOUND): check the applicationClientId ` +
          'of the integrations in the policy, and that the automation identity may read it.',
        GRAPH,
      );
    }
    objectId = app.id;
    const updatedAt: Record<string, number | undefined> = {};
    for (const target of unit.targets) updatedAt[target.name] = (await target.prepare()).updatedAt;
    await timeline.record(
      `read app ${unit.appId} and its targets`,
      'ok',
      `${app.passwordCredentials.length} client secret(s); targets ${list(unit.targets.map((t) => t.name))}`,
    );

    let secrets = app.passwordCredentials;
    const lock = readLock({
      secrets,
      targetsUpdatedAt: updatedAt,
      retireOld: policy.rotation.retireOld,
      now: clock.now(),
      lockWindowMs: limits.lockWindowMs,
    });
    let interruptedReason: string | undefined;
    if (lock.kind === 'held') {
      out.reason =
        `rotation ${lock.rotationId} (client secret ${lock.secret.keyId}) is in progress; this run leaves the app ` +
        `alone. If that run stopped, the next run after ${new Date(lock.until).toISOString()} completes it.`;
      await timeline.record('check rotation lock', 'skipped', out.reason);
      return out;
    }
    if (lock.kind === 'interrupted') {
      await timeline.record('check rotation lock', 'ok', describeInterrupted(lock));
      if (lock.holders.length === 0) {
        // Nobody can use it: its value was shown only to the run that stopped.
        if (deps.dryRun) {
          out.changes.push({
            kind: 'secret',
            resource: secretRef(lock.secret.keyId),
            description: `remove orphaned client secret ${lock.secret.keyId} of interrupted rotation ${lock.rotationId}`,
            applied: false,
          });
        } else {
          await graph.removePassword(app.id, lock.secret.keyId);
          out.changes.push({
            kind: 'secret',
            resource: secretRef(lock.secret.keyId),
            description: `removed orphaned client secret ${lock.secret.keyId} of interrupted rotation ${lock.rotationId}`,
            applied: true,
          });
          await timeline.record('remove orphaned secret', 'ok', `keyId ${lock.secret.keyId}`);
        }
        secrets = secrets.filter((s) => !sameKey(s.keyId, lock.secret.keyId));
      } else if (lock.others.length > 0) {
        interruptedReason = `complete interrupted rotation ${lock.rotationId}: ${list(lock.holders)} took its secret, ${list(lock.others)} did not`;
      } else {
        return await finishInterrupted(lock, app, unit, deps, timeline, out);
      }
    }

    const decision = interruptedReason
      ? { rotate: true, reason: interruptedReason }
      : decide({
          secrets,
          now: clock.now(),
          maxAgeDays: policy.rotation.maxAgeDays,
          minRemainingDays: policy.rotation.minRemainingDays,
          force: deps.force,
        });
    await timeline.record('decide', decision.rotate ? 'ok' : 'skipped', decision.reason);
    out.reason = decision.reason;
    if (!decision.rotate) return out;

    if (deps.dryRun) {
      out.reason = `dry run: would rotate (${decision.reason})`;
      out.changes.push(...plannedChanges(unit, secrets, deps));
      return out;
    }

    const rotationId = (deps.newRotationId ?? newRotationId)();
    const createdAt = clock.now();
    const made = await createSecret({
      graph,
      app,
      displayName: markerName(rotationId, new Date(createdAt)),
      lifetimeDays: policy.rotation.lifetimeDays,
      now: createdAt,
      mask: deps.mask,
    });
    created = made.credential;
    out.newKeyId = created.keyId;
    if (created.endDateTime) out.secretExpiresOn = new Date(created.endDateTime).toISOString();
    out.changes.push({
      kind: 'secret',
      resource: secretRef(created.keyId),
      description: `added client secret ${created.keyId} (${created.displayName ?? ''}) expiring ${created.endDateTime ?? '(not given)'}`,
      applied: true,
    });
    await timeline.record('addPassword', 'ok', `keyId ${created.keyId}, ${made.lifetimeNote}`);

    const visible = await waitUntilVisible(graph, unit.appId, created.keyId, clock, limits);
    await timeline.record('wait until Graph shows the new key', 'ok', `${visible.reads} reads`);
    const strays = await sweepLostAnswers(graph, visible.app, created, timeline);

    // Two runs that created a secret at the same moment: the earlier one goes on, the other withdraws.
    const known = new Set(secrets.map((s) => s.keyId.toLowerCase()));
    const mine = visible.app.passwordCredentials.find((s) => sameKey(s.keyId, created!.keyId));
    const rivals = visible.app.passwordCredentials.filter(
      (s) =>
        isAdoGuardSecret(s) &&
        !known.has(s.keyId.toLowerCase()) &&
        !sameKey(s.keyId, created!.keyId) &&
        !strays.some((k) => sameKey(k, s.keyId)),
    );
    if (mine && rivals.length > 0) {
      const winner = [mine, ...rivals].sort(byStartThenKey)[0]!;
      if (winner !== mine) {
        await graph.removePassword(app.id, created.keyId);
        out.changes.push({
          kind: 'secret',
          resource: secretRef(created.keyId),
          description: `removed client secret ${created.keyId} again: a concurrent run is rotating this app`,
          applied: true,
        });
        out.reason = `a concurrent run (client secret ${winner.keyId}) is rotating this app; this run withdrew its own secret`;
        await timeline.record('withdraw for a concurrent rotation', 'skipped', out.reason);
        delete out.newKeyId;
        delete out.secretExpiresOn;
        created = undefined;
        return out;
      }
    }

    const proof = await proveWithinWindow(
      (secret) => deps.prove(unit.appId, secret),
      created.secretText,
      createdAt,
      clock,
      limits,
    );
    if (!proof.ok) {
      await timeline.record('prove new secret', 'failed', `${proof.attempts} attempt(s)`);
      throw new OperationalError(
        deps.redact(`Entra ID did not accept the new client secret ${created.keyId}: ${proof.message}`),
        'Entra ID',
      );
    }
    await timeline.record('prove new secret', 'ok', `${proof.attempts} attempt(s)`);

    for (const target of unit.targets) {
      const result = await target.push(created.secretText);
      const entry = targetEntry(target);
      if (!result.accepted) {
        entry.status = 'failed';
        entry.message = deps.redact(`kept its previous secret: ${result.message ?? 'the update failed'}`);
        await timeline.record(`push ${target.name}`, 'failed', entry.message);
        throw new OperationalError(
          deps.redact(`${target.name} did not take the new secret: ${result.message ?? 'the update failed'}`),
          target.name,
        );
      }
      accepted.push(target.name);
      entry.status = 'updated';
      entry.keyId = created.keyId;
      out.changes.push({
        kind: 'target',
        resource: target.resource,
        description: `stored client secret ${created.keyId} in ${target.description}`,
        applied: true,
      });
      await timeline.record(`push ${target.name}`, 'ok', result.message && deps.redact(result.message));
    }

    if (!(await verifyTargets(unit.targets, targetEntry, deps, timeline))) {
      throw new OperationalError(
        `not every target verified the new client secret ${created.keyId}`,
        unit.targets.find((t) => targetEntry(t).status === 'failed')?.name,
      );
    }

    const read = (await graph.application(unit.appId)) ?? visible.app;
    // A lost addPassword answer whose secret Graph made only after the first sweep.
    const late = await sweepLostAnswers(graph, read, created, timeline);
    const current = {
      ...read,
      passwordCredentials: read.passwordCredentials.filter((s) => !late.some((k) => sameKey(k, s.keyId))),
    };
    const kept = current.passwordCredentials.find((s) => sameKey(s.keyId, created!.keyId)) ?? mine ?? created;
    const retired = await retire(current, kept, deps, timeline, out);
    out.retiredKeyIds = retired;
    deps.exposeSecret?.(created.secretText);
    out.status = 'rotated';
    return out;
  } catch (error) {
    if (!(error instanceof OperationalError)) {
      if (created && accepted.length === 0 && objectId) {
        await graph.removePassword(objectId, created.keyId).catch(() => undefined);
      }
      throw error;
    }
    const message = deps.redact(error.message);
    // Before a secret existed no target was touched: the report lists none.
    for (const target of created ? unit.targets : []) {
      const entry = targetEntry(target);
      if (entry.status === 'failed' && !entry.message) {
        entry.message = 'not updated (an earlier step failed): it keeps its previous secret';
      }
    }
    if (created && accepted.length === 0 && objectId) {
      try {
        await graph.removePassword(objectId, created.keyId);
        out.changes.push({
          kind: 'secret',
          resource: secretRef(created.keyId),
          description: `removed client secret ${created.keyId} again (rolled back)`,
          applied: true,
        });
        await timeline.record('roll back: remove the new secret', 'ok', `keyId ${created.keyId}`);
        out.status = 'rolledBack';
        out.reason = `${message}; rolled back: the new secret was removed and every target keeps its previous secret`;
        delete out.secretExpiresOn;
      } catch (rollbackError) {
        out.status = 'failed';
        out.reason =
          `${message}; the new secret ${created.keyId} could not be removed ` +
          `(${deps.redact(String((rollbackError as Error).message))}): no target uses it, the next run removes it`;
        await timeline.record('roll back: remove the new secret', 'failed', out.reason);
      }
    } else {
      out.status = 'failed';
      out.reason = created
        ? `${message}. ${list(accepted)} hold${accepted.length === 1 ? 's' : ''} the new secret ${created.keyId}; ` +
          'every other target keeps its previous secret, which is NOT retired. The next run completes the rotation.'
        : message;
    }
    out.failure = new OperationalError(
      `rotation of app ${unit.appId}: ${out.reason}`,
      error.service,
      error.status,
    );
    return out;
  }
}

function describeInterrupted(lock: Extract<LockState, { kind: 'interrupted' }>): string {
  const who =
    lock.holders.length === 0 ? 'no target took its secret' : `${list(lock.holders)} took its secret`;
  return `rotation ${lock.rotationId} (client secret ${lock.secret.keyId}) was interrupted: ${who}`;
}

async function verifyTargets(
  targets: SecretTarget[],
  entryOf: (t: SecretTarget) => RotationTarget,
  deps: AppRotationDeps,
  timeline: Timeline,
): Promise<boolean> {
  let allVerified = true;
  for (const target of targets) {
    const check = await target.verify();
    const entry = entryOf(target);
    if (check.ok) {
      entry.status = 'verified';
      await timeline.record(`verify ${target.name}`, 'ok', deps.redact(check.detail));
    } else {
      allVerified = false;
      entry.status = 'failed';
      entry.message = deps.redact(`holds the new secret but did not verify: ${check.message}`);
      await timeline.record(`verify ${target.name}`, 'failed', deps.redact(check.message));
    }
  }
  return allVerified;
}

/** removeLostAnswerSecrets, on the timeline when it removed any. */
async function sweepLostAnswers(
  graph: GraphClient,
  app: GraphApplication,
  created: { keyId: string; displayName: string | null },
  timeline: Timeline,
): Promise<string[]> {
  const strays = await removeLostAnswerSecrets(graph, app, created);
  if (strays.length > 0) {
    await timeline.record(
      'remove secrets of lost addPassword answers',
      'ok',
      `removed ${strays.join(', ')} (made by Graph, answer lost on the way)`,
    );
  }
  return strays;
}

async function retire(
  app: GraphApplication,
  kept: { keyId: string; startDateTime: string | null; displayName: string | null },
  deps: AppRotationDeps,
  timeline: Timeline,
  out: AppOutcome,
): Promise<string[]> {
  const retireOld = deps.policy.rotation.retireOld;
  const candidates = retireCandidates(
    app.passwordCredentials,
    { ...kept, endDateTime: null, hint: null },
    retireOld,
  );
  if (candidates.length === 0) {
    await timeline.record(
      'retire old secrets',
      'skipped',
      retireOld === 'never' ? 'retireOld: never' : `no older secret to remove (retireOld: ${retireOld})`,
    );
    return [];
  }
  const result = await retireSecrets(
    deps.graph,
    app.id,
    candidates.map((c) => c.keyId),
  );
  for (const keyId of result.removed) {
    out.changes.push({
      kind: 'secret',
      resource: { kind: 'secret', appId: app.appId, name: keyId },
      description: `removed old client secret ${keyId} (retireOld: ${retireOld})`,
      applied: true,
    });
  }
  await timeline.record(
    'retire old secrets',
    'ok',
    `${result.removed.length} removed${result.absent.length ? `, ${result.absent.length} already gone` : ''}`,
  );
  return [...result.removed, ...result.absent];
}

/** Every target took the interrupted rotation's secret; older secrets remain: verify, then retire them. */
async function finishInterrupted(
  lock: Extract<LockState, { kind: 'interrupted' }>,
  app: GraphApplication,
  unit: RotationUnit,
  deps: AppRotationDeps,
  timeline: Timeline,
  out: AppOutcome,
): Promise<AppOutcome> {
  out.reason = `complete interrupted rotation ${lock.rotationId}: every target holds its secret; retire the older ones`;
  out.newKeyId = lock.secret.keyId;
  if (lock.secret.endDateTime) out.secretExpiresOn = new Date(lock.secret.endDateTime).toISOString();
  if (deps.dryRun) {
    out.reason = `dry run: would ${out.reason}`;
    for (const old of lock.leftovers) {
      out.changes.push({
        kind: 'secret',
        resource: { kind: 'secret', appId: unit.appId, name: old.keyId },
        description: `remove old client secret ${old.keyId} after every target verified`,
        applied: false,
      });
    }
    return out;
  }
  const entryOf = (target: SecretTarget): RotationTarget => {
    let entry = out.targets.find((t) => t.name === target.name);
    if (!entry) {
      entry = { name: target.name, status: 'updated', keyId: lock.secret.keyId };
      out.targets.push(entry);
    }
    return entry;
  };
  if (!(await verifyTargets(unit.targets, entryOf, deps, timeline))) {
    out.status = 'failed';
    out.reason = `${out.reason}: not every target verified; nothing retired`;
    out.failure = new OperationalError(`rotation of app ${unit.appId}: ${out.reason}`);
    return out;
  }
  out.retiredKeyIds = await retire(app, lock.secret, deps, timeline, out);
  out.status = 'rotated';
  return out;
}

/** Dry run: what a rotation would change, nothing written. */
function plannedChanges(
  unit: RotationUnit,
  secrets: GraphApplication['passwordCredentials'],
  deps: AppRotationDeps,
): Change[] {
  const { lifetimeDays, retireOld } = deps.policy.rotation;
  const changes: Change[] = [
    {
      kind: 'secret',
      resource: { kind: 'secret', appId: unit.appId },
      description: `add a client secret to app ${unit.appId} valid ${lifetimeDays} days (within the tenant policy), prove it with Entra ID`,
      applied: false,
    },
    ...unit.targets.map((t): Change => ({
      kind: 'target',
      resource: t.resource,
      description: `store the new secret in ${t.description} and verify it`,
      applied: false,
    })),
  ];
  const older =
    retireOld === 'never' ? [] : secrets.filter((s) => retireOld === 'all' || isAdoGuardSecret(s));
  for (const old of older) {
    changes.push({
      kind: 'secret',
      resource: { kind: 'secret', appId: unit.appId, name: old.keyId },
      description: `remove old client secret ${old.keyId} (${old.displayName ?? 'no name'}) after every target verified`,
      applied: false,
    });
  }
  return changes;
}
