/**
 * Milliseconds a `Retry-After` value asks for: delta-seconds (decimals tolerated) or an HTTP-date.
 * Undefined when the header is absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP-date has a weekday and month name; bare numbers like "-5" are not dates.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base·2^(retry-1))). */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * True when the service's rate-limit headers say it is close to delaying us
 * (`X-RateLimit-Remaining` under 10 % of `X-RateLimit-Limit`).
 */
export function nearRateLimit(limit: string | undefined, remaining: string | undefined): boolean {
  if (limit === undefined || remaining === undefined) return false;
  const l = Number(limit);
  const r = Number(remaining);
  if (!Number.isFinite(l) || !Number.isFinite(r) || l <= 0) return false;
  return r < l * 0.1;
}
