/**
 * The Entra ID tenant of a scenario: users, applications and their password credentials, service
 * principals (including the Azure DevOps and Microsoft Graph resource SPs), consent, tenant policies,
 * the automation identity ado-guard signs in as, the access tokens the authority issued and the CI OIDC
 * issuers. Implements EntraPort for the other services; the authority and Graph services use the rest.
 */
import { generateKeyPairSync, createSign, createVerify, type KeyObject } from 'node:crypto';
import type {
  Clock,
  EntraPort,
  EntraUserInfo,
  Rng,
  SecretCheck,
  TokenAudience,
  TokenPrincipal,
} from '../ports.js';
import type { ServiceName } from '../types.js';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------
// Well-known ids (reference/graph-entra.md §3)
// ---------------------------------------------------------------------------------------------------
export const AZURE_DEVOPS_APP_ID = '499b84ac-1321-427f-aa17-267ca6975798';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Audience of federated (workload identity) assertions. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/** Azure DevOps delegated scopes: value → id. */
export const AZURE_DEVOPS_SCOPES: Record<string, string> = {
  user_impersonation: 'ee69721e-6c3a-468f-a9ec-302d16a4c599',
  'vso.profile': '4ee63f9b-9e65-476c-a487-9fea1e00c7ef',
  'vso.graph': '75a97209-eb46-4571-9d6b-777ae5fcb245',
  'vso.graph_manage': 'e5125ad5-f716-4bc5-8688-14499b80567e',
  'vso.memberentitlementmanagement_write': '7f232b5a-2cf4-410c-833e-7fcb6175eb94',
  'vso.memberentitlementmanagement': 'eafb48a2-84ed-4179-802a-5d6f1fe452f6',
  'vso.code_full': '9aae797f-f2fc-47b9-bae7-1db49fdd874b',
  'vso.code': 'b325850d-aa53-41ed-b77a-c5036b2f39fa',
  'vso.code_write': '028ffaf1-6f06-490a-979e-38011f92fb7c',
  'vso.project': '7b1a2725-1134-40f5-a891-d20bbb122919',
  'vso.project_write': 'e8a8f033-da2f-4059-ba3e-63a8f69b8842',
  'vso.project_manage': '0bf9fd64-9272-43aa-8459-00e29f78e146',
  'vso.build': '0d85fdcb-8267-4af0-857e-7f76b110fbdc',
  'vso.build_execute': 'b64406bf-2a08-4182-b51e-f51dd0f6d5a3',
  'vso.identity': 'e1bca0e2-994e-4688-b5f6-665b49ee1787',
};

/** Microsoft Graph application permissions (app roles): value → id. */
export const GRAPH_APP_ROLES: Record<string, string> = {
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  // Not in reference/graph-entra.md §3.3 (which lists only the delegated id); from memory.
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
};

/** Microsoft Graph delegated permissions: value → id. */
export const GRAPH_SCOPES: Record<string, string> = {
  'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  'Application.Read.All': 'c79f8feb-a9db-4090-85f9-90d820caa0eb',
};

export const DEFAULT_AUTOMATION_GRAPH_ROLES = [
  'Application.ReadWrite.OwnedBy',
  'Policy.Read.All',
  'Application.Read.All',
] as const;

const DAY_MS = 86_400_000;
const ACCESS_TOKEN_LIFETIME_S = 3599;
const OIDC_TOKEN_LIFETIME_S = 600;

// ---------------------------------------------------------------------------------------------------
// Scenario format (`tenant:` section)
// ---------------------------------------------------------------------------------------------------

/** The `tenant:` section of a scenario: the organization's Entra ID directory. */
export interface EntraScenario {
  /** Directory (tenant) id. Default: generated from the seed. */
  tenantId?: string;
  /** Primary verified domain, e.g. `contoso.com`; also accepted in place of the tenant id in token URLs. Default `contoso.com`. */
  domain?: string;
  /** Security defaults (`/policies/identitySecurityDefaultsEnforcementPolicy` isEnabled). Default false. */
  securityDefaultsEnabled?: boolean;
  /**
   * Tenant-wide app management policy, restriction `passwordLifetime`. ISO 8601 duration such as `P180D`;
   * omit or null for no lifetime restriction.
   */
  passwordMaxLifetime?: string | null;
  /**
   * Tenant-wide app management policy, restriction `passwordAddition`: addPassword is refused for every app.
   * The real error code is not documented; the sandbox answers 400 `CredentialTypeNotAllowedAsPerAppPolicy`. Default false.
   */
  passwordAdditionBlocked?: boolean;
  /** A new password is refused by the token endpoint until created + this (AADSTS7000215). Default 1500; 0 allowed. */
  propagationDelayMs?: number;
  /** A new password's keyId appears in Graph GETs only after created + this. Default 0. */
  graphReadLagMs?: number;
  /** Users of the directory (the dbt service user among them). */
  users?: EntraUserScenario[];
  /** The app ado-guard signs in as. */
  automation?: AutomationScenario;
  /** Integration applications (dbt Cloud's, ConductorOne's, or one shared app). */
  applications?: ApplicationScenario[];
  /** The CI OIDC issuers served on the authority origin (`/_oidc/github/token`, `/_oidc/azure-pipelines`). */
  ciOidc?: CiOidcScenario;
}

export interface EntraUserScenario {
  /** User principal name, e.g. `dbt-svc@contoso.com`. */
  userPrincipalName: string;
  /** Default: the part of the UPN before `@`. */
  displayName?: string;
  /** Default: the UPN. `null` for a user without a mailbox. */
  mail?: string | null;
  /** Object id. Default: generated. */
  objectId?: string;
  /** Legacy per-user MFA (beta `/users/{id}/authentication/requirements`). Default `disabled`. */
  perUserMfaState?: 'disabled' | 'enabled' | 'enforced';
}

/** A password credential that exists when the scenario starts. Its secret value is generated. */
export interface PasswordCredentialScenario {
  /** Shown in Graph as `displayName`; also how dbt/ConductorOne sections refer to it. */
  displayName: string;
  /** Age of the credential (startDateTime = now − this). Default 0. Scenario credentials are already propagated. */
  createdDaysAgo?: number;
  /** endDateTime = now + this; negative for an already expired secret. Default: startDateTime + 730 days. */
  expiresInDays?: number;
}

