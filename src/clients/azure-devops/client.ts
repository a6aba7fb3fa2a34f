/** Azure DevOps REST (dev.azure.com and vssps.dev.azure.com), through the one HTTP layer. */
import { OperationalError } from '../../core/errors.js';
import type { HttpClient, HttpResponse } from '../http/index.js';
import { listGroups, lookupSubjects, scopeDescriptor } from './graph.js';
import type { AdoGraphGroup } from './graph.js';
import { identitiesByDescriptors, identitiesBySubjectDescriptors, searchIdentities } from './identities.js';
import type { AdoIdentity, IdentitySearchFilter, MembershipQuery } from './identities.js';
import { listProjects, listRepositories } from './projects.js';
import { listServicePrincipals } from './service-principals.js';
import type { AdoServicePrincipal } from './service-principals.js';
import type { AdoProjectRef, AdoRepositoryRef } from './projects.js';
import { queryAccessControlLists } from './security.js';
import type { AccessControlList, AclQuery } from './security.js';
import { addMembership, removePermissions, setAccessControlEntries } from './security-write.js';
import type { AceWrite, WrittenAce } from './security-write.js';

export const SERVICE = 'Azure DevOps';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
export const API_VERSION = '7.1';

export interface AzureDevOpsClientOptions {
  http: HttpClient;
  organization: string;
  /** Origin of dev.azure.com (or the sandbox's). */
  origin: string;
  /** Origin of vssps.dev.azure.com. */
  identityOrigin: string;
  /** The Authorization header value (`Bearer …` or `Basic …`) for authenticated calls. */
  authorization?: () => Promise<string>;
}

/** Which Entra directory backs the organization; undefined tenantId = MSA-backed (not connected). */
export interface OrganizationConnection {
  tenantId?: string;
}

/** Which host a REST call goes to: dev.azure.com (`core`) or vssps.dev.azure.com (`identity`). */
export type AdoHost = 'core' | 'identity';

export interface AdoGet {
  host: AdoHost;
  /** Path below `/{organization}`, e.g. `/_apis/projects`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  apiVersion?: string;
}

/** A write (POST/PUT/DELETE) with a JSON body or none. */
export interface AdoWrite extends AdoGet {
  method: 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  json?: unknown;
  /** The write is safe to repeat (a merge of the same bits, a PUT): retried like a read. */
  repeatable?: boolean;
}

export class AzureDevOpsClient {
  constructor(private readonly options: AzureDevOpsClientOptions) {}

  get organization(): string {
    return this.options.organization;
  }

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

  /** An authenticated GET; the response (headers too, for continuation tokens). */
  async get(request: AdoGet): Promise<HttpResponse> {
    const authorize = this.options.authorization;
    if (!authorize) {
      throw new OperationalError(
        'The Azure DevOps client has no credentials: pass `authorization` (set AZURE_CLIENT_ID/AZURE_CLIENT_SECRET or AZURE_DEVOPS_TOKEN).',
        SERVICE,
      );
    }
    const origin = request.host === 'core' ? this.options.origin : this.options.identityOrigin;
    return this.options.http.request({
      service: SERVICE,
      method: 'GET',
      url: `${origin}/${encodeURIComponent(this.options.organization)}${request.path}`,
      query: { ...request.query, 'api-version': request.apiVersion ?? API_VERSION },
      headers: {
        authorization: await authorize(),
        accept: 'application/json',
        'X-TFS-FedAuthRedirect': 'Suppress',
      },
    });
  }

  /** An authenticated write; the response. */
  async write(request: AdoWrite): Promise<HttpResponse> {
    const authorize = this.options.authorization;
    if (!authorize) {
      throw new OperationalError(
        'The Azure DevOps client has no credentials: pass `authorization` (set AZURE_CLIENT_ID/AZURE_CLIENT_SECRET or AZURE_DEVOPS_TOKEN).',
        SERVICE,
      );
    }
    const origin = request.host === 'core' ? this.options.origin : this.options.identityOrigin;
    return this.options.http.request({
      service: SERVICE,
      method: request.method,
      url: `${origin}/${encodeURIComponent(this.options.organization)}${request.path}`,
      query: { ...request.query, 'api-version': request.apiVersion ?? API_VERSION },
      headers: {
        authorization: await authorize(),
        accept: 'application/json',
        'X-TFS-FedAuthRedirect': 'Suppress',
      },
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(request.repeatable ? { retryUnsafe: true } : {}),
    });
  }

