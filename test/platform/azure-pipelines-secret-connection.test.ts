import { describe, expect, it } from '@jest/globals';
import { loadAzureAdapter } from './azure-adapter.js';
import { captureStdout } from './capture.js';

// A service connection with a client secret (scheme ServicePrincipal).
const mod = await loadAzureAdapter({
  INPUT_COMMAND: 'verify',
  INPUT_AZURESUBSCRIPTION: 'conn2',
  ENDPOINT_AUTH_SCHEME_CONN2: 'ServicePrincipal',
  ENDPOINT_AUTH_PARAMETER_CONN2_TENANTID: 'tenant-2',
  ENDPOINT_AUTH_PARAMETER_CONN2_SERVICEPRINCIPALID: 'client-2',
  ENDPOINT_AUTH_PARAMETER_CONN2_SERVICEPRINCIPALKEY: 'connection-client-secret-value',
});

describe('Azure Pipelines adapter, service connection with a client secret', () => {
  it('takes the secret from the connection without task-lib echoing it, and masks it', async () => {
    let creds!: ReturnType<typeof mod.readAzureCredentials>;
    const out = await captureStdout(() => (creds = mod.readAzureCredentials()));
    expect(creds).toMatchObject({
      azureTenantId: 'tenant-2',
      azureClientId: 'client-2',
      azureClientSecret: 'connection-client-secret-value',
    });
    expect(creds.federation).toBeUndefined();
    expect(out.split('\n').filter((line) => line.includes('connection-client-secret-value'))).toEqual([
      '##vso[task.setsecret]connection-client-secret-value',
    ]);
    expect(out).toContain('##vso[task.debug]conn2 auth param serviceprincipalkey=***');
  });
});
