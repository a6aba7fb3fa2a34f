/**
 * plan and remediate (DESIGN.md §1): verify, turn the fixable findings into changes, and (only with
 * `remediate --apply`) apply them in a safe order, then re-verify with bounded polling. `remediate` without
 * `--apply`, and any `--dry-run`, only plans: nothing is written.
 */
import type { CheckLog } from '../../checks/types.js';
import { OperationalError } from '../../core/errors.js';
import { deriveRequirements } from '../../core/policy/presets.js';
import { applyPlan } from '../../remediate/apply.js';
import { buildPlan, markUnplanned } from '../../remediate/plan.js';
import { reverify } from '../../remediate/reverify.js';
import type { ReportCommandRunner } from './outcome.js';
import { runVerify } from './verify.js';

export const runRemediate: ReportCommandRunner = async (ctx, policy, services, partial) => {
  const { command, apply, dryRun } = ctx.options;
  const log: CheckLog = { step: (m) => ctx.step(m), debug: (m) => ctx.debug(m) };
  const before = await runVerify(ctx, policy, services);
  partial({ findings: before });

  ctx.step('Planning changes');
  const plan = await buildPlan(
    {
      ado: services.azureDevOps,
      graph: services.graph,
      policy,
      requirements: deriveRequirements(policy),
      log,
    },
    before,
  );
  const planned = plan.changes.map((item) => ({ ...item.change }));
  const writes = command === 'remediate' && apply && !dryRun;
  if (!writes) {
    if (command === 'remediate' && plan.changes.length > 0) {
      ctx.info(
        dryRun
          ? `Dry run: ${plan.changes.length} change(s) planned, nothing written.`
          : `Nothing was changed: ${plan.changes.length} change(s) planned. Run \`ado-guard remediate --apply\` (action/task input \`apply: true\`) to apply them.`,
      );
    }
    return { findings: plan.findings, changes: planned };
  }
  if (plan.changes.length === 0) {
    ctx.info('Nothing to apply: no finding can be fixed by ado-guard.');
    return { findings: plan.findings, changes: [] };
  }

  ctx.step(`Applying ${plan.changes.length} change(s)`);
  const result = await applyPlan({ ado: services.azureDevOps, graph: services.graph, log }, plan.changes);
  partial({ findings: plan.findings, changes: result.changes });
  const landed = result.changes.filter((c) => c.applied).length;

  ctx.step('Verifying again');
  let findings = plan.findings;
  try {
    const after = await reverify({
      verify: () => runVerify(ctx, policy, services),
      planned: plan.changes,
      applied: result.changes,
      log,
    });
    findings = markUnplanned(after.findings, policy);
    if (after.lagging.length > 0) {
      ctx.warning(
        `${after.lagging.length} finding(s) that applied changes fix still show after ${after.attempts} verify runs: ` +
          'Azure DevOps may still be propagating them; run `ado-guard verify` again later.',
      );
    }
  } catch (error) {
    // The writes' outcome matters more than the re-verify: report it with the findings from before.
    if (result.failed === 0 || !(error instanceof OperationalError)) throw error;
    ctx.debug(`Re-verify failed too: ${error.message}`);
  }

  if (result.failed > 0) {
    partial({ findings, changes: result.changes });
    const failed = result.changes.filter((c) => !c.applied);
    throw new OperationalError(
      `${landed} of ${result.changes.length} change(s) applied; ${failed.length} did not land ` +
        `(${failed.map((c) => c.description).join(' | ')}). Fix the cause and run \`ado-guard remediate --apply\` again: it applies only what is still missing.`,
    );
  }
  return { findings, changes: result.changes };
};
