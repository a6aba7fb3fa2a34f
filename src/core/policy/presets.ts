/**
 * Presets (DESIGN.md §3): the required state derived from the policy's integrations. Checks compare the
 * live state with this; remediation turns the difference into changes.
 */
import { GIT_REPOSITORIES, SERVICE_HOOKS } from '../ado-security.js';
import type { SecurityNamespace } from '../ado-security.js';
import type { Policy } from './schema.js';
import { AZURE_DEVOPS_APP_ID, CONDUCTORONE_REDIRECT_URI, MICROSOFT_GRAPH_APP_ID } from './well-known.js';

export type PolicyIntegration = 'dbtCloud' | 'conductorOne' | 'defenderForCloud';
export type PermissionLevel = 'organization' | 'project' | 'repository';

export interface NamedBit {
  bit: number;
  name: string;
}

/** Bits an identity must effectively hold in one security namespace. */
export interface PermissionRequirement {
  integration: PolicyIntegration;
  namespaceId: string;
  namespaceName: string;
  bits: NamedBit[];
  /**
   * The level whose tokens are verified: the *effective* permission on every in-scope project
   * (`project`) or every in-scope repository (`repository`), whatever `scope.level` says.
   */
  level: PermissionLevel;
  /** Where remediation writes the allow: `scope.level`, coarsened to the finest level the namespace has. */
  grantLevel: PermissionLevel;
}

/** The identity must be a member (direct or nested) of each in-scope project's Readers group, or higher. */
export interface ReaderRequirement {
  integration: PolicyIntegration;
}

/** dbt Cloud service_principal: the app's service principal is an org user with Project Administrator. */
export interface ProjectAdministratorRequirement {
  integration: 'dbtCloud';
  /** Application (client) id of the app whose service principal must be Project Administrator. */
  appId: string;
}

/** Delegated permissions (`type: "Scope"`) on one resource app, by scope value. */
export interface DelegatedPermissions {
  resourceAppId: string;
  scopes: string[];
}

/** Application permissions (`type: "Role"`) on one resource app, by role value. */
export interface AppRolePermissions {
  resourceAppId: string;
  roles: string[];
  /** An appRoleAssignment must exist in the tenant (admin consent), not only the declaration. */
  adminConsent: true;
}

/** One Entra app registration, however many integrations share it. */
export interface AppRequirement {
  /** Application (client) id. */
  appId: string;
  integrations: PolicyIntegration[];
  audience: 'AzureADMultipleOrgs';
  /** Web redirect URIs that must be present (others may exist). */
  redirectUris: string[];
  delegated: DelegatedPermissions[];
  /** Delegated permissions the app must not request. */
  unwantedDelegated: DelegatedPermissions[];
  appRoles: AppRolePermissions[];
}

export interface DbtRequirement {
  accountId: number;
  accessUrl: string;
  /** The value dbt Cloud's integration record must carry in `organization_name`. */
  organizationName: string;
  method: 'service_user' | 'service_principal';
  appId: string;
  /** dbt needs a run at least every 90 days in service_user mode: warn from 75, error from 90. */
  staleWarnDays: 75;
  staleErrorDays: 90;
  /** service_principal: the organization must be connected to the policy's tenant. */
  requireOrganizationInTenant: boolean;
}

export interface ConductorOneRequirement {
  tenantUrl: string;
  appId: string;
  connectorId: string;
  mode: 'oauth' | 'pat';
  access: 'sync' | 'provision';
  entraGroupProvisioning: boolean;
  /** The Entra app the connector uses (oauth mode). */
  applicationClientId?: string;
  /** The connector's `organization_url`, e.g. https://dev.azure.com/contoso. */
  organizationUrl: string;
}

export interface DefenderRequirement {
  requireEntraConnection: true;
  requireThirdPartyOAuth: true;
}

export interface Requirements {
  organization: string;
  tenantId: string;
  scope: Policy['scope'];
  /** The identity the ADO permissions and Readers membership apply to (dbt service_user mode). */
  serviceUser?: string;
  permissions: PermissionRequirement[];
  readers: ReaderRequirement[];
  projectAdministrator?: ProjectAdministratorRequirement;
  apps: AppRequirement[];
  dbt?: DbtRequirement;
  c1?: ConductorOneRequirement;
  defender?: DefenderRequirement;
}

const DBT_DELEGATED: DelegatedPermissions[] = [
  { resourceAppId: AZURE_DEVOPS_APP_ID, scopes: ['user_impersonation'] },
];
/** dbt's setup removes Graph User.Read (reference/graph-entra.md §9.1). */
const DBT_UNWANTED: DelegatedPermissions[] = [
  { resourceAppId: MICROSOFT_GRAPH_APP_ID, scopes: ['User.Read'] },
];
const C1_SCOPES: Record<'sync' | 'provision', string[]> = {
  sync: ['user_impersonation', 'vso.profile', 'vso.graph'],
  provision: [
    'user_impersonation',
    'vso.profile',
    'vso.graph_manage',
    'vso.memberentitlementmanagement_write',
  ],
};

