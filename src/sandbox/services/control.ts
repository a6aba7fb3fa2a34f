/**
 * The sandbox's own control API (origin `control`), for tests: state, request log, secrets, faults, clock, reset.
 * See docs/sandbox.md, "Control API".
 */
import { faultSettingsSchema } from '../server/faults.js';
import { fieldPath } from '../scenario/spec.js';
import {
  SandboxHttpError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
} from '../types.js';
import type { World } from '../world.js';

function error(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError({ status, json: { message } });
}

const MAX_ADVANCE_MS = 100 * 365 * 24 * 60 * 60 * 1000;
const ROUTES =
  'GET /state, GET /requests, DELETE /requests, GET /secrets, GET|PUT /faults, POST /clock, POST /reset';

export function createControlService(world: World): SandboxService {
  const requests = (req: SandboxRequest): SandboxResponse => {
    const service = req.query.get('service');
    const since = Number(req.query.get('since') ?? '0');
    if (!Number.isFinite(since)) throw error(400, 'since: must be a request sequence number.');
    const value = world.log
      .list()
      .filter((entry) => entry.seq > since && (service === null || entry.service === service));
    return { status: 200, json: { count: value.length, value } };
  };

  const putFaults = (req: SandboxRequest): SandboxResponse => {
    const result = faultSettingsSchema.safeParse(req.json());
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
      throw error(400, `The fault settings are not valid: ${problems.join('; ')}`);
    }
    world.faults.set(result.data);
    return { status: 200, json: world.faults.settings() };
  };

  const advanceClock = (req: SandboxRequest): SandboxResponse => {
    const body = req.json<{ advanceMs?: unknown }>();
    const advanceMs = body?.advanceMs;
    if (
      typeof advanceMs !== 'number' ||
      !Number.isFinite(advanceMs) ||
      advanceMs < 0 ||
      advanceMs > MAX_ADVANCE_MS
    ) {
      throw error(
        400,
        'advanceMs: must be a number of milliseconds from 0 to 100 years, e.g. {"advanceMs": 60000}.',
      );
    }
    world.clock.advance(advanceMs);
    return {
      status: 200,
      json: { now: new Date(world.clock.now()).toISOString(), offsetMs: world.clock.offsetMs },
    };
  };

  return {
    name: 'control',
    handle(req: SandboxRequest): SandboxResponse {
      const route = `${req.method} /${req.segments.join('/')}`;
      switch (route) {
        case 'GET /state':
          return { status: 200, json: world.snapshot() };
        case 'GET /requests':
          return requests(req);
        case 'DELETE /requests':
          world.log.clear();
          return { status: 204 };
        case 'GET /secrets': {
          const named = world.namedSecrets();
          return {
            status: 200,
            json: { count: named.length, value: named.map((secret) => secret.value), named },
          };
        }
        case 'GET /faults':
          return { status: 200, json: world.faults.settings() };
        case 'PUT /faults':
          return putFaults(req);
        case 'POST /clock':
          return advanceClock(req);
        case 'POST /reset':
          world.reset();
          return { status: 204 };
        default:
          throw error(404, `No control route ${route}; the routes are ${ROUTES}.`);
      }
    },
  };
}
