/**
 * dbt Cloud Admin API (reference/dbt-cloud.md): accounts, the v3 `azure-ad-applications` record of the
 * Azure DevOps integration (write-only secrets, full-body updates, soft delete with a unique constraint),
 * v2 jobs and runs (ordering, paging, `status__in`, `include_related`, triggering a run).
 */
import type { Clock } from '../ports.js';
import {
  SandboxHttpError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
} from '../types.js';
import type { EntraState } from '../state/entra.js';
import type { DbtIntegrationRecord, DbtJob, DbtRun, DbtState } from '../state/dbt.js';

const ORDER_BY = ['id', '-id', 'created_at', '-created_at', 'finished_at', '-finished_at'];
const STATUS_HUMANIZED: Record<number, string> = {
  1: 'Queued',
  2: 'Starting',
  3: 'Running',
  10: 'Success',
  20: 'Error',
  30: 'Cancelled',
};
const REQUIRED_FIELDS = ['organization_name', 'client_id', 'client_secret', 'tenant_id'] as const;
const RECORD_FIELDS = new Set([...REQUIRED_FIELDS, 'azure_service_authentication_method']);

/** dbt's timestamp format, e.g. `2026-06-01 12:00:00.000000+00:00`. */
function dbtTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

function envelope(status: number, data: unknown, userMessage: string, extra?: unknown): SandboxResponse {
  return {
    status,
    json: {
      status: { code: status, is_success: status < 400, user_message: userMessage, developer_message: '' },
      data,
      ...(extra ? { extra } : {}),
    },
  };
}

const fail = (status: number, userMessage: string, data: unknown = null) =>
  new SandboxHttpError(envelope(status, data, userMessage));