/** A federated identity credential (workload identity federation). */
export interface FederatedCredentialScenario {
  /** Name of the credential. Default: derived from the issuer. */
  name?: string;
  /** `github`, `azurePipelines` (the scenario's pipelines issuer) or a literal issuer URL. */
  issuer: string;
  /** e.g. `repo:contoso/data:ref:refs/heads/main` or `sc://contoso/data/ado-guard`. */
  subject: string;
  /** Default `["api://AzureADTokenExchange"]`. */
  audiences?: string[];
}

/**
 * An API permission the app requests (`requiredResourceAccess`): the resource by `azureDevOps`, `graph`
 * or an appId, and the permission values (resolved to the real ids).
 */
export interface RequiredAccessScenario {
  /** `azureDevOps`, `graph`, or the appId of another resource service principal in the tenant. */
  resource: 'azureDevOps' | 'graph' | string;
  /** Delegated permission values, e.g. `user_impersonation`, `vso.profile`. */
  scopes?: string[];
  /** Application permission values, e.g. `GroupMember.ReadWrite.All`. */
  roles?: string[];
}

export interface ApplicationScenario {
  /** Display name; dbtCloud/conductorOne sections refer to the app by it (e.g. `dbt Cloud`, `ConductorOne`). */
  displayName: string;
  /** Application (client) id. Default: generated. */
  appId?: string;
  /** Object id. Default: generated. */
  objectId?: string;
  /** Default `AzureADMultipleOrgs`. */
  signInAudience?:
    | 'AzureADMyOrg'
    | 'AzureADMultipleOrgs'
    | 'AzureADandPersonalMicrosoftAccount'
    | 'PersonalMicrosoftAccount';
  /**
   * The `web` platform. In strings, `{dbtCloud}` / `{conductorOne}` are replaced by that service's sandbox
   * host (host[:port]), e.g. `https://{dbtCloud}/complete/azure_active_directory`.
   */
  web?: {
    /** Web reply URLs (exact match), e.g. `https://{dbtCloud}/complete/azure_active_directory`. */
    redirectUris?: string[];
    /** Default null. */
    homePageUrl?: string | null;
    /** Default null. */
    logoutUrl?: string | null;
    /** Default both false. */
    implicitGrantSettings?: { enableAccessTokenIssuance?: boolean; enableIdTokenIssuance?: boolean };
  };
  /** API permissions the app requests (its `requiredResourceAccess`); ids are resolved from the values. */
  requiredResourceAccess?: RequiredAccessScenario[];
  /** Client secrets that exist at start; their values are generated, never written in the scenario. */
  passwordCredentials?: PasswordCredentialScenario[];
  /** Federated identity credentials of the app. */
  federatedIdentityCredentials?: FederatedCredentialScenario[];
  /** The automation identity owns this app (needed with Application.ReadWrite.OwnedBy). Default true. */
  ownedByAutomation?: boolean;
  /** UPNs of users who also own the app. */
  userOwners?: string[];
  /** The app has a service principal in the tenant. Default true. */
  servicePrincipal?: boolean;
  /** Tenant-wide admin consent (oauth2PermissionGrants / appRoleAssignments) on the app's service principal. */
  adminConsent?: {
    /** Azure DevOps delegated scopes consented for all principals. */
    azureDevOps?: string[];
    /** Graph delegated scopes consented for all principals. */
    graphScopes?: string[];
    /** Graph application permissions granted (appRoleAssignments). */
    graphRoles?: string[];
  };
  /** Per-app app management policy, restriction `passwordLifetime` (ISO 8601 duration, e.g. `P90D`). */
  passwordMaxLifetime?: string;
}

export interface AutomationScenario {
  /** Default `ado-guard automation`. */
  displayName?: string;
  /** Default: generated. */
  appId?: string;
  /**
   * Graph application permissions granted to the automation identity. Default
   * `Application.ReadWrite.OwnedBy`, `Policy.Read.All`, `Application.Read.All`; list fewer to withhold.
   */
  graphRoles?: string[];
  /** Its client secret (value generated): days until expiry, default 365; negative for expired. */
  secretExpiresInDays?: number;
  /** Federated credentials, e.g. `{issuer: github, subject: "repo:contoso/ado-guard:ref:refs/heads/main"}`. */
  federatedIdentityCredentials?: FederatedCredentialScenario[];
}

