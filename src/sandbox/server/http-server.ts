/**
 * The sandbox's HTTPS front: one listener per service on 127.0.0.1, consecutive ports from `port` (0 = any free
 * port each). Reads the request, applies latency and faults, dispatches to the service, writes the response and
 * logs it. A handler's exception never takes the process down: it becomes a 500 JSON answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../ports.js';
import {
  SERVICE_NAMES,
  SandboxHttpError,
  type SandboxResponse,
  type SandboxService,
  type ServiceName,
} from '../types.js';
import { corruptResponse, echoResponse, faultResponse, type FaultEngine } from './faults.js';
import { buildSandboxRequest, callerHint, credentialMarker } from './request.js';
import type { RequestLog } from './request-log.js';

export interface ServerOptions {
  /** First port; the services take consecutive ports in SERVICE_NAMES order. 0 = any free port for each. */
  port: number;
  tls: { certPem: string; keyPem: string };
  /** Looked up per request, so the world can replace its services (control `POST /reset`). */
  resolve(service: ServiceName): SandboxService;
  faults: FaultEngine;
  log: RequestLog;
  clock: Clock;
}

export interface RunningServers {
  endpoints: Record<ServiceName, string>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_SLOW_MS = 1000;

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

class BodyTooLarge extends Error {}

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

function hasHeader(headers: Record<string, string | string[]>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function writeResponse(res: ServerResponse, response: SandboxResponse, isHead: boolean): void {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  let body: Buffer | undefined;
  if (response.json !== undefined) {
    body = Buffer.from(JSON.stringify(response.json), 'utf8');
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
  } else if (response.text !== undefined) {
    body = Buffer.from(response.text, 'utf8');
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
  }
  const bodyless = response.status === 204 || response.status === 304;
  // HEAD answers the headers a GET would have, Content-Length included, without the body.
  if (!bodyless && !hasHeader(headers, 'content-length'))
    headers['content-length'] = String(body?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(isHead || bodyless ? undefined : body);
}

function internalError(service: ServiceName, error: unknown): SandboxResponse {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    json: { message: `The sandbox's ${service} service failed unexpectedly: ${reason}` },
  };
}

async function answer(
  service: ServiceName,
  origin: string,
  incoming: IncomingMessage,
  res: ServerResponse,
  options: ServerOptions,
): Promise<void> {
  const started = performance.now();
  const at = new Date(options.clock.now()).toISOString();
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const method = (incoming.method ?? 'GET').toUpperCase();
  const logBase = {
    at,
    service,
    method,
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: queryStart === -1 ? '' : target.slice(queryStart + 1),
    callerHint: callerHint(incoming.headers.authorization),
    credential: credentialMarker(incoming.headers.authorization),
  };
  const record = (status: number, fault?: string): void => {
    if (service === 'control') return; // the log is of product traffic
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const { credential, ...rest } = logBase;
    options.log.add({
      ...rest,
      ...(credential ? { credential } : {}),
      status,
      ms,
      ...(fault ? { fault } : {}),
    });
  };

  let body: Buffer;
  try {
    body = await readBody(incoming);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      writeResponse(
        res,
        { status: 413, json: { message: 'The request body is larger than 16 MiB.' } },
        false,
      );
      record(413);
      incoming.resume();
    } else {
      res.destroy();
      record(0);
    }
    return;
  }

  const fault = options.faults.decide(service, method, logBase.path);
  await sleep(options.faults.latencyFor(service));
  if (fault?.kind === 'reset') {
    record(0, fault.kind);
    res.socket?.destroy();
    return;
  }
  if (fault?.kind === 'slow') await sleep(fault.delayMs ?? DEFAULT_SLOW_MS);

  let response: SandboxResponse;
  if (fault && (fault.kind === '429' || fault.kind === '503' || fault.kind === 'fail')) {
    response = faultResponse(fault, service);
  } else if (fault?.kind === 'echo') {
    response = echoResponse(fault, service, {
      method,
      target,
      headers: incoming.headers,
      body: body.toString('utf8'),
    });
  } else {
    try {
      const request = buildSandboxRequest(service, origin, incoming, body);
      response = await options.resolve(service).handle(request);
    } catch (error) {
      response = error instanceof SandboxHttpError ? error.response : internalError(service, error);
    }
    if (fault?.kind === 'corrupt') response = corruptResponse(fault, response);
    if (fault?.kind === 'retryAfter200') {
      const delaySeconds = ((fault.delayMs ?? 250) / 1000).toFixed(3);
      response = {
        ...response,
        headers: {
          ...(response.headers ?? {}),
          'retry-after': String(fault.retryAfter ?? 1),
          'x-ratelimit-delay': delaySeconds,
          'x-ratelimit-remaining': '0',
        },
      };
    }
  }
  try {
    writeResponse(res, response, method === 'HEAD');
  } catch (error) {
    // e.g. a handler returned an invalid header or status: still answer.
    if (!res.headersSent) writeResponse(res, internalError(service, error), method === 'HEAD');
    else res.destroy();
    response = { status: 500 };
  }
  record(response.status, fault?.kind);
}

function listen(server: https.Server, port: number, service: ServiceName): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (for the ${service} service) is already in use: choose another --port, or 0 for any free ports.`
            : `Could not listen on 127.0.0.1:${port} for the ${service} service: ${error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: https.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startServers(options: ServerOptions): Promise<RunningServers> {
  if (
    !Number.isInteger(options.port) ||
    options.port < 0 ||
    options.port + SERVICE_NAMES.length - 1 > 65535
  ) {
    throw new Error(
      `port: ${options.port} is not usable; give a number from 1 to ${65536 - SERVICE_NAMES.length} (the first of ` +
        `${SERVICE_NAMES.length} consecutive ports) or 0 for any free ports.`,
    );
  }
  const servers: https.Server[] = [];
  const endpoints = {} as Record<ServiceName, string>;
  try {
    for (const [index, service] of SERVICE_NAMES.entries()) {
      const server = https.createServer({
        cert: options.tls.certPem,
        key: options.tls.keyPem,
        keepAlive: true,
      });
      server.keepAliveTimeout = 30_000;
      servers.push(server);
      let origin = '';
      server.on('request', (incoming: IncomingMessage, res: ServerResponse) => {
        answer(service, origin, incoming, res, options).catch(() => res.destroy());
      });
      const port = await listen(server, options.port === 0 ? 0 : options.port + index, service);
      origin = `https://127.0.0.1:${port}`;
      endpoints[service] = origin;
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  return {
    endpoints,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
