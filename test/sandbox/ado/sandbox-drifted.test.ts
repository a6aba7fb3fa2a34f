/**
 * The Azure DevOps emulation inside the whole sandbox (built-in `drifted` scenario): a token from the sandbox's
 * Entra authority, azure-devops-node-api and fetch see the scenario's story (docs in scenario/builtins.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebApi, getBearerHandler } from 'azure-devops-node-api';
import type { SandboxHandle } from '../../../src/sandbox/index.js';
import { NAMESPACE_IDS } from '../../../src/sandbox/state/ado.js';
import { control, startTestSandbox } from '../helpers.js';

const GIT = NAMESPACE_IDS['Git Repositories'];
const GENERIC_CONTRIBUTE = 4;
const PULL_REQUEST_CONTRIBUTE = 16384;

let sandbox: SandboxHandle;
let token: string;
let org: string;

beforeAll(async () => {
  sandbox = await startTestSandbox('drifted');
  org = sandbox.world.ado.organization;
  const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET } = sandbox.env;
  const response = await fetch(`${sandbox.endpoints.authority}/${AZURE_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: AZURE_CLIENT_ID!,
      client_secret: AZURE_CLIENT_SECRET!,
      scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the sandbox authority gave no token: ${JSON.stringify(body)}`);
  token = body.access_token;
});
afterAll(async () => {
  await sandbox.stop();
});

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json;api-version=7.1' },
  });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function serviceUser(): Promise<{ descriptor: string; id: string }> {
  const upn = sandbox.world.scenario.azureDevOps.users![0]!.upn;
  const found = await get<{ value: { descriptor: string; id: string }[] }>(
    `${sandbox.endpoints.azureDevOpsIdentity}/${org}/_apis/identities?searchFilter=General&filterValue=${encodeURIComponent(upn)}`,
  );
  expect(found.value).toHaveLength(1);
  return found.value[0]!;
}

async function effectiveOn(
  project: string,
  repo: string,
): Promise<{ allow: number; deny: number; extendedInfo: Record<string, number> }> {
  const api = new WebApi(`${sandbox.endpoints.azureDevOps}/${org}`, getBearerHandler(token));
  const repos = await (await api.getGitApi()).getRepositories(project);
  const repository = repos.find((r) => r.name === repo)!;
  const user = await serviceUser();
  const query = new URLSearchParams({
    token: `repoV2/${repository.project!.id}/${repository.id}`,
    descriptors: user.descriptor,
    includeExtendedInfo: 'true',
  });
  const acls = await get<{
    value: {
      acesDictionary: Record<string, { allow: number; deny: number; extendedInfo: Record<string, number> }>;
    }[];
  }>(`${sandbox.endpoints.azureDevOps}/${org}/_apis/accesscontrollists/${GIT}?${query}`);
  return acls.value[0]!.acesDictionary[user.descriptor]!;
}

describe('drifted scenario through the whole sandbox', () => {
  it('lists the scenario projects with azure-devops-node-api and a token from the sandbox authority', async () => {
    const api = new WebApi(`${sandbox.endpoints.azureDevOps}/${org}`, getBearerHandler(token));
    const projects = await (await api.getCoreApi()).getProjects();
    expect(projects.map((p) => p.name)).toEqual(
      sandbox.world.scenario.azureDevOps.projects.map((p) => p.name),
    );
  });

  it('shows the explicit deny on finance-seeds and the group deny on finance-dbt', async () => {
    const seeds = await effectiveOn('Finance', 'finance-seeds');
    expect(seeds.deny & GENERIC_CONTRIBUTE).toBe(GENERIC_CONTRIBUTE);
    expect((seeds.extendedInfo.effectiveDeny ?? 0) & GENERIC_CONTRIBUTE).toBe(GENERIC_CONTRIBUTE);
    const dbt = await effectiveOn('Finance', 'finance-dbt');
    expect(dbt.deny).toBe(0);
    expect((dbt.extendedInfo.effectiveDeny ?? 0) & PULL_REQUEST_CONTRIBUTE).toBe(PULL_REQUEST_CONTRIBUTE);
    expect((dbt.extendedInfo.effectiveAllow ?? 0) & GENERIC_CONTRIBUTE).toBe(GENERIC_CONTRIBUTE);
  });

  it('leaves dbt-macros without the Git grants that dbt-models has', async () => {
    const models = await effectiveOn('Analytics', 'dbt-models');
    expect((models.extendedInfo.effectiveAllow ?? 0) & (GENERIC_CONTRIBUTE | PULL_REQUEST_CONTRIBUTE)).toBe(
      GENERIC_CONTRIBUTE | PULL_REQUEST_CONTRIBUTE,
    );
    const macros = await effectiveOn('Analytics', 'dbt-macros');
    expect((macros.extendedInfo.effectiveAllow ?? 0) & GENERIC_CONTRIBUTE).toBe(0);
  });

  it('has the service user in Analytics Readers only through a nested group, and not in Marketing Readers', async () => {
    const user = await serviceUser();
    const expanded = await get<{ value: { memberOf: string[] }[] }>(
      `${sandbox.endpoints.azureDevOpsIdentity}/${org}/_apis/identities?descriptors=${encodeURIComponent(user.descriptor)}&queryMembership=Expanded`,
    );
    const readers = (project: string): string =>
      sandbox.world.ado.projectGroup(sandbox.world.ado.project(project)!, 'Readers').descriptor;
    expect(expanded.value[0]!.memberOf).toContain(readers('Analytics'));
    expect(expanded.value[0]!.memberOf).not.toContain(readers('Marketing'));
  });

  it('exposes the organization in the control API state', async () => {
    const state = await control<{ azureDevOps: { organization: string; acls: Record<string, unknown> } }>(
      sandbox,
      'GET',
      '/state',
    );
    expect(state.azureDevOps.organization).toBe(org);
    expect(Object.keys(state.azureDevOps.acls)).toEqual(
      expect.arrayContaining(['Git Repositories', 'ServiceHooks', 'Project']),
    );
  });
});
