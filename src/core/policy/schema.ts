/**
 * The policy file (`ado-guard.yml`) as a zod schema: DESIGN.md §3 (contract). Structure, types, enums and
 * defaults live here; formats that need normalisation or cross-field rules (organization, origins, GUIDs,
 * serviceUser) are checked in normalize.ts, after `${env:NAME}` interpolation. Every field carries a
 * description: it feeds editor completion (the JSON Schema) and the README policy reference.
 */
import { z } from 'zod';

/** A GUID, or a `${env:NAME}` reference (for the JSON Schema only; the loader checks the interpolated value). */
export const GUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|.*\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}.*)$';

/** An origin with an optional trailing slash, or a `${env:NAME}` reference (JSON Schema only, as above). */
export const ORIGIN_PATTERN = '^(?:https://[^/?#\\s]+/?|.*\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}.*)$';
const DIGITS_PATTERN = '^(?:[1-9][0-9]{0,15}|.*\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}.*)$';

export const DEFAULT_ENDPOINTS = {
  azureDevOps: 'https://dev.azure.com',
  azureDevOpsIdentity: 'https://vssps.dev.azure.com',
  graph: 'https://graph.microsoft.com',
  authority: 'https://login.microsoftonline.com',
} as const;

const guid = (description: string) => z.string().describe(description).meta({ pattern: GUID_PATTERN });
const origin = (description: string) => z.string().describe(description).meta({ pattern: ORIGIN_PATTERN });
const days = (description: string, fallback: number) =>
  z.number().int().positive().max(3650).default(fallback).describe(description);
/** A positive integer; a string of digits is accepted too, since `${env:NAME}` always yields a string. */
const positiveInteger = (what: string) => {
  const error = `must be ${what}`;
  return z.union(
    [
      z.number({ error }).int({ error }).positive({ error }).max(Number.MAX_SAFE_INTEGER, { error }),
      z
        .string({ error })
        .regex(/^[1-9][0-9]{0,15}$/, { error })
        .meta({ pattern: DIGITS_PATTERN })
        .transform(Number),
    ],
    { error },
  );
};
const globs = (description: string, fallback: string[]) =>
  z
    .array(z.string().min(1).describe('A name or a glob (`*` any run of characters, `?` one character).'))
    .default(fallback)
    .describe(description);

export const ScopeSchema = z
  .strictObject({
    projects: globs('Projects to check: names or case-insensitive globs. Default: every project.', ['*']),
    excludeProjects: globs('Projects to leave out, even when `projects` matches them.', []),
    repositories: globs(
      'Git repositories to check in each in-scope project: names or globs. Default: every repository.',
      ['*'],
    ),
    includeDisabled: z
      .boolean()
      .default(false)
      .describe('Also check disabled repositories (they are skipped by default).'),
    level: z
      .enum(['organization', 'project', 'repository'])
      .default('project')
      .describe(
        'Where remediation grants permissions: on the organization-wide token, on each project, or on each ' +
          'repository. Verification always checks the effective permission on every in-scope project and repository.',
      ),
  })
  .describe('Which projects and repositories the required permissions apply to.');

export const DbtCloudSchema = z
  .strictObject({
    accessUrl: origin(
      "The dbt Cloud account's access URL, an origin without a path, e.g. https://ab123.us1.dbt.com " +
        '(Account settings → Account information).',
    ),
    accountId: positiveInteger('a positive integer such as 12345').describe(
      'The dbt Cloud account id, a positive integer (the number after /accounts/ in dbt Cloud URLs).',
    ),
    applicationClientId: guid(
      'Application (client) id of the Entra app dbt Cloud uses to reach Azure DevOps.',
    ),
    authenticationMethod: z
      .enum(['service_user', 'service_principal'])
      .default('service_user')
      .describe(
        'How dbt Cloud acts in Azure DevOps: service_user (a user account; needs `serviceUser`) or ' +
          "service_principal (the Entra app's service principal, recommended by dbt).",
      ),
  })
  .describe('The dbt Cloud native Azure DevOps integration.');

export const ConductorOneSchema = z
  .strictObject({
    tenantUrl: origin('Your ConductorOne tenant, an origin without a path, e.g. https://acme.conductor.one.'),
    appId: z.string().min(1).describe('Id of the ConductorOne app that holds the Azure DevOps connector.'),
    connectorId: z.string().min(1).describe('Id of the Azure DevOps connector in that ConductorOne app.'),
    mode: z
      .enum(['oauth', 'pat'])
      .default('oauth')
      .describe(
        'How the connector authenticates to Azure DevOps: oauth (an Entra app) or pat (a personal access token).',
      ),
    access: z
      .enum(['sync', 'provision'])
      .default('sync')
      .describe('sync: read-only access reviews; provision: ConductorOne also grants and revokes access.'),
    entraGroupProvisioning: z
      .boolean()
      .default(false)
      .describe(
        'ConductorOne also changes membership of Entra-sourced Azure DevOps groups: the app then needs the ' +
          'Microsoft Graph application permission GroupMember.ReadWrite.All with admin consent.',
      ),
    applicationClientId: guid(
      'Application (client) id of the Entra app the connector uses (required in oauth mode). May be the same app as dbt Cloud uses.',
    ).optional(),
  })
  .describe('The ConductorOne (Baton) Azure DevOps connector.');

