import { createHash } from 'node:crypto';
import { RULE_IDS, type Finding, type ResourceRef, type RuleId, type Severity } from '../core/findings.js';
import type { Report } from '../core/report.js';
import { REPO_URL, RULES, ruleHelpUrl } from '../core/rules.js';
import {
  changeState,
  identity,
  INTEGRATION_LABEL,
  redactDeep,
  resourceLabel,
  sortFindings,
  type Redact,
} from './common.js';

/**
 * SARIF 2.1.0 for code scanning (GitHub) and SARIF viewers. Every result points at the policy file (the only
 * artifact in the repository) and names the live resource as a logical location.
 */

export interface SarifOptions {
  /** The policy file, relative to the repository root (e.g. `ado-guard.yml`). */
  policyPath: string;
  redact?: Redact;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'adoGuardResource/v1';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function renderSarif(input: Report, options: SarifOptions): string {
  const redact = options.redact ?? identity;
  const report = redactDeep(input, redact);
  const uri = relativeUri(options.policyPath);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ado-guard',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPO_URL,
            rules: RULE_IDS.map(sarifRule),
          },
        },
        invocations: [invocation(report)],
        results: sortFindings(report.findings).map((finding) => sarifResult(finding, uri)),
        // SARIF has no place for changes made outside files: plan/remediate list them in the run's property bag.
        ...(report.changes.length > 0
          ? {
              properties: {
                changes: report.changes.map((change) => ({
                  kind: change.kind,
                  resource: fullyQualifiedName(change.resource),
                  description: change.description,
                  state: changeState(change),
                  ...(change.error !== undefined ? { error: change.error } : {}),
                })),
              },
            }
          : {}),
      },
    ],
  };
  return `${redact(JSON.stringify(log, null, 2))}\n`;
}

function sarifRule(id: RuleId): Record<string, unknown> {
  const rule = RULES[id];
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: plainText(rule.title) },
    fullDescription: { text: plainText(rule.why) },
    help: {
      text: plainText(`${rule.why}\n\nHow to fix: ${rule.fix}`),
      markdown: `**Why it matters.** ${rule.why}\n\n**How to fix.** ${rule.fix}\n\n[More](${ruleHelpUrl(id)})`,
    },
    helpUri: ruleHelpUrl(id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ['ado-guard', ...rule.integrations.map((name) => INTEGRATION_LABEL[name])],
      remediable: rule.remediable,
    },
  };
}

function sarifResult(finding: Finding, uri: string): Record<string, unknown> {
  const text = [
    finding.message,
    finding.expected !== undefined ? `Expected: ${finding.expected}.` : undefined,
    finding.actual !== undefined ? `Actual: ${finding.actual}.` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const result: Record<string, unknown> = {
    ruleId: finding.ruleId,
    ruleIndex: RULE_IDS.indexOf(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
        logicalLocations: [
          {
            name: resourceLabel(finding.resource),
            fullyQualifiedName: fullyQualifiedName(finding.resource),
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding.ruleId, finding.resource) },
    properties: {
      integration: finding.integration,
      resourceKind: finding.resource.kind,
      fixable: finding.fixable,
    },
  };
  if (finding.fix !== undefined) (result.properties as Record<string, unknown>).fix = finding.fix;
  return result;
}

function invocation(report: Report): Record<string, unknown> {
  const result: Record<string, unknown> = {
    executionSuccessful: report.status !== 'error',
    startTimeUtc: report.startedAt,
  };
  const end = new Date(Date.parse(report.startedAt) + report.durationMs);
  if (!Number.isNaN(end.getTime())) result.endTimeUtc = end.toISOString();
  if (report.error !== undefined) {
    result.toolExecutionNotifications = [{ level: 'error', message: { text: report.error.message } }];
  }
  return result;
}

/** `organization/project/repository` when the resource lives in a project, else its token or another id. */
export function fullyQualifiedName(resource: ResourceRef): string {
  if (resource.project !== undefined) {
    return [resource.organization, resource.project, resource.repository]
      .filter((p) => p !== undefined)
      .join('/');
  }
  return resource.token ?? resource.appId ?? resource.name ?? resource.organization ?? resource.kind;
}

/** Stable across runs for the same rule on the same resource, so code scanning tracks one alert. */
export function fingerprint(ruleId: RuleId, resource: ResourceRef): string {
  const parts = [
    ruleId,
    resource.kind,
    resource.organization,
    resource.project,
    resource.repository,
    resource.token,
    resource.namespaceId,
    resource.appId,
    resource.name,
  ].map((part) => (part ?? '').toLowerCase());
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** SARIF `text` properties are plain text: drop the code-span backticks of the catalog. */
function plainText(text: string): string {
  return text.replace(/`/g, '');
}

function pascalCase(id: string): string {
  return id
    .toLowerCase()
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** SARIF artifact URIs are relative, forward-slashed and percent-encoded. */
function relativeUri(path: string): string {
  const normalised = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return normalised
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
