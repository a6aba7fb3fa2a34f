/**
 * ConductorOne API (reference/conductorone.md §2.6, §3) through the one HTTP layer: bearer token from the auth
 * module's `conductorOneToken`, reading the Azure DevOps connector, updating its config group (rotation) and
 * forcing a sync. Secret config values are never kept.
 */
import { isObject } from '../http/index.js';
import type { HttpClient, HttpResponse } from '../http/index.js';

export const C1_SERVICE = 'ConductorOne';
/** `config['@type']` of a cloud-hosted connector's configuration (reference §3.3). */
export const C1_ENV_CONFIG_TYPE = 'type.googleapis.com/c1.api.app.v1.EnvConfig';

/** Config keys that hold secrets: never read into our objects (reference §4). */
const SECRET_CONFIG_KEYS = new Set(['oauth2_client_cred_grant_client_secret', 'personal_access_token']);

export interface ConductorOneClientOptions {
  http: HttpClient;
  /** The tenant origin, e.g. https://acme.conductor.one; the API is <tenantUrl>/api/v1. */
  tenantUrl: string;
  /** An access token (from `conductorOneToken` in clients/auth), asked for per request. */
  token: () => Promise<string>;
}

export interface ConductorOneConnectorStatus {
  /** SYNC_STATUS_RUNNING, SYNC_STATUS_DONE, SYNC_STATUS_ERROR, SYNC_STATUS_DISABLED, … */
  status: string | null;
  lastError: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface ConductorOneConnector {
  id: string;
  appId: string;
  displayName: string | null;
  catalogId: string | null;
  /** Non-secret config values, e.g. `C1_selected_field_group_name`, `organization_url`. */
  config: Record<string, string>;
  status: ConductorOneConnectorStatus;
  syncDisabledAt: string | null;
  syncDisabledReason: string | null;
  deletedAt: string | null;
  updatedAt: string | null;
  /** When the config last changed (newer API versions); falls back to `updatedAt` when absent. */
  configUpdatedAt: string | null;
}

export class ConductorOneClient {
  private readonly base: string;

  constructor(private readonly options: ConductorOneClientOptions) {
    this.base = `${options.tenantUrl.replace(/\/+$/, '')}/api/v1`;
  }

  /** `GET /api/v1/apps/{appId}/connectors/{connectorId}`; undefined when ConductorOne answers 404. */
  async connector(appId: string, connectorId: string): Promise<ConductorOneConnector | undefined> {
    const response = await this.options.http.request({
      service: C1_SERVICE,
      method: 'GET',
      url: `${this.base}/apps/${encodeURIComponent(appId)}/connectors/${encodeURIComponent(connectorId)}`,
      headers: { authorization: `Bearer ${await this.options.token()}` },
      accept: [404],
    });
    if (response.status === 404) return undefined;
    return toConnector(response, appId, connectorId);
  }

  /**
   * `POST /api/v1/apps/{appId}/connectors/{connectorId}` with `updateMask: "config"` (reference §3.3). ConductorOne
   * may replace the whole configuration map, so `configuration` must be the full group: every non-secret key
   * read from the connector plus the secret. Answers the connector as stored.
   */
  async updateConnectorConfig(
    connector: Pick<ConductorOneConnector, 'id' | 'appId' | 'catalogId' | 'displayName'>,
    configuration: Record<string, string>,
  ): Promise<ConductorOneConnector | undefined> {
    const values: Record<string, { stringValue: string }> = {};
    for (const [key, value] of Object.entries(configuration)) values[key] = { stringValue: value };
    const response = await this.options.http.request({
      service: C1_SERVICE,
      method: 'POST',
      url: this.connectorUrl(connector.appId, connector.id),
      headers: { authorization: `Bearer ${await this.options.token()}` },
      json: {
        connector: {
          id: connector.id,
          appId: connector.appId,
          ...(connector.catalogId ? { catalogId: connector.catalogId } : {}),
          ...(connector.displayName ? { displayName: connector.displayName } : {}),
          config: { '@type': C1_ENV_CONFIG_TYPE, configuration: values },
        },
        updateMask: 'config',
      },
      // The whole config group, not an increment: sending it twice stores the same configuration.
      retryUnsafe: true,
    });
    return toConnector(response, connector.appId, connector.id);
  }

  /** `POST .../connectors/{connectorId}/force_sync` (reference §3.5): queues a sync. */
  async forceSync(appId: string, connectorId: string): Promise<void> {
    await this.options.http.request({
      service: C1_SERVICE,
      method: 'POST',
      url: `${this.connectorUrl(appId, connectorId)}/force_sync`,
      headers: { authorization: `Bearer ${await this.options.token()}` },
      json: {},
      // A second queued sync changes nothing: verification waits for a sync that completed after the update.
      retryUnsafe: true,
    });
  }

  private connectorUrl(appId: string, connectorId: string): string {
    return `${this.base}/apps/${encodeURIComponent(appId)}/connectors/${encodeURIComponent(connectorId)}`;
  }
}

/** The connector in a `{connectorView: {connector}}` answer; a shape error for anything else (404 is the only "none"). */
function toConnector(response: HttpResponse, appId: string, connectorId: string): ConductorOneConnector {
  const view = response.jsonObject().connectorView;
  const raw = isObject(view) ? view.connector : undefined;
  if (!isObject(raw) || typeof raw.id !== 'string' || !raw.id) {
    throw response.shapeError('a connector in "connectorView.connector" (with its id)');
  }
  if (raw.config !== undefined && raw.config !== null && !isObject(raw.config)) {
    throw response.shapeError('an object in "connectorView.connector.config"');
  }
  const status = (typeof raw.status === 'object' && raw.status !== null ? raw.status : {}) as Record<
    string,
    unknown
  >;
  return {
    id: str(raw.id) ?? connectorId,
    appId: str(raw.appId) ?? appId,
    displayName: str(raw.displayName) ?? null,
    catalogId: str(raw.catalogId) ?? null,
    config: configValues(raw.config),
    status: {
      status: str(status.status) ?? null,
      lastError: str(status.lastError) ?? null,
      startedAt: str(status.startedAt) ?? null,
      completedAt: str(status.completedAt) ?? null,
    },
    syncDisabledAt: str(raw.syncDisabledAt) ?? null,
    syncDisabledReason: str(raw.syncDisabledReason) ?? null,
    deletedAt: str(raw.deletedAt) ?? null,
    updatedAt: str(raw.updatedAt) ?? null,
    configUpdatedAt: str(raw.configUpdatedAt) ?? str(raw.updatedAt) ?? null,
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `config.configuration` values: `{stringValue}` (since July 2025) or plain strings (older); secrets skipped. */
function configValues(config: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof config !== 'object' || config === null) return out;
  const configuration = (config as { configuration?: unknown }).configuration;
  if (typeof configuration !== 'object' || configuration === null) return out;
  for (const [key, value] of Object.entries(configuration as Record<string, unknown>)) {
    if (SECRET_CONFIG_KEYS.has(key)) continue;
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'object' && value !== null) {
      const stringValue = (value as { stringValue?: unknown }).stringValue;
      if (typeof stringValue === 'string') out[key] = stringValue;
    }
  }
  return out;
}