export function createDbtCloudService(
  dbt: DbtState,
  options: { entra: EntraState; clock: Clock },
): SandboxService {
  const { clock } = options;

  const authenticate = (req: SandboxRequest): void => {
    const raw = req.headers.authorization;
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!header) throw fail(401, 'Authentication credentials were not provided.');
    const m = /^(Token|Bearer)\s+(\S+)$/i.exec(header);
    if (!m || m[2] !== dbt.token()) throw fail(401, 'Invalid token.');
  };
  const requirePermission = (allowed: Array<DbtState['tokenPermission']>) => {
    if (!allowed.includes(dbt.tokenPermission))
      throw fail(403, 'You do not have permission to perform this action.');
  };
  const account = (id: string | undefined): void => {
    if (String(dbt.accountId) !== id) {
      throw fail(
        404,
        'The requested account was not found, or this token does not have permission to access it.',
      );
    }
  };

  const accountJson = () => ({
    id: dbt.accountId,
    name: dbt.accountName,
    state: 1,
    plan: 'enterprise',
    pending_cancel: false,
    run_slots: 5,
    developer_seats: 10,
    read_only_seats: 50,
    lock_reason: null,
    locked: false,
    docs_job_id: null,
    freshness_job_id: null,
    created_at: dbtTime(clock.now() - 900 * 86_400_000),
    updated_at: dbtTime(clock.now() - 30 * 86_400_000),
    static_subdomain: dbt.accessHost().split('.')[0],
  });

  const recordJson = (r: DbtIntegrationRecord) => ({
    id: r.id,
    account_id: dbt.accountId,
    organization_name: r.organizationName,
    azure_service_authentication_method: r.authenticationMethod,
    oauth_redirect_uri_domain: dbt.accessHost(),
    state: r.state,
    created_at: dbtTime(r.createdAt),
    updated_at: dbtTime(r.updatedAt),
  });

  const jobJson = (j: DbtJob) => ({
    id: j.id,
    account_id: dbt.accountId,
    project_id: j.projectId,
    environment_id: j.environmentId,
    name: j.name,
    state: 1,
    job_type: 'scheduled',
    triggers: { github_webhook: false, schedule: true, git_provider_webhook: false, on_merge: false },
    execute_steps: ['dbt build'],
  });

  const runJson = (req: SandboxRequest, r: DbtRun, related: Set<string>) => {
    const job = dbt.jobs.find((j) => j.id === r.jobId);
    const complete = r.status >= 10;
    const end = r.finishedAt ?? clock.now();
    return {
      id: r.id,
      trigger_id: r.triggerId,
      account_id: dbt.accountId,
      environment_id: r.environmentId,
      project_id: r.projectId,
      job_definition_id: r.jobId,
      job_id: r.jobId,
      status: r.status,
      dbt_version: 'versionless',
      git_branch: 'main',
      git_sha: null,
      status_message: r.statusMessage,
      owner_thread_id: null,
      executed_by_thread_id: null,
      deferring_run_id: null,
      artifacts_saved: complete,
      artifact_s3_path: null,
      has_docs_generated: false,
      has_sources_generated: false,
      notifications_sent: complete,
      blocked_by: [],
      created_at: dbtTime(r.createdAt),
      updated_at: dbtTime(r.finishedAt ?? r.startedAt ?? r.createdAt),
      dequeued_at: dbtTime(r.startedAt),
      started_at: dbtTime(r.startedAt),
      finished_at: dbtTime(r.finishedAt),
      last_checked_at: dbtTime(r.finishedAt),
      last_heartbeat_at: dbtTime(r.finishedAt),
      should_start_at: dbtTime(r.createdAt),
      status_humanized: STATUS_HUMANIZED[r.status],
      in_progress: !complete,
      is_complete: complete,
      is_success: r.status === 10,
      is_error: r.status === 20,
      is_cancelled: r.status === 30,
      is_running: r.status === 3,
      duration: duration(end - r.createdAt),
      queued_duration: duration((r.startedAt ?? end) - r.createdAt),
      run_duration: duration(r.startedAt === null ? 0 : end - r.startedAt),
      duration_humanized: duration(end - r.createdAt),
      href: `${req.origin}/deploy/${dbt.accountId}/projects/${r.projectId}/runs/${r.id}/`,
      ...(related.has('trigger')
        ? {
            trigger: {
              id: r.triggerId,
              cause: r.cause,
              job_definition_id: r.jobId,
              git_branch: null,
              git_sha: null,
              github_pull_request_id: null,
              schema_override: null,
              created_at: dbtTime(r.createdAt),
              cause_category: r.causeCategory,
            },
          }
        : {}),
      ...(related.has('job') && job ? { job: jobJson(job) } : {}),
      ...(related.has('run_steps') ? { run_steps: [] } : {}),
    };
  };

  /** `include_related` as `trigger,job` or as a JSON list `["trigger","job"]` (dbtc sends lists that way). */
  const relatedOf = (req: SandboxRequest): Set<string> => {
    const raw = (req.query.get('include_related') ?? '').trim();
    if (raw.startsWith('[')) {
      try {
        const list: unknown = JSON.parse(raw);
        if (Array.isArray(list)) return new Set(list.map(String));
      } catch {
        // fall through to the error below
      }
      throw fail(
        400,
        `include_related: "${raw}" is neither a comma-separated list nor a JSON array of names.`,
      );
    }
    return new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  };

  // ----- v3 azure-ad-applications -------------------------------------------------------------------
  const activeRecord = () => (dbt.record?.state === 1 ? dbt.record : undefined);

  const validateRecordBody = (req: SandboxRequest): Record<string, string> => {
    const body = req.json<Record<string, unknown> | null>();
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw fail(400, 'The request body must be a JSON object.');
    const unexpected = Object.keys(body).filter(
      (k) => !RECORD_FIELDS.has(k as (typeof REQUIRED_FIELDS)[number]),
    );
    if (unexpected.length) {
      throw fail(
        400,
        `Additional properties are not allowed (${unexpected.map((k) => `'${k}'`).join(', ')} ${unexpected.length === 1 ? 'was' : 'were'} unexpected)`,
      );
    }
    const errors: Record<string, string[]> = {};
    for (const f of REQUIRED_FIELDS) {
      if (typeof body[f] !== 'string' || !(body[f] as string).trim()) errors[f] = ['This field is required.'];
    }
    const method = body.azure_service_authentication_method;
    if (method !== undefined && method !== 'service_user' && method !== 'service_principal') {
      errors.azure_service_authentication_method = [
        `"${String(method)}" is not a valid choice. Use service_user or service_principal.`,
      ];
    }
    if (Object.keys(errors).length) {
      throw fail(
        400,
        `Invalid request: ${Object.keys(errors).join(', ')} ${Object.keys(errors).length === 1 ? 'is' : 'are'} required or invalid. Send organization_name, client_id, client_secret and tenant_id on every create and update.`,
        errors,
      );
    }
    return body as Record<string, string>;
  };

  const azureAdApplications = (req: SandboxRequest, recordId: string | undefined): SandboxResponse => {
    if (recordId === undefined) {
      if (req.method === 'GET') {
        const rec = activeRecord();
        return envelope(200, rec ? [recordJson(rec)] : [], 'Success!', {
          filters: { account_id: dbt.accountId },
          order_by: 'id',
          pagination: { count: rec ? 1 : 0, total_count: rec ? 1 : 0 },
        });
      }
      if (req.method === 'POST') {
        requirePermission(['accountAdmin']);
        const body = validateRecordBody(req);
        if (dbt.record) {
          throw fail(
            400,
            `duplicate key value violates unique constraint "dbt_azureadapplication_account_id_key"\nDETAIL:  Key (account_id)=(${dbt.accountId}) already exists.`,
          );
        }
        const t = clock.now();
        dbt.record = {
          id: dbt.nextId(),
          organizationName: body.organization_name!,
          clientId: body.client_id!,
          clientSecret: body.client_secret!,
          tenantId: body.tenant_id!,
          authenticationMethod:
            (body.azure_service_authentication_method as DbtIntegrationRecord['authenticationMethod']) ??
            'service_user',
          createdAt: t,
          updatedAt: t,
          state: 1,
        };
        return envelope(201, recordJson(dbt.record), 'Success!');
      }
      throw notFound(req);
    }
    const rec = activeRecord();
    if (!rec || String(rec.id) !== recordId) throw fail(404, 'The requested resource was not found.');
    if (req.method === 'GET') return envelope(200, recordJson(rec), 'Success!');
    if (req.method === 'POST') {
      requirePermission(['accountAdmin']);
      const body = validateRecordBody(req);
      rec.organizationName = body.organization_name!;
      rec.clientId = body.client_id!;
      if (rec.clientSecret !== body.client_secret)
        dbt.retireSecret('dbtCloud:azureAdApplication:client_secret', rec.clientSecret);
      rec.clientSecret = body.client_secret!;
      rec.tenantId = body.tenant_id!;
      if (body.azure_service_authentication_method)
        rec.authenticationMethod =
          body.azure_service_authentication_method as DbtIntegrationRecord['authenticationMethod'];
      rec.updatedAt = Math.max(clock.now(), rec.updatedAt + 1);
      return envelope(200, recordJson(rec), 'Success!');
    }
    if (req.method === 'DELETE') {
      requirePermission(['accountAdmin']);
      rec.state = 2;
      rec.updatedAt = clock.now();
      return envelope(200, recordJson(rec), 'Success!');
    }
    throw notFound(req);
  };

  // ----- v2 runs and jobs -----------------------------------------------------------------------------
  const intParam = (req: SandboxRequest, name: string, def: number, max?: number): number => {
    const raw = req.query.get(name);
    if (raw === null) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw fail(400, `${name}: "${raw}" is not a valid non-negative integer.`);
    if (max !== undefined && n > max)
      throw fail(400, `${name}: ensure this value is less than or equal to ${max}.`);
    return n;
  };
  const intList = (req: SandboxRequest, name: string): number[] | undefined => {
    const raw = req.query.get(name);
    if (raw === null) return undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.every((x) => Number.isInteger(x))) return parsed as number[];
    } catch {
      // fall through to the error below
    }
    throw fail(400, `${name}: expected a JSON array of integers such as [10,20], got "${raw}".`);
  };

  const listRuns = (req: SandboxRequest): SandboxResponse => {
    dbt.settle();
    const orderBy = req.query.get('order_by') ?? 'id';
    if (!ORDER_BY.includes(orderBy))
      throw fail(400, `order_by: "${orderBy}" is not allowed; use one of ${ORDER_BY.join(', ')}.`);
    const limit = intParam(req, 'limit', 100, 100);
    const offset = intParam(req, 'offset', 0);
    const filters: Record<string, unknown> = { account_id: dbt.accountId };
    let runs = [...dbt.runs];
    const statusIn = intList(req, 'status__in');
    if (statusIn) {
      filters.status__in = statusIn;
      runs = runs.filter((r) => statusIn.includes(r.status));
    }
    for (const [param, key] of [
      ['status', 'status'],
      ['job_definition_id', 'jobId'],
      ['project_id', 'projectId'],
      ['environment_id', 'environmentId'],
    ] as const) {
      const raw = req.query.get(param);
      if (raw === null) continue;
      const n = intParam(req, param, 0);
      filters[param] = n;
      runs = runs.filter((r) => r[key] === n);
    }
    const idGt = req.query.get('id__gt');
    if (idGt !== null) runs = runs.filter((r) => r.id > intParam(req, 'id__gt', 0));
    const desc = orderBy.startsWith('-');
    const field = orderBy.replace(/^-/, '');
    const value = (r: DbtRun): number | null =>
      field === 'id' ? r.id : field === 'created_at' ? r.createdAt : r.finishedAt;
    runs.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      // Postgres: NULLs sort as larger than every value (last ascending, first descending).
      if (va === vb) return desc ? b.id - a.id : a.id - b.id;
      if (va === null) return 1 * (desc ? -1 : 1);
      if (vb === null) return -1 * (desc ? -1 : 1);
      return desc ? vb - va : va - vb;
    });
    const page = runs.slice(offset, offset + limit);
    const related = relatedOf(req);
    return envelope(
      200,
      page.map((r) => runJson(req, r, related)),
      'Success!',
      {
        filters: { ...filters, limit, offset },
        order_by: orderBy,
        pagination: { count: page.length, total_count: runs.length },
      },
    );
  };

  const runs = (req: SandboxRequest, runId: string | undefined): SandboxResponse => {
    if (req.method !== 'GET') throw notFound(req);
    if (runId === undefined) return listRuns(req);
    dbt.settle();
    const run = dbt.runs.find((r) => String(r.id) === runId);
    if (!run) throw fail(404, 'The requested resource was not found.');
    return envelope(200, runJson(req, run, relatedOf(req)), 'Success!');
  };

  const jobs = (
    req: SandboxRequest,
    jobId: string | undefined,
    action: string | undefined,
  ): SandboxResponse => {
    if (jobId === undefined) {
      if (req.method !== 'GET') throw notFound(req);
      return envelope(200, dbt.jobs.map(jobJson), 'Success!', {
        filters: { account_id: dbt.accountId },
        order_by: 'id',
        pagination: { count: dbt.jobs.length, total_count: dbt.jobs.length },
      });
    }
    const job = dbt.jobs.find((j) => String(j.id) === jobId);
    if (!job) throw fail(404, 'The requested resource was not found.');
    if (action === undefined && req.method === 'GET') return envelope(200, jobJson(job), 'Success!');
    if (action === 'run' && req.method === 'POST') {
      requirePermission(['accountAdmin', 'jobAdmin']);
      const body = req.json<{ cause?: unknown } | null>();
      if (!body || typeof body.cause !== 'string' || !body.cause.trim()) {
        throw fail(400, 'Invalid request: cause is required.', { cause: ['This field is required.'] });
      }
      const run = dbt.triggerRun(job, body.cause);
      return envelope(200, runJson(req, run, new Set(['trigger', 'job'])), 'Success!');
    }
    throw notFound(req);
  };

  const notFound = (req: SandboxRequest) => fail(404, `Not found: ${req.method} ${req.rawPath}`);

  const route = (req: SandboxRequest): SandboxResponse => {
    const [api, version, accounts, accountId, collection, id, action, ...more] = req.segments;
    if (api !== 'api' || accounts !== 'accounts' || more.length) throw notFound(req);
    authenticate(req);
    if (version === 'v2' && accountId === undefined && req.method === 'GET') {
      return envelope(200, [accountJson()], 'Success!', {
        filters: {},
        order_by: 'id',
        pagination: { count: 1, total_count: 1 },
      });
    }
    account(accountId);
    if (version === 'v2' && collection === undefined && req.method === 'GET')
      return envelope(200, accountJson(), 'Success!');
    if (version === 'v3' && collection === 'azure-ad-applications' && action === undefined)
      return azureAdApplications(req, id);
    if (version === 'v2' && collection === 'runs' && action === undefined) return runs(req, id);
    if (version === 'v2' && collection === 'jobs') return jobs(req, id, action);
    throw notFound(req);
  };

  return {
    name: 'dbtCloud',
    handle(req) {
      try {
        return route(req);
      } catch (e) {
        if (e instanceof SandboxHttpError && !(e.response.json as { status?: unknown } | undefined)?.status) {
          return envelope(e.response.status, null, 'The request body is not valid JSON.');
        }
        throw e;
      }
    },
  };
}
