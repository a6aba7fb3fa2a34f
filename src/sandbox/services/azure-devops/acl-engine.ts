/**
 * The ACL store of one security namespace and the server's permission evaluation
 * (reference/azure-devops.md §1 token formats, §2 "How the server computes them", §3 writes).
 */
import type { Clock } from '../../ports.js';
import type { SecurityNamespaceDescription } from './security-namespaces.js';

export interface StoredAce {
  descriptor: string;
  allow: number;
  deny: number;
}

export interface StoredAcl {
  /** The token as first written (responses echo it). */
  token: string;
  inheritPermissions: boolean;
  /** Keyed by the lower-cased descriptor: descriptors compare case-insensitively. */
  aces: Map<string, StoredAce>;
}

export interface EffectiveBits {
  effectiveAllow: number;
  effectiveDeny: number;
  inheritedAllow: number;
  inheritedDeny: number;
}

/** Which state a read sees: `read` honours the read-after-write lag, `write` is the current truth. */
export type AclView = 'read' | 'write';

interface LaggedEntry {
  before: StoredAcl | undefined;
  until: number;
}

function cloneAcl(acl: StoredAcl): StoredAcl {
  const aces = new Map<string, StoredAce>();
  for (const [key, ace] of acl.aces) aces.set(key, { ...ace });
  return { token: acl.token, inheritPermissions: acl.inheritPermissions, aces };
}

export function descriptorKey(descriptor: string): string {
  return descriptor.toLowerCase();
}

export class NamespaceAcls {
  private readonly current = new Map<string, StoredAcl>();
  private readonly lagged = new Map<string, LaggedEntry>();
  private sortedKeys: string[] | undefined;
  private readonly separator: string | undefined;

  constructor(
    readonly namespace: SecurityNamespaceDescription,
    private readonly clock: Clock,
    /** Reads within this many ms after a write to a token see the ACL as it was before (§3 read-after-write). */
    public lagMs: number,
  ) {
    const sep = namespace.separatorValue;
    this.separator = namespace.elementLength <= 0 && sep && sep !== '\u0000' ? sep : undefined;
  }

  /** Case-insensitive, trailing separators trimmed (`CanonicalizeToken`, §1 "Trailing separators"). */
  canonical(token: string): string {
    let canon = token.toLowerCase();
    if (this.separator) {
      while (canon.length > 0 && canon.endsWith(this.separator))
        canon = canon.slice(0, -this.separator.length);
    }
    return canon;
  }

  /** The parent token in the namespace hierarchy, or undefined at the root. */
  parentOf(canon: string): string | undefined {
    const elementLength = this.namespace.elementLength;
    if (elementLength > 0)
      return canon.length > elementLength ? canon.slice(0, canon.length - elementLength) : undefined;
    if (!this.separator) return undefined;
    const cut = canon.lastIndexOf(this.separator);
    return cut > 0 ? canon.slice(0, cut) : undefined;
  }

  private isChildOf(childCanon: string, parentCanon: string): boolean {
    if (childCanon === parentCanon) return false;
    if (this.separator) return childCanon.startsWith(parentCanon + this.separator);
    if (this.namespace.elementLength > 0) return childCanon.startsWith(parentCanon);
    return false;
  }

  get(token: string, view: AclView): StoredAcl | undefined {
    return this.getCanonical(this.canonical(token), view);
  }

  private getCanonical(canon: string, view: AclView): StoredAcl | undefined {
    if (view === 'read') {
      const lag = this.lagged.get(canon);
      if (lag) {
        if (this.clock.now() < lag.until) return lag.before;
        this.lagged.delete(canon);
      }
    }
    return this.current.get(canon);
  }

  /** Every stored ACL, sorted by canonical token (the order of the recorded namespace-wide answer). */
  list(view: AclView): StoredAcl[] {
    this.sortedKeys ??= [...this.current.keys()].sort();
    const keys = this.liveLagKeys(view);
    const all = keys.length === 0 ? this.sortedKeys : [...new Set([...this.sortedKeys, ...keys])].sort();
    const out: StoredAcl[] = [];
    for (const key of all) {
      const acl = this.getCanonical(key, view);
      if (acl) out.push(acl);
    }
    return out;
  }

  /** Stored ACLs strictly below `token` (recurse=true). */
  children(token: string, view: AclView): StoredAcl[] {
    const canon = this.canonical(token);
    return this.list(view).filter((acl) => this.isChildOf(this.canonical(acl.token), canon));
  }

  private liveLagKeys(view: AclView): string[] {
    if (view !== 'read' || this.lagged.size === 0) return [];
    const now = this.clock.now();
    const live: string[] = [];
    for (const [key, lag] of this.lagged) {
      if (now < lag.until) live.push(key);
      else this.lagged.delete(key);
    }
    return live;
  }

