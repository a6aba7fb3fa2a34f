/**
 * Injected faults and latency (docs/sandbox.md, "Faults"). Rules are checked in order for each request to a
 * service other than `control`; the first rule that matches and fires decides the fault. Dice come from a seeded
 * RNG, so the same seed and the same request sequence replay the same faults.
 */
import { z } from 'zod';
import type { Rng } from '../ports.js';
import type { SandboxResponse, ServiceName } from '../types.js';

export const FAULT_KINDS = [
  '429',
  '503',
  'retryAfter200',
  'reset',
  'slow',
  'fail',
  'echo',
  'corrupt',
] as const;
/** How a `corrupt` rule damages a normal answer (its status stays). */
export const CORRUPTIONS = ['truncated', 'html', 'null', 'empty', 'wrongTypes'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

const FAULTABLE_SERVICES = [
  'authority',
  'azureDevOps',
  'azureDevOpsIdentity',
  'graph',
  'dbtCloud',
  'conductorOne',
] as const satisfies readonly ServiceName[];

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression (matched against the request path)' },
);

export const faultRuleSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    service: z.enum(FAULTABLE_SERVICES).optional(),
    method: z
      .string()
      .min(1)
      .transform((method) => method.toUpperCase())
      .optional(),
    path: regexSource.optional(),
    every: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().positive().optional(),
    /** Seconds, for 429, 503 and retryAfter200 (default 1). */
    retryAfter: z.number().int().min(0).optional(),
    /** 503 only: answer with an HTML page instead of JSON. */
    html: z.boolean().optional(),
    /** slow only: how long to hold the request (default 1000). */
    delayMs: z.number().int().min(0).optional(),
    /** fail and echo: the status every matching request gets (default 500). */
    status: z.number().int().min(400).max(599).optional(),
    /** corrupt only: how the answer is damaged (default truncated). */
    corruption: z.enum(CORRUPTIONS).optional(),
  })
  .strict()
  .refine((rule) => rule.every === undefined || rule.probability === undefined, {
    message: 'give either "every" or "probability", not both',
  });

export const faultSettingsSchema = z
  .object({
    latencyMs: z.number().int().min(0).optional(),
    rules: z.array(faultRuleSchema).optional(),
    /**
     * At most this many faults in a row for one route (service, method and path): the next request to it goes
     * through. Transient faults, so that a client with enough retries always recovers. Unlimited when omitted.
     */
    maxInARow: z.number().int().positive().optional(),
  })
  .strict();

export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

interface RuleState {
  rule: FaultRule;
  pattern?: RegExp;
  matched: number;
  fired: number;
}

export class FaultEngine {
  private rules: RuleState[] = [];
  private current: FaultSettings = {};
  /** Faults in a row per route, for `maxInARow`. */
  private readonly streaks = new Map<string, number>();
  private dice: Rng;
  private readonly newDice: () => Rng;

  /**
   * `dice` is the seeded RNG for probability rules, or a function making it: a function is called again whenever
   * the settings change, so the dice restart with the counters.
   */
  constructor(dice: Rng | (() => Rng), settings: FaultSettings = {}) {
    this.newDice = typeof dice === 'function' ? dice : () => dice;
    this.dice = this.newDice();
    this.set(settings);
  }

  /** Replaces the settings; counters and dice start again, so the same requests replay the same faults. */
  set(settings: FaultSettings): void {
    this.current = settings;
    this.dice = this.newDice();
    this.streaks.clear();
    this.rules = (settings.rules ?? []).map((rule) => ({
      rule,
      pattern: rule.path === undefined ? undefined : new RegExp(rule.path),
      matched: 0,
      fired: 0,
    }));
  }

  settings(): FaultSettings & { fired: number[] } {
    return { ...this.current, fired: this.rules.map((state) => state.fired) };
  }

  latencyFor(service: ServiceName): number {
    return service === 'control' ? 0 : (this.current.latencyMs ?? 0);
  }

  /** The fault to inject for this request, if any. The control service never gets one. */
  decide(service: ServiceName, method: string, rawPath: string): FaultRule | undefined {
    if (service === 'control') return undefined;
    const rule = this.pick(service, method, rawPath);
    const limit = this.current.maxInARow;
    if (limit === undefined) return rule;
    const route = `${service} ${method} ${rawPath}`;
    const streak = this.streaks.get(route) ?? 0;
    if (rule === undefined || streak >= limit) {
      this.streaks.delete(route);
      return undefined;
    }
    this.streaks.set(route, streak + 1);
    return rule;
  }