  /** `POST accesscontrolentries/{ns}` with `merge:true` (reference §3): only the bits sent change. */
  setAccessControlEntries(
    namespaceId: string,
    token: string,
    aces: readonly AceWrite[],
  ): Promise<WrittenAce[]> {
    return setAccessControlEntries(this, namespaceId, token, aces);
  }

  /** `DELETE permissions/{ns}/{bits}?descriptor=&token=` (reference §3): clears allow and deny of those bits. */
  removePermissions(
    namespaceId: string,
    token: string,
    descriptor: string,
    bits: number,
  ): Promise<WrittenAce> {
    return removePermissions(this, namespaceId, token, descriptor, bits);
  }

  /** `PUT vssps/_apis/graph/memberships/{subject}/{container}` (reference §7). */
  addMembership(subjectDescriptor: string, containerDescriptor: string): Promise<void> {
    return addMembership(this, subjectDescriptor, containerDescriptor);
  }

  /** `GET vssps/_apis/identities?searchFilter=&filterValue=` (reference §5). */
  searchIdentities(filter: IdentitySearchFilter, value: string): Promise<AdoIdentity[]> {
    return searchIdentities(this, filter, value);
  }

  /** `GET vssps/_apis/identities?descriptors=…&queryMembership=` in batches; unknown descriptors are left out. */
  identitiesByDescriptors(
    descriptors: readonly string[],
    membership: MembershipQuery = 'None',
  ): Promise<AdoIdentity[]> {
    return identitiesByDescriptors(this, descriptors, membership);
  }

  /**
   * `GET vssps/_apis/identities?subjectDescriptors=…&queryMembership=` in batches: Graph subject → identity
   * (descriptor for ACLs, and its groups with `Expanded`).
   */
  identitiesBySubjectDescriptors(
    subjectDescriptors: readonly string[],
    membership: MembershipQuery = 'None',
  ): Promise<AdoIdentity[]> {
    return identitiesBySubjectDescriptors(this, subjectDescriptors, membership);
  }

  /** `GET vssps/_apis/graph/serviceprincipals`, every page: the Entra apps that are users of the organization. */
  listServicePrincipals(): Promise<AdoServicePrincipal[]> {
    return listServicePrincipals(this);
  }

  /** Every well-formed project, paged through `x-ms-continuationtoken` (reference §6). */
  listProjects(): Promise<AdoProjectRef[]> {
    return listProjects(this);
  }

  /** Every repository of the organization in ONE request (`GET /{org}/_apis/git/repositories`). */
  listRepositories(): Promise<AdoRepositoryRef[]> {
    return listRepositories(this);
  }

  /** `GET accesscontrollists/{ns}` (reference §2); extendedInfo zero fields filled with 0. */
  queryAccessControlLists(namespaceId: string, query: AclQuery = {}): Promise<AccessControlList[]> {
    return queryAccessControlLists(this, namespaceId, query);
  }

  /** `GET vssps/_apis/graph/descriptors/{storageKey}` → `scp.…` for a project id (reference §7). */
  scopeDescriptor(storageKey: string): Promise<string> {
    return scopeDescriptor(this, storageKey);
  }

  /** `GET vssps/_apis/graph/groups?scopeDescriptor=`, every page; without a scope, every group of the organization. */
  listGroups(scope?: string): Promise<AdoGraphGroup[]> {
    return listGroups(this, scope);
  }

  /** `POST vssps/_apis/graph/subjectlookup` in batches: the groups among these subject descriptors. */
  lookupSubjects(descriptors: readonly string[]): Promise<AdoGraphGroup[]> {
    return lookupSubjects(this, descriptors);
  }
}
