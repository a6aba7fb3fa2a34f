/**
 * A whole-organization verify through the CLI bundle sends the same requests whatever the number of
 * repositories (issue: "requests do not grow with the number of repositories", from the sandbox's request log).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { baseEnv, BUNDLES, runBundle } from './run-bundle.js';

interface LoggedRequest {
  service: string;
  method: string;
  path: string;
}

/** Verify on `large:<projects>x<repos>`; the sandbox's log of the run, ids replaced so runs compare. */
async function verifyLarge(projects: number, repos: number) {
  const sandbox = await startTestSandbox(`large:${projects}x${repos}`);
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-scale-'));
    const policy = path.join(dir, 'ado-guard.yml');
    writeFileSync(policy, sandbox.policyYaml);
    await control(sandbox, 'DELETE', '/requests');
    const run = await runBundle(
      BUNDLES.cli,
      ['verify', '--config', policy, '--format', 'json'],
      baseEnv(sandbox.env),
    );
    expect(run.stderr).not.toMatch(/error:/);
    const report = JSON.parse(run.stdout) as { status: string; requests: { total: number } };
    const log = await control<{ value: LoggedRequest[] }>(sandbox, 'GET', '/requests');
    const requests = log.value
      .map((r) => `${r.service} ${r.method} ${r.path}`)
      .map((r) => r.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').replace(/\/apps\/.*$/, '/apps/<connector>'))
      .sort();
    return { code: run.code, report, requests };
  } finally {
    await sandbox.stop();
  }
}

describe('whole-organization verify request count', () => {
  it('is the same for 8 projects × 2 repositories and 8 projects × 25 repositories', async () => {
    const small = await verifyLarge(8, 2);
    const large = await verifyLarge(8, 25);
    expect(small.code).toBe(0);
    expect(large.code).toBe(0);
    expect(large.report.status).toBe('pass');
    expect(large.requests).toEqual(small.requests);
    // Every request goes through ado-guard's HTTP layer, token requests included, and the report counts them all.
    expect(large.report.requests.total).toBe(large.requests.length);
    // Sign-in is one token request per resource (Azure DevOps, Graph), with no OpenID metadata round trip first.
    expect(large.requests.filter((r) => r.startsWith('authority '))).toEqual([
      'authority POST /<id>/oauth2/v2.0/token',
      'authority POST /<id>/oauth2/v2.0/token',
    ]);
    // One namespace-wide ACL query per namespace; one organization-wide repository list; the projects the user
    // can read come from one subject look-up of its own groups, so no group is listed when it reads them all.
    const ado = large.requests.filter((r) => r.startsWith('azureDevOps'));
    expect(ado.filter((r) => r.includes('/_apis/accesscontrollists/'))).toHaveLength(2);
    expect(ado.filter((r) => r.endsWith('/_apis/git/repositories'))).toHaveLength(1);
    expect(ado.filter((r) => r.endsWith('/_apis/graph/subjectlookup'))).toHaveLength(1);
    expect(ado.filter((r) => r.endsWith('/_apis/graph/groups'))).toHaveLength(0);
  }, 60_000);
});
