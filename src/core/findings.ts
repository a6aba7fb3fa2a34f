/** Findings: what verify reports (DESIGN.md §5–§6, contract). */

export const RULE_IDS = [
  'ADO-IDENTITY-NOT-FOUND',
  'ADO-PERMISSION-MISSING',
  'ADO-PERMISSION-DENIED',
  'ADO-READER-MISSING',
  'ADO-PROJECT-ADMIN-MISSING',
  'ADO-ORG-TENANT-MISMATCH',
  'ADO-ORG-NOT-ENTRA-BACKED',
  'ADO-ORG-OAUTH-DISABLED',
  'ENTRA-APP-NOT-FOUND',
  'ENTRA-AUDIENCE',
  'ENTRA-REDIRECT-MISSING',
  'ENTRA-PERMISSION-MISSING',
  'ENTRA-PERMISSION-UNWANTED',
  'ENTRA-CONSENT-MISSING',
  'ENTRA-SECRET-NONE',
  'ENTRA-SECRET-EXPIRING',
  'ENTRA-SECRET-EXPIRED',
  'ENTRA-SERVICE-USER-MFA',
  'DBT-INTEGRATION-MISSING',
  'DBT-ORGANIZATION-MISMATCH',
  'DBT-SERVICE-USER-STALE',
  'C1-CONNECTOR-MISSING',
  'C1-CONNECTOR-MODE',
  'C1-CONNECTOR-SYNC-ERROR',
  'CHECK-SKIPPED',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `general` is for findings that belong to no single integration (organization facts, the service user). */
export type IntegrationName = 'dbtCloud' | 'conductorOne' | 'defenderForCloud' | 'general';

export type ResourceKind =
  | 'organization'
  | 'project'
  | 'repository'
  | 'identity'
  | 'group'
  | 'application'
  | 'servicePrincipal'
  | 'secret'
  | 'tenant'
  | 'dbtAccount'
  | 'c1Connector'
  | 'check';

/** What a finding is about. Names for people, ids and the security token for machines. */
export interface ResourceRef {
  kind: ResourceKind;
  organization?: string;
  project?: string;
  repository?: string;
  /** Security token, e.g. `repoV2/<projectId>/<repoId>`. */
  token?: string;
  /** Security namespace id, for permission findings. */
  namespaceId?: string;
  /** Entra application (client) id. */
  appId?: string;
  /** Any other name: identity UPN, group name, connector id, secret keyId. */
  name?: string;
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  integration: IntegrationName;
  resource: ResourceRef;
  /** One sentence that says what is wrong. Never contains a secret. */
  message: string;
  expected?: string;
  actual?: string;
  /** True when `plan`/`remediate` can change it. */
  fixable: boolean;
  /** How to fix it by hand (or why ado-guard cannot). */
  fix?: string;
  /** Permission findings: each required permission not in effect, and why (feeds the summary matrix). */
  permissions?: PermissionState[];
}

export interface PermissionState {
  /** Action name, e.g. `GenericContribute`, or `Readers` for group membership. */
  name: string;
  bit?: number;
  state: 'missing' | 'denied';
  /** Who denies it: `own ACE` or the group's name, and at which token. */
  deniedBy?: string;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity] += 1;
  return summary;
}

/** The `--fail-on` threshold: `never` never fails on findings. */
export type FailOn = Severity | 'never';

export function failsOn(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold);
}
