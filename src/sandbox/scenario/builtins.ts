/**
 * Built-in scenarios:
 * - `healthy`: every integration correct (verify finds nothing).
 * - `drifted`: the demo's story (verify → plan → remediate → rotate → verify), see `drifted()` below.
 * - `service-principal`: dbt Cloud in its service_principal method, see `servicePrincipal()` below.
 * - `large` / `large:<projects>x<repos>`: a generated organization for scale (default 1000 × 10).
 */
import type { AdoScenario } from '../state/ado.js';
import { generateLargeAdo } from '../state/ado.js';
import type { ApplicationScenario, EntraScenario } from '../state/entra.js';
import { ScenarioError, type ScenarioSpec } from './spec.js';
import type { C1Scenario, DbtScenario } from './slice-types.js';

export const BUILT_IN_NAMES = ['healthy', 'drifted', 'service-principal', 'large'] as const;

export const ORGANIZATION = 'contoso';
export const DOMAIN = 'contoso.com';
export const SERVICE_USER = `dbt-svc@${DOMAIN}`;
export const DBT_APP = 'dbt Cloud';
export const C1_APP = 'ConductorOne';
export const DBT_SECRET = 'dbt Cloud integration';
export const C1_SECRET = 'ConductorOne connector';
export const DEFAULT_LARGE = { projects: 1000, repos: 10 } as const;
const MAX_LARGE_REPOSITORIES = 200_000;

const GIT_SERVICE_USER_ACTIONS = ['GenericContribute', 'PullRequestContribute'];
const SERVICE_HOOKS_ACTIONS = ['ViewSubscriptions', 'EditSubscriptions', 'DeleteSubscriptions'];

export function isBuiltInName(ref: string): boolean {
  return (
    ref === 'healthy' || ref === 'drifted' || ref === 'service-principal' || /^large(:\d+x\d+)?$/.test(ref)
  );
}

interface AppOptions {
  /** Both dbt redirect URIs (healthy) or only the first (drifted). */
  serviceUserRedirect: boolean;
  /** Still requests Graph User.Read (drifted). */
  graphUserRead: boolean;
  /** Days until the newest dbt secret expires. */
  dbtSecretExpiresInDays: number;
  dbtSecretCreatedDaysAgo: number;
}

function tenant(options: AppOptions): EntraScenario {
  const dbtApp: ApplicationScenario = {
    displayName: DBT_APP,
    signInAudience: 'AzureADMultipleOrgs',
    web: {
      redirectUris: [
        'https://{dbtCloud}/complete/azure_active_directory',
        ...(options.serviceUserRedirect
          ? ['https://{dbtCloud}/complete/azure_active_directory_service_user']
          : []),
      ],
    },
    requiredResourceAccess: [
      { resource: 'azureDevOps', scopes: ['user_impersonation'] },
      ...(options.graphUserRead ? [{ resource: 'graph', scopes: ['User.Read'] }] : []),
    ],
    passwordCredentials: [
      {
        displayName: DBT_SECRET,
        createdDaysAgo: options.dbtSecretCreatedDaysAgo,
        expiresInDays: options.dbtSecretExpiresInDays,
      },
    ],
    adminConsent: { azureDevOps: ['user_impersonation'] },
  };
  const c1App: ApplicationScenario = {
    displayName: C1_APP,
    signInAudience: 'AzureADMultipleOrgs',
    web: { redirectUris: ['https://accounts.conductor.one/oauth/callback'] },
    requiredResourceAccess: [
      { resource: 'azureDevOps', scopes: ['user_impersonation', 'vso.profile', 'vso.graph'] },
    ],
    passwordCredentials: [{ displayName: C1_SECRET, createdDaysAgo: 20, expiresInDays: 160 }],
    adminConsent: { azureDevOps: ['user_impersonation', 'vso.profile', 'vso.graph'] },
  };
  return {
    domain: DOMAIN,
    users: [
      { userPrincipalName: SERVICE_USER, displayName: 'dbt Cloud service user' },
      { userPrincipalName: `alex@${DOMAIN}`, displayName: 'Alex Admin' },
    ],
    applications: [dbtApp, c1App],
  };
}

const PROJECTS = [
  {
    name: 'Analytics',
    repositories: [{ name: 'dbt-models' }, { name: 'dbt-macros' }, { name: 'old-etl', disabled: true }],
  },
  { name: 'Finance', repositories: [{ name: 'finance-dbt' }, { name: 'finance-seeds' }] },
  { name: 'Marketing', repositories: [{ name: 'marketing-dbt' }] },
];

