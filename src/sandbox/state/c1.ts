/**
 * The ConductorOne tenant of a scenario: the Ed25519 client credential ado-guard uses, the apps and their
 * Azure DevOps connectors (config with the Entra client secret in the oauth group or a PAT in the pat group)
 * and sync status. A forced sync of an oauth connector ends DONE exactly when the stored secret checks `ok`.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Clock, Rng } from '../ports.js';
import type { ServiceName } from '../types.js';
import { z } from 'zod';
import { checkScenarioSection, describeSecretFailure, type EntraState, type NamedSecret } from './entra.js';

const DAY_MS = 86_400_000;
export const AZURE_DEVOPS_CATALOG_ID = '2wmS6lkqSQTsdLi4INON2oOr2Ai';
export const ENV_CONFIG_TYPE = 'type.googleapis.com/c1.api.app.v1.EnvConfig';
export const OAUTH_GROUP = 'azure_devops_group_oauth';
export const PAT_GROUP = 'azure_devops_group_pat';
export const GROUP_KEY = 'C1_selected_field_group_name';
/** Config keys never returned on read. */
export const SECRET_CONFIG_KEYS = new Set([
  'oauth2_client_cred_grant_client_secret',
  'personal_access_token',
]);
const ACCESS_TOKEN_LIFETIME_S = 600;

/** The `conductorOne:` section of a scenario. */
export interface C1Scenario {
  /** Tenant name: `<name>.conductor.one`, used in the client id when no sandbox origin is known. Default `acme`. */
  tenantName?: string;
  /** The API client credential (CONDUCTORONE_CLIENT_ID / _SECRET, generated). */
  credential?: {
    /** Default `ado-guard`. */
    displayName?: string;
    /** C1 roles of the credential. Default `["Connector Administrator"]`; `["Read-Only Administrator"]` cannot update or sync. */
    roles?: string[];
  };
  /** Apps and their connectors. Default: app `Azure DevOps` with one oauth connector holding Entra app `ConductorOne`'s newest secret (when that app exists). */
  apps?: C1AppScenario[];
  /** How long a forced sync takes (sandbox clock). Default 3000. */
  syncDurationMs?: number;
}

export interface C1AppScenario {
  /** Default: generated (27 characters, KSUID-like). */
  id?: string;
  /** Default `Azure DevOps`. */
  displayName?: string;
  /** The app's connectors (usually one Azure DevOps connector). */
  connectors?: C1ConnectorScenario[];
}

export interface C1ConnectorScenario {
  /** Default: generated. */
  id?: string;
  /** Default `Azure DevOps`. */
  displayName?: string;
  /** Config group: `oauth` (Entra client secret) or `pat` (ADO personal access token). Default `oauth`. */
  mode?: 'oauth' | 'pat';
  /** oauth: the Entra app whose client id is stored (displayName, appId or object id). Default `ConductorOne`. */
  application?: string;
  /** oauth: which of the app's passwords is stored: `newest`, `{displayName}` or `invalid`. Default `newest`. */
  secret?: 'newest' | 'invalid' | { displayName: string };
  /** oauth: stored tenant id. Default: the scenario tenant. */
  tenantId?: string;
  /** ADO organization name; stored as `organization_url` https://dev.azure.com/<org>. Default `contoso`. */
  organization?: string;
  /** Default false. */
  syncTeams?: boolean;
  /** Default false. */
  syncOrganization?: boolean;
  /** The last sync before the scenario starts. Default `{status: done, completedDaysAgo: 1}`. */
  lastSync?: {
    /** SYNC_STATUS_DONE / _ERROR / _RUNNING (completes after syncDurationMs) / _DISABLED. */
    status: 'done' | 'error' | 'running' | 'disabled';
    /** Default 1. */
    completedDaysAgo?: number;
    /** Default empty, or `sync failed` for an error. */
    lastError?: string;
  };
  /** oauth: the account that clicked "Login with OAuth". */
  oauthAuthorizedAs?: string;
  /** The connector was deleted (`deletedAt` set; not listed). */
  deleted?: boolean;
}

