/**
 * The test CA and a local HTTPS server on 127.0.0.1. The CA files come from ADO_GUARD_TEST_CA_DIR
 * (made by scripts/test-ca.mjs and exported by `npm test`, together with NODE_EXTRA_CA_CERTS).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface TestTls {
  cert: string;
  key: string;
  ca: string;
}

export function loadTestTls(): TestTls {
  const dir = process.env.ADO_GUARD_TEST_CA_DIR;
  if (!dir) {
    throw new Error(
      'ADO_GUARD_TEST_CA_DIR is not set: run the tests with `npm test`, which creates the test CA first.',
    );
  }
  const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return { cert: read('server.pem'), key: read('server-key.pem'), ca: read('ca.pem') };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type TestHandler = (req: RecordedRequest, res: ServerResponse) => unknown;

export interface TestServer {
  /** `https://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replace the handler. */
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with the test CA's leaf certificate. */
export async function startTestServer(
  handler: TestHandler = (_req, res) => void res.end(),
): Promise<TestServer> {
  const { cert, key } = loadTestTls();
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void Promise.resolve(current(recorded, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answer with JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