function projectGrants(project: string): NonNullable<AdoScenario['acls']> {
  return [
    {
      namespace: 'Git Repositories',
      token: `repoV2/{${project}}`,
      aces: [{ identity: SERVICE_USER, allow: GIT_SERVICE_USER_ACTIONS }],
    },
    {
      namespace: 'ServiceHooks',
      token: `PublisherSecurity/{${project}}`,
      aces: [{ identity: SERVICE_USER, allow: SERVICE_HOOKS_ACTIONS }],
    },
  ];
}

function dbtCloud(): DbtScenario {
  return {
    accountId: 12345,
    accountName: 'Contoso Analytics',
    azureAdApplication: { application: DBT_APP, secret: 'newest', organizationName: ORGANIZATION },
  };
}

function conductorOne(): C1Scenario {
  return {
    tenantName: 'contoso',
    credential: { displayName: 'ado-guard', roles: ['Connector Administrator'] },
    apps: [
      {
        displayName: 'Azure DevOps',
        connectors: [
          {
            displayName: 'Azure DevOps',
            mode: 'oauth',
            application: C1_APP,
            secret: 'newest',
            organization: ORGANIZATION,
            lastSync: { status: 'done', completedDaysAgo: 1 },
          },
        ],
      },
    ],
  };
}

function healthy(): ScenarioSpec {
  return {
    name: 'healthy',
    description: 'Every integration is correct: verify reports no findings.',
    seed: 1,
    tenant: tenant({
      serviceUserRedirect: true,
      graphUserRead: false,
      dbtSecretCreatedDaysAgo: 30,
      dbtSecretExpiresInDays: 150,
    }),
    azureDevOps: {
      organization: ORGANIZATION,
      projects: structuredClone(PROJECTS),
      users: [{ upn: SERVICE_USER }, { upn: `alex@${DOMAIN}` }],
      groups: PROJECTS.map((project) => ({
        name: 'Readers',
        project: project.name,
        members: [SERVICE_USER],
      })),
      acls: PROJECTS.flatMap((project) => projectGrants(project.name)),
    },
    dbtCloud: dbtCloud(),
    conductorOne: conductorOne(),
    policy: { serviceUser: SERVICE_USER },
  };
}

/**
 * The demo's story. What verify finds, and what remediate can do about it:
 * - Analytics/dbt-macros: the service user lacks GenericContribute + PullRequestContribute (Git grants exist on
 *   the other repositories only) → fixable (grant at project level).
 * - Finance: ServiceHooks grants ViewSubscriptions only (Edit/Delete missing) → fixable.
 * - Finance/finance-seeds: an explicit deny of GenericContribute on the user's own ACE → fixable only with
 *   `remediation.removeExplicitDeny: true`.
 * - Finance/finance-dbt: the "Contractors" group (the user is a member) denies PullRequestContribute → not fixable
 *   by ado-guard (a group's deny).
 * - Marketing: the user is not a Readers member (Analytics Readers only through the nested "Data Engineers"
 *   group) → fixable (add to Readers).
 * - The dbt app lacks the `/complete/azure_active_directory_service_user` redirect URI and still requests Graph
 *   User.Read; its newest secret expires in 10 days → rotate.
 * - ConductorOne's connector is healthy.
 */
function drifted(): ScenarioSpec {
  const base = healthy();
  return {
    ...base,
    name: 'drifted',
    description:
      'The demo story: missing grants, an explicit deny, a group deny, a missing Readers membership, app drift, a secret about to expire.',
    tenant: tenant({
      serviceUserRedirect: false,
      graphUserRead: true,
      dbtSecretCreatedDaysAgo: 170,
      dbtSecretExpiresInDays: 10,
    }),
    azureDevOps: {
      organization: ORGANIZATION,
      projects: structuredClone(PROJECTS),
      users: [{ upn: SERVICE_USER }, { upn: `alex@${DOMAIN}` }],
      groups: [
        { name: 'Data Engineers', description: 'Data platform engineers', members: [SERVICE_USER] },
        { name: 'Readers', project: 'Analytics', members: ['[contoso]\\Data Engineers'] },
        { name: 'Readers', project: 'Finance', members: [SERVICE_USER] },
        { name: 'Contractors', description: 'External contractors', members: [SERVICE_USER] },
      ],
      acls: [
        // Analytics: Git grants per repository, dbt-macros left out.
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{Analytics}/{dbt-models}',
          aces: [{ identity: SERVICE_USER, allow: GIT_SERVICE_USER_ACTIONS }],
        },
        {
          namespace: 'ServiceHooks',
          token: 'PublisherSecurity/{Analytics}',
          aces: [{ identity: SERVICE_USER, allow: SERVICE_HOOKS_ACTIONS }],
        },
        // Finance: project grant for Git, ServiceHooks view only, the user's own deny and a group deny.
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{Finance}',
          aces: [{ identity: SERVICE_USER, allow: GIT_SERVICE_USER_ACTIONS }],
        },
        {
          namespace: 'ServiceHooks',
          token: 'PublisherSecurity/{Finance}',
          aces: [{ identity: SERVICE_USER, allow: ['ViewSubscriptions'] }],
        },
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{Finance}/{finance-seeds}',
          aces: [{ identity: SERVICE_USER, deny: ['GenericContribute'] }],
        },
        {
          namespace: 'Git Repositories',
          token: 'repoV2/{Finance}/{finance-dbt}',
          aces: [{ identity: '[contoso]\\Contractors', deny: ['PullRequestContribute'] }],
        },
        // Marketing: grants complete, but no Readers membership.
        ...projectGrants('Marketing'),
      ],
    },
  };
}

