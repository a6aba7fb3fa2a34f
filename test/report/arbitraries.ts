import fc from 'fast-check';
import type { Change } from '../../src/core/changes.js';
import { RULE_IDS, type Finding, type PermissionState, type ResourceRef } from '../../src/core/findings.js';
import type { Report, RotationReport } from '../../src/core/report.js';

/** Random reports that follow the model's types, optional fields present or not. */

const text = fc.string({ minLength: 1, maxLength: 30 });
const isoDate = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

const resource: fc.Arbitrary<ResourceRef> = fc.record(
  {
    kind: fc.constantFrom(
      'organization',
      'project',
      'repository',
      'identity',
      'group',
      'application',
      'servicePrincipal',
      'secret',
      'tenant',
      'dbtAccount',
      'c1Connector',
      'check',
    ),
    organization: text,
    project: text,
    repository: text,
    token: text,
    namespaceId: fc.uuid(),
    appId: fc.uuid(),
    name: text,
  },
  { requiredKeys: ['kind'] },
);

const permission: fc.Arbitrary<PermissionState> = fc.record(
  {
    name: text,
    bit: fc.integer({ min: 0, max: 262144 }),
    state: fc.constantFrom('missing', 'denied'),
    deniedBy: text,
  },
  { requiredKeys: ['name', 'state'] },
);

export const finding: fc.Arbitrary<Finding> = fc.record(
  {
    ruleId: fc.constantFrom(...RULE_IDS),
    severity: fc.constantFrom('error', 'warning', 'info'),
    integration: fc.constantFrom('dbtCloud', 'conductorOne', 'defenderForCloud', 'general'),
    resource,
    message: text,
    expected: text,
    actual: text,
    fixable: fc.boolean(),
    fix: text,
    permissions: fc.array(permission, { maxLength: 4 }),
  },
  { requiredKeys: ['ruleId', 'severity', 'integration', 'resource', 'message', 'fixable'] },
);

const change: fc.Arbitrary<Change> = fc.record(
  {
    kind: fc.constantFrom('ace', 'membership', 'app', 'secret', 'target'),
    resource,
    description: text,
    applied: fc.boolean(),
    error: text,
  },
  { requiredKeys: ['kind', 'resource', 'description', 'applied'] },
);

const rotation: fc.Arbitrary<RotationReport> = fc.record(
  {
    status: fc.constantFrom('skipped', 'rotated', 'rolledBack', 'failed'),
    reason: text,
    appId: fc.uuid(),
    newKeyId: fc.uuid(),
    secretExpiresOn: isoDate,
    retiredKeyIds: fc.array(fc.uuid(), { maxLength: 3 }),
    targets: fc.array(
      fc.record(
        {
          name: text,
          status: fc.constantFrom('updated', 'verified', 'failed'),
          keyId: fc.uuid(),
          message: text,
        },
        { requiredKeys: ['name', 'status'] },
      ),
      { maxLength: 3 },
    ),
    steps: fc.array(
      fc.record(
        { at: isoDate, step: text, outcome: fc.constantFrom('ok', 'failed', 'skipped'), detail: text },
        { requiredKeys: ['at', 'step', 'outcome'] },
      ),
      { maxLength: 6 },
    ),
  },
  { requiredKeys: ['status', 'retiredKeyIds', 'targets'] },
);

export const report: fc.Arbitrary<Report> = fc
  .record(
    {
      command: fc.constantFrom('verify', 'plan', 'remediate', 'rotate'),
      status: fc.constantFrom('pass', 'drift', 'error'),
      startedAt: isoDate,
      durationMs: fc.integer({ min: 0, max: 3_600_000 }),
      findings: fc.array(finding, { maxLength: 8 }),
      changes: fc.array(change, { maxLength: 4 }),
      rotation,
      total: fc.integer({ min: 0, max: 10_000 }),
      error: fc.record({ message: text, service: text }, { requiredKeys: ['message'] }),
    },
    { requiredKeys: ['command', 'status', 'startedAt', 'durationMs', 'findings', 'changes', 'total'] },
  )
  .map(({ total, findings, ...rest }) => {
    const summary = { error: 0, warning: 0, info: 0 };
    for (const f of findings) summary[f.severity] += 1;
    return {
      schemaVersion: 1,
      tool: { name: 'ado-guard', version: '0.1.0' },
      ...rest,
      summary,
      findings,
      requests: { total },
    } as Report;
  });
