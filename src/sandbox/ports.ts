/**
 * Seams between the sandbox's services. Each service owns its state; when one needs another's facts
 * (Azure DevOps and Graph validate tokens the authority issued; dbt Cloud and ConductorOne ask whether
 * the Entra secret they store still works) it goes through these ports, never through another's data.
 */

/** Sandbox time. Real time plus an offset tests may move forward through the control API. */
export interface Clock {
  now(): number;
}

/** Deterministic randomness (ids, secrets, fault dice) from the scenario seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A random v4-shaped GUID. */
  guid(): string;
  /** `length` characters from [A-Za-z0-9] plus `extra`. */
  string(length: number, extra?: string): string;
}

/** The audience a sandbox access token was issued for. */
export type TokenAudience = 'azureDevOps' | 'graph';

/** Who an access token belongs to, as the resource server sees it. */
export interface TokenPrincipal {
  tenantId: string;
  /** Client application id (`appid`/`azp` claim). */
  appId: string;
  /** Object id of the service principal (app-only) or of the user (delegated). */
  objectId: string;
  kind: 'app' | 'user';
  /** For `user` tokens: the user principal name. */
  upn?: string;
  /** Application permissions (Graph app roles by value, e.g. `Application.ReadWrite.OwnedBy`). */
  roles: string[];
}

/** What happens when a client presents this secret for this app right now. */
export type SecretCheck = 'ok' | 'invalid' | 'expired' | 'notPropagated' | 'appNotFound';

export interface EntraUserInfo {
  objectId: string;
  userPrincipalName: string;
  mail?: string;
  displayName: string;
  tenantId: string;
}

/** Implemented by the Entra/Graph state; used by the Azure DevOps, dbt Cloud and ConductorOne services. */
export interface EntraPort {
  /** The directory the scenario's organization is connected to. */
  readonly tenantId: string;
  /** undefined when the token is unknown, expired or for another audience. */
  validateAccessToken(token: string, audience: TokenAudience): TokenPrincipal | undefined;
  /** Would the token endpoint accept `secret` for `appId` in `tenantId` now (propagation delay included)? */
  checkClientSecret(tenantId: string, appId: string, secret: string): SecretCheck;
  /** The keyId of the password credential whose value is `secret`, if any (for state assertions). */
  keyIdOfSecret(appId: string, secret: string): string | undefined;
  findUser(upnOrMail: string): EntraUserInfo | undefined;
  /** Object id of the service principal of `appId` in the tenant, if one exists. */
  servicePrincipalObjectId(appId: string): string | undefined;
  /** An application of the tenant by application (client) id or display name, if the directory has it. */
  applicationInfo(appIdOrDisplayName: string): { appId: string; displayName: string } | undefined;
}
