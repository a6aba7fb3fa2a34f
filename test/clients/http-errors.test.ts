import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretRegistry } from '../../src/core/secrets.js';
import { HttpClient, HttpError, parseServiceError, redactUrl } from '../../src/clients/http/index.js';
import { loadTestTls, sendJson, startTestServer } from '../helpers/tls.js';
import type { TestServer } from '../helpers/tls.js';

describe('parseServiceError', () => {
  it('reads Azure DevOps message and typeKey', () => {
    const body = JSON.stringify({
      $id: '1',
      innerException: null,
      message: 'TF200016: The following project does not exist: x.',
      typeName:
        'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
      typeKey: 'ProjectDoesNotExistWithNameException',
      errorCode: 0,
      eventId: 3000,
    });
    expect(parseServiceError(body)).toEqual({
      text: 'TF200016: The following project does not exist: x. (ProjectDoesNotExistWithNameException)',
      code: 'ProjectDoesNotExistWithNameException',
    });
  });

  it('reads Graph error.code and error.message', () => {
    const body = JSON.stringify({
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: { 'request-id': 'r' },
      },
    });
    expect(parseServiceError(body)).toEqual({
      text: 'Authorization_RequestDenied: Insufficient privileges to complete the operation.',
      code: 'Authorization_RequestDenied',
    });
  });

  it('reads dbt Cloud status.user_message', () => {
    const body = JSON.stringify({
      status: { code: 404, is_success: false, user_message: 'Account not found.', developer_message: '' },
      data: null,
    });
    expect(parseServiceError(body)).toEqual({ text: 'Account not found.' });
  });

  it('reads ConductorOne code and message, and a bare Connect code', () => {
    expect(
      parseServiceError(JSON.stringify({ code: 'permission_denied', message: 'not allowed', details: [] })),
    ).toEqual({
      text: 'permission_denied: not allowed',
      code: 'permission_denied',
    });
    expect(parseServiceError(JSON.stringify({ code: 'invalid_argument' }))).toEqual({
      text: 'invalid_argument',
      code: 'invalid_argument',
    });
  });

  it('reads the first line of an Entra error_description with its AADSTS code', () => {
    const body = JSON.stringify({
      error: 'invalid_client',
      error_description:
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-01-01 00:00:00Z',
      error_codes: [7000215],
    });
    const parsed = parseServiceError(body);
    expect(parsed.code).toBe('AADSTS7000215');
    expect(parsed.text).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(parsed.text).not.toContain('Trace ID');
  });

  it('redacts a long text before it shortens it, and never cuts the redaction marker', () => {
    const secret = 'sEcReT-0123456789-abcdefghij';
    const redact = (text: string) => text.split(secret).join('***');
    const body = JSON.stringify({ message: `${'y'.repeat(298)}${secret} and more` });
    expect(parseServiceError(body, redact).text).toBe(`${'y'.repeat(298)}…`);
    const fits = parseServiceError(JSON.stringify({ message: `${'y'.repeat(290)}${secret}` }), redact).text;
    expect(fits).toBe(`${'y'.repeat(290)}***`);
  });

  it('gives only the title of an HTML page', () => {
    const html =
      '<!DOCTYPE html><html><head><title>Service Unavailable</title><style>body{}</style></head><body><h1>503</h1><script>x()</script></body></html>';
    expect(parseServiceError(html)).toEqual({ text: 'an HTML page titled "Service Unavailable"' });
  });
});

describe('HttpError.withHint', () => {
  it('appends the hint and keeps every other field, the service text included', () => {
    const error = new HttpError(
      'Entra ID: authentication refused (HTTP 401) on POST https://x/t/oauth2/v2.0/token.',
      'Entra ID',
      401,
      'POST',
      'https://x/t/oauth2/v2.0/token',
      'AADSTS7000215',
      'AADSTS7000215: Invalid client secret provided.',
    );
    const hinted = error.withHint('Check AZURE_CLIENT_SECRET.');
    expect(hinted).toBeInstanceOf(HttpError);
    expect(hinted.message).toBe(`${error.message} Check AZURE_CLIENT_SECRET.`);
    expect({ ...hinted, message: hinted.message }).toEqual({ ...error, message: hinted.message });
    expect(hinted.exitCode).toBe(3);
  });
});

describe('redactUrl', () => {
  it('keeps other parameters exactly as sent', () => {
    expect(
      redactUrl(new URL("https://graph.example/v1.0/applications?$select=id,appId&$filter=appId eq 'x'")),
    ).toBe('https://graph.example/v1.0/applications?$select=id,appId&$filter=appId%20eq%20%27x%27');
  });

  it('keeps percent-encoded keys and values as sent (no second encoding)', () => {
    const url = new URL('https://h.example/p');
    url.searchParams.append('$top', '100');
    url.searchParams.append('filterValue', 'dbt-svc@contoso.com');
    expect(redactUrl(url)).toBe('https://h.example/p?%24top=100&filterValue=dbt-svc%40contoso.com');
    expect(redactUrl(url)).toBe(url.toString());
  });

  it('hides user-info', () => {
    expect(redactUrl(new URL('https://me:pa55word@h.example/p'))).toBe('https://***:***@h.example/p');
  });

  it('hides the values of secret-looking query keys only', () => {
    const url = new URL(
      'https://h.example/p?api-version=7.1&client_secret=s3cr3t&access_token=tok&code=c0de&top=5',
    );
    expect(redactUrl(url)).toBe(
      'https://h.example/p?api-version=7.1&client_secret=***&access_token=***&code=***&top=5',
    );
  });
});

