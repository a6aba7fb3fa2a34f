import type { Change } from '../../src/core/changes.js';
import { countBySeverity, type Finding } from '../../src/core/findings.js';
import type { Command, Report, ReportStatus, RotationReport } from '../../src/core/report.js';

/** Representative reports for the renderer and schema tests. Values are fixed so outputs are exact. */

const GIT = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
const HOOKS = 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046';

export const DRIFT_FINDINGS: Finding[] = [
  {
    ruleId: 'ENTRA-SECRET-EXPIRING',
    severity: 'warning',
    integration: 'dbtCloud',
    resource: { kind: 'application', appId: '11111111-1111-1111-1111-111111111111', name: 'dbt-cloud-ado' },
    message: 'The newest client secret expires in 12 days.',
    expected: 'at least 30 days left',
    actual: '12 days left (2026-12-04)',
    fixable: false,
    fix: 'Run `ado-guard rotate`.',
  },
  {
    ruleId: 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: {
      kind: 'repository',
      organization: 'contoso',
      project: 'Sales',
      repository: 'dbt-models',
      token: 'repoV2/p-sales/r-models',
      namespaceId: GIT,
    },
    message: 'dbt-svc@contoso.com lacks PullRequestContribute on Sales/dbt-models.',
    expected: 'GenericContribute, PullRequestContribute',
    actual: 'GenericContribute',
    fixable: true,
    permissions: [{ name: 'PullRequestContribute', bit: 16384, state: 'missing' }],
  },
  {
    ruleId: 'ADO-PERMISSION-DENIED',
    severity: 'error',
    integration: 'dbtCloud',
    resource: {
      kind: 'repository',
      organization: 'contoso',
      project: 'Finance',
      repository: 'ledger|dbt',
      token: 'repoV2/p-fin/r-ledger',
      namespaceId: GIT,
    },
    message: 'A deny blocks GenericContribute and PullRequestContribute on Finance/ledger|dbt.',
    expected: 'GenericContribute, PullRequestContribute',
    actual: 'denied by [Finance]\\Auditors',
    fixable: false,
    fix: 'Remove the deny on [Finance]\\Auditors or take the service user out of it.',
    permissions: [
      { name: 'GenericContribute', bit: 4, state: 'denied', deniedBy: '[Finance]\\Auditors at repoV2/p-fin' },
      { name: 'PullRequestContribute', bit: 16384, state: 'denied', deniedBy: 'own ACE' },
    ],
  },
  {
    ruleId: 'ADO-PERMISSION-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: {
      kind: 'project',
      organization: 'contoso',
      project: 'Finance',
      token: 'PublisherSecurity/p-fin',
      namespaceId: HOOKS,
    },
    message: 'dbt-svc@contoso.com lacks EditSubscriptions and DeleteSubscriptions on Finance.',
    expected: 'ViewSubscriptions, EditSubscriptions, DeleteSubscriptions',
    actual: 'ViewSubscriptions',
    fixable: true,
    permissions: [
      { name: 'EditSubscriptions', bit: 2, state: 'missing' },
      { name: 'DeleteSubscriptions', bit: 4, state: 'missing' },
    ],
  },
  {
    ruleId: 'ADO-READER-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'project', organization: 'contoso', project: 'Finance' },
    message: 'dbt-svc@contoso.com is not a member of [Finance]\\Readers.',
    fixable: true,
    permissions: [{ name: 'Readers', state: 'missing' }],
  },
  {
    ruleId: 'ENTRA-REDIRECT-MISSING',
    severity: 'error',
    integration: 'conductorOne',
    resource: { kind: 'application', appId: '22222222-2222-2222-2222-222222222222', name: 'c1-ado' },
    message: 'The app lacks the ConductorOne redirect URI.',
    expected: 'https://accounts.conductor.one/oauth/callback',
    actual: '<none>',
    fixable: true,
  },
  {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration: 'defenderForCloud',
    resource: { kind: 'check', organization: 'contoso', name: 'oauth-policy' },
    message: 'Could not read the organization policies: the caller lacks `View instance-level information`.',
    fixable: false,
  },
];

export function makeReport(
  command: Command,
  status: ReportStatus,
  parts: {
    findings?: Finding[];
    changes?: Change[];
    rotation?: RotationReport;
    error?: Report['error'];
  } = {},
): Report {
  const findings = parts.findings ?? [];
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'ado-guard', version: '0.1.0' },
    command,
    status,
    startedAt: '2026-11-22T05:00:00.000Z',
    durationMs: 4321,
    summary: countBySeverity(findings),
    findings,
    changes: parts.changes ?? [],
    requests: { total: 57 },
  };
  if (parts.rotation !== undefined) report.rotation = parts.rotation;
  if (parts.error !== undefined) report.error = parts.error;
  return report;
}

