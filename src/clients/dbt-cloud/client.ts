/**
 * dbt Cloud Admin API (reference/dbt-cloud.md §2–§6) through the one HTTP layer: `Authorization: Token`,
 * the `{data, status}` envelope, the account's Azure DevOps integration record and its runs.
 */
import { OperationalError } from '../../core/errors.js';
import { HttpError, type HttpClient } from '../http/index.js';

export const DBT_SERVICE = 'dbt Cloud';

export interface DbtCloudClientOptions {
  http: HttpClient;
  /** The account's access URL, an origin such as https://ab123.us1.dbt.com; the API is <accessUrl>/api. */
  accessUrl: string;
  accountId: number;
  /** DBT_CLOUD_TOKEN (service token or PAT). */
  token: string;
}

/** The account's Azure DevOps integration record (`azure-ad-applications`); the secret fields are write-only. */
export interface DbtAzureAdApplication {
  id: number;
  organizationName: string;
  /** `service_user` or `service_principal`; null when dbt Cloud did not say. */
  authenticationMethod: string | null;
  oauthRedirectUriDomain: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface DbtRun {
  id: number;
  /** 1 queued, 2 starting, 3 running, 10 success, 20 error, 30 cancelled. */
  status: number;
  statusHumanized: string | null;
  jobId: number | null;
  createdAt: string | null;
  finishedAt: string | null;
}

/** The full body dbt Cloud needs on every update of the integration record (reference §4): never partial. */
export interface DbtAzureAdApplicationUpdate {
  organizationName: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  authenticationMethod: 'service_user' | 'service_principal';
}

/** One run as the run endpoints show it (status 10 success, 20 error, 30 cancelled). */
export interface DbtRunDetail extends DbtRun {
  isComplete: boolean;
  statusMessage: string | null;
}

export interface ListRunsOptions {
  /** `id`, `created_at` or `finished_at`, `-` for descending. */
  orderBy?: string;
  /** 1–100. */
  limit?: number;
  offset?: number;
  /** Sent as a JSON array, e.g. `status__in=[10,20,30]`. */
  statusIn?: number[];
  jobId?: number;
}

interface Envelope<T> {
  data?: T;
  status?: { is_success?: boolean; user_message?: string };
}

export class DbtCloudClient {
  private readonly base: string;

  constructor(private readonly options: DbtCloudClientOptions) {
    this.base = `${options.accessUrl.replace(/\/+$/, '')}/api`;
  }

  get accountId(): number {
    return this.options.accountId;
  }