describe('HttpClient errors and redaction', () => {
  let server: TestServer;
  let client: HttpClient;
  const logs: string[] = [];
  const secrets = new SecretRegistry();
  secrets.add('registered-secret-value');

  beforeAll(async () => {
    server = await startTestServer();
    client = new HttpClient({
      ca: [loadTestTls().ca],
      secrets,
      log: (l) => logs.push(l),
      sleep: async () => undefined,
      maxAttempts: 2,
    });
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  async function failure(request: Parameters<HttpClient['request']>[0]): Promise<HttpError> {
    try {
      await client.request(request);
    } catch (error) {
      return error as HttpError;
    }
    throw new Error('expected a failure');
  }

  it('says "authentication refused" on 401, names the service, and keeps the service text', async () => {
    server.handle((_req, res) =>
      sendJson(res, 401, {
        message: 'TF400813: The user is not authorized to access this resource.',
        typeKey: 'UnauthorizedRequestException',
      }),
    );
    const error = await failure({
      service: 'Azure DevOps',
      method: 'GET',
      url: `${server.origin}/org/_apis/projects`,
    });
    expect(error).toBeInstanceOf(HttpError);
    expect(error.service).toBe('Azure DevOps');
    expect(error.status).toBe(401);
    expect(error.method).toBe('GET');
    expect(error.serviceCode).toBe('UnauthorizedRequestException');
    expect(error.message).toMatch(
      /^Azure DevOps: authentication refused \(HTTP 401\) on GET https:\/\/127\.0\.0\.1:\d+\/org\/_apis\/projects\./,
    );
    expect(error.message).toContain('TF400813');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('says "permission denied" on 403 with the Graph code', async () => {
    server.handle((_req, res) =>
      sendJson(res, 403, {
        error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' },
      }),
    );
    const error = await failure({
      service: 'Microsoft Graph',
      method: 'PATCH',
      url: `${server.origin}/v1.0/applications/1`,
      json: {},
    });
    expect(error.message).toContain('Microsoft Graph: permission denied (HTTP 403)');
    expect(error.message).toContain('Authorization_RequestDenied: Insufficient privileges.');
    expect(error.serviceCode).toBe('Authorization_RequestDenied');
  });

  it('describes an HTML 503 page without dumping it', async () => {
    server.handle((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Service Unavailable</title></head><body><p>secretish markup</p></body></html>',
      );
    });
    const error = await failure({
      service: 'Azure DevOps',
      method: 'GET',
      url: `${server.origin}/org/_apis/x`,
    });
    expect(error.message).toContain('service unavailable (HTTP 503)');
    expect(error.message).toContain('after 2 attempts');
    expect(error.message).toContain('an HTML page titled "Service Unavailable"');
    expect(error.message).not.toContain('<');
  });

  it('redacts the Authorization value, query secrets and registered secrets from log lines and errors', async () => {
    logs.length = 0;
    server.handle((req, res) =>
      sendJson(res, 400, {
        message: `bad header ${req.headers.authorization} and registered-secret-value in ${req.url}`,
      }),
    );
    const error = await failure({
      service: 'dbt Cloud',
      method: 'GET',
      url: `${server.origin}/api/registered-secret-value/x`,
      headers: { Authorization: 'Bearer super-secret-token-123' },
      query: { client_secret: 'query-secret-456', page: 2 },
    });
    const texts = [error.message, ...logs];
    for (const text of texts) {
      expect(text).not.toContain('super-secret-token-123');
      expect(text).not.toContain('query-secret-456');
      expect(text).not.toContain('registered-secret-value');
    }
    expect(logs[0]).toMatch(
      /^GET https:\/\/127\.0\.0\.1:\d+\/api\/\*\*\*\/x\?client_secret=\*\*\*&page=2 → 400 in \d+ ms$/,
    );
    expect(error.message).toContain('bad header ***');
    // The secret really was sent: the redaction is not hiding an absent value.
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer super-secret-token-123');
  });

  it('redacts an echoed secret that straddles the 300-character cut before shortening the text', async () => {
    // The service's message puts each secret across character 300 of the text we keep: cut first, and only a
    // prefix would remain, which no redactor recognises.
    for (const [secret, headers] of [
      ['registered-secret-value', {}],
      ['straddling-bearer-token-7f3a9c', { Authorization: 'Bearer straddling-bearer-token-7f3a9c' }],
    ] as const) {
      server.handle((_req, res) => sendJson(res, 400, { message: `${'x'.repeat(290)} ${secret} tail` }));
      const error = await failure({
        service: 'dbt Cloud',
        method: 'POST',
        url: `${server.origin}/api/v3/accounts/1/integrations/1/`,
        headers,
        json: {},
      });
      expect(error.message).not.toContain(secret.slice(0, 8));
      expect(error.message).toContain(`${'x'.repeat(290)} *** tail`);
    }
  });
});
