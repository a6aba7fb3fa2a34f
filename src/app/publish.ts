/**
 * Hands a finished report to the platform: the printed report, the report file, outputs, the summary,
 * annotations, and the exit code of DESIGN.md §4.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode } from '../core/exit-codes.js';
import type { SourceLocation } from '../core/errors.js';
import { failsOn } from '../core/findings.js';
import type { Finding } from '../core/findings.js';
import type { Report } from '../core/report.js';
import type { OutputFormat } from '../platform/host.js';
import { render } from '../report/index.js';
import type { RunContext } from './context.js';

const EXTENSION: Record<OutputFormat, string> = { text: 'txt', markdown: 'md', json: 'json', sarif: 'sarif' };
/** GitHub shows at most 10 annotations of each kind per step; more only adds noise. */
const MAX_ANNOTATIONS = 10;

export function renderReport(
  report: Report,
  format: OutputFormat,
  ctx: RunContext,
  policyPath: string,
): string {
  return render(report, format, {
    color: ctx.options.color,
    policyPath,
    redact: ctx.redact,
    runUrl: runUrl(),
  });
}

/** Link to the CI run for the summary footer, when the platform tells it. */
function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  }
  const { SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_BUILDID } = process.env;
  if (SYSTEM_COLLECTIONURI && SYSTEM_TEAMPROJECT && BUILD_BUILDID) {
    return `${SYSTEM_COLLECTIONURI}${encodeURIComponent(SYSTEM_TEAMPROJECT)}/_build/results?buildId=${BUILD_BUILDID}`;
  }
  return undefined;
}

export function exitCodeOf(report: Report, ctx: RunContext): ExitCode {
  if (report.status === 'error') return ExitCode.Operational;
  return failsOn(report.findings, ctx.options.failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function defaultReportPath(format: OutputFormat): string {
  const base =
    process.env.RUNNER_TEMP ||
    process.env.AGENT_TEMPDIRECTORY ||
    mkdtempSync(path.join(os.tmpdir(), 'ado-guard-'));
  return path.join(base, `ado-guard-report.${EXTENSION[format]}`);
}

export async function publish(
  ctx: RunContext,
  report: Report,
  policyPath: string,
  locate: (finding: Finding) => SourceLocation = () => ({ file: policyPath, line: 1 }),
): Promise<ExitCode> {
  const { host, options } = ctx;
  const onCli = host.platform === 'cli';
  // On the CLI the chosen format is what the user reads; in CI the log gets text and the file the format.
  host.print(renderReport(report, onCli ? options.format : 'text', ctx, policyPath));

  const reportPath = options.outputPath ?? (onCli ? undefined : defaultReportPath(options.format));
  if (reportPath) {
    mkdirSync(path.dirname(path.resolve(reportPath)), { recursive: true });
    writeFileSync(reportPath, renderReport(report, options.format, ctx, policyPath));
    if (onCli) ctx.info(`Report written to ${reportPath}`);
  }

  if (!onCli) {
    host.setOutput('status', report.status);
    host.setOutput('findings', String(report.findings.length));
    host.setOutput('errors', String(report.summary.error));
    host.setOutput('warnings', String(report.summary.warning));
    if (reportPath) host.setOutput('report', reportPath);
    if (report.rotation?.newKeyId) host.setOutput('rotatedKeyId', report.rotation.newKeyId);
    if (report.rotation?.secretExpiresOn) host.setOutput('secretExpiresOn', report.rotation.secretExpiresOn);
    annotate(ctx, report, locate);
    await host.writeSummary(renderReport(report, 'markdown', ctx, policyPath));
  }
  return exitCodeOf(report, ctx);
}

/** Findings as annotations on the policy file, so a PR check points at the file that states the policy. */
function annotate(ctx: RunContext, report: Report, locate: (finding: Finding) => SourceLocation): void {
  const counts = { error: 0, warning: 0 };
  for (const finding of report.findings) {
    if (finding.severity === 'info' || counts[finding.severity] >= MAX_ANNOTATIONS) continue;
    counts[finding.severity] += 1;
    const text = `${finding.ruleId}: ${finding.message}`;
    const location = locate(finding);
    if (finding.severity === 'error') ctx.error(text, location);
    else ctx.warning(text, location);
  }
}