export interface CiOidcScenario {
  /** GitHub Actions-style issuer (`iss` https://token.actions.githubusercontent.com). */
  github?: {
    /** `sub` of the tokens issued, e.g. `repo:contoso/ado-guard:ref:refs/heads/main`. */
    subject: string;
    /** Bearer token a job sends (ACTIONS_ID_TOKEN_REQUEST_TOKEN). Default: generated. */
    requestToken?: string;
  };
  /** Azure Pipelines-style issuer (`iss` https://vstoken.dev.azure.com/{organizationId}). */
  azurePipelines?: {
    /** `sub` of the tokens issued, e.g. `sc://contoso/data/ado-guard`. */
    subject: string;
    /** The service connection id the request must name. Default: generated. */
    serviceConnectionId?: string;
    /** Organization id in the issuer URL. Default: generated. */
    organizationId?: string;
    /** Bearer system access token (System.AccessToken). Default: generated. */
    systemAccessToken?: string;
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation of the `tenant:` section (field-path errors, unknown keys refused)
// ---------------------------------------------------------------------------------------------------
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const days = z.number().finite();
const federatedSchema = z.strictObject({
  name: z.string().min(1).optional(),
  issuer: z.string().min(1),
  subject: z.string().min(1),
  audiences: z.array(z.string().min(1)).min(1).optional(),
});
const passwordSchema = z.strictObject({
  displayName: z.string().min(1),
  createdDaysAgo: days.min(0).optional(),
  expiresInDays: days.optional(),
});
export const entraScenarioSchema = z.strictObject({
  tenantId: guid.optional(),
  domain: z.string().min(3).optional(),
  securityDefaultsEnabled: z.boolean().optional(),
  passwordMaxLifetime: z.string().nullable().optional(),
  passwordAdditionBlocked: z.boolean().optional(),
  propagationDelayMs: z.number().int().min(0).optional(),
  graphReadLagMs: z.number().int().min(0).optional(),
  users: z
    .array(
      z.strictObject({
        userPrincipalName: z.string().includes('@', { message: 'must be a UPN such as dbt-svc@contoso.com' }),
        displayName: z.string().min(1).optional(),
        mail: z.string().nullable().optional(),
        objectId: guid.optional(),
        perUserMfaState: z.enum(['disabled', 'enabled', 'enforced']).optional(),
      }),
    )
    .optional(),
  automation: z
    .strictObject({
      displayName: z.string().min(1).optional(),
      appId: guid.optional(),
      graphRoles: z.array(z.string().min(1)).optional(),
      secretExpiresInDays: days.optional(),
      federatedIdentityCredentials: z.array(federatedSchema).optional(),
    })
    .optional(),
  applications: z
    .array(
      z.strictObject({
        displayName: z.string().min(1),
        appId: guid.optional(),
        objectId: guid.optional(),
        signInAudience: z
          .enum([
            'AzureADMyOrg',
            'AzureADMultipleOrgs',
            'AzureADandPersonalMicrosoftAccount',
            'PersonalMicrosoftAccount',
          ])
          .optional(),
        web: z
          .strictObject({
            redirectUris: z.array(z.string().min(1)).optional(),
            homePageUrl: z.string().nullable().optional(),
            logoutUrl: z.string().nullable().optional(),
            implicitGrantSettings: z
              .strictObject({
                enableAccessTokenIssuance: z.boolean().optional(),
                enableIdTokenIssuance: z.boolean().optional(),
              })
              .optional(),
          })
          .optional(),
        requiredResourceAccess: z
          .array(
            z.strictObject({
              resource: z.string().min(1),
              scopes: z.array(z.string().min(1)).optional(),
              roles: z.array(z.string().min(1)).optional(),
            }),
          )
          .optional(),
        passwordCredentials: z.array(passwordSchema).optional(),
        federatedIdentityCredentials: z.array(federatedSchema).optional(),
        ownedByAutomation: z.boolean().optional(),
        userOwners: z.array(z.string().min(1)).optional(),
        servicePrincipal: z.boolean().optional(),
        adminConsent: z
          .strictObject({
            azureDevOps: z.array(z.string().min(1)).optional(),
            graphScopes: z.array(z.string().min(1)).optional(),
            graphRoles: z.array(z.string().min(1)).optional(),
          })
          .optional(),
        passwordMaxLifetime: z.string().optional(),
      }),
    )
    .optional(),
  ciOidc: z
    .strictObject({
      github: z
        .strictObject({ subject: z.string().min(1), requestToken: z.string().min(8).optional() })
        .optional(),
      azurePipelines: z
        .strictObject({
          subject: z.string().min(1),
          serviceConnectionId: guid.optional(),
          organizationId: guid.optional(),
          systemAccessToken: z.string().min(8).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Validate a scenario section with `schema`; throws an Error naming every `section.field.path` at fault. */
export function checkScenarioSection<T>(schema: z.ZodType<T>, input: unknown, section: string): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    let path = section;
    for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
    return `${path}: ${issue.message}`;
  });
  throw new Error(problems.join('; '));
}

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

export interface EntraUser {
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  perUserMfaState: 'disabled' | 'enabled' | 'enforced';
}

export interface PasswordCredentialRecord {
  keyId: string;
  displayName: string | null;
  /** ms since epoch. */
  startDateTime: number;
  endDateTime: number;
  secretText: string;
  /** The token endpoint accepts it from this instant (propagation delay). */
  usableAt: number;
  /** Graph shows it from this instant (read lag). */
  visibleAt: number;
}

export interface FederatedCredentialRecord {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

/** An application object. `props` holds the Graph-shaped writable properties (PATCH target). */
export interface ApplicationRecord {
  id: string;
  appId: string;
  createdDateTime: number;
  props: Record<string, unknown>;
  passwordCredentials: PasswordCredentialRecord[];
  federatedIdentityCredentials: FederatedCredentialRecord[];
  /** Object ids of owners (service principals or users). */
  ownerIds: string[];
  passwordMaxLifetime?: string;
}

export interface PermissionScopeRecord {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  type: 'User' | 'Admin';
}
export interface AppRoleRecord {
  id: string;
  value: string;
  displayName: string;
}

export interface ServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string;
  appOwnerOrganizationId: string;
  oauth2PermissionScopes: PermissionScopeRecord[];
  appRoles: AppRoleRecord[];
  replyUrls: string[];
}

export interface AppRoleAssignmentRecord {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  createdDateTime: number;
}

export interface OAuth2PermissionGrantRecord {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
}

interface IssuedToken {
  principal: TokenPrincipal;
  audience: TokenAudience;
  expiresAt: number;
}

/** A secret value the sandbox knows, named for leak scans and the printed env. */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Why a password could not be added (Graph maps these to its error bodies). */
export type AddPasswordResult =
  | { ok: true; credential: PasswordCredentialRecord }
  | { ok: false; reason: 'lifetime'; policyId: string; maxLifetime: string }
  | { ok: false; reason: 'invalidDates'; message: string }
  | { ok: false; reason: 'limit'; message: string }
  | { ok: false; reason: 'additionBlocked'; policyId: string };

export type AssertionCheck = { ok: true } | { ok: false; code: number; error: string; description: string };

export const TENANT_POLICY_ID = '00000000-0000-0000-0000-000000000000';

export interface EntraStateOptions {
  rng: Rng;
  clock: Clock;
  /** Sandbox origins by service (read when the state is made; used for `{dbtCloud}`-style templates). */
  origins?: Partial<Record<ServiceName, string>>;
}

/** What the authority, Graph, dbt Cloud and ConductorOne emulators use on top of EntraPort. */
export interface EntraState extends EntraPort {
  readonly domain: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly propagationDelayMs: number;
  readonly graphReadLagMs: number;
  readonly users: EntraUser[];
  readonly applications: ApplicationRecord[];
  readonly servicePrincipals: ServicePrincipalRecord[];
  readonly appRoleAssignments: AppRoleAssignmentRecord[];
  readonly oauth2PermissionGrants: OAuth2PermissionGrantRecord[];
  securityDefaultsEnabled: boolean;
  passwordMaxLifetime: string | null;
  passwordAdditionBlocked: boolean;
  readonly automation: {
    appId: string;
    applicationId: string;
    servicePrincipalId: string;
    displayName: string;
  };
  /** AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET of the automation identity. */
  automationCredentials(): { tenantId: string; clientId: string; clientSecret: string };
  /** Does `tenant` (id or domain, any case) name this directory? */
  isTenant(tenant: string): boolean;
  findApplication(idOrAppId: string): ApplicationRecord | undefined;
  /** By displayName, appId or object id (scenario references). */
  resolveApplication(ref: string): ApplicationRecord | undefined;
  findServicePrincipal(idOrAppId: string): ServicePrincipalRecord | undefined;
  findUserRecord(idOrUpn: string): EntraUser | undefined;
  /** A scenario reference to one of an app's passwords: `newest` or a displayName. */
  passwordValue(appRef: string, which: 'newest' | { displayName: string }): string | undefined;
  /** Passwords Graph shows now (read lag applied). */
  visiblePasswords(app: ApplicationRecord): PasswordCredentialRecord[];
  addPassword(
    app: ApplicationRecord,
    input: { displayName?: string | null; startDateTime?: number; endDateTime?: number },
  ): AddPasswordResult;
  removePassword(app: ApplicationRecord, keyId: string): boolean;
  /** The lifetime restriction that applies to `app`, if any. */
  effectiveLifetimePolicy(app: ApplicationRecord): { policyId: string; maxLifetime: string } | undefined;
  /** Graph app-role values granted to the service principal `spId` on Microsoft Graph. */
  graphRolesOf(spId: string): string[];
  isOwner(app: ApplicationRecord, objectId: string): boolean;
  /** Issue an app-only access token for the app's service principal. */
  issueAppToken(appId: string, audience: TokenAudience): { accessToken: string; expiresIn: number };
  /** Issue a delegated token for a user (tests and other emulators). */
  issueUserToken(
    upnOrMail: string,
    audience: TokenAudience,
    appId?: string,
  ): { accessToken: string; expiresIn: number };
  /** Verify a jwt-bearer client assertion (federated credential) for `appId`. */
  checkClientAssertion(appId: string, assertion: string): AssertionCheck;
  /** Mint a CI OIDC token; undefined when the request token or connection id does not match. */
  mintGithubOidcToken(requestToken: string, audience: string): string | undefined;
  mintPipelinesOidcToken(systemAccessToken: string, serviceConnectionId: string): string | undefined;
  /** The issuer signing key as a JWKS. */
  jwks(): { keys: Record<string, unknown>[] };
  /** Every secret value the directory knows: passwords, CI request tokens, access tokens. */
  secrets(): NamedSecret[];
  /** JSON state with secret values replaced by keyId/hint. */
  snapshot(): Record<string, unknown>;
}

/** Parse an ISO 8601 duration (`P1Y2M3W4DT5H6M7S`; Y = 365 days, M = 30 days) to ms; undefined if invalid. */
export function parseIsoDurationMs(duration: string): number | undefined {
  const m =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      duration,
    );
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return (
    n(1) * 365 * DAY_MS +
    n(2) * 30 * DAY_MS +
    n(3) * 7 * DAY_MS +
    n(4) * DAY_MS +
    n(5) * 3_600_000 +
    n(6) * 60_000 +
    n(7) * 1000
  );
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function hostOf(origin: string | undefined, fallback: string): string {
  if (!origin) return fallback;
  try {
    return new URL(origin).host;
  } catch {
    return fallback;
  }
}

/** An Entra-style client secret: 40 characters, `Q~` at 4..5 like real ones. */
function newClientSecret(rng: Rng): string {
  return `${rng.string(3)}8Q~${rng.string(36, '~._-')}`;
}

export function createEntraState(input: EntraScenario, options: EntraStateOptions): EntraState {
  const spec: EntraScenario = checkScenarioSection(entraScenarioSchema, input, 'tenant');
  const { rng, clock } = options;
  const origins = options.origins ?? {};
  const now = clock.now();
  const tenantId = spec.tenantId ?? rng.guid();
  const domain = spec.domain ?? 'contoso.com';
  const propagationDelayMs = spec.propagationDelayMs ?? 1500;
  const graphReadLagMs = spec.graphReadLagMs ?? 0;
  if (spec.passwordMaxLifetime && parseIsoDurationMs(spec.passwordMaxLifetime) === undefined) {
    throw new Error(
      `tenant.passwordMaxLifetime: "${spec.passwordMaxLifetime}" is not an ISO 8601 duration such as P180D`,
    );
  }

  const users: EntraUser[] = (spec.users ?? []).map((u) => {
    return {
      objectId: u.objectId ?? rng.guid(),
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? u.userPrincipalName.split('@')[0]!,
      mail: u.mail === undefined ? u.userPrincipalName : u.mail,
      perUserMfaState: u.perUserMfaState ?? 'disabled',
    };
  });

  const servicePrincipals: ServicePrincipalRecord[] = [];
  const applications: ApplicationRecord[] = [];
  const appRoleAssignments: AppRoleAssignmentRecord[] = [];
  const oauth2PermissionGrants: OAuth2PermissionGrantRecord[] = [];
  const tokens = new Map<string, IssuedToken>();
  /** Removed client secrets stay known to leak scans: a removed secret printed is still a leak. */
  const removedSecrets: NamedSecret[] = [];
  const microsoftTenantId = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

  // Resource service principals with their real scope/role ids.
  const adoSp: ServicePrincipalRecord = {
    id: rng.guid(),
    appId: AZURE_DEVOPS_APP_ID,
    displayName: 'Azure DevOps',
    appOwnerOrganizationId: microsoftTenantId,
    oauth2PermissionScopes: Object.entries(AZURE_DEVOPS_SCOPES).map(([value, id]) => ({
      id,
      value,
      adminConsentDisplayName:
        value === 'user_impersonation' ? 'Have full access to Visual Studio Team Services REST APIs' : value,
      type: 'User',
    })),
    appRoles: [],
    replyUrls: [],
  };
  const graphSp: ServicePrincipalRecord = {
    id: rng.guid(),
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appOwnerOrganizationId: microsoftTenantId,
    oauth2PermissionScopes: Object.entries(GRAPH_SCOPES).map(([value, id]) => ({
      id,
      value,
      adminConsentDisplayName: value,
      type: value === 'User.Read' ? 'User' : 'Admin',
    })),
    appRoles: Object.entries(GRAPH_APP_ROLES).map(([value, id]) => ({ id, value, displayName: value })),
    replyUrls: [],
  };
  servicePrincipals.push(adoSp, graphSp);

  const resourceSp = (resource: string, where: string): ServicePrincipalRecord => {
    const appId =
      resource === 'azureDevOps'
        ? AZURE_DEVOPS_APP_ID
        : resource === 'graph'
          ? MICROSOFT_GRAPH_APP_ID
          : resource;
    const sp = servicePrincipals.find((s) => s.appId === appId);
    if (!sp)
      throw new Error(`${where}: unknown resource "${resource}"; use azureDevOps, graph or a known appId`);
    return sp;
  };
  const scopeId = (sp: ServicePrincipalRecord, value: string, where: string): string => {
    const s = sp.oauth2PermissionScopes.find((x) => x.value === value);
    if (!s) throw new Error(`${where}: ${sp.displayName} has no delegated permission "${value}"`);
    return s.id;
  };
  const roleId = (sp: ServicePrincipalRecord, value: string, where: string): string => {
    const r = sp.appRoles.find((x) => x.value === value);
    if (!r) throw new Error(`${where}: ${sp.displayName} has no application permission "${value}"`);
    return r.id;
  };

  const fillTemplate = (s: string): string =>
    s
      .replaceAll('{dbtCloud}', hostOf(origins.dbtCloud, 'ab123.us1.dbt.com'))
      .replaceAll('{conductorOne}', hostOf(origins.conductorOne, 'acme.conductor.one'))
      .replaceAll('{azureDevOps}', hostOf(origins.azureDevOps, 'dev.azure.com'));

  const pipelinesOrgId = spec.ciOidc?.azurePipelines?.organizationId ?? rng.guid();
  const pipelinesIssuer = (): string => `https://vstoken.dev.azure.com/${pipelinesOrgId}`;
  const issuerOf = (issuer: string): string =>
    issuer === 'github' ? GITHUB_OIDC_ISSUER : issuer === 'azurePipelines' ? pipelinesIssuer() : issuer;

  const scenarioPassword = (p: PasswordCredentialScenario, where: string): PasswordCredentialRecord => {
    if (!p.displayName) throw new Error(`${where}.displayName: required (it names the credential)`);
    const start = now - (p.createdDaysAgo ?? 0) * DAY_MS;
    const end = p.expiresInDays === undefined ? start + 730 * DAY_MS : now + p.expiresInDays * DAY_MS;
    // Scenario credentials exist before the sandbox starts: already propagated and visible.
    return {
      keyId: rng.guid(),
      displayName: p.displayName,
      startDateTime: start,
      endDateTime: end,
      secretText: newClientSecret(rng),
      usableAt: start,
      visibleAt: start,
    };
  };
  const federated = (f: FederatedCredentialScenario, where: string): FederatedCredentialRecord => {
    if (!f.issuer || !f.subject) throw new Error(`${where}: issuer and subject are required`);
    return {
      id: rng.guid(),
      name: f.name ?? `${f.issuer.replace(/[^A-Za-z0-9]+/g, '-')}-${applications.length}`,
      issuer: issuerOf(f.issuer),
      subject: f.subject,
      audiences: f.audiences ?? [TOKEN_EXCHANGE_AUDIENCE],
      description: null,
    };
  };

  const newSp = (app: ApplicationRecord): ServicePrincipalRecord => {
    const sp: ServicePrincipalRecord = {
      id: rng.guid(),
      appId: app.appId,
      displayName: String(app.props.displayName),
      appOwnerOrganizationId: tenantId,
      oauth2PermissionScopes: [],
      appRoles: [],
      replyUrls: [...(((app.props.web as Record<string, unknown>).redirectUris as string[]) ?? [])],
    };
    servicePrincipals.push(sp);
    return sp;
  };

  // The automation identity.
  const autoSpec = spec.automation ?? {};
  const automationApp: ApplicationRecord = {
    id: rng.guid(),
    appId: autoSpec.appId ?? rng.guid(),
    createdDateTime: now - 400 * DAY_MS,
    props: defaultProps(autoSpec.displayName ?? 'ado-guard automation', 'AzureADMyOrg', domain),
    passwordCredentials: [],
    federatedIdentityCredentials: [],
    ownerIds: [],
  };
  applications.push(automationApp);
  automationApp.passwordCredentials.push(
    scenarioPassword(
      { displayName: 'ado-guard', createdDaysAgo: 30, expiresInDays: autoSpec.secretExpiresInDays ?? 365 },
      'tenant.automation',
    ),
  );
  automationApp.federatedIdentityCredentials = (autoSpec.federatedIdentityCredentials ?? []).map((f, i) =>
    federated(f, `tenant.automation.federatedIdentityCredentials[${i}]`),
  );
  const automationSp = newSp(automationApp);
  for (const role of autoSpec.graphRoles ?? DEFAULT_AUTOMATION_GRAPH_ROLES) {
    appRoleAssignments.push({
      id: rng.string(43, '-_'),
      appRoleId: roleId(graphSp, role, 'tenant.automation.graphRoles'),
      principalId: automationSp.id,
      resourceId: graphSp.id,
      createdDateTime: now - 400 * DAY_MS,
    });
  }

  (spec.applications ?? []).forEach((a, i) => {
    const where = `tenant.applications[${i}]`;
    if (!a.displayName) throw new Error(`${where}.displayName: required`);
    if (a.passwordMaxLifetime && parseIsoDurationMs(a.passwordMaxLifetime) === undefined) {
      throw new Error(
        `${where}.passwordMaxLifetime: "${a.passwordMaxLifetime}" is not an ISO 8601 duration such as P90D`,
      );
    }
    const props = defaultProps(a.displayName, a.signInAudience ?? 'AzureADMultipleOrgs', domain);
    const web = props.web as Record<string, unknown>;
    if (a.web?.redirectUris) web.redirectUris = a.web.redirectUris.map(fillTemplate);
    if (a.web?.homePageUrl !== undefined)
      web.homePageUrl = a.web.homePageUrl === null ? null : fillTemplate(a.web.homePageUrl);
    if (a.web?.logoutUrl !== undefined)
      web.logoutUrl = a.web.logoutUrl === null ? null : fillTemplate(a.web.logoutUrl);
    if (a.web?.implicitGrantSettings) {
      web.implicitGrantSettings = {
        enableAccessTokenIssuance: false,
        enableIdTokenIssuance: false,
        ...a.web.implicitGrantSettings,
      };
    }
    props.requiredResourceAccess = (a.requiredResourceAccess ?? []).map((r, j) => {
      const w = `${where}.requiredResourceAccess[${j}]`;
      const sp = resourceSp(r.resource, w);
      return {
        resourceAppId: sp.appId,
        resourceAccess: [
          ...(r.scopes ?? []).map((s) => ({ id: scopeId(sp, s, w), type: 'Scope' })),
          ...(r.roles ?? []).map((s) => ({ id: roleId(sp, s, w), type: 'Role' })),
        ],
      };
    });
    const app: ApplicationRecord = {
      id: a.objectId ?? rng.guid(),
      appId: a.appId ?? rng.guid(),
      createdDateTime: now - 200 * DAY_MS,
      props,
      passwordCredentials: (a.passwordCredentials ?? []).map((p, j) =>
        scenarioPassword(p, `${where}.passwordCredentials[${j}]`),
      ),
      federatedIdentityCredentials: (a.federatedIdentityCredentials ?? []).map((f, j) =>
        federated(f, `${where}.federatedIdentityCredentials[${j}]`),
      ),
      ownerIds: [],
      ...(a.passwordMaxLifetime ? { passwordMaxLifetime: a.passwordMaxLifetime } : {}),
    };
    if (a.ownedByAutomation ?? true) app.ownerIds.push(automationSp.id);
    for (const upn of a.userOwners ?? []) {
      const u = users.find((x) => x.userPrincipalName.toLowerCase() === upn.toLowerCase());
      if (!u) throw new Error(`${where}.userOwners: no user "${upn}" in tenant.users`);
      app.ownerIds.push(u.objectId);
    }
    applications.push(app);
    if (a.servicePrincipal ?? true) {
      const sp = newSp(app);
      const consent = a.adminConsent ?? {};
      if (consent.azureDevOps?.length) {
        consent.azureDevOps.forEach((s) => scopeId(adoSp, s, `${where}.adminConsent.azureDevOps`));
        oauth2PermissionGrants.push({
          id: rng.string(43, '-_'),
          clientId: sp.id,
          consentType: 'AllPrincipals',
          principalId: null,
          resourceId: adoSp.id,
          scope: consent.azureDevOps.join(' '),
        });
      }
      if (consent.graphScopes?.length) {
        consent.graphScopes.forEach((s) => scopeId(graphSp, s, `${where}.adminConsent.graphScopes`));
        oauth2PermissionGrants.push({
          id: rng.string(43, '-_'),
          clientId: sp.id,
          consentType: 'AllPrincipals',
          principalId: null,
          resourceId: graphSp.id,
          scope: consent.graphScopes.join(' '),
        });
      }
      for (const role of consent.graphRoles ?? []) {
        appRoleAssignments.push({
          id: rng.string(43, '-_'),
          appRoleId: roleId(graphSp, role, `${where}.adminConsent.graphRoles`),
          principalId: sp.id,
          resourceId: graphSp.id,
          createdDateTime: now - 100 * DAY_MS,
        });
      }
    } else if (a.adminConsent) {
      throw new Error(
        `${where}.adminConsent: consent needs a service principal; remove servicePrincipal: false`,
      );
    }
  });
  const seenAppIds = new Set<string>();
  for (const app of applications) {
    if (seenAppIds.has(app.appId)) throw new Error(`tenant.applications: appId ${app.appId} is used twice`);
    seenAppIds.add(app.appId);
  }

  const github = spec.ciOidc?.github
    ? { subject: spec.ciOidc.github.subject, requestToken: spec.ciOidc.github.requestToken ?? rng.string(40) }
    : undefined;
  const pipelines = spec.ciOidc?.azurePipelines
    ? {
        subject: spec.ciOidc.azurePipelines.subject,
        serviceConnectionId: spec.ciOidc.azurePipelines.serviceConnectionId ?? rng.guid(),
        systemAccessToken: spec.ciOidc.azurePipelines.systemAccessToken ?? rng.string(52),
      }
    : undefined;

  // The sandbox OIDC issuer key (RS256) signs every CI token.
  // Made on first use: RSA key generation is slow and most scenarios never sign a CI token.
  let issuerKeys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const keys = (): { privateKey: KeyObject; publicKey: KeyObject } =>
    (issuerKeys ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const kid = rng.string(27, '-_');

  const findApplication = (idOrAppId: string): ApplicationRecord | undefined => {
    const key = idOrAppId.toLowerCase();
    return applications.find((a) => a.id.toLowerCase() === key || a.appId.toLowerCase() === key);
  };
  const findServicePrincipal = (idOrAppId: string): ServicePrincipalRecord | undefined => {
    const key = idOrAppId.toLowerCase();
    return servicePrincipals.find((s) => s.id.toLowerCase() === key || s.appId.toLowerCase() === key);
  };
  const findUserRecord = (idOrUpn: string): EntraUser | undefined => {
    const key = idOrUpn.toLowerCase();
    return users.find(
      (u) =>
        u.objectId.toLowerCase() === key ||
        u.userPrincipalName.toLowerCase() === key ||
        (u.mail ?? '').toLowerCase() === key,
    );
  };
  const isTenant = (tenant: string): boolean => {
    const t = tenant.toLowerCase();
    return (
      t === tenantId.toLowerCase() ||
      t === domain.toLowerCase() ||
      t === `${domain.split('.')[0]}.onmicrosoft.com`
    );
  };
  const graphRolesOf = (spId: string): string[] =>
    appRoleAssignments
      .filter((r) => r.principalId === spId && r.resourceId === graphSp.id)
      .map((r) => graphSp.appRoles.find((x) => x.id === r.appRoleId)?.value)
      .filter((v): v is string => typeof v === 'string');

  const issue = (
    principal: TokenPrincipal,
    audience: TokenAudience,
  ): { accessToken: string; expiresIn: number } => {
    const accessToken = `eyJ0eXAiOiJKV1QiLCJzYW5kYm94Ijp0cnVlfQ.${rng.string(120, '-_')}`;
    tokens.set(accessToken, { principal, audience, expiresAt: clock.now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    return { accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_S };
  };

  const signJwt = (claims: Record<string, unknown>): string => {
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(keys().privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  };

  const effectiveLifetimePolicy = (
    app: ApplicationRecord,
  ): { policyId: string; maxLifetime: string } | undefined => {
    if (app.passwordMaxLifetime)
      return { policyId: `${app.id.slice(0, 8)}-policy`, maxLifetime: app.passwordMaxLifetime };
    if (state.passwordMaxLifetime)
      return { policyId: TENANT_POLICY_ID, maxLifetime: state.passwordMaxLifetime };
    return undefined;
  };

  const state: EntraState = {
    tenantId,
    domain,
    clock,
    rng,
    propagationDelayMs,
    graphReadLagMs,
    users,
    applications,
    servicePrincipals,
    appRoleAssignments,
    oauth2PermissionGrants,
    securityDefaultsEnabled: spec.securityDefaultsEnabled ?? false,
    passwordMaxLifetime: spec.passwordMaxLifetime ?? null,
    passwordAdditionBlocked: spec.passwordAdditionBlocked ?? false,
    automation: {
      appId: automationApp.appId,
      applicationId: automationApp.id,
      servicePrincipalId: automationSp.id,
      displayName: String(automationApp.props.displayName),
    },

    automationCredentials() {
      const newest = [...automationApp.passwordCredentials].sort(
        (a, b) => b.startDateTime - a.startDateTime,
      )[0];
      return { tenantId, clientId: automationApp.appId, clientSecret: newest?.secretText ?? '' };
    },
    isTenant,
    findApplication,
    resolveApplication(ref) {
      return (
        findApplication(ref) ??
        applications.find((a) => String(a.props.displayName).toLowerCase() === ref.toLowerCase())
      );
    },
    findServicePrincipal,
    findUserRecord,
    passwordValue(appRef, which) {
      const app = this.resolveApplication(appRef);
      if (!app) return undefined;
      if (which === 'newest') {
        return [...app.passwordCredentials].sort((a, b) => b.startDateTime - a.startDateTime)[0]?.secretText;
      }
      return app.passwordCredentials.find((p) => p.displayName === which.displayName)?.secretText;
    },
    visiblePasswords(app) {
      const t = clock.now();
      return app.passwordCredentials.filter((p) => p.visibleAt <= t);
    },
    addPassword(app, input) {
      const t = clock.now();
      const start = input.startDateTime ?? t;
      const end = input.endDateTime ?? start + 730 * DAY_MS;
      if (!(end > start)) {
        return {
          ok: false,
          reason: 'invalidDates',
          message: 'endDateTime must be later than startDateTime.',
        };
      }
      if (state.passwordAdditionBlocked)
        return { ok: false, reason: 'additionBlocked', policyId: TENANT_POLICY_ID };
      const audience = String(app.props.signInAudience);
      if (
        (audience === 'AzureADandPersonalMicrosoftAccount' || audience === 'PersonalMicrosoftAccount') &&
        app.passwordCredentials.length >= 2
      ) {
        return {
          ok: false,
          reason: 'limit',
          message: `Not allowed to add ${app.passwordCredentials.length + 1} passwords. You can only add a maximum of 2 passwords.`,
        };
      }
      const policy = effectiveLifetimePolicy(app);
      if (policy && end - start > (parseIsoDurationMs(policy.maxLifetime) ?? Infinity)) {
        return { ok: false, reason: 'lifetime', ...policy };
      }
      const credential: PasswordCredentialRecord = {
        keyId: rng.guid(),
        displayName: input.displayName ?? null,
        startDateTime: start,
        endDateTime: end,
        secretText: newClientSecret(rng),
        usableAt: t + propagationDelayMs,
        visibleAt: t + graphReadLagMs,
      };
      app.passwordCredentials.push(credential);
      return { ok: true, credential };
    },
    removePassword(app, keyId) {
      const i = app.passwordCredentials.findIndex((p) => p.keyId.toLowerCase() === keyId.toLowerCase());
      if (i < 0) return false;
      const [removed] = app.passwordCredentials.splice(i, 1);
      if (removed)
        removedSecrets.push({
          name: `entra:${String(app.props.displayName)}:password:${removed.keyId}:removed`,
          value: removed.secretText,
        });
      return true;
    },
    effectiveLifetimePolicy,
    graphRolesOf,
    isOwner(app, objectId) {
      return app.ownerIds.includes(objectId);
    },

    // EntraPort
    validateAccessToken(token, audience) {
      const t = tokens.get(token);
      if (!t || t.audience !== audience || t.expiresAt <= clock.now()) return undefined;
      return t.principal;
    },
    checkClientSecret(tenant, appId, secret): SecretCheck {
      if (!isTenant(tenant)) return 'appNotFound';
      const app = findApplication(appId);
      if (!app || app.appId.toLowerCase() !== appId.toLowerCase()) return 'appNotFound';
      const cred = app.passwordCredentials.find((p) => p.secretText === secret);
      if (!cred) return 'invalid';
      const t = clock.now();
      if (cred.endDateTime <= t) return 'expired';
      if (t < cred.usableAt) return 'notPropagated';
      return 'ok';
    },
    keyIdOfSecret(appId, secret) {
      return findApplication(appId)?.passwordCredentials.find((p) => p.secretText === secret)?.keyId;
    },
    findUser(upnOrMail): EntraUserInfo | undefined {
      const u = findUserRecord(upnOrMail);
      if (!u || u.objectId.toLowerCase() === upnOrMail.toLowerCase()) return undefined;
      return {
        objectId: u.objectId,
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        ...(u.mail ? { mail: u.mail } : {}),
        tenantId,
      };
    },
    servicePrincipalObjectId(appId) {
      return servicePrincipals.find((s) => s.appId.toLowerCase() === appId.toLowerCase())?.id;
    },
    applicationInfo(ref: string): { appId: string; displayName: string } | undefined {
      const app =
        findApplication(ref) ??
        applications.find((a) => String(a.props.displayName).toLowerCase() === ref.toLowerCase());
      return app ? { appId: app.appId, displayName: String(app.props.displayName) } : undefined;
    },

    issueAppToken(appId, audience) {
      const app = findApplication(appId);
      const sp = app && servicePrincipals.find((s) => s.appId === app.appId);
      if (!app || !sp)
        throw new Error(`issueAppToken: no application with a service principal for appId ${appId}`);
      return issue(
        {
          tenantId,
          appId: app.appId,
          objectId: sp.id,
          kind: 'app',
          roles: audience === 'graph' ? graphRolesOf(sp.id) : [],
        },
        audience,
      );
    },
    issueUserToken(upnOrMail, audience, appId) {
      const u = findUserRecord(upnOrMail);
      if (!u) throw new Error(`issueUserToken: no user "${upnOrMail}" in the tenant`);
      return issue(
        {
          tenantId,
          appId: appId ?? automationApp.appId,
          objectId: u.objectId,
          kind: 'user',
          upn: u.userPrincipalName,
          roles: [],
        },
        audience,
      );
    },
    checkClientAssertion(appId, assertion) {
      const parts = assertion.split('.');
      const fail = (code: number, error: string, description: string): AssertionCheck => ({
        ok: false,
        code,
        error,
        description,
      });
      if (parts.length !== 3) return fail(50027, 'invalid_request', 'JWT token is invalid or malformed.');
      let header: Record<string, unknown>;
      let claims: Record<string, unknown>;
      try {
        header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
        claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        return fail(50027, 'invalid_request', 'JWT token is invalid or malformed.');
      }
      const app = findApplication(appId);
      if (!app)
        return fail(
          700016,
          'unauthorized_client',
          `Application with identifier '${appId}' was not found in the directory '${tenantId}'.`,
        );
      const issuer = String(claims.iss ?? '');
      const candidates = app.federatedIdentityCredentials.filter((f) => f.issuer === issuer);
      if (candidates.length === 0) {
        return fail(
          700211,
          'invalid_client',
          `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
        );
      }
      const verified =
        header.alg === 'RS256' &&
        createVerify('RSA-SHA256')
          .update(`${parts[0]}.${parts[1]}`)
          .verify(keys().publicKey, Buffer.from(parts[2]!, 'base64url'));
      if (!verified) {
        return fail(
          50013,
          'invalid_client',
          'Assertion failed signature validation. [Reason - The key was not found.]',
        );
      }
      const nowS = Math.floor(clock.now() / 1000);
      const exp = Number(claims.exp);
      if (!Number.isFinite(exp) || exp <= nowS) {
        return fail(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
      }
      if (typeof claims.nbf === 'number' && claims.nbf > nowS + 300) {
        return fail(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
      }
      const subject = String(claims.sub ?? '');
      const bySubject = candidates.filter((f) => f.subject === subject);
      if (bySubject.length === 0) {
        return fail(
          700213,
          'invalid_client',
          `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
        );
      }
      const auds = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
      if (!bySubject.some((f) => f.audiences.some((a) => auds.includes(a)))) {
        return fail(
          700212,
          'invalid_client',
          `No matching federated identity record found for presented assertion audience '${auds.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
        );
      }
      return { ok: true };
    },
    mintGithubOidcToken(requestToken, audience) {
      if (!github || requestToken !== github.requestToken) return undefined;
      const nowS = Math.floor(clock.now() / 1000);
      return signJwt({
        jti: rng.guid(),
        sub: github.subject,
        aud: audience,
        iss: GITHUB_OIDC_ISSUER,
        nbf: nowS - 5,
        iat: nowS - 5,
        exp: nowS + OIDC_TOKEN_LIFETIME_S,
      });
    },
    mintPipelinesOidcToken(systemAccessToken, serviceConnectionId) {
      if (!pipelines || systemAccessToken !== pipelines.systemAccessToken) return undefined;
      if (serviceConnectionId.toLowerCase() !== pipelines.serviceConnectionId.toLowerCase()) return undefined;
      const nowS = Math.floor(clock.now() / 1000);
      return signJwt({
        jti: rng.guid(),
        sub: pipelines.subject,
        aud: TOKEN_EXCHANGE_AUDIENCE,
        iss: pipelinesIssuer(),
        nbf: nowS,
        iat: nowS,
        exp: nowS + OIDC_TOKEN_LIFETIME_S,
      });
    },
    jwks() {
      const jwk = keys().publicKey.export({ format: 'jwk' });
      return { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] };
    },
    secrets() {
      const out: NamedSecret[] = [];
      for (const app of applications) {
        for (const p of app.passwordCredentials) {
          out.push({
            name: `entra:${String(app.props.displayName)}:password:${p.keyId}`,
            value: p.secretText,
          });
        }
      }
      if (github) out.push({ name: 'ciOidc:github:requestToken', value: github.requestToken });
      if (pipelines)
        out.push({ name: 'ciOidc:azurePipelines:systemAccessToken', value: pipelines.systemAccessToken });
      for (const [token, t] of tokens) {
        out.push({ name: `entra:accessToken:${t.audience}:${t.principal.appId}`, value: token });
      }
      out.push(...removedSecrets);
      return out;
    },
    snapshot() {
      const iso = (ms: number): string => new Date(ms).toISOString();
      return {
        tenantId,
        domain,
        securityDefaultsEnabled: state.securityDefaultsEnabled,
        passwordMaxLifetime: state.passwordMaxLifetime,
        passwordAdditionBlocked: state.passwordAdditionBlocked,
        propagationDelayMs,
        graphReadLagMs,
        automation: state.automation,
        users: users.map((u) => ({ ...u })),
        applications: applications.map((a) => ({
          id: a.id,
          appId: a.appId,
          ...a.props,
          ownerIds: [...a.ownerIds],
          passwordMaxLifetime: a.passwordMaxLifetime ?? null,
          passwordCredentials: a.passwordCredentials.map((p) => ({
            keyId: p.keyId,
            displayName: p.displayName,
            hint: p.secretText.slice(0, 3),
            startDateTime: iso(p.startDateTime),
            endDateTime: iso(p.endDateTime),
            usableAt: iso(p.usableAt),
            visibleAt: iso(p.visibleAt),
          })),
          federatedIdentityCredentials: a.federatedIdentityCredentials.map((f) => ({ ...f })),
        })),
        servicePrincipals: servicePrincipals.map((s) => ({
          id: s.id,
          appId: s.appId,
          displayName: s.displayName,
        })),
        appRoleAssignments: appRoleAssignments.map((r) => ({
          ...r,
          createdDateTime: iso(r.createdDateTime),
        })),
        oauth2PermissionGrants: oauth2PermissionGrants.map((g) => ({ ...g })),
        ciOidc: {
          github: github ? { subject: github.subject, issuer: GITHUB_OIDC_ISSUER } : null,
          azurePipelines: pipelines
            ? {
                subject: pipelines.subject,
                serviceConnectionId: pipelines.serviceConnectionId,
                issuer: pipelinesIssuer(),
              }
            : null,
        },
        activeAccessTokens: [...tokens.values()].filter((t) => t.expiresAt > clock.now()).length,
      };
    },
  };
  return state;
}

/** The writable Graph properties of a new application, with Graph's defaults. */
function defaultProps(displayName: string, signInAudience: string, domain: string): Record<string, unknown> {
  return {
    displayName,
    description: null,
    signInAudience,
    identifierUris: [],
    tags: [],
    notes: null,
    groupMembershipClaims: null,
    isFallbackPublicClient: null,
    isDeviceOnlyAuthSupported: null,
    publisherDomain: domain,
    serviceManagementReference: null,
    tokenEncryptionKeyId: null,
    defaultRedirectUri: null,
    optionalClaims: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    spa: { redirectUris: [] },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: [],
    },
  };
}

/** The AADSTS error a token request gets for a secret that does not check `ok` (for dbt runs and C1 syncs too). */
export function describeSecretFailure(
  check: Exclude<SecretCheck, 'ok'>,
  appId: string,
  tenant: string,
): { code: number; error: string; description: string } {
  switch (check) {
    case 'expired':
      return {
        code: 7000222,
        error: 'invalid_client',
        description: `AADSTS7000222: The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      };
    case 'appNotFound':
      return {
        code: 700016,
        error: 'unauthorized_client',
        description: `AADSTS700016: Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      };
    case 'invalid':
    case 'notPropagated':
      // During propagation Entra answers exactly as for a wrong secret.
      return {
        code: 7000215,
        error: 'invalid_client',
        description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
      };
  }
}