export const PLAN_CHANGES: Change[] = [
  {
    kind: 'ace',
    resource: { kind: 'repository', organization: 'contoso', project: 'Sales', repository: 'dbt-models' },
    description: 'Allow PullRequestContribute (16384) for dbt-svc@contoso.com on repoV2/p-sales/r-models',
    applied: false,
  },
  {
    kind: 'membership',
    resource: { kind: 'group', organization: 'contoso', project: 'Finance', name: '[Finance]\\Readers' },
    description: 'Add dbt-svc@contoso.com to [Finance]\\Readers',
    applied: false,
  },
  {
    kind: 'app',
    resource: { kind: 'application', appId: '22222222-2222-2222-2222-222222222222' },
    description: 'Add redirect URI https://accounts.conductor.one/oauth/callback',
    applied: false,
  },
];

export const REMEDIATE_CHANGES: Change[] = [
  { ...PLAN_CHANGES[0]!, applied: true },
  { ...PLAN_CHANGES[1]!, applied: false, error: 'Azure DevOps refused: 403 (needs vso.graph_manage)' },
  { ...PLAN_CHANGES[2]!, applied: true },
];

export const ROTATED: RotationReport = {
  status: 'rotated',
  appId: '11111111-1111-1111-1111-111111111111',
  newKeyId: 'aaaaaaaa-0000-0000-0000-000000000001',
  secretExpiresOn: '2027-05-21T05:00:02.000Z',
  retiredKeyIds: ['bbbbbbbb-0000-0000-0000-000000000002'],
  targets: [
    { name: 'dbtCloud', status: 'verified', keyId: 'aaaaaaaa-0000-0000-0000-000000000001' },
    { name: 'conductorOne', status: 'verified', keyId: 'aaaaaaaa-0000-0000-0000-000000000001' },
  ],
  steps: [
    { at: '2026-11-22T05:00:01.000Z', step: 'decide', outcome: 'ok', detail: 'newest secret 97 days old' },
    { at: '2026-11-22T05:00:02.000Z', step: 'addPassword', outcome: 'ok' },
    { at: '2026-11-22T05:00:05.000Z', step: 'prove new secret', outcome: 'ok', detail: '2 attempts' },
    { at: '2026-11-22T05:00:06.000Z', step: 'push dbtCloud', outcome: 'ok' },
    { at: '2026-11-22T05:00:07.000Z', step: 'push conductorOne', outcome: 'ok' },
    { at: '2026-11-22T05:00:09.000Z', step: 'verify targets', outcome: 'ok' },
    { at: '2026-11-22T05:00:10.000Z', step: 'retire old secrets', outcome: 'ok', detail: '1 removed' },
  ],
};

export const ROLLED_BACK: RotationReport = {
  status: 'rolledBack',
  reason: 'ConductorOne refused the new secret: 400 invalid config',
  appId: '11111111-1111-1111-1111-111111111111',
  retiredKeyIds: [],
  targets: [
    { name: 'dbtCloud', status: 'failed', message: 'not attempted' },
    { name: 'conductorOne', status: 'failed', message: '400 invalid config; holds the previous secret' },
  ],
  steps: [
    { at: '2026-11-22T05:00:02.000Z', step: 'addPassword', outcome: 'ok' },
    {
      at: '2026-11-22T05:00:05.000Z',
      step: 'push conductorOne',
      outcome: 'failed',
      detail: '400; # of fields',
    },
    { at: '2026-11-22T05:00:06.000Z', step: 'removePassword (new)', outcome: 'ok' },
  ],
};

export const SKIPPED: RotationReport = {
  status: 'skipped',
  reason: 'newest secret is 10 days old and expires in 170 days',
  appId: '11111111-1111-1111-1111-111111111111',
  retiredKeyIds: [],
  targets: [],
};

export const VERIFY_DRIFT = makeReport('verify', 'drift', { findings: DRIFT_FINDINGS });
export const VERIFY_PASS = makeReport('verify', 'pass');
export const PLAN = makeReport('plan', 'drift', { findings: DRIFT_FINDINGS, changes: PLAN_CHANGES });
export const REMEDIATE = makeReport('remediate', 'error', {
  findings: DRIFT_FINDINGS.slice(0, 2),
  changes: REMEDIATE_CHANGES,
  error: { message: '1 of 3 changes failed', service: 'azureDevOps' },
});
export const ROTATE_ROTATED = makeReport('rotate', 'pass', { rotation: ROTATED });
export const ROTATE_ROLLED_BACK = makeReport('rotate', 'error', {
  rotation: ROLLED_BACK,
  error: { message: 'Rotation rolled back: ConductorOne refused the new secret', service: 'conductorOne' },
});
export const ROTATE_SKIPPED = makeReport('rotate', 'pass', { rotation: SKIPPED });

export const ALL_REPORTS: Record<string, Report> = {
  'verify pass': VERIFY_PASS,
  'verify drift': VERIFY_DRIFT,
  plan: PLAN,
  'remediate (applied and failed)': REMEDIATE,
  'rotate rotated': ROTATE_ROTATED,
  'rotate rolledBack': ROTATE_ROLLED_BACK,
  'rotate skipped': ROTATE_SKIPPED,
};
