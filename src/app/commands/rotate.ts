/**
 * rotate (DESIGN.md §7): zero-downtime client-secret rotation of the Entra apps the integrations use, pushed to
 * dbt Cloud and ConductorOne. A rotation that does not complete (rolled back or failed) still hands its report
 * over, then fails the run (exit 3).
 */
import { proveClientSecret } from '../../clients/auth/index.js';
import { OperationalError } from '../../core/errors.js';
import { DEFAULT_LIMITS, systemClock, type RotationClock, type RotationLimits } from '../../rotate/clock.js';
import { rotate } from '../../rotate/orchestrate.js';
import type { StepObserver } from '../../rotate/timeline.js';
import type { Host } from '../../platform/host.js';
import type { ReportCommandRunner } from './outcome.js';

/** The output that carries the new secret with `rotation.output: true` (masked, secret variable on Azure). */
export const SECRET_OUTPUT = 'clientSecret';

export interface RotateRunnerOptions {
  clock?: RotationClock;
  limits?: Partial<RotationLimits>;
  onStep?: StepObserver;
}

/** With several apps rotated, the output carries the first one's secret (one output, never overwritten). */
function exposeOnce(host: Host): (secret: string) => void {
  let exposed = false;
  return (secret) => {
    if (exposed) return;
    exposed = true;
    host.setOutput(SECRET_OUTPUT, secret, { secret: true });
  };
}

export function createRotateRunner(options: RotateRunnerOptions = {}): ReportCommandRunner {
  return async (ctx, policy, services, partial) => {
    const outcome = await rotate({
      policy,
      // The apps live in the integrations' tenant (the automation identity may sign in elsewhere).
      tenantId: policy.tenantId,
      graph: services.graph,
      ...(services.dbtCloud ? { dbtCloud: services.dbtCloud } : {}),
      ...(services.conductorOne ? { conductorOne: services.conductorOne } : {}),
      prove: (clientId, secret) =>
        proveClientSecret({
          tenantId: policy.tenantId,
          clientId,
          secret,
          authorityHost: policy.endpoints.authority,
          http: services.http,
        }),
      mask: (secret) => ctx.mask(secret),
      redact: (text) => ctx.redact(text),
      ...(policy.rotation.output ? { exposeSecret: exposeOnce(ctx.host) } : {}),
      clock: options.clock ?? systemClock,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      force: ctx.options.force,
      dryRun: ctx.options.dryRun,
      log: (line) => ctx.step(line),
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    const result = { findings: [], changes: outcome.changes, rotation: outcome.rotation };
    if (outcome.failure) {
      partial(result);
      const { failure } = outcome;
      throw new OperationalError(
        `rotation not completed: ${failure.message}`,
        failure.service,
        failure.status,
      );
    }
    return result;
  };
}

export const runRotate: ReportCommandRunner = createRotateRunner();