/** Validation of the `conductorOne:` section (field-path errors, unknown keys refused). */
export const c1ScenarioSchema = z.strictObject({
  tenantName: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a host label such as acme')
    .optional(),
  credential: z
    .strictObject({ displayName: z.string().min(1).optional(), roles: z.array(z.string().min(1)).optional() })
    .optional(),
  apps: z
    .array(
      z.strictObject({
        id: z.string().min(1).optional(),
        displayName: z.string().min(1).optional(),
        connectors: z
          .array(
            z.strictObject({
              id: z.string().min(1).optional(),
              displayName: z.string().min(1).optional(),
              mode: z.enum(['oauth', 'pat']).optional(),
              application: z.string().min(1).optional(),
              secret: z
                .union([
                  z.literal('newest'),
                  z.literal('invalid'),
                  z.strictObject({ displayName: z.string().min(1) }),
                ])
                .optional(),
              tenantId: z.string().min(1).optional(),
              organization: z.string().min(1).optional(),
              syncTeams: z.boolean().optional(),
              syncOrganization: z.boolean().optional(),
              lastSync: z
                .strictObject({
                  status: z.enum(['done', 'error', 'running', 'disabled']),
                  completedDaysAgo: z.number().min(0).optional(),
                  lastError: z.string().optional(),
                })
                .optional(),
              oauthAuthorizedAs: z.string().min(1).optional(),
              deleted: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  syncDurationMs: z.number().int().min(0).optional(),
});

export type SyncStatus =
  'SYNC_STATUS_RUNNING' | 'SYNC_STATUS_DONE' | 'SYNC_STATUS_ERROR' | 'SYNC_STATUS_DISABLED';

export interface C1Connector {
  id: string;
  appId: string;
  catalogId: string;
  displayName: string;
  description: string;
  userIds: string[];
  /** Config values as plain strings (sent and returned wrapped as `{stringValue}`). */
  configuration: Record<string, string>;
  configUpdatedAt: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
  status: {
    status: SyncStatus;
    lastError: string;
    startedAt: number | null;
    completedAt: number | null;
    updatedAt: number;
  };
  /** While a forced sync runs: when it completes. */
  syncFinishAt?: number;
  oauthAuthorizedAs?: { authEmail: string; authorizedAt: number };
}

export interface C1App {
  id: string;
  displayName: string;
}

export interface C1State {
  /** host[:port] of the tenant (the part of the client id after `@`). */
  readonly tenantHost: string;
  readonly clientId: string;
  readonly credentialUserId: string;
  readonly roles: string[];
  readonly syncDurationMs: number;
  readonly apps: C1App[];
  readonly connectors: C1Connector[];
  /** The Ed25519 public key of the client credential. */
  readonly publicKey: KeyObject;
  /** CONDUCTORONE_CLIENT_ID / CONDUCTORONE_CLIENT_SECRET. */
  clientCredentials(): { clientId: string; clientSecret: string };
  /** The first app and non-deleted connector, for the printed policy. */
  primary(): { appId: string; connectorId: string; applicationClientId?: string } | undefined;
  issueToken(): { accessToken: string; expiresIn: number };
  validateToken(token: string): boolean;
  /** Complete syncs whose time has come (called before every read). */
  settle(): void;
  forceSync(connector: C1Connector): void;
  /** Keeps a replaced secret known to leak scans. */
  retireSecret(name: string, value: string): void;
  /** Current and replaced secrets. */
  secrets(): NamedSecret[];
  snapshot(): Record<string, unknown>;
}

/** An Ed25519 private key from 32 seed bytes (PKCS#8 DER prefix + seed). */
function ed25519FromSeed(seed: Buffer): KeyObject {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function createC1State(
  input: C1Scenario,
  options: { entra: EntraState; rng: Rng; clock: Clock; origins?: Partial<Record<ServiceName, string>> },
): C1State {
  const spec: C1Scenario = checkScenarioSection(c1ScenarioSchema, input, 'conductorOne');
  const { entra, rng, clock } = options;
  const now = clock.now();
  const ksuid = () => rng.string(27);
  const origin = options.origins?.conductorOne;
  const tenantHost = origin ? new URL(origin).host : `${spec.tenantName ?? 'acme'}.conductor.one`;
  const words = ['strange', 'hydra', 'quiet', 'falcon', 'amber', 'otter', 'lucky', 'comet'];
  const pick = () => words[Math.floor(rng.next() * words.length)]!;
  const clientId = `${pick()}-${pick()}-${10000 + Math.floor(rng.next() * 89999)}@${tenantHost}/pcc`;
  const privateKey = ed25519FromSeed(
    Buffer.from(Array.from({ length: 32 }, () => Math.floor(rng.next() * 256))),
  );
  const publicKey = createPublicKey(privateKey);
  const jwk = privateKey.export({ format: 'jwk' });
  const clientSecret = `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
  const credentialUserId = ksuid();
  const tokens = new Map<string, number>();
  const syncDurationMs = spec.syncDurationMs ?? 3000;

  const apps: C1App[] = [];
  const connectors: C1Connector[] = [];
  const appSpecs: C1AppScenario[] =
    spec.apps ?? (entra.resolveApplication('ConductorOne') ? [{ connectors: [{}] }] : []);
  appSpecs.forEach((a, i) => {
    const app: C1App = { id: a.id ?? ksuid(), displayName: a.displayName ?? 'Azure DevOps' };
    apps.push(app);
    (a.connectors ?? []).forEach((c, j) => {
      const where = `conductorOne.apps[${i}].connectors[${j}]`;
      const mode = c.mode ?? 'oauth';
      const configuration: Record<string, string> = {
        [GROUP_KEY]: mode === 'oauth' ? OAUTH_GROUP : PAT_GROUP,
        organization_url: `https://dev.azure.com/${c.organization ?? 'contoso'}`,
        sync_teams: String(c.syncTeams ?? false),
        sync_organization: String(c.syncOrganization ?? false),
      };
      if (mode === 'oauth') {
        const ref = c.application ?? 'ConductorOne';
        const entraApp = entra.resolveApplication(ref);
        if (!entraApp)
          throw new Error(`${where}.application: no Entra application "${ref}" in tenant.applications`);
        const which = c.secret ?? 'newest';
        const secret =
          which === 'invalid' ? `${rng.string(3)}8Q~${rng.string(36)}` : entra.passwordValue(ref, which);
        if (secret === undefined) {
          throw new Error(
            `${where}.secret: application "${ref}" has no such password; add it under tenant.applications[].passwordCredentials`,
          );
        }
        configuration.azure_devops_tenant_id = c.tenantId ?? entra.tenantId;
        configuration.oauth2_client_cred_grant_client_id = entraApp.appId;
        configuration.oauth2_client_cred_grant_client_secret = secret;
      } else {
        configuration.personal_access_token = rng.string(52).toLowerCase();
      }
      const last = c.lastSync ?? { status: 'done' };
      const completedAt = now - (last.completedDaysAgo ?? 1) * DAY_MS;
      const status: SyncStatus =
        last.status === 'done'
          ? 'SYNC_STATUS_DONE'
          : last.status === 'error'
            ? 'SYNC_STATUS_ERROR'
            : last.status === 'running'
              ? 'SYNC_STATUS_RUNNING'
              : 'SYNC_STATUS_DISABLED';
      connectors.push({
        id: c.id ?? ksuid(),
        appId: app.id,
        catalogId: AZURE_DEVOPS_CATALOG_ID,
        displayName: c.displayName ?? 'Azure DevOps',
        description: '',
        userIds: [credentialUserId],
        configuration,
        configUpdatedAt: now - 60 * DAY_MS,
        createdAt: now - 200 * DAY_MS,
        updatedAt: now - 60 * DAY_MS,
        deletedAt: c.deleted ? now - 5 * DAY_MS : null,
        status: {
          status,
          lastError: last.lastError ?? (status === 'SYNC_STATUS_ERROR' ? 'sync failed' : ''),
          startedAt: completedAt - 120_000,
          completedAt: status === 'SYNC_STATUS_RUNNING' ? null : completedAt,
          updatedAt: completedAt,
        },
        ...(status === 'SYNC_STATUS_RUNNING' ? { syncFinishAt: now + syncDurationMs } : {}),
        ...(c.oauthAuthorizedAs
          ? { oauthAuthorizedAs: { authEmail: c.oauthAuthorizedAs, authorizedAt: now - 60 * DAY_MS } }
          : {}),
      });
    });
  });

  /** Outcome of a sync with the connector's current config. */
  const syncOutcome = (c: C1Connector): string => {
    const cfg = c.configuration;
    const group = cfg[GROUP_KEY] ?? (cfg.personal_access_token ? PAT_GROUP : OAUTH_GROUP);
    const required =
      group === PAT_GROUP
        ? ['organization_url', 'personal_access_token']
        : [
            'organization_url',
            'azure_devops_tenant_id',
            'oauth2_client_cred_grant_client_id',
            'oauth2_client_cred_grant_client_secret',
          ];
    if (group !== PAT_GROUP && group !== OAUTH_GROUP)
      return `invalid config: ${GROUP_KEY} "${group}" is not ${OAUTH_GROUP} or ${PAT_GROUP}`;
    const missing = required.filter((k) => !cfg[k]);
    if (missing.length) return `invalid config: missing required field(s) ${missing.join(', ')}`;
    if (group === PAT_GROUP) return '';
    const check = entra.checkClientSecret(
      cfg.azure_devops_tenant_id!,
      cfg.oauth2_client_cred_grant_client_id!,
      cfg.oauth2_client_cred_grant_client_secret!,
    );
    if (check === 'ok') return '';
    return `failed to get an Azure DevOps access token: ${describeSecretFailure(check, cfg.oauth2_client_cred_grant_client_id!, cfg.azure_devops_tenant_id!).description}`;
  };

  const retired: NamedSecret[] = [];
  const state: C1State = {
    tenantHost,
    clientId,
    credentialUserId,
    roles: spec.credential?.roles ?? ['Connector Administrator'],
    syncDurationMs,
    apps,
    connectors,
    publicKey,
    clientCredentials: () => ({ clientId, clientSecret }),
    primary() {
      const c = connectors.find((x) => x.deletedAt === null);
      if (!c) return undefined;
      const applicationClientId = c.configuration.oauth2_client_cred_grant_client_id;
      return { appId: c.appId, connectorId: c.id, ...(applicationClientId ? { applicationClientId } : {}) };
    },
    issueToken() {
      const accessToken = rng.string(64, '-_');
      tokens.set(accessToken, clock.now() + ACCESS_TOKEN_LIFETIME_S * 1000);
      return { accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_S };
    },
    validateToken(token) {
      const exp = tokens.get(token);
      return exp !== undefined && exp > clock.now();
    },
    settle() {
      const t = clock.now();
      for (const c of connectors) {
        if (c.syncFinishAt === undefined || c.syncFinishAt > t) continue;
        const error = syncOutcome(c);
        c.status = {
          status: error ? 'SYNC_STATUS_ERROR' : 'SYNC_STATUS_DONE',
          lastError: error,
          startedAt: c.status.startedAt,
          completedAt: c.syncFinishAt,
          updatedAt: c.syncFinishAt,
        };
        delete c.syncFinishAt;
      }
    },
    forceSync(c) {
      const t = clock.now();
      c.status = {
        status: 'SYNC_STATUS_RUNNING',
        lastError: '',
        startedAt: t,
        completedAt: c.status.completedAt,
        updatedAt: t,
      };
      c.syncFinishAt = t + syncDurationMs;
    },
    retireSecret(name, value) {
      if (value) retired.push({ name: `${name}:replaced`, value });
    },
    secrets() {
      const out: NamedSecret[] = [{ name: 'conductorOne:clientSecret', value: clientSecret }, ...retired];
      for (const c of connectors) {
        for (const k of SECRET_CONFIG_KEYS) {
          const v = c.configuration[k];
          if (v) out.push({ name: `conductorOne:connector:${c.id}:${k}`, value: v });
        }
      }
      for (const token of tokens.keys()) out.push({ name: 'conductorOne:accessToken', value: token });
      return out;
    },
    snapshot() {
      state.settle();
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return {
        tenantHost,
        clientId,
        roles: state.roles,
        apps: apps.map((a) => ({ ...a })),
        connectors: connectors.map((c) => {
          const cfg = c.configuration;
          const configuration: Record<string, string> = {};
          for (const [k, v] of Object.entries(cfg)) {
            configuration[k] = SECRET_CONFIG_KEYS.has(k) ? `<secret hint ${v.slice(0, 3)}>` : v;
          }
          const secret = cfg.oauth2_client_cred_grant_client_secret;
          const appId = cfg.oauth2_client_cred_grant_client_id;
          return {
            id: c.id,
            appId: c.appId,
            displayName: c.displayName,
            configuration,
            clientSecretKeyId: secret && appId ? (entra.keyIdOfSecret(appId, secret) ?? null) : null,
            status: {
              ...c.status,
              startedAt: iso(c.status.startedAt),
              completedAt: iso(c.status.completedAt),
              updatedAt: iso(c.status.updatedAt),
            },
            configUpdatedAt: iso(c.configUpdatedAt),
            deletedAt: iso(c.deletedAt),
          };
        }),
      };
    },
  };
  return state;
}