  /** The account's active integration record; undefined when there is none (dbt keeps at most one). */
  async azureAdApplication(): Promise<DbtAzureAdApplication | undefined> {
    const data = await this.get<unknown[]>(`/v3/accounts/${this.options.accountId}/azure-ad-applications/`);
    if (!Array.isArray(data)) throw this.shapeError('azure-ad-applications', 'a list in "data"');
    const first = data.find((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
    if (!first) return undefined;
    return toRecord(first);
  }

  /**
   * Rotation: `POST /v3/accounts/{id}/azure-ad-applications/{recordId}/` with the full body (reference §4, never
   * DELETE). Answers the record as stored. The secret travels in the body only; it is never logged or returned.
   */
  async updateAzureAdApplication(
    recordId: number,
    update: DbtAzureAdApplicationUpdate,
  ): Promise<DbtAzureAdApplication> {
    const data = await this.send<Record<string, unknown>>(
      'POST',
      `/v3/accounts/${this.options.accountId}/azure-ad-applications/${recordId}/`,
      {
        organization_name: update.organizationName,
        client_id: update.clientId,
        client_secret: update.clientSecret,
        tenant_id: update.tenantId,
        azure_service_authentication_method: update.authenticationMethod,
      },
      undefined,
      // The full record, not an increment: sending it twice stores the same record.
      true,
    );
    if (typeof data !== 'object' || data === null) throw this.shapeError('azure-ad-applications', 'a record');
    return toRecord(data);
  }

  /** `POST /v2/accounts/{id}/jobs/{jobId}/run/` (reference §7): queues a run and answers its id. */
  async triggerJobRun(jobId: number, cause: string): Promise<DbtRunDetail> {
    const data = await this.send<Record<string, unknown>>(
      'POST',
      `/v2/accounts/${this.options.accountId}/jobs/${jobId}/run/`,
      { cause },
    );
    if (typeof data !== 'object' || data === null) throw this.shapeError('run', 'a run');
    return toRunDetail(data);
  }

  /** `GET /v2/accounts/{id}/runs/{runId}/`. */
  async run(runId: number): Promise<DbtRunDetail> {
    const data = await this.get<Record<string, unknown>>(
      `/v2/accounts/${this.options.accountId}/runs/${runId}/`,
    );
    if (typeof data !== 'object' || data === null) throw this.shapeError('run', 'a run');
    return toRunDetail(data);
  }

  /** Runs of the account (`GET /v2/accounts/{id}/runs/`). */
  async listRuns(options: ListRunsOptions = {}): Promise<DbtRun[]> {
    const query: Record<string, string | number | undefined> = {
      order_by: options.orderBy,
      limit: options.limit,
      offset: options.offset,
      status__in: options.statusIn ? JSON.stringify(options.statusIn) : undefined,
      job_definition_id: options.jobId,
    };
    const data = await this.get<unknown[]>(`/v2/accounts/${this.options.accountId}/runs/`, query);
    if (!Array.isArray(data)) throw this.shapeError('runs', 'a list in "data"');
    return data
      .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      .map((r) => ({
        id: num(r.id) ?? 0,
        status: num(r.status) ?? 0,
        statusHumanized: strOrNull(r.status_humanized),
        jobId: num(r.job_definition_id) ?? num(r.job_id) ?? null,
        createdAt: strOrNull(r.created_at),
        finishedAt: strOrNull(r.finished_at),
      }));
  }

  /** The newest run by creation time, or undefined when the account never ran anything. */
  async newestRun(): Promise<DbtRun | undefined> {
    const [run] = await this.listRuns({ orderBy: '-created_at', limit: 1 });
    return run;
  }

  private get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.send<T>('GET', path, undefined, query);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    json?: unknown,
    query?: Record<string, string | number | undefined>,
    retryUnsafe = false,
  ): Promise<T> {
    let response;
    try {
      response = await this.options.http.request({
        service: DBT_SERVICE,
        method,
        url: `${this.base}${path}`,
        ...(query ? { query } : {}),
        ...(json !== undefined ? { json } : {}),
        headers: { authorization: `Token ${this.options.token}` },
        ...(retryUnsafe ? { retryUnsafe } : {}),
      });
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        throw error.withHint(
          `Check integrations.dbtCloud.accountId (${this.options.accountId}) and accessUrl, ` +
            'and that DBT_CLOUD_TOKEN belongs to that account.',
        );
      }
      throw error;
    }
    const body = response.json<Envelope<T>>();
    if (typeof body !== 'object' || body === null || !('data' in body)) {
      throw this.shapeError(path, 'a {"data", "status"} envelope');
    }
    if (body.status?.is_success === false) {
      throw new OperationalError(
        `dbt Cloud refused ${method} ${path}: ${body.status.user_message ?? 'no reason given'}.`,
        DBT_SERVICE,
        response.status,
      );
    }
    return body.data as T;
  }

  private shapeError(what: string, expected: string): OperationalError {
    return new OperationalError(
      `dbt Cloud answered ${what} without ${expected}; check integrations.dbtCloud.accessUrl points at the account's access URL.`,
      DBT_SERVICE,
    );
  }
}

function toRecord(raw: Record<string, unknown>): DbtAzureAdApplication {
  return {
    id: num(raw.id) ?? 0,
    organizationName: typeof raw.organization_name === 'string' ? raw.organization_name : '',
    authenticationMethod: strOrNull(raw.azure_service_authentication_method),
    oauthRedirectUriDomain: strOrNull(raw.oauth_redirect_uri_domain),
    createdAt: strOrNull(raw.created_at),
    updatedAt: strOrNull(raw.updated_at),
  };
}

function toRunDetail(r: Record<string, unknown>): DbtRunDetail {
  const status = num(r.status) ?? 0;
  return {
    id: num(r.id) ?? 0,
    status,
    statusHumanized: strOrNull(r.status_humanized),
    jobId: num(r.job_definition_id) ?? num(r.job_id) ?? null,
    createdAt: strOrNull(r.created_at),
    finishedAt: strOrNull(r.finished_at),
    isComplete: typeof r.is_complete === 'boolean' ? r.is_complete : status >= 10,
    statusMessage: strOrNull(r.status_message),
  };
}

/** dbt's timestamps (`2026-06-01 12:00:00.000000+00:00`) or ISO 8601, as ms since epoch; undefined if unreadable. */
export function dbtTimeMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const iso = value
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
