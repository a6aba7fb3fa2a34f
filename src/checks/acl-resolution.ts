/**
 * Effective permissions of one identity on many tokens from ONE namespace-wide ACL query
 * (`accesscontrollists/{ns}?descriptors=<identity>&includeExtendedInfo=true`, no token).
 *
 * The server evaluates a token by walking it and its ancestors, skipping levels without a stored ACL
 * (reference/azure-devops.md §2). So a token without a stored ACL has exactly the effective permission of its
 * nearest ancestor that has one, and a token with no stored ACL on its whole chain has none.
 */
import { canonicalToken, parentToken } from '../core/ado-security.js';
import type { AccessControlList } from '../clients/azure-devops/security.js';

export interface EffectivePermission {
  effectiveAllow: number;
  effectiveDeny: number;
  /** The stored token whose answer this is (canonical), undefined when no ACL is stored on the chain. */
  resolvedFrom?: string;
}

/** One stored level of a token chain, as the identity's own ACE sees it. */
export interface ChainLevel {
  /** Canonical token. */
  token: string;
  inheritPermissions: boolean;
  ownAllow: number;
  ownDeny: number;
}

export class NamespacePermissions {
  private readonly byToken = new Map<
    string,
    { acl: AccessControlList; allow: number; deny: number; effectiveAllow: number; effectiveDeny: number }
  >();

  /** `acls` answer the namespace-wide query with `descriptors=<descriptor>`. */
  constructor(
    readonly namespaceId: string,
    readonly descriptor: string,
    acls: readonly AccessControlList[],
  ) {
    const own = descriptor.toLowerCase();
    for (const acl of acls) {
      const ace = acl.aces.find((entry) => entry.descriptor.toLowerCase() === own);
      this.byToken.set(canonicalToken(namespaceId, acl.token), {
        acl,
        allow: ace?.allow ?? 0,
        deny: ace?.deny ?? 0,
        effectiveAllow: ace?.effectiveAllow ?? 0,
        effectiveDeny: ace?.effectiveDeny ?? 0,
      });
    }
  }

  /** Whether an ACL is stored at exactly this token. */
  hasStoredAcl(token: string): boolean {
    return this.byToken.has(canonicalToken(this.namespaceId, token));
  }

  effective(token: string): EffectivePermission {
    for (
      let level: string | undefined = canonicalToken(this.namespaceId, token);
      level;
      level = parentToken(this.namespaceId, level)
    ) {
      const stored = this.byToken.get(level);
      if (stored) {
        return {
          effectiveAllow: stored.effectiveAllow,
          effectiveDeny: stored.effectiveDeny,
          resolvedFrom: level,
        };
      }
    }
    return { effectiveAllow: 0, effectiveDeny: 0 };
  }

  /**
   * The stored levels the server evaluates for `token`, nearest first, ending after a level that does not
   * inherit.
   */
  chain(token: string): ChainLevel[] {
    const levels: ChainLevel[] = [];
    for (
      let level: string | undefined = canonicalToken(this.namespaceId, token);
      level;
      level = parentToken(this.namespaceId, level)
    ) {
      const stored = this.byToken.get(level);
      if (!stored) continue;
      levels.push({
        token: level,
        inheritPermissions: stored.acl.inheritPermissions,
        ownAllow: stored.allow,
        ownDeny: stored.deny,
      });
      if (!stored.acl.inheritPermissions) break;
    }
    return levels;
  }

  /** The token as the server stored it (original case), for display and per-token queries. */
  storedToken(canonical: string): string {
    return this.byToken.get(canonical)?.acl.token ?? canonical;
  }
}