/**
 * dbt Cloud acts in Azure DevOps as its app's own service principal (azure_service_authentication_method
 * `service_principal`), with no service user. The service principal is a user of the organization and a Project
 * Administrator of Analytics (directly) and Finance (through the organization group "dbt Cloud Automation"),
 * but not of Marketing: verify reports ADO-PROJECT-ADMIN-MISSING for Marketing and nothing else, which remediate
 * leaves to a person.
 */
function servicePrincipal(): ScenarioSpec {
  const base = healthy();
  const dbtServicePrincipal = `app:${DBT_APP}`;
  return {
    ...base,
    name: 'service-principal',
    description:
      "dbt Cloud's service_principal method: its app's service principal is Project Administrator of two projects out of three.",
    tenant: tenant({
      serviceUserRedirect: false,
      graphUserRead: false,
      dbtSecretCreatedDaysAgo: 30,
      dbtSecretExpiresInDays: 150,
    }),
    azureDevOps: {
      organization: ORGANIZATION,
      projects: structuredClone(PROJECTS),
      users: [{ upn: `alex@${DOMAIN}` }],
      servicePrincipals: [{ application: DBT_APP }],
      groups: [
        { name: 'Project Administrators', project: 'Analytics', members: [dbtServicePrincipal] },
        {
          name: 'dbt Cloud Automation',
          description: 'Service identities of dbt Cloud',
          members: [dbtServicePrincipal],
        },
        { name: 'Project Administrators', project: 'Finance', members: ['[contoso]\\dbt Cloud Automation'] },
      ],
    },
    dbtCloud: {
      ...dbtCloud(),
      azureAdApplication: {
        application: DBT_APP,
        secret: 'newest',
        organizationName: ORGANIZATION,
        authenticationMethod: 'service_principal',
      },
    },
    policy: { integrations: { dbtCloud: { authenticationMethod: 'service_principal' } } },
  };
}

function large(ref: string): ScenarioSpec {
  const match = /^large(?::(\d+)x(\d+))?$/.exec(ref);
  const projects = Number(match?.[1] ?? DEFAULT_LARGE.projects);
  const repos = Number(match?.[2] ?? DEFAULT_LARGE.repos);
  if (projects < 1 || repos < 0 || projects * repos > MAX_LARGE_REPOSITORIES) {
    throw new ScenarioError(
      `Scenario "${ref}": large:<projects>x<repos> needs at least 1 project and at most ` +
        `${MAX_LARGE_REPOSITORIES} repositories in all.`,
    );
  }
  const base = healthy();
  const ado = generateLargeAdo(projects, repos, {
    organization: ORGANIZATION,
    serviceUser: SERVICE_USER,
    extra: {
      users: [{ upn: `alex@${DOMAIN}` }],
      // Organization-level grants: one ACE each covers every project and repository.
      acls: [
        {
          namespace: 'Git Repositories',
          token: 'repoV2',
          aces: [{ identity: SERVICE_USER, allow: GIT_SERVICE_USER_ACTIONS }],
        },
        {
          namespace: 'ServiceHooks',
          token: 'PublisherSecurity',
          aces: [{ identity: SERVICE_USER, allow: SERVICE_HOOKS_ACTIONS }],
        },
      ],
    },
  });
  return {
    ...base,
    name: `large:${projects}x${repos}`,
    description: `A generated organization of ${projects} projects × ${repos} repositories, otherwise healthy.`,
    azureDevOps: ado,
  };
}

export function builtInScenario(ref: string): ScenarioSpec {
  if (ref === 'healthy') return healthy();
  if (ref === 'drifted') return drifted();
  if (ref === 'service-principal') return servicePrincipal();
  if (ref.startsWith('large')) return large(ref);
  throw new ScenarioError(
    `Scenario "${ref}" is not a built-in; use ${BUILT_IN_NAMES.join(', ')} or large:<projects>x<repos>.`,
  );
}
