/**
 * ConductorOne as a rotation target (reference conductorone.md §3.1, §3.3–§3.6, §4): GET the connector, POST the
 * full oauth config group (every non-secret key as read, plus the new secret) with `updateMask: "config"`,
 * force a sync and poll its status until done or error, within a timeout.
 */
import type { ConductorOneClient, ConductorOneConnector } from '../../clients/conductorone/client.js';
import { OperationalError } from '../../core/errors.js';
import type { RotationClock, RotationLimits } from '../clock.js';
import type { PushResult, SecretTarget, TargetCheck } from './target.js';

const C1 = 'ConductorOne';
const GROUP_KEY = 'C1_selected_field_group_name';
const OAUTH_GROUP = 'azure_devops_group_oauth';
const CLIENT_ID_KEY = 'oauth2_client_cred_grant_client_id';
const SECRET_KEY = 'oauth2_client_cred_grant_client_secret';

export interface C1TargetOptions {
  c1: ConductorOneClient;
  appId: string;
  connectorId: string;
  /** The Entra app (client) id the policy says the connector uses. */
  clientId: string;
  clock: RotationClock;
  limits: RotationLimits;
  redact: (text: string) => string;
}

const timeMs = (value: string | null | undefined): number | undefined => {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

export function c1Target(options: C1TargetOptions): SecretTarget {
  const { c1, appId, connectorId, clock, limits } = options;
  let connector: ConductorOneConnector | undefined;
  let before: number | undefined;
  /** The connector's own time of our config update: a sync must complete after it to prove the new secret. */
  let configUpdatedAt: number | undefined;

  const read = async (): Promise<ConductorOneConnector> => {
    const found = await c1.connector(appId, connectorId);
    if (!found || found.deletedAt) {
      throw new OperationalError(
        `ConductorOne connector ${connectorId} in app ${appId} does not exist (C1-CONNECTOR-MISSING): check ` +
          'integrations.conductorOne.appId and connectorId.',
        C1,
      );
    }
    return found;
  };

  return {
    name: 'conductorOne',
    description: `ConductorOne connector ${connectorId} (app ${appId})`,
    resource: { kind: 'c1Connector', name: connectorId, appId: options.clientId },

    async prepare() {
      connector = await read();
      const group = connector.config[GROUP_KEY];
      if (group !== undefined && group !== OAUTH_GROUP) {
        throw new OperationalError(
          `ConductorOne connector ${connectorId} uses the config group "${group}", not ${OAUTH_GROUP}: it does not ` +
            'use an Entra client secret; set integrations.conductorOne.mode: pat (rotation then leaves it alone).',
          C1,
        );
      }
      const usedClientId = connector.config[CLIENT_ID_KEY];
      if (group === undefined && !usedClientId) {
        // Older connectors had no group selector and PAT keys only: writing the oauth group would break them.
        throw new OperationalError(
          `ConductorOne connector ${connectorId} shows neither ${GROUP_KEY} nor ${CLIENT_ID_KEY}, so ado-guard cannot ` +
            'tell it uses an Entra client secret: open it in ConductorOne, choose the OAuth configuration and save, ' +
            'or set integrations.conductorOne.mode: pat.',
          C1,
        );
      }
      if (usedClientId && usedClientId.toLowerCase() !== options.clientId.toLowerCase()) {
        throw new OperationalError(
          `ConductorOne connector ${connectorId} uses Entra app ${usedClientId}, but ` +
            `integrations.conductorOne.applicationClientId is ${options.clientId}: fix the policy (or the connector) first.`,
          C1,
        );
      }
      before = timeMs(connector.configUpdatedAt);
      return before === undefined ? {} : { updatedAt: before };
    },

    async push(secret): Promise<PushResult> {
      connector ??= await read();
      const current = connector;
      // The whole group: the map may be replaced, so every non-secret key goes back unchanged.
      const configuration: Record<string, string> = {
        ...current.config,
        [GROUP_KEY]: current.config[GROUP_KEY] ?? OAUTH_GROUP,
        [CLIENT_ID_KEY]: current.config[CLIENT_ID_KEY] ?? options.clientId,
        [SECRET_KEY]: secret,
      };
      try {
        const stored = await c1.updateConnectorConfig(current, configuration);
        connector = stored ?? (await read());
        configUpdatedAt = timeMs(connector.configUpdatedAt) ?? clock.now();
        return { accepted: true };
      } catch (error) {
        if (!(error instanceof OperationalError)) throw error;
        const after = await read().catch(() => undefined);
        const changed = timeMs(after?.configUpdatedAt);
        const moved = changed !== undefined && changed > (before ?? 0);
        if (after) connector = after;
        if (moved) configUpdatedAt = changed;
        return { accepted: moved, message: error.message };
      }
    },

    async verify(): Promise<TargetCheck> {
      const since = configUpdatedAt ?? before ?? 0;
      await c1.forceSync(appId, connectorId);
      const deadline = clock.now() + limits.syncTimeoutMs;
      for (;;) {
        const now = await read();
        const { status, lastError, completedAt } = now.status;
        const completed = timeMs(completedAt);
        const finishedSince = completed !== undefined && completed >= since;
        if (status === 'SYNC_STATUS_DONE' && finishedSince && !lastError) {
          return { ok: true, detail: `sync completed ${completedAt}` };
        }
        if (status === 'SYNC_STATUS_ERROR' && (finishedSince || completed === undefined)) {
          return { ok: false, message: options.redact(`sync failed: ${lastError || 'no error text'}`) };
        }
        if (status === 'SYNC_STATUS_DISABLED' || now.syncDisabledAt) {
          return {
            ok: false,
            message: options.redact(`syncing is disabled: ${now.syncDisabledReason || 'no reason given'}`),
          };
        }
        if (clock.now() >= deadline) {
          return {
            ok: false,
            message: `the sync did not finish within ${Math.round(limits.syncTimeoutMs / 60_000)} min (status ${status ?? 'unknown'})`,
          };
        }
        await clock.sleep(limits.pollIntervalMs);
      }
    },
  };
}
