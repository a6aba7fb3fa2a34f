/**
 * `rotate` across the integrations: each distinct Entra app once (units.ts), its outcome combined into the
 * report's one `rotation` object (DESIGN.md §6). With several apps, `appId`/`newKeyId`/`secretExpiresOn` describe
 * the first app that got a new secret; each target names the keyId it holds.
 */
import type { ConductorOneClient } from '../clients/conductorone/client.js';
import type { DbtCloudClient } from '../clients/dbt-cloud/client.js';
import type { Change } from '../core/changes.js';
import { OperationalError } from '../core/errors.js';
import type { RotationReport, RotationStatus } from '../core/report.js';
import { rotateApp, type AppOutcome, type AppRotationDeps } from './rotate-app.js';
import { Timeline, type StepObserver } from './timeline.js';
import { rotationUnits } from './units.js';

export interface RotateDeps extends AppRotationDeps {
  tenantId: string;
  dbtCloud?: DbtCloudClient;
  conductorOne?: ConductorOneClient;
  /** Progress lines (ctx.step). */
  log?: (line: string) => void;
  /** Called after every step: tests probe the invariants here. */
  onStep?: StepObserver;
}

export interface RotateOutcome {
  rotation: RotationReport;
  changes: Change[];
  /** Set when the rotation did not complete (exit 3): rolled back or failed. */
  failure?: OperationalError;
}

const SEVERITY: RotationStatus[] = ['skipped', 'rotated', 'rolledBack', 'failed'];

export async function rotate(deps: RotateDeps): Promise<RotateOutcome> {
  const timeline = new Timeline(deps.clock, deps.onStep, deps.log);
  const { units, notApplicable } = rotationUnits({
    policy: deps.policy,
    tenantId: deps.tenantId,
    ...(deps.dbtCloud ? { dbtCloud: deps.dbtCloud } : {}),
    ...(deps.conductorOne ? { conductorOne: deps.conductorOne } : {}),
    clock: deps.clock,
    limits: deps.limits,
    redact: deps.redact,
  });
  for (const note of notApplicable) await timeline.record(note.step, 'skipped', note.detail);

  const outcomes: AppOutcome[] = [];
  for (const unit of units) outcomes.push(await rotateApp(unit, deps, timeline));

  const status = outcomes.reduce<RotationStatus>(
    (worst, o) => (SEVERITY.indexOf(o.status) > SEVERITY.indexOf(worst) ? o.status : worst),
    'skipped',
  );
  const primary = outcomes.find((o) => o.newKeyId !== undefined) ?? outcomes[0];
  const reasons =
    outcomes.length === 0
      ? notApplicable.length
        ? notApplicable.map((n) => n.detail).join('; ')
        : 'no integration uses an Entra client secret'
      : outcomes.length === 1
        ? outcomes[0]!.reason
        : outcomes.map((o) => `app ${o.appId}: ${o.reason}`).join('; ');
  const rotation: RotationReport = {
    status,
    ...(reasons ? { reason: reasons } : {}),
    ...(primary ? { appId: primary.appId } : {}),
    ...(primary?.newKeyId ? { newKeyId: primary.newKeyId } : {}),
    ...(primary?.secretExpiresOn ? { secretExpiresOn: primary.secretExpiresOn } : {}),
    retiredKeyIds: outcomes.flatMap((o) => o.retiredKeyIds),
    targets: outcomes.flatMap((o) => o.targets),
    steps: timeline.steps,
  };
  const failures = outcomes.filter((o) => o.failure);
  const failure =
    failures.length === 0
      ? undefined
      : failures.length === 1
        ? failures[0]!.failure
        : new OperationalError(failures.map((o) => o.failure!.message).join(' '));
  return { rotation, changes: outcomes.flatMap((o) => o.changes), ...(failure ? { failure } : {}) };
}