export function deriveRequirements(policy: Policy): Requirements {
  const { dbtCloud, conductorOne, defenderForCloud } = policy.integrations;
  const requirements: Requirements = {
    organization: policy.organization,
    tenantId: policy.tenantId,
    scope: policy.scope,
    permissions: [],
    readers: [],
    apps: [],
  };
  const apps = new AppCollector();

  if (dbtCloud) {
    const method = dbtCloud.authenticationMethod;
    const host = new URL(dbtCloud.accessUrl).host;
    const redirectUris = [`https://${host}/complete/azure_active_directory`];
    if (method === 'service_user') {
      redirectUris.push(`https://${host}/complete/azure_active_directory_service_user`);
      if (policy.serviceUser !== undefined) requirements.serviceUser = policy.serviceUser;
      requirements.permissions.push(
        permission(
          SERVICE_HOOKS,
          ['ViewSubscriptions', 'EditSubscriptions', 'DeleteSubscriptions'],
          'project',
          policy,
        ),
        permission(GIT_REPOSITORIES, ['GenericContribute', 'PullRequestContribute'], 'repository', policy),
      );
      requirements.readers.push({ integration: 'dbtCloud' });
    } else {
      requirements.projectAdministrator = { integration: 'dbtCloud', appId: dbtCloud.applicationClientId };
    }
    apps.add(dbtCloud.applicationClientId, 'dbtCloud', {
      redirectUris,
      delegated: DBT_DELEGATED,
      unwantedDelegated: DBT_UNWANTED,
      appRoles: [],
    });
    requirements.dbt = {
      accountId: dbtCloud.accountId,
      accessUrl: dbtCloud.accessUrl,
      organizationName: policy.organization,
      method,
      appId: dbtCloud.applicationClientId,
      staleWarnDays: 75,
      staleErrorDays: 90,
      requireOrganizationInTenant: method === 'service_principal',
    };
  }

  if (conductorOne) {
    requirements.c1 = {
      tenantUrl: conductorOne.tenantUrl,
      appId: conductorOne.appId,
      connectorId: conductorOne.connectorId,
      mode: conductorOne.mode,
      access: conductorOne.access,
      entraGroupProvisioning: conductorOne.entraGroupProvisioning,
      organizationUrl: `${policy.endpoints.azureDevOps}/${policy.organization}`,
    };
    if (conductorOne.mode === 'oauth' && conductorOne.applicationClientId !== undefined) {
      requirements.c1.applicationClientId = conductorOne.applicationClientId;
      apps.add(conductorOne.applicationClientId, 'conductorOne', {
        redirectUris: [CONDUCTORONE_REDIRECT_URI],
        delegated: [{ resourceAppId: AZURE_DEVOPS_APP_ID, scopes: C1_SCOPES[conductorOne.access] }],
        unwantedDelegated: [],
        appRoles: conductorOne.entraGroupProvisioning
          ? [
              {
                resourceAppId: MICROSOFT_GRAPH_APP_ID,
                roles: ['GroupMember.ReadWrite.All'],
                adminConsent: true,
              },
            ]
          : [],
      });
    }
  }

  if (defenderForCloud)
    requirements.defender = { requireEntraConnection: true, requireThirdPartyOAuth: true };

  requirements.apps = apps.result();
  return requirements;
}

function permission(
  namespace: SecurityNamespace,
  actions: string[],
  level: 'project' | 'repository',
  policy: Policy,
): PermissionRequirement {
  const bits = actions.map((name) => {
    const bit = namespace.actions[name];
    if (bit === undefined) throw new Error(`${namespace.name} has no action ${name}`);
    return { bit, name };
  });
  // ServiceHooks tokens stop at the project: a repository-level grant goes on the project token.
  const grantLevel =
    policy.scope.level === 'repository' && level === 'project' ? 'project' : policy.scope.level;
  return {
    integration: 'dbtCloud',
    namespaceId: namespace.id,
    namespaceName: namespace.name,
    bits,
    level,
    grantLevel,
  };
}

type AppNeeds = Pick<AppRequirement, 'redirectUris' | 'delegated' | 'unwantedDelegated' | 'appRoles'>;

/** Merges the needs of integrations that share one app (same client id, compared case-insensitively). */
class AppCollector {
  private readonly apps = new Map<string, AppRequirement>();

  add(appId: string, integration: PolicyIntegration, needs: AppNeeds): void {
    const key = appId.toLowerCase();
    const app = this.apps.get(key) ?? {
      appId,
      integrations: [],
      audience: 'AzureADMultipleOrgs' as const,
      redirectUris: [],
      delegated: [],
      unwantedDelegated: [],
      appRoles: [],
    };
    app.integrations.push(integration);
    app.redirectUris = union(app.redirectUris, needs.redirectUris);
    app.delegated = mergeScopes(app.delegated, needs.delegated);
    app.unwantedDelegated = mergeScopes(app.unwantedDelegated, needs.unwantedDelegated);
    for (const wanted of needs.appRoles) {
      const existing = app.appRoles.find((entry) => entry.resourceAppId === wanted.resourceAppId);
      if (existing) existing.roles = union(existing.roles, wanted.roles);
      else app.appRoles.push({ ...wanted, roles: [...wanted.roles] });
    }
    this.apps.set(key, app);
  }

  /** What one integration needs is never unwanted because another shares the app. */
  result(): AppRequirement[] {
    return [...this.apps.values()].map((app) => ({
      ...app,
      unwantedDelegated: app.unwantedDelegated
        .map((entry) => {
          const wanted = app.delegated.find((d) => d.resourceAppId === entry.resourceAppId)?.scopes ?? [];
          return { ...entry, scopes: entry.scopes.filter((scope) => !wanted.includes(scope)) };
        })
        .filter((entry) => entry.scopes.length > 0),
    }));
  }
}

function mergeScopes(into: DelegatedPermissions[], add: DelegatedPermissions[]): DelegatedPermissions[] {
  const out = into.map((entry) => ({ ...entry, scopes: [...entry.scopes] }));
  for (const entry of add) {
    const existing = out.find((candidate) => candidate.resourceAppId === entry.resourceAppId);
    if (existing) existing.scopes = union(existing.scopes, entry.scopes);
    else out.push({ resourceAppId: entry.resourceAppId, scopes: [...entry.scopes] });
  }
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