export const DefenderForCloudSchema = z
  .strictObject({})
  .describe(
    'Microsoft Defender for Cloud DevOps posture checks: the organization is connected to Entra ID and ' +
      '"Third-party application access via OAuth" is enabled. Write `defenderForCloud: {}` to enable.',
  );

export const IntegrationsSchema = z
  .strictObject({
    dbtCloud: DbtCloudSchema.optional(),
    conductorOne: ConductorOneSchema.optional(),
    defenderForCloud: DefenderForCloudSchema.optional(),
  })
  .describe('The integrations to keep correct; at least one. Their presets derive the required state.')
  .meta({ minProperties: 1 })
  .refine((value) => Object.values(value).some((entry) => entry !== undefined), {
    message: 'must name at least one integration: dbtCloud, conductorOne or defenderForCloud',
  });

export const RotationSchema = z
  .strictObject({
    maxAgeDays: days('Rotate when the newest client secret is older than this many days.', 90),
    minRemainingDays: days('Rotate when the newest client secret expires in fewer than this many days.', 30),
    lifetimeDays: days('Lifetime of a new client secret in days (clamped to the tenant policy).', 180),
    retireOld: z
      .enum(['ado-guard', 'all', 'never'])
      .default('ado-guard')
      .describe(
        'After every target is verified, remove older secrets: ado-guard = those ado-guard created; ' +
          'all = every older secret (only when the app serves nothing but these targets); never = keep them.',
      ),
    verifyWithJob: positiveInteger('a dbt Cloud job id, a positive integer such as 67890')
      .optional()
      .describe(
        'Optional dbt Cloud job id to run after rotation, proving dbt Cloud can still reach Azure DevOps.',
      ),
    output: z
      .boolean()
      .default(false)
      .describe(
        'Expose the new secret as a masked step output (for pushing it to targets ado-guard does not know).',
      ),
  })
  .describe('Client-secret rotation of the Entra apps the integrations use.');

export const RemediationSchema = z
  .strictObject({
    removeExplicitDeny: z
      .boolean()
      .default(false)
      .describe(
        'Allow remediation to clear an explicit deny that blocks a required permission (never by default).',
      ),
    removeUnwantedPermissions: z
      .boolean()
      .default(false)
      .describe(
        "Allow remediation to remove API permissions an integration's setup removes (dbt Cloud: Microsoft Graph " +
          'User.Read) from the app registration (never by default: other users of the app may rely on them).',
      ),
  })
  .describe('How `remediate` may change things.');

export const EndpointsSchema = z
  .strictObject({
    azureDevOps: origin('Azure DevOps origin; the organization is <azureDevOps>/<organization>.').default(
      DEFAULT_ENDPOINTS.azureDevOps,
    ),
    azureDevOpsIdentity: origin('Azure DevOps identity (vssps) origin.').default(
      DEFAULT_ENDPOINTS.azureDevOpsIdentity,
    ),
    graph: origin('Microsoft Graph origin; ado-guard calls <graph>/v1.0.').default(DEFAULT_ENDPOINTS.graph),
    authority: origin(
      'Entra ID authority origin; tokens come from <authority>/<tenantId>/oauth2/v2.0/token.',
    ).default(DEFAULT_ENDPOINTS.authority),
  })
  .describe(
    'Service origins (scheme://host[:port], no path). Defaults are the public clouds; change them for the sandbox.',
  );

export const PolicySchema = z
  .strictObject({
    version: z.literal(1).describe('Policy file format version. Always 1.'),
    organization: z
      .string()
      .describe(
        'Azure DevOps organization name, e.g. "contoso" (not a URL such as https://dev.azure.com/contoso).',
      ),
    tenantId: guid('Directory (tenant) id of the Entra tenant the organization is connected to.'),
    serviceUser: z
      .string()
      .optional()
      .describe(
        'UPN or mail of the Azure DevOps service user dbt Cloud acts as (dbt service_user mode only).',
      ),
    scope: ScopeSchema.prefault({}),
    integrations: IntegrationsSchema,
    rotation: RotationSchema.prefault({}),
    remediation: RemediationSchema.prefault({}),
    endpoints: EndpointsSchema.prefault({}),
  })
  .describe('ado-guard policy: the required state of the Azure DevOps ⇄ Entra ID integrations.');

/** The policy file as written (before defaults). */
export type PolicyInput = z.input<typeof PolicySchema>;
/**
 * The policy the rest of ado-guard uses, every default applied. After loadPolicy it is also normalised:
 * organization is a bare name, origins carry no trailing slash, GUIDs and the service user are checked.
 */
export type Policy = z.output<typeof PolicySchema>;
