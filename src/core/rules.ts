import type { IntegrationName, RuleId, Severity } from './findings.js';

/** The rule catalog (DESIGN.md §5): one entry per rule id; docs/rules.md and SARIF rules are generated from it. */

export const REPO_URL = 'https://github.com/ado-guard/ado-guard';

/** Whether `ado-guard remediate` (or `rotate`, for secrets) can fix a finding of this rule. */
export type Remediable = 'yes' | 'partly' | 'no';

export interface RuleInfo {
  id: RuleId;
  /** Short name, one line. */
  title: string;
  defaultSeverity: Severity;
  /** The integrations whose checks can raise this rule. */
  integrations: IntegrationName[];
  /** Why it matters, citing the vendor guidance it comes from. */
  why: string;
  /** How to fix it by hand, and what `ado-guard remediate` or `rotate` does about it. */
  fix: string;
  remediable: Remediable;
}

const SERVICE_HOOKS = 'ServiceHooks (namespace `cb594ebe-87dd-4fc9-ac2c-6a10a4c92046`)';
const GIT_REPOS = 'Git Repositories (namespace `2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87`)';

export const RULES: Record<RuleId, RuleInfo> = {
  'ADO-IDENTITY-NOT-FOUND': {
    id: 'ADO-IDENTITY-NOT-FOUND',
    title: 'Service identity not found in the Azure DevOps organization',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'general'],
    why:
      'dbt Cloud acts in Azure DevOps as one identity: the service user of its service-user guide, or the ' +
      "app's service principal added to the organization as a user in its service-principal guide. If the " +
      'organization does not know that identity, no permission can be checked or granted and dbt Cloud cannot ' +
      'clone repositories or register webhooks.',
    fix:
      'Add the service user (or the service principal) to the organization in Organization settings → Users, ' +
      'with at least Basic access. Check that `serviceUser` in the policy file is its UPN or e-mail (service ' +
      "user), or that `integrations.dbtCloud.applicationClientId` is the app's client id (service principal). " +
      '`ado-guard remediate` does not create users or assign licences.',
    remediable: 'no',
  },
  'ADO-PERMISSION-MISSING': {
    id: 'ADO-PERMISSION-MISSING',
    title: 'Required Azure DevOps permission not granted',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "dbt Cloud's service-user guide lists the permissions the service user needs on every project and " +
      `repository dbt uses: View, Edit and Delete Subscriptions in ${SERVICE_HOOKS} (bits 1, 2, 4) so dbt can ` +
      `manage the webhooks behind CI jobs, and Contribute and Contribute to pull requests in ${GIT_REPOS} ` +
      '(bits 4, 16384) so it can push branches and open pull requests. Without them dbt jobs and CI silently stop.',
    fix:
      'Grant the missing permissions to the service user in Project settings → Permissions (ServiceHooks is set ' +
      'with `az devops security permission update`, it has no page), at the level the policy names in ' +
      '`scope.level`. `ado-guard plan` lists the access control entries it would write; `ado-guard remediate ' +
      '--apply` merges allow bits into the ACEs at that level (and on any token below it that does not inherit) ' +
      'and verifies the effective permission afterwards.',
    remediable: 'yes',
  },
  'ADO-PERMISSION-DENIED': {
    id: 'ADO-PERMISSION-DENIED',
    title: 'A deny blocks a required Azure DevOps permission',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      'In Azure DevOps an explicit deny wins over any allow, whether it is on the identity itself or inherited ' +
      'from a group it belongs to. Granting the permission again does not help: the required bit stays blocked ' +
      "and dbt Cloud's service user keeps failing on the repositories concerned.",
    fix:
      'Find the deny named in the finding (`own ACE` or the group and the token). Remove it on the identity, or ' +
      'take the service user out of the denying group, or grant the bit at a level the deny does not reach. ' +
      "`ado-guard remediate` clears a deny on the identity's own ACE only when the policy sets " +
      "`remediation.removeExplicitDeny: true`; it never edits a group's ACEs or memberships to lift a deny.",
    remediable: 'partly',
  },
  'ADO-READER-MISSING': {
    id: 'ADO-READER-MISSING',
    title: "Service user not in the project's Readers group",
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "dbt Cloud's service-user guide asks for Project Reader on each project. ado-guard checks membership of " +
      'the project\'s Readers group, directly or through nested groups; the weaker "View project-level ' +
      'information" bit that any project group grants is not accepted as a substitute.',
    fix:
      "Add the service user to the project's Readers group (Project settings → Permissions → Readers → Members), " +
      'or to a group that is itself a member. `ado-guard remediate --apply` adds the direct membership.',
    remediable: 'yes',
  },
  'ADO-PROJECT-ADMIN-MISSING': {
    id: 'ADO-PROJECT-ADMIN-MISSING',
    title: "dbt Cloud's service principal not a Project Administrator",
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "With the service_principal method dbt Cloud acts in Azure DevOps as the Entra app's own service " +
      'principal, with no service user. Its service-principal guide has that service principal added to the ' +
      'organization and made a Project Administrator of every project dbt works in. It is the identity dbt ' +
      'Cloud reaches repositories and registers CI webhooks with, so in a project where it is not an ' +
      'administrator (directly or through a group) dbt jobs and CI for that project fail.',
    fix:
      "Add the app's service principal to the project's Project Administrators group (Project settings → " +
      'Permissions → Project Administrators → Members), or to a group that is itself a member. ado-guard does ' +
      'not grant administrator rights: `ado-guard remediate` leaves this finding to a person.',
    remediable: 'no',
  },
  'ADO-ORG-TENANT-MISMATCH': {
    id: 'ADO-ORG-TENANT-MISMATCH',
    title: 'Organization connected to a different Entra tenant',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'defenderForCloud', 'general'],
    why:
      "dbt Cloud's service-principal guide requires the Azure DevOps organization to be connected to the same " +
      'Entra directory as the app, and Defender for Cloud onboards the organization through that tenant ' +
      'connection. A different tenant means the identities and apps checked here are not the ones Azure DevOps ' +
      'trusts.',
    fix:
      'Check `tenantId` in the policy file. If it is right, connect the organization to that directory in ' +
      'Organization settings → Microsoft Entra (Microsoft docs: "Connect your organization to Microsoft Entra ' +
      'ID"); this affects every user of the organization. ado-guard never changes the tenant connection.',
    remediable: 'no',
  },
  'ADO-ORG-NOT-ENTRA-BACKED': {
    id: 'ADO-ORG-NOT-ENTRA-BACKED',
    title: 'Organization not connected to Entra ID',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'defenderForCloud', 'general'],
    why:
      'An organization backed by Microsoft accounts (MSA) has no Entra tenant, so Entra apps, service principals ' +
      'and tenant policies cannot apply to it. Both the dbt Cloud Entra integration and Defender for Cloud ' +
      'assume a tenant connection.',
    fix:
      'Connect the organization to your Entra tenant in Organization settings → Microsoft Entra, after mapping ' +
      'existing users (Microsoft docs: "Connect your organization to Microsoft Entra ID"). ' +
      'ado-guard never changes the tenant connection.',
    remediable: 'no',
  },
  'ADO-ORG-OAUTH-DISABLED': {
    id: 'ADO-ORG-OAUTH-DISABLED',
    title: 'Third-party application access via OAuth is off',
    defaultSeverity: 'warning',
    integrations: ['defenderForCloud'],
    why:
      'Connecting an Azure DevOps organization to Defender for Cloud uses an OAuth authorization, which the ' +
      'organization policy "Third-party application access via OAuth" must allow; Microsoft turns it off by ' +
      'default for new organizations. With it off the connector cannot read the organization.',
    fix:
      'Turn on Organization settings → Policies → "Third-party application access via OAuth". No documented ' +
      'API writes this policy, so `ado-guard remediate` does not change it.',
    remediable: 'no',
  },
  'ENTRA-APP-NOT-FOUND': {
    id: 'ENTRA-APP-NOT-FOUND',
    title: 'Entra app registration not found',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      'Both dbt Cloud and ConductorOne sign in to Azure DevOps through an Entra app registration whose ' +
      'Application (client) ID you gave them. If that app does not exist (or the automation identity cannot ' +
      'read it) nothing about it can be checked and rotation is impossible.',
    fix:
      'Check `applicationClientId` in the policy file against Entra → App registrations. Give the automation ' +
      'identity read access (Application.Read.All, or ownership of the app with Application.ReadWrite.OwnedBy ' +
      'for rotation). ado-guard does not create app registrations.',
    remediable: 'no',
  },
  'ENTRA-AUDIENCE': {
    id: 'ENTRA-AUDIENCE',
    title: 'App is not multitenant',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      'dbt Cloud and ConductorOne both ask for "Accounts in any organizational directory" (multitenant, ' +
      '`AzureADMultipleOrgs`). dbt treats Azure DevOps and Entra as separate tenants, so a single-tenant app ' +
      'fails at sign-in.',
    fix:
      'In Entra → App registrations → Authentication, set Supported account types to "Accounts in any ' +
      'organizational directory". `ado-guard remediate --apply` sets `signInAudience` to `AzureADMultipleOrgs`.',
    remediable: 'yes',
  },
  'ENTRA-REDIRECT-MISSING': {
    id: 'ENTRA-REDIRECT-MISSING',
    title: 'Required redirect URI missing from the app',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "The OAuth flow returns to a fixed Web redirect URI. dbt Cloud's guide lists " +
      '`https://<access URL>/complete/azure_active_directory` and, for service-user mode, ' +
      "`.../complete/azure_active_directory_service_user`; ConductorOne's Azure DevOps connector docs list " +
      '`https://accounts.conductor.one/oauth/callback`. A missing URI makes sign-in fail with a redirect ' +
      'mismatch (Microsoft docs: redirect URI restrictions).',
    fix:
      'Add the missing URI under Entra → App registrations → Authentication → Web → Redirect URIs. ' +
      '`ado-guard remediate --apply` adds it to `web.redirectUris`, keeping the URIs already there.',
    remediable: 'yes',
  },
  'ENTRA-PERMISSION-MISSING': {
    id: 'ENTRA-PERMISSION-MISSING',
    title: 'Required API permission missing from the app',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "dbt Cloud needs the Azure DevOps delegated permission `user_impersonation`. ConductorOne's connector " +
      'docs ask for `user_impersonation`, `vso.profile` and `vso.graph` to sync (`vso.graph_manage` and ' +
      '`vso.memberentitlementmanagement_write` to provision), and Microsoft Graph `GroupMember.ReadWrite.All` ' +
      '(application) for Entra group provisioning. Tokens without them are refused by Azure DevOps.',
    fix:
      'Add the permission under Entra → App registrations → API permissions. `ado-guard remediate --apply` adds ' +
      'it to `requiredResourceAccess`; an administrator must then grant consent (see ENTRA-CONSENT-MISSING).',
    remediable: 'partly',
  },
  'ENTRA-PERMISSION-UNWANTED': {
    id: 'ENTRA-PERMISSION-UNWANTED',
    title: 'App requests a permission it should not',
    defaultSeverity: 'warning',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "dbt Cloud's guide says to remove the default Microsoft Graph `User.Read` and leave Azure DevOps " +
      '`user_impersonation` as the only permission. Every extra permission widens what a leaked secret can do.',
    fix:
      'Remove the permission under Entra → App registrations → API permissions, and revoke its consent. ' +
      'With `remediation.removeUnwantedPermissions: true`, `ado-guard remediate --apply` removes it from ' +
      '`requiredResourceAccess` (never by default); it does not revoke grants.',
    remediable: 'partly',
  },
  'ENTRA-CONSENT-MISSING': {
    id: 'ENTRA-CONSENT-MISSING',
    title: 'Admin consent not granted for a required permission',
    defaultSeverity: 'error',
    integrations: ['conductorOne', 'dbtCloud'],
    why:
      'Application permissions such as Graph `GroupMember.ReadWrite.All`, which ConductorOne needs to provision ' +
      'Entra-sourced groups, work only after an administrator grants tenant-wide consent. Listing the permission ' +
      'on the app is not enough.',
    fix:
      'An administrator with Privileged Role Administrator (or Global Administrator) selects "Grant admin ' +
      'consent" under Entra → App registrations → API permissions. ado-guard never grants consent.',
    remediable: 'no',
  },
  'ENTRA-SECRET-NONE': {
    id: 'ENTRA-SECRET-NONE',
    title: 'App has no client secret',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "dbt Cloud and ConductorOne authenticate with the app's client secret Value. With no secret on the app, " +
      'whatever they hold is already invalid.',
    fix:
      '`ado-guard rotate --force` adds a secret, proves it against Entra, pushes it to every integration that ' +
      'uses the app and verifies each one. By hand: Certificates & secrets → New client secret, then paste the ' +
      'Value into dbt Cloud and ConductorOne.',
    remediable: 'partly',
  },
  'ENTRA-SECRET-EXPIRING': {
    id: 'ENTRA-SECRET-EXPIRING',
    title: 'Client secret expires soon or is older than allowed',
    defaultSeverity: 'warning',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "dbt Cloud's guide makes Entra admins responsible for the secret's expiry and asks dbt admins to note the " +
      'date for rotation. When it passes, dbt Cloud and ConductorOne stop reaching Azure DevOps until someone ' +
      'pastes a new Value. `rotation.minRemainingDays` and `rotation.maxAgeDays` set the warning window.',
    fix:
      'Run `ado-guard rotate` (scheduled, e.g. weekly): it adds a new secret, pushes it to every target, ' +
      'verifies them and only then retires older secrets per `rotation.retireOld`, so there is no downtime.',
    remediable: 'partly',
  },
  'ENTRA-SECRET-EXPIRED': {
    id: 'ENTRA-SECRET-EXPIRED',
    title: 'Client secret has expired',
    defaultSeverity: 'error',
    integrations: ['dbtCloud', 'conductorOne'],
    why:
      "Every secret on the app has passed its end date, so Entra refuses the integrations' token requests " +
      '(AADSTS7000222) and dbt Cloud and ConductorOne cannot reach Azure DevOps.',
    fix:
      '`ado-guard rotate` adds a new secret and pushes it to every target; expired secrets are then removed ' +
      'per `rotation.retireOld`. By hand: create a secret under Certificates & secrets and update each integration.',
    remediable: 'partly',
  },
  'ENTRA-SERVICE-USER-MFA': {
    id: 'ENTRA-SERVICE-USER-MFA',
    title: 'Service user is subject to MFA',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "dbt Cloud's service-user guide requires the service user's MFA to be explicitly disabled (per-user MFA " +
      'disabled, which in the Entra UI involves turning off Security Defaults); a headless sign-in cannot answer ' +
      'an MFA prompt. dbt now recommends service-principal mode, which avoids this.',
    fix:
      'Either move dbt Cloud to service-principal mode (recommended), or disable per-user MFA for the service ' +
      'user and exclude it from Conditional Access policies that require MFA, after a security review. ' +
      'ado-guard never changes MFA or tenant policies.',
    remediable: 'no',
  },
  'DBT-INTEGRATION-MISSING': {
    id: 'DBT-INTEGRATION-MISSING',
    title: 'dbt Cloud has no Azure DevOps integration record',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      'The dbt Cloud account holds the Entra app (client ID, tenant ID, secret) of its Azure DevOps integration. ' +
      'Without that record dbt cannot use Azure DevOps and rotation has nowhere to push the new secret.',
    fix:
      "In dbt Cloud → Account settings → Integrations → Azure DevOps, enter the app's client ID, tenant ID and " +
      'secret Value, then link the service user or service principal. ado-guard does not create the record.',
    remediable: 'no',
  },
  'DBT-ORGANIZATION-MISMATCH': {
    id: 'DBT-ORGANIZATION-MISMATCH',
    title: 'dbt Cloud points at another Azure DevOps organization',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "dbt Cloud's integration stores the Azure DevOps organization name; dbt's docs warn it must be the name " +
      '(e.g. `contoso`), not a URL. A different value means dbt talks to another organization than the one ' +
      'checked here.',
    fix:
      'Correct the organization in dbt Cloud → Account settings → Integrations → Azure DevOps, or `organization` ' +
      'in the policy file. ado-guard does not change it.',
    remediable: 'no',
  },
  'DBT-SERVICE-USER-STALE': {
    id: 'DBT-SERVICE-USER-STALE',
    title: 'No dbt Cloud run for 90 days: service-user authentication lapses',
    defaultSeverity: 'error',
    integrations: ['dbtCloud'],
    why:
      "dbt Cloud's service-user guide: the service user's authentication is refreshed on every scheduled, API " +
      'or CI run; after more than 90 days without runs an admin must reconnect it by hand. The check looks at ' +
      "the account's most recent run.",
    fix:
      'Trigger a run (any job, by API or schedule) before the 90 days are up. If they have passed, an admin ' +
      'disconnects and reconnects the service user in dbt Cloud → Account settings → Integrations. Consider ' +
      'service-principal mode, which has no such expiry. ado-guard does not trigger runs.',
    remediable: 'no',
  },
  'C1-CONNECTOR-MISSING': {
    id: 'C1-CONNECTOR-MISSING',
    title: 'ConductorOne Azure DevOps connector not found',
    defaultSeverity: 'error',
    integrations: ['conductorOne'],
    why:
      'ConductorOne syncs Azure DevOps access through a connector on one of its apps. If `appId`/`connectorId` ' +
      'do not name an existing connector, access reviews lack Azure DevOps data and rotation has no target.',
    fix:
      'Check `integrations.conductorOne.appId` and `connectorId` against ConductorOne → Applications → the ' +
      'app → Connectors, and that the ConductorOne API client may read it. ado-guard does not create connectors.',
    remediable: 'no',
  },
  'C1-CONNECTOR-MODE': {
    id: 'C1-CONNECTOR-MODE',
    title: 'ConductorOne connector uses another authentication mode',
    defaultSeverity: 'error',
    integrations: ['conductorOne'],
    why:
      "ConductorOne's Azure DevOps connector docs offer OAuth (an Entra web app) or a personal access token; " +
      'Entra-sourced group provisioning needs OAuth. If the connector runs in the other mode, what the policy ' +
      'checks and rotates is not what the connector uses.',
    fix:
      'Reconfigure the connector in ConductorOne to the mode in `integrations.conductorOne.mode`, or change the ' +
      'policy. ado-guard does not switch modes.',
    remediable: 'no',
  },
  'C1-CONNECTOR-SYNC-ERROR': {
    id: 'C1-CONNECTOR-SYNC-ERROR',
    title: 'ConductorOne connector last sync failed or is disabled',
    defaultSeverity: 'error',
    integrations: ['conductorOne'],
    why:
      "ConductorOne reports the connector's sync status; `SYNC_STATUS_ERROR` with a `lastError`, or syncing " +
      'disabled by ConductorOne, means its view of Azure DevOps access is stale, often because the client ' +
      'secret expired or permissions changed.',
    fix:
      'Read the error in ConductorOne → the connector. If it is an authentication error, `ado-guard rotate ' +
      '--force` pushes a fresh secret and verifies a sync; otherwise fix the cause and resync. ' +
      '`ado-guard remediate` does not change the connector.',
    remediable: 'no',
  },
  'CHECK-SKIPPED': {
    id: 'CHECK-SKIPPED',
    title: 'A check could not run',
    defaultSeverity: 'info',
    integrations: ['dbtCloud', 'conductorOne', 'defenderForCloud', 'general'],
    why:
      'A check that cannot run (usually for lack of a read permission, or an API that is not available) is ' +
      'reported instead of passing silently, so a green result always means everything was looked at.',
    fix:
      'The finding says which permission or input is missing; grant it to the automation identity (or provide ' +
      'the credential) and run again. Nothing to remediate.',
    remediable: 'no',
  },
};

/** Where a rule is documented: its section of docs/rules.md in the repository. */
export function ruleHelpUrl(id: RuleId): string {
  return `${REPO_URL}/blob/main/docs/rules.md#${id.toLowerCase()}`;
}
