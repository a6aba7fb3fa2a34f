import type { Report } from '../core/report.js';
import type { Redact } from './common.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

/** One entry point for every report format (`--format`). */

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderContext {
  /** ANSI colour in text output. */
  color?: boolean;
  /** The policy file, relative to the repository root: SARIF locations and the markdown footer. */
  policyPath?: string;
  /** Link to the CI run, for the markdown footer. */
  runUrl?: string;
  /** Applied to the final output (e.g. `registry.redact`), as defence in depth. */
  redact?: Redact;
}

export const DEFAULT_POLICY_PATH = 'ado-guard.yml';

export function render(report: Report, format: ReportFormat, ctx: RenderContext = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: ctx.color ?? false, ...redactOption(ctx) });
    case 'markdown':
      return renderMarkdown(report, {
        ...(ctx.policyPath !== undefined ? { policyPath: ctx.policyPath } : {}),
        ...(ctx.runUrl !== undefined ? { runUrl: ctx.runUrl } : {}),
        ...redactOption(ctx),
      });
    case 'json':
      return renderJson(report, redactOption(ctx));
    case 'sarif':
      return renderSarif(report, { policyPath: ctx.policyPath ?? DEFAULT_POLICY_PATH, ...redactOption(ctx) });
  }
}

function redactOption(ctx: RenderContext): { redact?: Redact } {
  return ctx.redact !== undefined ? { redact: ctx.redact } : {};
}

export { renderJson } from './json.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
export { renderSarif, type SarifOptions } from './sarif.js';
export { renderText, type TextOptions } from './text.js';
export { renderRulesDoc } from './rules-doc.js';
export type { Redact } from './common.js';