  /**
   * Effective and inherited bits of `descriptor` on `token` (§2 steps 1–5). `principals` holds the lower-cased
   * descriptor and every group it is a transitive member of.
   */
  evaluate(token: string, descriptor: string, principals: ReadonlySet<string>, view: AclView): EffectiveBits {
    const own = descriptorKey(descriptor);
    let allow = 0;
    let deny = 0;
    let inheritedAllow = 0;
    let inheritedDeny = 0;
    let level: string | undefined = this.canonical(token);
    let atToken = true;
    while (level !== undefined) {
      const acl = this.getCanonical(level, view);
      if (acl) {
        let levelAllow = 0;
        let levelDeny = 0;
        for (const [key, ace] of acl.aces) {
          if (!principals.has(key)) continue;
          levelAllow |= ace.allow;
          levelDeny |= ace.deny;
        }
        levelAllow &= ~levelDeny; // deny wins at the same level
        allow |= levelAllow & ~deny; // the nearest level settles a bit
        deny |= levelDeny & ~allow;
        if (!atToken) {
          const mine = acl.aces.get(own);
          if (mine) {
            const mineAllow = mine.allow & ~mine.deny;
            inheritedAllow |= mineAllow & ~inheritedDeny;
            inheritedDeny |= mine.deny & ~inheritedAllow;
          }
        }
        if (!acl.inheritPermissions) break;
      }
      level = this.parentOf(level);
      atToken = false;
    }
    return { effectiveAllow: allow, effectiveDeny: deny, inheritedAllow, inheritedDeny };
  }

  private beforeWrite(canon: string): void {
    this.sortedKeys = undefined;
    if (this.lagMs <= 0) return;
    const now = this.clock.now();
    const existing = this.lagged.get(canon);
    const before = existing && now < existing.until ? existing.before : this.current.get(canon);
    this.lagged.set(canon, { before: before ? cloneAcl(before) : undefined, until: now + this.lagMs });
  }

  private ensureAcl(token: string, canon: string): StoredAcl {
    let acl = this.current.get(canon);
    if (!acl) {
      acl = { token: this.trimmed(token), inheritPermissions: true, aces: new Map() };
      this.current.set(canon, acl);
    }
    return acl;
  }

  private trimmed(token: string): string {
    let out = token;
    if (this.separator) while (out.endsWith(this.separator)) out = out.slice(0, -this.separator.length);
    return out;
  }

  /**
   * `POST accesscontrolentries` (§3). merge=true: incoming allow bits are added and cleared from deny, incoming
   * deny bits are added and cleared from allow (recorded: allow 65536 + deny 65536 → allow 0, deny 65536).
   * merge=false replaces the ACE.
   */
  setAces(token: string, aces: StoredAce[], merge: boolean): StoredAce[] {
    const canon = this.canonical(token);
    this.beforeWrite(canon);
    const acl = this.ensureAcl(token, canon);
    const result: StoredAce[] = [];
    for (const incoming of aces) {
      const key = descriptorKey(incoming.descriptor);
      const existing = acl.aces.get(key);
      let next: StoredAce;
      if (merge && existing) {
        const allow = (existing.allow & ~incoming.deny) | incoming.allow;
        const deny = ((existing.deny & ~incoming.allow) | incoming.deny) & ~incoming.allow;
        next = { descriptor: existing.descriptor, allow: allow & ~incoming.deny, deny };
      } else {
        next = {
          descriptor: incoming.descriptor,
          allow: incoming.allow & ~incoming.deny,
          deny: incoming.deny,
        };
      }
      acl.aces.set(key, next);
      result.push({ ...next });
    }
    return result;
  }

  /** `DELETE accesscontrolentries?token&descriptors` → true when the token has an ACL. */
  removeAces(token: string, descriptors: string[]): boolean {
    const canon = this.canonical(token);
    const acl = this.current.get(canon);
    if (!acl) return false;
    this.beforeWrite(canon);
    for (const d of descriptors) acl.aces.delete(descriptorKey(d));
    return true;
  }

  /** `DELETE permissions/{ns}/{bits}?descriptor&token`: clears those bits from allow and deny, returns the ACE. */
  removePermissions(token: string, descriptor: string, bits: number): StoredAce {
    const canon = this.canonical(token);
    const acl = this.current.get(canon);
    const ace = acl?.aces.get(descriptorKey(descriptor));
    if (!acl || !ace) return { descriptor, allow: 0, deny: 0 };
    this.beforeWrite(canon);
    ace.allow &= ~bits;
    ace.deny &= ~bits;
    return { ...ace };
  }

  /** `POST accesscontrollists`: overwrites the whole ACL, including inheritPermissions (§3 "Whole ACLs"). */
  setAcl(token: string, inheritPermissions: boolean, aces: StoredAce[]): void {
    const canon = this.canonical(token);
    this.beforeWrite(canon);
    const acl: StoredAcl = { token: this.trimmed(token), inheritPermissions, aces: new Map() };
    for (const ace of aces) {
      acl.aces.set(descriptorKey(ace.descriptor), {
        descriptor: ace.descriptor,
        allow: ace.allow & ~ace.deny,
        deny: ace.deny,
      });
    }
    this.current.set(canon, acl);
  }

  /** `DELETE accesscontrollists?tokens&recurse` → true when anything was removed. */
  removeAcls(tokens: string[], recurse: boolean): boolean {
    let removed = false;
    for (const token of tokens) {
      const canon = this.canonical(token);
      const doomed = [canon];
      if (recurse) for (const key of this.current.keys()) if (this.isChildOf(key, canon)) doomed.push(key);
      for (const key of doomed) {
        if (!this.current.has(key)) continue;
        this.beforeWrite(key);
        this.current.delete(key);
        removed = true;
      }
    }
    return removed;
  }

  /** Plain data of the current state, for snapshots. */
  toJSON(): { token: string; inheritPermissions: boolean; aces: StoredAce[] }[] {
    return this.list('write').map((acl) => ({
      token: acl.token,
      inheritPermissions: acl.inheritPermissions,
      aces: [...acl.aces.values()].map((ace) => ({ ...ace })),
    }));
  }
}
