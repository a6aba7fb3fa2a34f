/**
 * verify (src, in process) when the organization is not connected to the policy's tenant: Azure DevOps refuses
 * that tenant's token (401), and the report must still carry the organization finding that explains it, with
 * the refused area as CHECK-SKIPPED, instead of failing with exit 3. test/e2e/verify-rules.test.ts checks the
 * same through the CLI bundle.
 */
import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/core/report.js';
import { cliMain } from '../../src/platform/cli-main.js';
import { baseEnv } from '../e2e/run-bundle.js';
import { brief, healthyWith, withSandbox, type SandboxRun } from '../e2e/verify-harness.js';

const ORG = 'contoso';

async function verifyInProcess(run: SandboxRun): Promise<{ code: number; report: Report; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = process.exitCode;
  try {
    const code = await cliMain(
      ['verify', '--config', run.writePolicy(), '--format', 'json', '--fail-on', 'error'],
      baseEnv(run.credentials()),
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      },
    );
    return { code, report: JSON.parse(stdout) as Report, stderr };
  } finally {
    process.exitCode = exitCode; // the CLI host sets it for the real process
  }
}

const skipped = {
  ruleId: 'CHECK-SKIPPED',
  severity: 'info',
  integration: 'general',
  resource: { kind: 'check', organization: ORG, name: 'azureDevOps.serviceUser' },
};

describe('verify when the organization refuses the tenant', () => {
  it('connected to another tenant: ADO-ORG-TENANT-MISMATCH and the Azure DevOps checks skipped, exit 1', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    await withSandbox(
      healthyWith((spec) => {
        spec.azureDevOps.tenantId = other;
      }),
      async (run) => {
        const { code, report, stderr } = await verifyInProcess(run);
        expect(code).toBe(1);
        expect(stderr).not.toContain('authentication refused');
        expect(brief(report.findings)).toEqual([
          {
            ruleId: 'ADO-ORG-TENANT-MISMATCH',
            severity: 'error',
            integration: 'general',
            resource: { kind: 'organization', organization: ORG },
          },
          skipped,
        ]);
        expect(report.findings[1]).toMatchObject({
          actual: 'authentication refused (HTTP 401)',
          fix: 'Resolve ADO-ORG-TENANT-MISMATCH first, then run verify again.',
        });
      },
    );
  });

  it('backed by Microsoft accounts: ADO-ORG-NOT-ENTRA-BACKED and the Azure DevOps checks skipped, exit 1', async () => {
    await withSandbox(
      healthyWith((spec) => {
        spec.azureDevOps.tenantId = null;
      }),
      async (run) => {
        const { code, report } = await verifyInProcess(run);
        expect(code).toBe(1);
        expect(brief(report.findings).map((f) => f.ruleId)).toEqual([
          'ADO-ORG-NOT-ENTRA-BACKED',
          'CHECK-SKIPPED',
        ]);
        expect(report.findings[1]).toMatchObject(skipped);
      },
    );
  });

  it('a refused token without an organization finding still fails the run (exit 3)', async () => {
    // Azure DevOps answers 401 to the identities API of an organization connected to the right tenant.
    await withSandbox(
      healthyWith((spec) => {
        spec.faults = { rules: [{ kind: 'fail', status: 401, path: '_apis/identities' }] };
      }),
      async (run) => {
        const { code, report, stderr } = await verifyInProcess(run);
        expect(code).toBe(3);
        expect(report.status).toBe('error');
        expect(stderr).toContain('HTTP 401');
      },
    );
  });
});
