/**
 * The write requests remediation sends, byte for byte, to a local HTTPS server: the exact method, path, query and
 * body of each (reference/azure-devops.md §3, §7; graph-entra.md §1.6), and how an answer is read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AzureDevOpsClient } from '../../src/clients/azure-devops/client.js';
import { GraphClient } from '../../src/clients/graph/client.js';
import { HttpClient } from '../../src/clients/http/index.js';
import { OperationalError } from '../../src/core/errors.js';
import { loadTestTls, sendJson, startTestServer } from '../helpers/tls.js';
import type { RecordedRequest, TestServer } from '../helpers/tls.js';

const NS = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
const USER = 'Microsoft.IdentityModel.Claims.ClaimsIdentity;tenant\\svc@contoso.com';

let server: TestServer;
let answer: (req: RecordedRequest) => { status: number; body?: unknown };
let ado: AzureDevOpsClient;
let graph: GraphClient;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const { status, body } = answer(req);
    if (body === undefined) {
      res.writeHead(status);
      res.end();
    } else sendJson(res, status, body);
  });
  const http = new HttpClient({ ca: [loadTestTls().ca], sleep: async () => undefined });
  ado = new AzureDevOpsClient({
    http,
    organization: 'contoso',
    origin: server.origin,
    identityOrigin: server.origin,
    authorization: async () => 'Bearer ado-token',
  });
  graph = new GraphClient({ http, origin: server.origin, authorization: async () => 'Bearer graph-token' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('Azure DevOps writes', () => {
  it('merges ACE bits with merge:true and reads the resulting ACE', async () => {
    answer = () => ({
      status: 200,
      body: { count: 1, value: [{ descriptor: USER, allow: 16390, deny: 0 }] },
    });
    const written = await ado.setAccessControlEntries(NS, 'repoV2/p', [
      { descriptor: USER, allow: 16388, deny: 0 },
    ]);
    expect(written).toEqual([{ descriptor: USER, allow: 16390, deny: 0 }]);
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/contoso/_apis/accesscontrolentries/${NS}?api-version=7.1`);
    expect(JSON.parse(req!.body)).toEqual({
      token: 'repoV2/p',
      merge: true,
      accessControlEntries: [{ descriptor: USER, allow: 16388, deny: 0 }],
    });
    expect(req!.headers.authorization).toBe('Bearer ado-token');
  });

  it('treats an empty answer (a server-side veto) as not applied', async () => {
    answer = () => ({ status: 200, body: { count: 0, value: [] } });
    await expect(
      ado.setAccessControlEntries(NS, 'repoV2/p', [{ descriptor: USER, allow: 4, deny: 0 }]),
    ).rejects.toThrow(OperationalError);
  });

  it('clears bits with DELETE permissions/{ns}/{bits}?descriptor&token', async () => {
    answer = () => ({ status: 200, body: { descriptor: USER, allow: 0, deny: 0 } });
    await ado.removePermissions(NS, 'repoV2/p/r', USER, 4);
    const url = new URL(server.requests[0]!.url, server.origin);
    expect(server.requests[0]!.method).toBe('DELETE');
    expect(url.pathname).toBe(`/contoso/_apis/permissions/${NS}/4`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      descriptor: USER,
      token: 'repoV2/p/r',
      'api-version': '7.1',
    });
  });

  it('adds a membership with PUT graph/memberships/{subject}/{container}', async () => {
    answer = () => ({ status: 201, body: { containerDescriptor: 'vssgp.R', memberDescriptor: 'aad.U' } });
    await ado.addMembership('aad.U', 'vssgp.R');
    expect(server.requests[0]!.method).toBe('PUT');
    expect(server.requests[0]!.url).toBe(
      '/contoso/_apis/graph/memberships/aad.U/vssgp.R?api-version=7.1-preview.1',
    );
  });
});

describe('Graph application update', () => {
  it('reads web and requiredResourceAccess whole, and PATCHes only what it is given', async () => {
    const web = {
      homePageUrl: 'https://home',
      redirectUris: ['https://a'],
      implicitGrantSettings: { enableIdTokenIssuance: true },
    };
    const rra = [{ resourceAppId: 'x', resourceAccess: [{ id: 'i', type: 'Scope' }], extra: 1 }];
    answer = (req) =>
      req.method === 'GET'
        ? {
            status: 200,
            body: { id: 'obj', appId: 'app', displayName: 'dbt', web, requiredResourceAccess: rra },
          }
        : { status: 204 };
    const app = await graph.applicationForUpdate('app');
    expect(app).toEqual({ id: 'obj', appId: 'app', displayName: 'dbt', web, requiredResourceAccess: rra });
    await graph.updateApplication('obj', { web: { ...web, redirectUris: ['https://a', 'https://b'] } });
    const patch = server.requests[1]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.url).toBe('/v1.0/applications/obj');
    expect(JSON.parse(patch.body)).toEqual({ web: { ...web, redirectUris: ['https://a', 'https://b'] } });
    expect(patch.headers.authorization).toBe('Bearer graph-token');
  });

  it('answers undefined for an app that does not exist', async () => {
    answer = () => ({ status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'nope' } } });
    expect(await graph.applicationForUpdate('missing')).toBeUndefined();
  });
});
