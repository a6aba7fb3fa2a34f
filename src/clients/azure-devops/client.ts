/** Azure DevOps REST (dev.azure.com and vssps.dev.azure.com), through the one HTTP layer. */
import { OperationalError } from '../../core/errors.js';
import type { HttpClient } from '../http/index.js';

export const SERVICE = 'Azure DevOps';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export interface AzureDevOpsClientOptions {
  http: HttpClient;
  organization: string;
  /** Origin of dev.azure.com (or the sandbox's). */
  origin: string;
  /** Origin of vssps.dev.azure.com. */
  identityOrigin: string;
}

/** Which Entra directory backs the organization; undefined tenantId = MSA-backed (not connected). */
export interface OrganizationConnection {
  tenantId?: string;
}

export class AzureDevOpsClient {
  constructor(private readonly options: AzureDevOpsClientOptions) {}

  get organizationUrl(): string {
    return `${this.options.origin}/${encodeURIComponent(this.options.organization)}`;
  }

  /**
   * HEAD /{org} without credentials: the tenant comes from `WWW-Authenticate: Bearer authorization_uri=…/<tenant>`
   * or else the first non-zero GUID in `X-VSS-ResourceTenant`; all zeros means MSA-backed (reference §9).
   */
  async organizationConnection(): Promise<OrganizationConnection> {
    const response = await this.options.http.request({
      service: SERVICE,
      method: 'HEAD',
      url: this.organizationUrl,
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
      accept: [200, 203, 302, 401, 404],
    });
    if (response.status === 404) {
      throw new OperationalError(
        `Azure DevOps organization "${this.options.organization}" was not found at ${this.options.origin}: check \`organization\` in the policy file.`,
        SERVICE,
        404,
      );
    }
    const challenge = /authorization_uri="?https?:\/\/[^/\s"]+\/([0-9a-f-]{36})/i.exec(
      response.headers['www-authenticate'] ?? '',
    );
    if (challenge?.[1] && challenge[1] !== ZERO_GUID) return { tenantId: challenge[1].toLowerCase() };
    for (const value of (response.headers['x-vss-resourcetenant'] ?? '').split(',')) {
      const tenant = GUID.exec(value.trim())?.[0];
      if (tenant && tenant !== ZERO_GUID) return { tenantId: tenant.toLowerCase() };
    }
    return {};
  }
}
