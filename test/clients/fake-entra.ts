/** A tiny Entra ID token endpoint over HTTPS: OpenID metadata and client-credentials tokens. */
import type { ServerResponse } from 'node:http';
import { sendJson, startTestServer } from '../helpers/tls.js';
import type { RecordedRequest, TestServer } from '../helpers/tls.js';

export interface FakeEntra {
  server: TestServer;
  authorityHost: string;
  /** Parsed form bodies of every token request. */
  tokenRequests: Array<Record<string, string>>;
  close(): Promise<void>;
}

export interface FakeEntraOptions {
  /** Serve Azure Pipelines' OIDC endpoint at POST /oidc: the system access token it wants and the JWT it gives. */
  pipelinesOidc?: { systemAccessToken: string; oidcToken: string };
  /** Accept this form and return a token, or return an Entra error body. */
  decide: (
    form: Record<string, string>,
  ) => { token: string } | { status: number; error: string; description: string };
}

export async function startFakeEntra(options: FakeEntraOptions): Promise<FakeEntra> {
  const tokenRequests: Array<Record<string, string>> = [];
  const server = await startTestServer();
  const origin = server.origin;
  server.handle((req: RecordedRequest, res: ServerResponse) => {
    const path = req.url.split('?')[0] ?? '';
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (req.method === 'GET' && metadata) {
      const tenant = metadata[1];
      return sendJson(res, 200, {
        token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
        issuer: `${origin}/${tenant}/v2.0`,
        authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
      });
    }
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
      const form = Object.fromEntries(new URLSearchParams(req.body));
      tokenRequests.push(form);
      const decision = options.decide(form);
      if ('token' in decision) {
        return sendJson(res, 200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: decision.token,
        });
      }
      return sendJson(res, decision.status, {
        error: decision.error,
        error_description: `${decision.description}\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01 00:00:00Z`,
        error_codes: [Number(/AADSTS(\d+)/.exec(decision.description)?.[1] ?? 0)],
        trace_id: '0000',
        correlation_id: '1111',
      });
    }
    const oidc = options.pipelinesOidc;
    if (req.method === 'POST' && path === '/oidc' && oidc) {
      if (req.headers.authorization !== `Bearer ${oidc.systemAccessToken}`) return sendJson(res, 401, {});
      const connection = new URL(req.url, origin).searchParams.get('serviceConnectionId');
      return sendJson(res, 200, { oidcToken: `${oidc.oidcToken}`, connection });
    }
    return sendJson(res, 404, { error: 'not_found' });
  });
  return { server, authorityHost: origin, tokenRequests, close: () => server.close() };
}
