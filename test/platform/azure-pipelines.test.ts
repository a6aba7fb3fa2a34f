import { describe, expect, it } from '@jest/globals';
import { loadAzureAdapter } from './azure-adapter.js';
import { captureStdout } from './capture.js';

const mod = await loadAzureAdapter({
  INPUT_COMMAND: 'verify',
  INPUT_AZURESUBSCRIPTION: 'conn1',
  ENDPOINT_AUTH_SCHEME_CONN1: 'WorkloadIdentityFederation',
  ENDPOINT_AUTH_PARAMETER_CONN1_TENANTID: 'tenant-1',
  ENDPOINT_AUTH_PARAMETER_CONN1_SERVICEPRINCIPALID: 'client-1',
  SYSTEM_ACCESSTOKEN: 'system-token',
  SYSTEM_OIDCREQUESTURI:
    'https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken',
  INPUT_DBTCLOUDTOKEN: 'dbt-token-given-as-input',
});

describe('Azure Pipelines adapter', () => {
  it('writes the exact logging commands', async () => {
    const { createAzureHost } = mod;
    let host!: ReturnType<typeof createAzureHost>;
    await captureStdout(() => (host = createAzureHost()));
    const out = await captureStdout(() => {
      host.setSecret('s3cr3t-value');
      host.warning('redirect URI missing', { file: 'ado-guard.yml', line: 7, column: 3 });
      host.error('permission missing');
      host.setOutput('status', 'drift');
      host.setOutput('clientSecret', 'very-secret', { secret: true });
      host.finish(1, 'drift found');
    });
    expect(out.split('\n').filter((l) => !l.startsWith('##vso[task.debug]'))).toEqual([
      '##vso[task.setsecret]s3cr3t-value',
      '##vso[task.logissue type=warning;sourcepath=ado-guard.yml;linenumber=7;columnnumber=3;]redirect URI missing',
      '##vso[task.logissue type=error;]permission missing',
      '##vso[task.setvariable variable=status;isOutput=true;issecret=false;]drift',
      '##vso[task.setvariable variable=clientSecret;isOutput=true;issecret=true;]very-secret',
      '##vso[task.issue type=error;source=TaskInternal;]drift found',
      '##vso[task.complete result=Failed;]drift found',
      '',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('takes a workload-identity service connection through task-lib, without echoing System.AccessToken', async () => {
    const { readAzureCredentials } = mod;
    let creds!: ReturnType<typeof readAzureCredentials>;
    const out = await captureStdout(() => (creds = readAzureCredentials()));
    expect(creds.federation).toStrictEqual({
      kind: 'azure-pipelines',
      serviceConnectionId: 'conn1',
      tenantId: 'tenant-1',
      clientId: 'client-1',
      systemAccessToken: 'system-token',
      oidcRequestUri: process.env.SYSTEM_OIDCREQUESTURI,
    });
    expect(creds.azureTenantId).toBe('tenant-1');
    expect(out.split('\n').filter((line) => line.includes('system-token'))).toEqual([
      '##vso[task.setsecret]system-token',
    ]);
    expect(out).toContain('##vso[task.debug]System.AccessToken=***');
  });

  it('reads a secret input without task-lib echoing it in a debug line, and masks it', async () => {
    const { readAzureCredentials } = mod;
    let creds!: ReturnType<typeof readAzureCredentials>;
    const out = await captureStdout(() => (creds = readAzureCredentials()));
    expect(creds.dbtCloudToken).toBe('dbt-token-given-as-input');
    const lines = out.split('\n').filter((line) => line.includes('dbt-token-given-as-input'));
    expect(lines).toEqual(['##vso[task.setsecret]dbt-token-given-as-input']);
    expect(out).toContain('##vso[task.debug]dbtCloudToken=***');
  });
});
