/**
 * The framework end to end with the real client libraries: the CA, the HTTPS front and the world's credentials
 * are what @azure/identity and azure-devops-node-api need (NODE_EXTRA_CA_CERTS is set by `npm test`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientSecretCredential } from '@azure/identity';
import * as azdev from 'azure-devops-node-api';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { startTestSandbox } from '../helpers.js';

const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

describe('the sandbox with the real clients', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox('healthy');
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('@azure/identity gets a token with the printed credentials, and azure-devops-node-api lists the projects', async () => {
    const { env, endpoints } = sandbox;
    const credential = new ClientSecretCredential(
      env.AZURE_TENANT_ID ?? '',
      env.AZURE_CLIENT_ID ?? '',
      env.AZURE_CLIENT_SECRET ?? '',
      { authorityHost: endpoints.authority, disableInstanceDiscovery: true },
    );
    const token = await credential.getToken(AZURE_DEVOPS_SCOPE);
    expect(token?.token).toBeTruthy();

    const connection = new azdev.WebApi(
      `${endpoints.azureDevOps}/${sandbox.world.ado.organization}`,
      azdev.getBearerHandler(token.token),
    );
    const projects = await (await connection.getCoreApi()).getProjects();
    expect(projects.map((project) => project.name).sort()).toEqual(['Analytics', 'Finance', 'Marketing']);
  });
});
