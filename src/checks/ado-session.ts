/**
 * What the Azure DevOps checks share, fetched once per run: the service user, the in-scope projects and
 * repositories, and the service user's expanded group memberships.
 */
import type { Requirements } from '../core/policy/presets.js';
import type { Policy } from '../core/policy/schema.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { resolveScope } from './scope.js';
import type { ResolvedScope } from './scope.js';
import { resolveServiceUser } from './service-user.js';
import type { ServiceUser, ServiceUserResolution } from './service-user.js';
import type { CheckLog } from './types.js';

export interface AdoCheckContext {
  ado: AzureDevOpsClient;
  policy: Policy;
  requirements: Requirements;
  /** Shares look-ups between checks of one run; made on demand when absent. */
  session?: AdoVerifySession;
}

export class AdoVerifySession {
  private serviceUserPromise?: Promise<ServiceUserResolution | undefined>;
  private scopePromise?: Promise<ResolvedScope>;
  private memberOfPromise?: Promise<Set<string>>;

  constructor(
    private readonly context: Omit<AdoCheckContext, 'session'>,
    private readonly log: CheckLog,
  ) {}

  /** undefined when the policy names no service user (service-principal mode). */
  serviceUserResolution(): Promise<ServiceUserResolution | undefined> {
    const upn = this.context.requirements.serviceUser;
    this.serviceUserPromise ??=
      upn === undefined
        ? Promise.resolve(undefined)
        : resolveServiceUser(
            { ado: this.context.ado, upn, tenantId: this.context.requirements.tenantId },
            this.log,
          );
    return this.serviceUserPromise;
  }

  /** The resolved service user, or undefined (not configured, or not found: the identity check reports it). */
  async serviceUser(): Promise<ServiceUser | undefined> {
    const resolution = await this.serviceUserResolution();
    return resolution && 'found' in resolution ? resolution.found : undefined;
  }

  scope(): Promise<ResolvedScope> {
    this.scopePromise ??= resolveScope(this.context.ado, this.context.requirements.scope, this.log);
    return this.scopePromise;
  }

  /**
   * Lower-cased identity descriptors of every group the identity belongs to, directly or nested: ONE
   * `identities?descriptors=<identity>&queryMembership=Expanded` (reference §5).
   */
  memberOf(user: ServiceUser): Promise<Set<string>> {
    this.memberOfPromise ??= this.context.ado
      .identitiesByDescriptors([user.descriptor], 'Expanded')
      .then((found) => new Set((found[0]?.memberOf ?? []).map((descriptor) => descriptor.toLowerCase())));
    return this.memberOfPromise;
  }
}

export function sessionOf(context: AdoCheckContext, log: CheckLog): AdoVerifySession {
  return context.session ?? new AdoVerifySession(context, log);
}
