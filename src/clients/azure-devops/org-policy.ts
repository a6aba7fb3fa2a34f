/**
 * The organization policies of an Azure DevOps organization, read through the portal's data provider
 * (reference/azure-devops.md §9): an internal route, so no api-version. Only what the Defender check needs.
 */
import type { HttpClient } from '../http/index.js';

const SERVICE = 'Azure DevOps';
const PROVIDER = 'ms.vss-admin-web.organization-policies-data-provider';
export const DISALLOW_OAUTH_POLICY = 'Policy.DisallowOAuthAuthentication';

export interface OrganizationPolicyOptions {
  http: HttpClient;
  /** Origin of dev.azure.com (or the sandbox's). */
  origin: string;
  organization: string;
  /** The Authorization header value, e.g. from `adoAuthorization` in clients/auth. */
  authorization: () => Promise<string>;
}

export interface OrganizationPolicyValue {
  name: string;
  /** The effective value (`effectiveValue`, else `value`). */
  value: boolean;
  /** Never set explicitly (the organization's default applies). */
  isValueUndefined: boolean;
}

/** Outcome of reading the provider: the policies, or why they could not be read (no throw for 401/403). */
export type OrganizationPolicies =
  | { readable: true; policies: OrganizationPolicyValue[] }
  | { readable: false; status: number; reason: string };

export async function readOrganizationPolicies(
  options: OrganizationPolicyOptions,
): Promise<OrganizationPolicies> {
  const url = `${options.origin.replace(/\/+$/, '')}/${encodeURIComponent(options.organization)}/_settings/organizationPolicy`;
  const response = await options.http.request({
    service: SERVICE,
    method: 'GET',
    url,
    query: { __rt: 'fps', __ver: '2' },
    headers: { authorization: await options.authorization(), 'X-TFS-FedAuthRedirect': 'Suppress' },
    accept: [203, 302, 401, 403, 404],
  });
  if (response.status !== 200) {
    return {
      readable: false,
      status: response.status,
      reason: `the organization policy page answered HTTP ${response.status}`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return {
      readable: false,
      status: response.status,
      reason: 'the organization policy page did not answer JSON',
    };
  }
  const provider = (body as { fps?: { dataProviders?: { data?: Record<string, unknown> } } } | null)?.fps
    ?.dataProviders?.data?.[PROVIDER] as { policies?: Record<string, unknown> } | undefined;
  if (!provider?.policies || typeof provider.policies !== 'object') {
    return {
      readable: false,
      status: response.status,
      reason: `the answer has no ${PROVIDER} data (the identity may lack organization settings access)`,
    };
  }
  const policies: OrganizationPolicyValue[] = [];
  for (const group of Object.values(provider.policies)) {
    if (!Array.isArray(group)) continue;
    for (const item of group) {
      const policy = (item as { policy?: Record<string, unknown> } | null)?.policy;
      if (!policy || typeof policy.name !== 'string') continue;
      const effective = typeof policy.effectiveValue === 'boolean' ? policy.effectiveValue : policy.value;
      if (typeof effective !== 'boolean') continue;
      policies.push({
        name: policy.name,
        value: effective,
        isValueUndefined: policy.isValueUndefined === true,
      });
    }
  }
  return { readable: true, policies };
}