  /** The first rule that matches and fires; the dice roll whatever `maxInARow` then decides. */
  private pick(service: ServiceName, method: string, rawPath: string): FaultRule | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (state.pattern && !state.pattern.test(rawPath)) continue;
      if (rule.count !== undefined && state.fired >= rule.count) continue;
      state.matched += 1;
      const fires =
        rule.every !== undefined
          ? state.matched % rule.every === 0
          : rule.probability !== undefined
            ? this.dice.next() < rule.probability
            : true;
      if (fires) {
        state.fired += 1;
        return rule;
      }
    }
    return undefined;
  }
}

const SERVICE_UNAVAILABLE_HTML =
  '<!DOCTYPE html><html><head><title>Service Unavailable</title></head>' +
  '<body><h1>Service Unavailable</h1><p>The service is temporarily unavailable. Please try again later.</p>' +
  '</body></html>';

function errorBody(service: ServiceName, status: number, message: string, code: string): unknown {
  switch (service) {
    case 'azureDevOps':
    case 'azureDevOpsIdentity':
      return {
        $id: '1',
        innerException: null,
        message,
        typeName: `Microsoft.TeamFoundation.Framework.Server.${code}, Microsoft.TeamFoundation.Framework.Server`,
        typeKey: code,
        errorCode: 0,
        eventId: 3000,
      };
    case 'graph':
      return { error: { code, message, innerError: { date: new Date().toISOString() } } };
    case 'authority':
      return { error: 'temporarily_unavailable', error_description: message, error_codes: [status] };
    default:
      return { status: { code: status, is_success: false, user_message: message }, message };
  }
}

/** What an `echo` rule repeats back: the request as the service received it, credentials included. */
export interface EchoedRequest {
  method: string;
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An `echo` answer: an error in the service's shape whose message repeats the whole request (method, path and
 * query, every header including Authorization, and the body), as a careless service or proxy does.
 */
export function echoResponse(rule: FaultRule, service: ServiceName, request: EchoedRequest): SandboxResponse {
  const status = rule.status ?? 500;
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
    .join('; ');
  const message = `Could not process ${request.method} ${request.target} (headers: ${headers}) (body: ${request.body})`;
  return { status, json: errorBody(service, status, message, 'EchoedRequest') };
}

/** A normal answer damaged by a `corrupt` rule; the status and headers stay, the body is replaced. */
export function corruptResponse(rule: FaultRule, response: SandboxResponse): SandboxResponse {
  const original = response.json !== undefined ? JSON.stringify(response.json) : (response.text ?? '');
  const headers = { ...(response.headers ?? {}) };
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-length') delete headers[name];
  const damaged = (text: string, type = 'application/json; charset=utf-8'): SandboxResponse => ({
    status: response.status,
    headers: { ...headers, 'content-type': type },
    text,
  });
  switch (rule.corruption ?? 'truncated') {
    case 'truncated':
      return damaged(original.slice(0, Math.max(1, Math.floor(original.length / 2))));
    case 'html':
      return damaged(SERVICE_UNAVAILABLE_HTML, 'text/html; charset=utf-8');
    case 'null':
      return damaged('null');
    case 'empty':
      return damaged('');
    case 'wrongTypes':
      return damaged(JSON.stringify(wrongTypes(response.json)));
  }
}

/** Every value replaced by one of another type: objects keep their keys, arrays become objects, strings numbers. */
function wrongTypes(value: unknown): unknown {
  if (Array.isArray(value)) return { length: value.length };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wrongTypes(inner)]));
  }
  if (typeof value === 'string') return 42;
  if (typeof value === 'number' || typeof value === 'boolean') return 'not a number';
  return [];
}

/** The response a 429, 503 or fail rule answers with (reset, slow and retryAfter200 are handled by the server). */
export function faultResponse(rule: FaultRule, service: ServiceName): SandboxResponse {
  const retryAfter = String(rule.retryAfter ?? 1);
  switch (rule.kind) {
    case '429': {
      const message =
        'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource ' +
        "'Sandbox' in namespace 'sandbox'.";
      return {
        status: 429,
        headers: {
          'retry-after': retryAfter,
          'x-ratelimit-resource': 'Sandbox',
          'x-ratelimit-remaining': '0',
        },
        json: errorBody(service, 429, message, 'RequestBlockedException'),
      };
    }
    case '503':
      return rule.html
        ? {
            status: 503,
            headers: { 'retry-after': retryAfter, 'content-type': 'text/html; charset=utf-8' },
            text: SERVICE_UNAVAILABLE_HTML,
          }
        : {
            status: 503,
            headers: { 'retry-after': retryAfter },
            json: errorBody(service, 503, 'The service is temporarily unavailable.', 'ServiceUnavailable'),
          };
    default: {
      const status = rule.status ?? 500;
      return {
        status,
        json: errorBody(
          service,
          status,
          `Injected failure (sandbox fault rule, status ${status}).`,
          'InjectedFailure',
        ),
      };
    }
  }
}
