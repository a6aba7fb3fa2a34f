/** Microsoft Graph's OData conventions: error bodies, `$select`, `$filter` (eq only), `$top` paging. */
import type { Rng } from '../../ports.js';
import { SandboxHttpError, type SandboxRequest, type SandboxResponse } from '../../types.js';

export interface ODataErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** `{error:{code, message, details?, innerError:{date, request-id, client-request-id}}}` with the given status. */
export function odataError(
  req: SandboxRequest,
  rng: Rng,
  now: number,
  status: number,
  code: string,
  message: string,
  details?: ODataErrorDetail[],
): SandboxResponse {
  const requestId = rng.guid();
  const clientRequestId = headerValue(req, 'client-request-id') ?? requestId;
  return {
    status,
    headers: { 'request-id': requestId, 'client-request-id': clientRequestId },
    json: {
      error: {
        code,
        message,
        ...(details ? { details } : {}),
        innerError: {
          date: new Date(now).toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

export function headerValue(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Keep only the `$select`ed properties (annotations such as `@odata.type` stay). */
export function applySelect(req: SandboxRequest, item: Record<string, unknown>): Record<string, unknown> {
  const select = req.query.get('$select');
  if (!select) return item;
  const wanted = new Set(
    select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(item).filter(([k]) => wanted.has(k) || k.startsWith('@')));
}

/**
 * Parse `$filter` as `prop eq 'value'` clauses joined by `and`. Throws a 400 `Request_UnsupportedQuery`
 * (through `fail`) for anything else or a property not in `allowed`.
 */
export function parseFilter(
  filter: string | null,
  allowed: string[],
  fail: (message: string) => never,
): Array<{ prop: string; value: string }> {
  if (!filter) return [];
  return filter.split(/\s+and\s+/i).map((clause) => {
    const m = /^\s*([A-Za-z/]+)\s+eq\s+(?:'((?:[^']|'')*)'|([0-9a-fA-F-]{36}|true|false|\d+))\s*$/.exec(
      clause,
    );
    if (!m)
      fail(
        `Invalid filter clause: '${clause}'. The sandbox supports "<property> eq '<value>'" joined by "and".`,
      );
    const prop = m[1]!;
    if (!allowed.includes(prop)) {
      fail(
        `Unsupported or invalid query filter clause specified for property '${prop}'. Supported here: ${allowed.join(', ')}.`,
      );
    }
    return { prop, value: m[2] !== undefined ? m[2].replaceAll("''", "'") : m[3]! };
  });
}

export function matchesFilter(
  item: Record<string, unknown>,
  clauses: Array<{ prop: string; value: string }>,
): boolean {
  return clauses.every(({ prop, value }) => {
    const v = prop
      .split('/')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        item,
      );
    return v !== undefined && v !== null && String(v).toLowerCase() === value.toLowerCase();
  });
}

/** A collection response with `@odata.context`, `$select`, `$top` and `$skiptoken` paging. */
export function collection(
  req: SandboxRequest,
  context: string,
  items: Record<string, unknown>[],
  fail: (message: string) => never,
): SandboxResponse {
  const topParam = req.query.get('$top');
  const top = topParam === null ? undefined : Number(topParam);
  if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > 999))
    fail(`Invalid page size specified: '${topParam}'. Must be between 1 and 999 inclusive.`);
  const skipToken = req.query.get('$skiptoken');
  const offset = skipToken ? Number(Buffer.from(skipToken, 'base64url').toString('utf8')) || 0 : 0;
  const pageSize = top ?? 100;
  const page = items.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${req.origin}/${req.segments[0]}/$metadata#${context}`,
    ...(req.query.get('$count') === 'true' ? { '@odata.count': items.length } : {}),
    value: page.map((i) => applySelect(req, i)),
  };
  if (offset + pageSize < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', Buffer.from(String(offset + pageSize)).toString('base64url'));
    body['@odata.nextLink'] = `${req.origin}${req.rawPath}?${next.toString()}`;
  }
  return { status: 200, json: body };
}

/** A thrower for 400 Request_UnsupportedQuery / BadRequest errors in the Graph shape. */
export function badRequest(
  req: SandboxRequest,
  rng: Rng,
  now: number,
  code = 'Request_BadRequest',
): (message: string) => never {
  return (message: string): never => {
    throw new SandboxHttpError(odataError(req, rng, now, 400, code, message));
  };
}
