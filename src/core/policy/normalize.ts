/**
 * Format rules and normalisation that run after the schema (and after `${env:NAME}` interpolation):
 * the organization name (URLs accepted with a warning), origins, GUIDs, the service user and cross-field rules.
 */
import type { Policy } from './schema.js';
import { DEFAULT_ENDPOINTS } from './schema.js';
import type { FieldPath, PolicyProblem } from './source.js';

export interface Normalization {
  policy: Policy;
  problems: PolicyProblem[];
  warnings: PolicyProblem[];
}

/** `got` text for a field, supplied by the loader (it knows which values came from the environment). */
export type DescribeValue = (path: FieldPath, value: unknown) => string | undefined;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Azure DevOps organization names: letters, digits and hyphens, starting and ending with a letter or digit. */
const ORGANIZATION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/i;
const DEV_AZURE_URL = /^(?:https?:\/\/)?dev\.azure\.com\/([^/?#\s]+)\/?$/i;
const VISUALSTUDIO_URL = /^(?:https?:\/\/)?([^./?#\s]+)\.visualstudio\.com\/?$/i;
/** A UPN or mail address: local part, @, a dotted domain. */
const USER_PRINCIPAL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

export function normalizePolicy(parsed: Policy, describe: DescribeValue): Normalization {
  const problems: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];
  const fail = (path: FieldPath, message: string, value?: unknown, anchor?: FieldPath): void => {
    const got = value === undefined ? undefined : describe(path, value);
    problems.push({
      path,
      message: got ? `${message} (got ${got})` : message,
      ...(anchor ? { anchor } : {}),
    });
  };
  const policy: Policy = structuredClone(parsed);

  policy.organization = normalizeOrganization(policy.organization, fail, warnings);

  /** Checks a GUID and returns it lower-cased (Graph and ADO report ids in lower case). */
  const guid = <T extends string | undefined>(path: FieldPath, value: T, what: string): T => {
    if (value === undefined) return value;
    if (!GUID.test(value)) {
      fail(path, `must be ${what}, a GUID such as 00000000-0000-0000-0000-000000000000`, value);
      return value;
    }
    return value.toLowerCase() as T;
  };
  policy.tenantId = guid(['tenantId'], policy.tenantId, 'the Directory (tenant) id');

  const origin = (path: FieldPath, value: string, example: string): string => {
    const result = normalizeOrigin(value, example);
    if ('problem' in result) {
      fail(path, result.problem, result.echo ? value : undefined);
      return value;
    }
    return result.origin;
  };

  const { dbtCloud, conductorOne } = policy.integrations;
  const usesServiceUser = dbtCloud?.authenticationMethod === 'service_user';
  if (policy.serviceUser !== undefined && !USER_PRINCIPAL.test(policy.serviceUser)) {
    fail(
      ['serviceUser'],
      "must be the service user's UPN or mail, such as dbt-svc@contoso.com",
      policy.serviceUser,
    );
  }
  if (usesServiceUser && policy.serviceUser === undefined) {
    fail(
      ['serviceUser'],
      'is required when integrations.dbtCloud.authenticationMethod is service_user (the default): give the ' +
        "service user's UPN, such as dbt-svc@contoso.com, or set authenticationMethod: service_principal",
      undefined,
      ['integrations', 'dbtCloud'],
    );
  }
  if (policy.serviceUser !== undefined && !usesServiceUser) {
    warnings.push({
      path: ['serviceUser'],
      message: 'is only used by integrations.dbtCloud with authenticationMethod service_user; it is ignored',
    });
  }

  if (dbtCloud) {
    dbtCloud.accessUrl = origin(
      ['integrations', 'dbtCloud', 'accessUrl'],
      dbtCloud.accessUrl,
      'https://ab123.us1.dbt.com',
    );
    dbtCloud.applicationClientId = guid(
      ['integrations', 'dbtCloud', 'applicationClientId'],
      dbtCloud.applicationClientId,
      'the Application (client) id',
    );
  }

  if (conductorOne) {
    const base: FieldPath = ['integrations', 'conductorOne'];
    conductorOne.tenantUrl = origin(
      [...base, 'tenantUrl'],
      conductorOne.tenantUrl,
      'https://acme.conductor.one',
    );
    const clientId = guid(
      [...base, 'applicationClientId'],
      conductorOne.applicationClientId,
      'the Application (client) id',
    );
    if (clientId !== undefined) conductorOne.applicationClientId = clientId;
    if (conductorOne.mode === 'oauth' && conductorOne.applicationClientId === undefined) {
      fail(
        [...base, 'applicationClientId'],
        'is required when mode is oauth: give the Application (client) id of the Entra app the connector uses, ' +
          'or set mode: pat',
        undefined,
        base,
      );
    }
    if (conductorOne.mode === 'pat' && conductorOne.entraGroupProvisioning) {
      fail(
        [...base, 'entraGroupProvisioning'],
        'needs mode: oauth: a personal access token cannot change Entra group membership',
      );
    }
    if (conductorOne.mode === 'pat' && conductorOne.applicationClientId !== undefined) {
      warnings.push({
        path: [...base, 'applicationClientId'],
        message: 'is only used in oauth mode; it is ignored because mode is pat',
      });
    }
  }

  for (const key of Object.keys(DEFAULT_ENDPOINTS) as (keyof typeof DEFAULT_ENDPOINTS)[]) {
    policy.endpoints[key] = origin(['endpoints', key], policy.endpoints[key], DEFAULT_ENDPOINTS[key]);
  }

  if (policy.scope.projects.length === 0) {
    warnings.push({
      path: ['scope', 'projects'],
      message: 'is empty: no project is in scope, so nothing is checked',
    });
  }

  const { rotation } = policy;
  if (rotation.minRemainingDays >= rotation.lifetimeDays) {
    fail(
      ['rotation', 'minRemainingDays'],
      `must be less than rotation.lifetimeDays (${rotation.lifetimeDays}), or every run would rotate again`,
      rotation.minRemainingDays,
    );
  }
  if (rotation.verifyWithJob !== undefined && !dbtCloud) {
    warnings.push({
      path: ['rotation', 'verifyWithJob'],
      message: 'is a dbt Cloud job id, but integrations.dbtCloud is not configured; it is ignored',
    });
  }

  return { policy, problems, warnings };
}

function normalizeOrganization(
  raw: string,
  fail: (path: FieldPath, message: string, value?: unknown) => void,
  warnings: PolicyProblem[],
): string {
  const value = raw.trim();
  if (ORGANIZATION_NAME.test(value)) return value;
  const name = DEV_AZURE_URL.exec(value)?.[1] ?? VISUALSTUDIO_URL.exec(value)?.[1];
  if (name !== undefined && ORGANIZATION_NAME.test(name)) {
    warnings.push({
      path: ['organization'],
      message: `must be the organization name, not a URL: using "${name}"; write organization: ${name}`,
    });
    return name;
  }
  fail(
    ['organization'],
    'must be the organization name, e.g. "contoso" (letters, digits and hyphens), not a URL such as https://dev.azure.com/contoso',
    raw,
  );
  return raw;
}

type OriginResult = { origin: string } | { problem: string; echo: boolean };

/** An https origin (scheme://host[:port]); a trailing slash is dropped, a path, query or credentials are refused. */
export function normalizeOrigin(raw: string, example: string): OriginResult {
  const value = raw.trim();
  const shape = `must be an https origin such as ${example}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { problem: shape, echo: true };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: shape, echo: true };
  }
  if (url.username || url.password) {
    // Never echo: the userinfo part may be a credential.
    return { problem: `${shape}: remove the user name and password from the URL`, echo: false };
  }
  if (url.protocol === 'http:') return { problem: `must use https, such as ${example}`, echo: true };
  if (url.protocol !== 'https:') return { problem: shape, echo: true };
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    return { problem: `${shape}, without a query or fragment`, echo: true };
  }
  if (url.pathname !== '/') {
    return { problem: `${shape}, without a path: ado-guard appends the API paths itself`, echo: true };
  }
  return { origin: url.origin };
}
