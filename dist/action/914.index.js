export const id = 914;
export const ids = [914];
export const modules = {

/***/ 1914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  formatSandboxBanner: () => (/* binding */ formatSandboxBanner),
  startSandbox: () => (/* binding */ startSandbox)
});

// UNUSED EXPORTS: BUILT_IN_NAMES, SERVICE_NAMES, ScenarioError, World

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/acl-engine.ts
function cloneAcl(acl) {
    const aces = new Map();
    for (const [key, ace] of acl.aces)
        aces.set(key, { ...ace });
    return { token: acl.token, inheritPermissions: acl.inheritPermissions, aces };
}
function descriptorKey(descriptor) {
    return descriptor.toLowerCase();
}
class NamespaceAcls {
    namespace;
    clock;
    lagMs;
    current = new Map();
    lagged = new Map();
    sortedKeys;
    separator;
    constructor(namespace, clock, 
    /** Reads within this many ms after a write to a token see the ACL as it was before (§3 read-after-write). */
    lagMs) {
        this.namespace = namespace;
        this.clock = clock;
        this.lagMs = lagMs;
        const sep = namespace.separatorValue;
        this.separator = namespace.elementLength <= 0 && sep && sep !== '\u0000' ? sep : undefined;
    }
    /** Case-insensitive, trailing separators trimmed (`CanonicalizeToken`, §1 "Trailing separators"). */
    canonical(token) {
        let canon = token.toLowerCase();
        if (this.separator) {
            while (canon.length > 0 && canon.endsWith(this.separator))
                canon = canon.slice(0, -this.separator.length);
        }
        return canon;
    }
    /** The parent token in the namespace hierarchy, or undefined at the root. */
    parentOf(canon) {
        const elementLength = this.namespace.elementLength;
        if (elementLength > 0)
            return canon.length > elementLength ? canon.slice(0, canon.length - elementLength) : undefined;
        if (!this.separator)
            return undefined;
        const cut = canon.lastIndexOf(this.separator);
        return cut > 0 ? canon.slice(0, cut) : undefined;
    }
    isChildOf(childCanon, parentCanon) {
        if (childCanon === parentCanon)
            return false;
        if (this.separator)
            return childCanon.startsWith(parentCanon + this.separator);
        if (this.namespace.elementLength > 0)
            return childCanon.startsWith(parentCanon);
        return false;
    }
    get(token, view) {
        return this.getCanonical(this.canonical(token), view);
    }
    getCanonical(canon, view) {
        if (view === 'read') {
            const lag = this.lagged.get(canon);
            if (lag) {
                if (this.clock.now() < lag.until)
                    return lag.before;
                this.lagged.delete(canon);
            }
        }
        return this.current.get(canon);
    }
    /** Every stored ACL, sorted by canonical token (the order of the recorded namespace-wide answer). */
    list(view) {
        this.sortedKeys ??= [...this.current.keys()].sort();
        const keys = this.liveLagKeys(view);
        const all = keys.length === 0 ? this.sortedKeys : [...new Set([...this.sortedKeys, ...keys])].sort();
        const out = [];
        for (const key of all) {
            const acl = this.getCanonical(key, view);
            if (acl)
                out.push(acl);
        }
        return out;
    }
    /** Stored ACLs strictly below `token` (recurse=true). */
    children(token, view) {
        const canon = this.canonical(token);
        return this.list(view).filter((acl) => this.isChildOf(this.canonical(acl.token), canon));
    }
    liveLagKeys(view) {
        if (view !== 'read' || this.lagged.size === 0)
            return [];
        const now = this.clock.now();
        const live = [];
        for (const [key, lag] of this.lagged) {
            if (now < lag.until)
                live.push(key);
            else
                this.lagged.delete(key);
        }
        return live;
    }
    /**
     * Effective and inherited bits of `descriptor` on `token` (§2 steps 1–5). `principals` holds the lower-cased
     * descriptor and every group it is a transitive member of.
     */
    evaluate(token, descriptor, principals, view) {
        const own = descriptorKey(descriptor);
        let allow = 0;
        let deny = 0;
        let inheritedAllow = 0;
        let inheritedDeny = 0;
        let level = this.canonical(token);
        let atToken = true;
        while (level !== undefined) {
            const acl = this.getCanonical(level, view);
            if (acl) {
                let levelAllow = 0;
                let levelDeny = 0;
                for (const [key, ace] of acl.aces) {
                    if (!principals.has(key))
                        continue;
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
                if (!acl.inheritPermissions)
                    break;
            }
            level = this.parentOf(level);
            atToken = false;
        }
        return { effectiveAllow: allow, effectiveDeny: deny, inheritedAllow, inheritedDeny };
    }
    beforeWrite(canon) {
        this.sortedKeys = undefined;
        if (this.lagMs <= 0)
            return;
        const now = this.clock.now();
        const existing = this.lagged.get(canon);
        const before = existing && now < existing.until ? existing.before : this.current.get(canon);
        this.lagged.set(canon, { before: before ? cloneAcl(before) : undefined, until: now + this.lagMs });
    }
    ensureAcl(token, canon) {
        let acl = this.current.get(canon);
        if (!acl) {
            acl = { token: this.trimmed(token), inheritPermissions: true, aces: new Map() };
            this.current.set(canon, acl);
        }
        return acl;
    }
    trimmed(token) {
        let out = token;
        if (this.separator)
            while (out.endsWith(this.separator))
                out = out.slice(0, -this.separator.length);
        return out;
    }
    /**
     * `POST accesscontrolentries` (§3). merge=true: incoming allow bits are added and cleared from deny, incoming
     * deny bits are added and cleared from allow (recorded: allow 65536 + deny 65536 → allow 0, deny 65536).
     * merge=false replaces the ACE.
     */
    setAces(token, aces, merge) {
        const canon = this.canonical(token);
        this.beforeWrite(canon);
        const acl = this.ensureAcl(token, canon);
        const result = [];
        for (const incoming of aces) {
            const key = descriptorKey(incoming.descriptor);
            const existing = acl.aces.get(key);
            let next;
            if (merge && existing) {
                const allow = (existing.allow & ~incoming.deny) | incoming.allow;
                const deny = ((existing.deny & ~incoming.allow) | incoming.deny) & ~incoming.allow;
                next = { descriptor: existing.descriptor, allow: allow & ~incoming.deny, deny };
            }
            else {
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
    removeAces(token, descriptors) {
        const canon = this.canonical(token);
        const acl = this.current.get(canon);
        if (!acl)
            return false;
        this.beforeWrite(canon);
        for (const d of descriptors)
            acl.aces.delete(descriptorKey(d));
        return true;
    }
    /** `DELETE permissions/{ns}/{bits}?descriptor&token`: clears those bits from allow and deny, returns the ACE. */
    removePermissions(token, descriptor, bits) {
        const canon = this.canonical(token);
        const acl = this.current.get(canon);
        const ace = acl?.aces.get(descriptorKey(descriptor));
        if (!acl || !ace)
            return { descriptor, allow: 0, deny: 0 };
        this.beforeWrite(canon);
        ace.allow &= ~bits;
        ace.deny &= ~bits;
        return { ...ace };
    }
    /** `POST accesscontrollists`: overwrites the whole ACL, including inheritPermissions (§3 "Whole ACLs"). */
    setAcl(token, inheritPermissions, aces) {
        const canon = this.canonical(token);
        this.beforeWrite(canon);
        const acl = { token: this.trimmed(token), inheritPermissions, aces: new Map() };
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
    removeAcls(tokens, recurse) {
        let removed = false;
        for (const token of tokens) {
            const canon = this.canonical(token);
            const doomed = [canon];
            if (recurse)
                for (const key of this.current.keys())
                    if (this.isChildOf(key, canon))
                        doomed.push(key);
            for (const key of doomed) {
                if (!this.current.has(key))
                    continue;
                this.beforeWrite(key);
                this.current.delete(key);
                removed = true;
            }
        }
        return removed;
    }
    /** Plain data of the current state, for snapshots. */
    toJSON() {
        return this.list('write').map((acl) => ({
            token: acl.token,
            inheritPermissions: acl.inheritPermissions,
            aces: [...acl.aces.values()].map((ace) => ({ ...ace })),
        }));
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/descriptors.ts
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const GROUP_IDENTITY_PREFIX = 'Microsoft.TeamFoundation.Identity;';
const USER_IDENTITY_PREFIX = 'Microsoft.IdentityModel.Claims.ClaimsIdentity;';
/** Service principals added to an org (unverified by any recording: resolve through the API, never by hand). */
const SERVICE_PRINCIPAL_IDENTITY_PREFIX = 'Microsoft.VisualStudio.Services.Claims.AadServicePrincipal;';
function base64Url(text) {
    return Buffer.from(text, 'utf8').toString('base64url');
}
function fromBase64Url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text))
        return undefined;
    return Buffer.from(text, 'base64url').toString('utf8');
}
function groupSubjectDescriptor(sid) {
    return `vssgp.${base64Url(sid)}`;
}
function groupIdentityDescriptor(sid) {
    return `${GROUP_IDENTITY_PREFIX}${sid}`;
}
/** `vssgp.…` → the group's identity descriptor, or undefined when it is not a group subject descriptor. */
function identityDescriptorOfGroupSubject(subjectDescriptor) {
    if (!subjectDescriptor.startsWith('vssgp.'))
        return undefined;
    const sid = fromBase64Url(subjectDescriptor.slice('vssgp.'.length));
    return sid?.startsWith('S-1-9-') ? groupIdentityDescriptor(sid) : undefined;
}
function userIdentityDescriptor(tenantId, principalName) {
    return `${USER_IDENTITY_PREFIX}${tenantId}\\${principalName}`;
}
/** An opaque subject descriptor of `kind` (aad, aadsp, scp, …) over a fresh guid. */
function opaqueDescriptor(kind, rng) {
    return `${kind}.${base64Url(seededGuid(rng))}`;
}
function uint32(rng) {
    return Math.floor(rng.next() * 0x1_0000_0000);
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function hex32(value) {
    return (HEX[(value >>> 24) & 0xff] +
        HEX[(value >>> 16) & 0xff] +
        HEX[(value >>> 8) & 0xff] +
        HEX[value & 0xff]);
}
/**
 * A v4-shaped GUID from the seeded RNG, cheaper than Rng.guid() (the large scenario makes ~100k of them).
 * Deterministic for a seed, like every id the sandbox makes.
 */
function seededGuid(rng) {
    const a = hex32(uint32(rng));
    const b = hex32(uint32(rng));
    const c = hex32(uint32(rng));
    const d = hex32(uint32(rng));
    const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
/** The four 32-bit words after `S-1-9-1551374245-` that identify a scope (collection or project). */
function scopeSidPrefix(rng) {
    return `S-1-9-1551374245-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}`;
}
/** Well-known groups of a scope have fixed suffixes (Project Administrators -0-0-0-0-1, Valid Users -0-0-0-0-3). */
function wellKnownSid(scopePrefix, suffix) {
    return `${scopePrefix}-${suffix}`;
}
/** Other groups (Readers, Contributors, teams, custom groups) get `-1-` and four random words. */
function randomGroupSid(scopePrefix, rng) {
    return `${scopePrefix}-1-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}-${uint32(rng)}`;
}
function isGuid(text) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/security-namespaces.ts
const SECURITY_NAMESPACES = [
    {
        namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
        name: 'Analytics',
        displayName: 'Analytics',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View analytics',
                namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
            },
            {
                bit: 2,
                name: 'Administer',
                displayName: 'Manage analytics permissions',
                namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
            },
            {
                bit: 4,
                name: 'Stage',
                displayName: 'Push the data to staging area',
                namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
            },
            {
                bit: 8,
                name: 'ExecuteUnrestrictedQuery',
                displayName: 'Execute query without any restrictions on the query form',
                namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
            },
            {
                bit: 16,
                name: 'ReadEuii',
                displayName: 'Read EUII data',
                namespaceId: '58450c49-b02d-465a-ab12-59ae512d6531',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 30,
    },
    {
        namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
        name: 'AnalyticsViews',
        displayName: 'AnalyticsViews',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1024,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View shared Analytics views',
                namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
            },
            {
                bit: 2,
                name: 'Edit',
                displayName: 'Edit shared Analytics views',
                namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
            },
            {
                bit: 4,
                name: 'Delete',
                displayName: 'Delete shared Analytics views',
                namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
            },
            {
                bit: 8,
                name: 'Execute',
                displayName: 'Execute Analytics views',
                namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
            },
            {
                bit: 1024,
                name: 'ManagePermissions',
                displayName: 'Manage',
                namespaceId: 'd34d3680-dfe5-4cc6-a949-7d9c68f73cba',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.VisualStudio.Services.Analytics.AnalyticsViewsSecurityExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 8,
    },
    {
        namespaceId: '62a7ad6b-8b8d-426b-ba10-76a7090e94d5',
        name: 'PipelineCachePrivileges',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read pipeline cache entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write pipeline cache entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
        name: 'ReleaseManagement',
        displayName: 'ReleaseManagement',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 0,
        dataspaceCategory: 'ReleaseManagement',
        actions: [
            {
                bit: 1,
                name: 'ViewTaskEditor',
                displayName: 'View task editor',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
            {
                bit: 2,
                name: 'ViewCDWorkflowEditor',
                displayName: 'View CD workflow editor',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
            {
                bit: 4,
                name: 'ExportReleaseDefinition',
                displayName: 'Export release pipeline',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
            {
                bit: 8,
                name: 'ViewLegacyUI',
                displayName: 'View legacy UI',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
            {
                bit: 16,
                name: 'DeploymentSummaryAcrossProjects',
                displayName: 'Deployment summary across projects',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
            {
                bit: 32,
                name: 'ViewExternalArtifactCommitsAndWorkItems',
                displayName: 'View external artifact commits and work items',
                namespaceId: '7c7d32f7-0e86-4cd6-892e-b35dbba870bd',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
        name: 'ReleaseManagement',
        displayName: 'ReleaseManagement',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 512,
        readPermission: 0,
        dataspaceCategory: 'ReleaseManagement',
        actions: [
            {
                bit: 1,
                name: 'ViewReleaseDefinition',
                displayName: 'View release pipeline',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 2,
                name: 'EditReleaseDefinition',
                displayName: 'Edit release pipeline',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 4,
                name: 'DeleteReleaseDefinition',
                displayName: 'Delete release pipeline',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 8,
                name: 'ManageReleaseApprovers',
                displayName: 'Manage release approvers',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 16,
                name: 'ManageReleases',
                displayName: 'Manage releases',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 32,
                name: 'ViewReleases',
                displayName: 'View releases',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 64,
                name: 'CreateReleases',
                displayName: 'Create releases',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 128,
                name: 'EditReleaseEnvironment',
                displayName: 'Edit release stage',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 256,
                name: 'DeleteReleaseEnvironment',
                displayName: 'Delete release stage',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 512,
                name: 'AdministerReleasePermissions',
                displayName: 'Administer release permissions',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 1024,
                name: 'DeleteReleases',
                displayName: 'Delete releases',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 2048,
                name: 'ManageDeployments',
                displayName: 'Manage deployments',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 4096,
                name: 'ManageReleaseSettings',
                displayName: 'Manage release settings',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
            {
                bit: 8192,
                name: 'ManageTaskHubExtension',
                displayName: 'Manage TaskHub Extension',
                namespaceId: 'c788c23e-1b46-4162-8f5e-d7585343b5de',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'a6cc6381-a1ca-4b36-b3c1-4e65211e82b6',
        name: 'AuditLog',
        displayName: 'AuditLog',
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View audit log',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write to the audit log',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Manage_Streams',
                displayName: 'Manage audit streams',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'Delete_Streams',
                displayName: 'Delete audit streams',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: 'Microsoft.TeamFoundation.Framework.Server.FrameworkSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 2,
    },
    {
        namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
        name: 'Identity',
        displayName: 'Identity',
        separatorValue: '\\',
        elementLength: -1,
        writePermission: 4,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View identity information',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Edit identity information',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
            {
                bit: 4,
                name: 'Delete',
                displayName: 'Delete identity information',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
            {
                bit: 8,
                name: 'ManageMembership',
                displayName: 'Manage group membership',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
            {
                bit: 16,
                name: 'CreateScope',
                displayName: 'Create identity scopes',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
            {
                bit: 32,
                name: 'RestoreScope',
                displayName: 'Restore identity scopes',
                namespaceId: '5a27515b-ccd7-42c9-84f1-54c998f03866',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Framework.Server.IdentitySecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '445d2788-c5fb-4132-bbef-09c4045ad93f',
        name: 'WorkItemTrackingAdministration',
        displayName: 'WorkItemTrackingAdministration',
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 1,
        readPermission: 0,
        dataspaceCategory: 'WorkItem',
        actions: [
            {
                bit: 1,
                name: 'ManagePermissions',
                displayName: 'Manage permissions',
                namespaceId: '445d2788-c5fb-4132-bbef-09c4045ad93f',
            },
            {
                bit: 2,
                name: 'DestroyAttachments',
                displayName: 'Destroy attachments',
                namespaceId: '445d2788-c5fb-4132-bbef-09c4045ad93f',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
        name: 'DistributedTask',
        displayName: 'DistributedTask',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8,
        readPermission: 1,
        dataspaceCategory: 'DistributedTask',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
            {
                bit: 2,
                name: 'Manage',
                displayName: 'Manage',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
            {
                bit: 4,
                name: 'Listen',
                displayName: 'Listen',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
            {
                bit: 8,
                name: 'AdministerPermissions',
                displayName: 'Administer Permissions',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
            {
                bit: 16,
                name: 'Use',
                displayName: 'Use',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
            {
                bit: 32,
                name: 'Create',
                displayName: 'Create',
                namespaceId: '101eae8c-1709-47f9-b228-0e476c35b3ba',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.DistributedTask.Server.Extensions.TaskSecurityExtension',
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
        name: 'Git Repositories',
        displayName: 'Git Repositories',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8192,
        readPermission: 2,
        dataspaceCategory: 'Git',
        actions: [
            {
                bit: 1,
                name: 'Administer',
                displayName: 'Administer',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 2,
                name: 'GenericRead',
                displayName: 'Read',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 4,
                name: 'GenericContribute',
                displayName: 'Contribute',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 8,
                name: 'ForcePush',
                displayName: 'Force push (rewrite history, delete branches and tags)',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 16,
                name: 'CreateBranch',
                displayName: 'Create branch',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 32,
                name: 'CreateTag',
                displayName: 'Create tag',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 64,
                name: 'ManageNote',
                displayName: 'Manage notes',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 128,
                name: 'PolicyExempt',
                displayName: 'Bypass policies when pushing',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 256,
                name: 'CreateRepository',
                displayName: 'Create repository',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 512,
                name: 'DeleteRepository',
                displayName: 'Delete or disable repository',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 1024,
                name: 'RenameRepository',
                displayName: 'Rename repository',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 2048,
                name: 'EditPolicies',
                displayName: 'Edit policies',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 4096,
                name: 'RemoveOthersLocks',
                displayName: "Remove others' locks",
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 8192,
                name: 'ManagePermissions',
                displayName: 'Manage permissions',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 16384,
                name: 'PullRequestContribute',
                displayName: 'Contribute to pull requests',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 32768,
                name: 'PullRequestBypassPolicy',
                displayName: 'Bypass policies when completing pull requests',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 65536,
                name: 'ViewAdvSecAlerts',
                displayName: 'Advanced Security: view alerts',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 131072,
                name: 'DismissAdvSecAlerts',
                displayName: 'Advanced Security: manage and dismiss alerts',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
            {
                bit: 262144,
                name: 'ManageAdvSecScanning',
                displayName: 'Advanced Security: manage settings',
                namespaceId: '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Git.Server.Plugins.GitSecurityNamespaceExtension',
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
        name: 'VersionControlItems2',
        displayName: 'VersionControlItems2',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1024,
        readPermission: 1,
        dataspaceCategory: 'VersionControl',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 2,
                name: 'PendChange',
                displayName: 'Pend a change in a server workspace',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 4,
                name: 'Checkin',
                displayName: 'Check in',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 8,
                name: 'Label',
                displayName: 'Label',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 16,
                name: 'Lock',
                displayName: 'Lock',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 32,
                name: 'ReviseOther',
                displayName: "Revise other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 64,
                name: 'UnlockOther',
                displayName: "Unlock other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 128,
                name: 'UndoOther',
                displayName: "Undo other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 256,
                name: 'LabelOther',
                displayName: 'Administer labels',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 1024,
                name: 'AdminProjectRights',
                displayName: 'Manage permissions',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 2048,
                name: 'CheckinOther',
                displayName: "Check in other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 4096,
                name: 'Merge',
                displayName: 'Merge',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 8192,
                name: 'ManageBranch',
                displayName: 'Manage branch',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.VersionControl.Server.PlugIns.RepositorySecurityNamespaceExtension',
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '2bf24a2b-70ba-43d3-ad97-3d9e1f75622f',
        name: 'EventSubscriber',
        displayName: 'EventSubscriber',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View',
                namespaceId: '2bf24a2b-70ba-43d3-ad97-3d9e1f75622f',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit',
                namespaceId: '2bf24a2b-70ba-43d3-ad97-3d9e1f75622f',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '5a6cd233-6615-414d-9393-48dbb252bd23',
        name: 'WorkItemTrackingProvision',
        displayName: 'WorkItemTrackingProvision',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1,
        readPermission: 0,
        dataspaceCategory: 'WorkItem',
        actions: [
            {
                bit: 1,
                name: 'Administer',
                displayName: 'Administer',
                namespaceId: '5a6cd233-6615-414d-9393-48dbb252bd23',
            },
            {
                bit: 2,
                name: 'ManageLinkTypes',
                displayName: 'Manage work item link types',
                namespaceId: '5a6cd233-6615-414d-9393-48dbb252bd23',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.WorkItemTracking.Server.WitProvisionSecurityExtension',
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
        name: 'ServiceEndpoints',
        displayName: 'ServiceEndpoints',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 0,
        dataspaceCategory: 'DistributedTask',
        actions: [
            {
                bit: 1,
                name: 'Use',
                displayName: 'Use Service Connection',
                namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
            },
            {
                bit: 2,
                name: 'Administer',
                displayName: 'Administer Service Connection',
                namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
            },
            {
                bit: 4,
                name: 'Create',
                displayName: 'Create Service Connection',
                namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
            },
            {
                bit: 8,
                name: 'ViewAuthorization',
                displayName: 'View Authorization',
                namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
            },
            {
                bit: 16,
                name: 'ViewEndpoint',
                displayName: 'View Service Connection',
                namespaceId: '49b48001-ca20-4adc-8111-5b60c903a50c',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
        name: 'ServiceHooks',
        displayName: 'ServiceHooks',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 7,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'ViewSubscriptions',
                displayName: 'View Subscriptions',
                namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
            },
            {
                bit: 2,
                name: 'EditSubscriptions',
                displayName: 'Edit Subscription',
                namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
            },
            {
                bit: 4,
                name: 'DeleteSubscriptions',
                displayName: 'Delete Subscriptions',
                namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
            },
            {
                bit: 8,
                name: 'PublishEvents',
                displayName: 'Publish Events',
                namespaceId: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
        name: 'Collection',
        displayName: 'Collection',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View collection-level information',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit collection-level information',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 4,
                name: 'CREATE_PROJECTS',
                displayName: 'Create new projects',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 16,
                name: 'TRIGGER_EVENT',
                displayName: 'Trigger events',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 32,
                name: 'MANAGE_TEMPLATE',
                displayName: 'Manage process template',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 64,
                name: 'DIAGNOSTIC_TRACE',
                displayName: 'Alter trace settings',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 128,
                name: 'SYNCHRONIZE_READ',
                displayName: 'View system synchronization information',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 512,
                name: 'MANAGE_TEST_CONTROLLERS',
                displayName: 'Manage test controllers',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 1024,
                name: 'DELETE_FIELD',
                displayName: 'Delete field from organization',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
            {
                bit: 2048,
                name: 'MANAGE_ENTERPRISE_POLICIES',
                displayName: 'Manage enterprise policies',
                namespaceId: '3e65f728-f8bc-4ecd-8764-7e378b19bfa7',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.ApplicationTier.Plugins.Core.NamespaceSecurityExtension',
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'cb4d56d2-e84b-457e-8845-81320a133fbb',
        name: 'Proxy',
        displayName: 'Proxy',
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read proxies',
                namespaceId: 'cb4d56d2-e84b-457e-8845-81320a133fbb',
            },
            {
                bit: 2,
                name: 'Manage',
                displayName: 'Manage proxies',
                namespaceId: 'cb4d56d2-e84b-457e-8845-81320a133fbb',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'bed337f8-e5f3-4fb9-80da-81e17d06e7a8',
        name: 'Plan',
        displayName: 'Plan',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8,
        readPermission: 1,
        dataspaceCategory: 'WorkItem',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View',
                namespaceId: 'bed337f8-e5f3-4fb9-80da-81e17d06e7a8',
            },
            {
                bit: 2,
                name: 'Edit',
                displayName: 'Edit',
                namespaceId: 'bed337f8-e5f3-4fb9-80da-81e17d06e7a8',
            },
            {
                bit: 4,
                name: 'Delete',
                displayName: 'Delete',
                namespaceId: 'bed337f8-e5f3-4fb9-80da-81e17d06e7a8',
            },
            {
                bit: 8,
                name: 'Manage',
                displayName: 'Manage',
                namespaceId: 'bed337f8-e5f3-4fb9-80da-81e17d06e7a8',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
        name: 'Process',
        displayName: 'Process',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 8,
        readPermission: 16,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Edit',
                displayName: 'Edit process',
                namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
            },
            {
                bit: 2,
                name: 'Delete',
                displayName: 'Delete process',
                namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
            },
            {
                bit: 4,
                name: 'Create',
                displayName: 'Create process',
                namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
            },
            {
                bit: 8,
                name: 'AdministerProcessPermissions',
                displayName: 'Administer process permissions',
                namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
            },
            {
                bit: 16,
                name: 'ReadProcessPermissions',
                displayName: 'View Process',
                namespaceId: '2dab47f9-bd70-49ed-9bd5-8eb051e59c02',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 16,
    },
    {
        namespaceId: '11238e09-49f2-40c7-94d0-8f0307204ce4',
        name: 'AccountAdminSecurity',
        displayName: 'AccountAdminSecurity',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 15,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read account resource',
                namespaceId: '11238e09-49f2-40c7-94d0-8f0307204ce4',
            },
            {
                bit: 2,
                name: 'Create',
                displayName: 'Create account resource',
                namespaceId: '11238e09-49f2-40c7-94d0-8f0307204ce4',
            },
            {
                bit: 4,
                name: 'Modify',
                displayName: 'Modify account resource',
                namespaceId: '11238e09-49f2-40c7-94d0-8f0307204ce4',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
        name: 'Library',
        displayName: 'Library',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'DistributedTask',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View library item',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
            {
                bit: 2,
                name: 'Administer',
                displayName: 'Administer library item',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
            {
                bit: 4,
                name: 'Create',
                displayName: 'Create library item',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
            {
                bit: 8,
                name: 'ViewSecrets',
                displayName: 'View library item secrets',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
            {
                bit: 16,
                name: 'Use',
                displayName: 'Use library item',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
            {
                bit: 32,
                name: 'Owner',
                displayName: 'Owner',
                namespaceId: 'b7e84409-6553-448a-bbb2-af228e07cbeb',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
        name: 'Environment',
        displayName: 'Environment',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8,
        readPermission: 1,
        dataspaceCategory: 'DistributedTask',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
            {
                bit: 2,
                name: 'Manage',
                displayName: 'Manage',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
            {
                bit: 4,
                name: 'ManageHistory',
                displayName: 'Manage history',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
            {
                bit: 8,
                name: 'Administer',
                displayName: 'Administer Permissions',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
            {
                bit: 16,
                name: 'Use',
                displayName: 'Use',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
            {
                bit: 32,
                name: 'Create',
                displayName: 'Create',
                namespaceId: '83d4c2e6-e57d-4d6e-892b-b87222b7ad20',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '58b176e7-3411-457a-89d0-c6d0ccb3c52b',
        name: 'EventSubscription',
        displayName: 'EventSubscription',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View',
                namespaceId: '58b176e7-3411-457a-89d0-c6d0ccb3c52b',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit',
                namespaceId: '58b176e7-3411-457a-89d0-c6d0ccb3c52b',
            },
            {
                bit: 4,
                name: 'UNSUBSCRIBE',
                displayName: 'Unsubscribe',
                namespaceId: '58b176e7-3411-457a-89d0-c6d0ccb3c52b',
            },
            {
                bit: 8,
                name: 'CREATE_SOAP_SUBSCRIPTION',
                displayName: 'Create a SOAP subscription',
                namespaceId: '58b176e7-3411-457a-89d0-c6d0ccb3c52b',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'fc5b7b85-5d6b-41eb-8534-e128cb10eb67',
        name: 'ProjectAnalysisLanguageMetrics',
        displayName: 'ProjectAnalysisLanguageMetrics',
        separatorValue: '\uffff',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View Project Analysis language metrics data',
                namespaceId: 'fc5b7b85-5d6b-41eb-8534-e128cb10eb67',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write Project Analysis language metrics data',
                namespaceId: 'fc5b7b85-5d6b-41eb-8534-e128cb10eb67',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: 'bb50f182-8e5e-40b8-bc21-e8752a1e7ae2',
        name: 'Tagging',
        displayName: 'Tagging',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 4,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Enumerate',
                displayName: 'Enumerate tag definitions',
                namespaceId: 'bb50f182-8e5e-40b8-bc21-e8752a1e7ae2',
            },
            {
                bit: 2,
                name: 'Create',
                displayName: 'Create tag definition',
                namespaceId: 'bb50f182-8e5e-40b8-bc21-e8752a1e7ae2',
            },
            {
                bit: 4,
                name: 'Update',
                displayName: 'Update tag definition',
                namespaceId: 'bb50f182-8e5e-40b8-bc21-e8752a1e7ae2',
            },
            {
                bit: 8,
                name: 'Delete',
                displayName: 'Delete tag definition',
                namespaceId: 'bb50f182-8e5e-40b8-bc21-e8752a1e7ae2',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: 'f6a4de49-dbe2-4704-86dc-f8ec1a294436',
        name: 'MetaTask',
        displayName: 'MetaTask',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1,
        readPermission: 0,
        dataspaceCategory: 'DistributedTask',
        actions: [
            {
                bit: 1,
                name: 'Administer',
                displayName: 'Administer task group permissions',
                namespaceId: 'f6a4de49-dbe2-4704-86dc-f8ec1a294436',
            },
            {
                bit: 2,
                name: 'Edit',
                displayName: 'Edit task group',
                namespaceId: 'f6a4de49-dbe2-4704-86dc-f8ec1a294436',
            },
            {
                bit: 4,
                name: 'Delete',
                displayName: 'Delete task group',
                namespaceId: 'f6a4de49-dbe2-4704-86dc-f8ec1a294436',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'bf7bfa03-b2b7-47db-8113-fa2e002cc5b1',
        name: 'Iteration',
        displayName: 'Iteration',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Integration',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View permissions for this node',
                namespaceId: 'bf7bfa03-b2b7-47db-8113-fa2e002cc5b1',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit this node',
                namespaceId: 'bf7bfa03-b2b7-47db-8113-fa2e002cc5b1',
            },
            {
                bit: 4,
                name: 'CREATE_CHILDREN',
                displayName: 'Create child nodes',
                namespaceId: 'bf7bfa03-b2b7-47db-8113-fa2e002cc5b1',
            },
            {
                bit: 8,
                name: 'DELETE',
                displayName: 'Delete this node',
                namespaceId: 'bf7bfa03-b2b7-47db-8113-fa2e002cc5b1',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.Azure.Boards.Plugins.Security.IterationSecurityExtension',
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '71356614-aad7-4757-8f2c-0fb3bff6f680',
        name: 'WorkItemQueryFolders',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8,
        readPermission: 1,
        dataspaceCategory: 'WorkItem',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Contribute',
                displayName: 'Contribute',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Delete',
                displayName: 'Delete',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'ManagePermissions',
                displayName: 'Manage Permissions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'FullControl',
                displayName: 'Full Control',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 64,
                name: 'RecordQueryExecutionInfo',
                displayName: 'Record query execution information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: true,
        systemBitMask: 64,
    },
    {
        namespaceId: 'fa557b48-b5bf-458a-bb2b-1b680426fe8b',
        name: 'Favorites',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GenericRead',
                displayName: 'View instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GenericWrite',
                displayName: 'Edit instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '4ae0db5d-8437-4ee8-a18b-1f6fb38bd34c',
        name: 'Registry',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read registry entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write registry entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'c2ee56c9-e8fa-4cdd-9d48-2c44f697a58e',
        name: 'Graph',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 65536,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'ReadByPublicIdentifier',
                displayName: 'Read by public identifier',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'ReadByPersonalIdentifier',
                displayName: 'Read by personal identifier',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'dc02bf3d-cd48-46c3-8a41-345094ecc94b',
        name: 'ViewActivityPaneSecurity',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View only entities',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '2a887f97-db68-4b7c-9ae3-5cebd7add999',
        name: 'Job',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 6,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View background job information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Queue',
                displayName: 'Queue background jobs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Update',
                displayName: 'Manage background jobs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '7cd317f2-adc6-4b6c-8d99-6074faeaf173',
        name: 'EventPublish',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read basic',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write basic',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '73e71c45-d483-40d5-bdba-62fd076f7f87',
        name: 'WorkItemTracking',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read WorkItemTracking',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'CrossProjectRead',
                displayName: 'Cross Project Read Of WorkItemTracking Resources',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'TrackWorkItemActivity',
                displayName: 'Track work item read and write for a user',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'ReadRules',
                displayName: 'Read rules only if permissions are avaliable',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'ReadHistoricalWorkItemResources',
                displayName: null,
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 31,
    },
    {
        namespaceId: '4a9e8381-289a-4dfd-8460-69028eaa93b3',
        name: 'StrongBox',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 16,
        readPermission: 32,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'CreateDrawer',
                displayName: 'Create a StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'DeleteDrawer',
                displayName: 'Delete as StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Administer',
                displayName: 'Administer StrongBox Permissions.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'AddItem',
                displayName: 'Add Items to the StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'GetItem',
                displayName: 'Retrieve Items from the StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 64,
                name: 'DeleteItem',
                displayName: 'Delete Items from the StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 128,
                name: 'AdministerDrawer',
                displayName: 'Administer permissions for the StrongBox Drawer.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '1f4179b3-6bac-4d01-b421-71ea09171400',
        name: 'Server',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GenericRead',
                displayName: 'View instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GenericWrite',
                displayName: 'Edit instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Impersonate',
                displayName: 'Make requests on behalf of others',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'TriggerEvent',
                displayName: 'Trigger events',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: 'Microsoft.TeamFoundation.Framework.Server.FrameworkSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'e06e1c24-e93d-4e4a-908a-7d951187b483',
        name: 'TestManagement ',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read TestManagement',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '6ec4592e-048c-434e-8e6c-8671753a8418',
        name: 'SettingEntries',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Retrieve setting entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write setting entries',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '302acaca-b667-436d-a946-87133492041c',
        name: 'BuildAdministration',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 8,
        readPermission: 0,
        dataspaceCategory: 'Build',
        actions: [
            {
                bit: 1,
                name: 'ViewBuildResources',
                displayName: 'View build resources',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'ManageBuildResources',
                displayName: 'Manage build resources',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'UseBuildResources',
                displayName: 'Use build resources',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'AdministerBuildResourcePermissions',
                displayName: 'Administer build resource permissions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'ManagePipelinePolicies',
                displayName: 'Manage pipeline policies',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: 'Microsoft.TeamFoundation.Build.Server.BuildAdministrationSecurityExtension',
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '2725d2bc-7520-4af4-b0e3-8d876494731f',
        name: 'Location',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read service definitions and/or access mappings.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write service definitions and/or access mappings.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Framework.Server.LocationSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'f0003bce-5f45-4f93-a25d-90fc33fe3aa9',
        name: 'OrganizationLevelData',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View organization-level data',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '83abde3a-4593-424e-b45f-9898af99034d',
        name: 'UtilizationPermissions',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1024,
        readPermission: 0,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'QueryUsageSummary',
                displayName: "Query Others' Usage",
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Utilization.Cloud.Plugins.UtilizationSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'c0e7a722-1cad-4ae6-b340-a8467501e7ce',
        name: 'WorkItemsHub',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'View',
                displayName: 'View work items hub',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '0582eb05-c896-449a-b933-aa3d99e121d6',
        name: 'WebPlatform',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View web platform entities',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '66312704-deb5-43f9-b51c-ab4ff5e351c3',
        name: 'VersionControlPrivileges',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 32,
        readPermission: 0,
        dataspaceCategory: 'VersionControl',
        actions: [
            {
                bit: 2,
                name: 'CreateWorkspace',
                displayName: 'Create a workspace',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'AdminWorkspaces',
                displayName: 'Administer workspaces',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'AdminShelvesets',
                displayName: 'Administer shelved changes',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'AdminConnections',
                displayName: 'Administer source control connections',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'AdminConfiguration',
                displayName: 'Administer source control configurations',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: 'Microsoft.TeamFoundation.VersionControl.Server.PlugIns.PrivilegeSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '93bafc04-9075-403a-9367-b7164eac6b5c',
        name: 'Workspaces',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 8,
        readPermission: 0,
        dataspaceCategory: 'VersionControl',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View workspace information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Use',
                displayName: 'Use the workspace',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Checkin',
                displayName: 'Check in changes to the workspace',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'Administer',
                displayName: 'Administer the workspace',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.VersionControl.Server.PlugIns.WorkspaceSecurityNamespaceExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '093cbb02-722b-4ad6-9f88-bc452043fa63',
        name: 'CrossProjectWidgetView',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GenericRead',
                displayName: 'View instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '35e35e8e-686d-4b01-aff6-c369d6e36ce0',
        name: 'WorkItemTrackingConfiguration',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View work item tracking configuration',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '0d140cae-8ac1-4f48-b6d1-c93ce0301a12',
        name: 'Discussion Threads',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1,
        readPermission: 2,
        dataspaceCategory: 'Discussion',
        actions: [
            {
                bit: 1,
                name: 'Administer',
                displayName: 'Manage discussion permissions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GenericRead',
                displayName: 'View discussions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'GenericContribute',
                displayName: 'Contribute to discussions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'Moderate',
                displayName: 'Moderate discussions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '5ab15bc8-4ea1-d0f3-8344-cab8fe976877',
        name: 'BoardsExternalIntegration',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View boards external integrations',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Write',
                displayName: 'Write boards external integrations',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '7ffa7cf4-317c-4fea-8f1d-cfda50cfa956',
        name: 'DataProvider',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View data provider entities',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 1,
    },
    {
        namespaceId: '81c27cc8-7a9f-48ee-b63f-df1e1d0412dd',
        name: 'Social',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GenericRead',
                displayName: 'View instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GenericWrite',
                displayName: 'Edit instance-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '9a82c708-bfbe-4f31-984c-e860c2196781',
        name: 'Security',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 65536,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: 'a60e0d84-c2f8-48e4-9c0c-f32da48d5fd1',
        name: 'IdentityPicker',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 0,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'ReadBasic',
                displayName: 'Read basic Identity Picker properties',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'ReadRestricted',
                displayName: 'Read restricted Identity Picker properties',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '84cc1aa4-15bc-423d-90d9-f97c450fc729',
        name: 'ServicingOrchestration',
        displayName: null,
        separatorValue: '\u0000',
        elementLength: -1,
        writePermission: 2048,
        readPermission: 4096,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'View Servicing Orchestration information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Queue',
                displayName: 'Queue Servicing Orchestration jobs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Cancel',
                displayName: 'Cancel Servicing Orchestration jobs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 0,
        extensionType: null,
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '33344d9c-fc72-4d6f-aba5-fa317101a7e9',
        name: 'Build',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 16384,
        readPermission: 0,
        dataspaceCategory: 'Build',
        actions: [
            {
                bit: 1,
                name: 'ViewBuilds',
                displayName: 'View builds',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'EditBuildQuality',
                displayName: 'Edit build quality',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'RetainIndefinitely',
                displayName: 'Retain indefinitely',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'DeleteBuilds',
                displayName: 'Delete builds ',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'ManageBuildQualities',
                displayName: 'Manage build qualities',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'DestroyBuilds',
                displayName: 'Destroy builds',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 64,
                name: 'UpdateBuildInformation',
                displayName: 'Update build information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 128,
                name: 'QueueBuilds',
                displayName: 'Queue builds',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 256,
                name: 'ManageBuildQueue',
                displayName: 'Manage build queue',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 512,
                name: 'StopBuilds',
                displayName: 'Stop builds',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 1024,
                name: 'ViewBuildDefinition',
                displayName: 'View build pipeline',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2048,
                name: 'EditBuildDefinition',
                displayName: 'Edit build pipeline',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4096,
                name: 'DeleteBuildDefinition',
                displayName: 'Delete build pipeline',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8192,
                name: 'OverrideBuildCheckInValidation',
                displayName: 'Override check-in validation by build',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16384,
                name: 'AdministerBuildPermissions',
                displayName: 'Administer build permissions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32768,
                name: 'CreateBuildDefinition',
                displayName: 'Create build pipeline',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 65536,
                name: 'EditPipelineQueueConfigurationPermission',
                displayName: 'Edit queue build configuration',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 131072,
                name: 'ManageStageRunOrderPermission',
                displayName: 'Manage stage run order',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 262144,
                name: 'AbandonBuilds',
                displayName: 'Abandon builds',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Build.Server.BuildSecurityExtension',
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '8adf73b7-389a-4276-b638-fe1653f7efc7',
        name: 'DashboardsPrivileges',
        displayName: null,
        separatorValue: '/',
        elementLength: -1,
        writePermission: 16,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'Create',
                displayName: 'Create dashboard',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'Edit',
                displayName: 'Edit dashboard',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'Delete',
                displayName: 'Delete dashboard',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'ManagePermissions',
                displayName: 'ManagePermissions',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'MaterializeDashboards',
                displayName: 'Materialize Dashboards',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.Framework.Server.DashboardsPrivilegesExtension',
        isRemotable: false,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
    {
        namespaceId: '83e28ad4-2d72-4ceb-97b0-c7726d5502c3',
        name: 'CSS',
        displayName: 'CSS',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Integration',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View permissions for this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'CREATE_CHILDREN',
                displayName: 'Create child nodes',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'DELETE',
                displayName: 'Delete this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'WORK_ITEM_READ',
                displayName: 'View work items in this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'WORK_ITEM_WRITE',
                displayName: 'Edit work items in this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 64,
                name: 'MANAGE_TEST_PLANS',
                displayName: 'Manage test plans',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 128,
                name: 'MANAGE_TEST_SUITES',
                displayName: 'Manage test suites',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 512,
                name: 'WORK_ITEM_SAVE_COMMENT',
                displayName: 'Edit work item comments in this node',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.Azure.Boards.Plugins.Security.CSSNodeSecurityExtension',
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 0,
    },
    {
        namespaceId: '52d39943-cb85-4d7f-8fa8-c6baac873819',
        name: 'Project',
        displayName: 'Project',
        separatorValue: ':',
        elementLength: -1,
        writePermission: 2,
        readPermission: 1,
        dataspaceCategory: 'Default',
        actions: [
            {
                bit: 1,
                name: 'GENERIC_READ',
                displayName: 'View project-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2,
                name: 'GENERIC_WRITE',
                displayName: 'Edit project-level information',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4,
                name: 'DELETE',
                displayName: 'Delete team project',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8,
                name: 'PUBLISH_TEST_RESULTS',
                displayName: 'Create test runs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16,
                name: 'ADMINISTER_BUILD',
                displayName: 'Administer a build',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32,
                name: 'START_BUILD',
                displayName: 'Start a build',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 64,
                name: 'EDIT_BUILD_STATUS',
                displayName: 'Edit build quality',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 128,
                name: 'UPDATE_BUILD',
                displayName: 'Write to build operational store',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 256,
                name: 'DELETE_TEST_RESULTS',
                displayName: 'Delete test runs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 512,
                name: 'VIEW_TEST_RESULTS',
                displayName: 'View test runs',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2048,
                name: 'MANAGE_TEST_ENVIRONMENTS',
                displayName: 'Manage test environments',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4096,
                name: 'MANAGE_TEST_CONFIGURATIONS',
                displayName: 'Manage test configurations',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8192,
                name: 'WORK_ITEM_DELETE',
                displayName: 'Delete and restore work items',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16384,
                name: 'WORK_ITEM_MOVE',
                displayName: 'Move work items out of this project',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 32768,
                name: 'WORK_ITEM_PERMANENTLY_DELETE',
                displayName: 'Permanently delete work items',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 65536,
                name: 'RENAME',
                displayName: 'Rename team project',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 131072,
                name: 'MANAGE_PROPERTIES',
                displayName: 'Manage project properties',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 262144,
                name: 'MANAGE_SYSTEM_PROPERTIES',
                displayName: 'Manage system project properties',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 524288,
                name: 'BYPASS_PROPERTY_CACHE',
                displayName: 'Bypass project property cache',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 1048576,
                name: 'BYPASS_RULES',
                displayName: 'Bypass rules on work item updates',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 2097152,
                name: 'SUPPRESS_NOTIFICATIONS',
                displayName: 'Suppress notifications for work item updates',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 4194304,
                name: 'UPDATE_VISIBILITY',
                displayName: 'Update project visibility',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 8388608,
                name: 'CHANGE_PROCESS',
                displayName: 'Change process of team project',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 16777216,
                name: 'AGILETOOLS_BACKLOG',
                displayName: 'Agile backlog management.',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
            {
                bit: 33554432,
                name: 'AGILETOOLS_PLANS',
                displayName: 'Manage delivery plans',
                namespaceId: '00000000-0000-0000-0000-000000000000',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.ApplicationTier.PlugIns.Core.ProjectSecurityExtension',
        isRemotable: true,
        useTokenTranslator: true,
        systemBitMask: 17563648,
    },
    {
        namespaceId: 'a39371cf-0841-4c16-bbd3-276e341bc052',
        name: 'VersionControlItems',
        displayName: 'VersionControlItems',
        separatorValue: '/',
        elementLength: -1,
        writePermission: 1024,
        readPermission: 1,
        dataspaceCategory: 'VersionControl',
        actions: [
            {
                bit: 1,
                name: 'Read',
                displayName: 'Read',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 2,
                name: 'PendChange',
                displayName: 'Pend a change in a server workspace',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 4,
                name: 'Checkin',
                displayName: 'Check in',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 8,
                name: 'Label',
                displayName: 'Label',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 16,
                name: 'Lock',
                displayName: 'Lock',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 32,
                name: 'ReviseOther',
                displayName: "Revise other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 64,
                name: 'UnlockOther',
                displayName: "Unlock other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 128,
                name: 'UndoOther',
                displayName: "Undo other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 256,
                name: 'LabelOther',
                displayName: 'Administer labels',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 1024,
                name: 'AdminProjectRights',
                displayName: 'Manage permissions',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 2048,
                name: 'CheckinOther',
                displayName: "Check in other users' changes",
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 4096,
                name: 'Merge',
                displayName: 'Merge',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
            {
                bit: 8192,
                name: 'ManageBranch',
                displayName: 'Manage branch',
                namespaceId: '3c15a8b7-af1a-45c2-aa97-2cb97078332e',
            },
        ],
        structureValue: 1,
        extensionType: 'Microsoft.TeamFoundation.VersionControl.Server.PlugIns.RepositorySecurityNamespaceExtension',
        isRemotable: true,
        useTokenTranslator: false,
        systemBitMask: 0,
    },
];

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/scenario.ts
/**
 * The `azureDevOps:` section of a sandbox scenario file, and the generator of the `large` scenario's organization.
 *
 * Identity references (`AdoIdentityRef`) are strings:
 * - `$automation`: the automation identity (the app ado-guard signs in as);
 * - a UPN or mail (contains `@`): an Entra user of the org (see `users`), or an `otherTenantIdentities` entry;
 * - `[Project]\Group` or `[org]\Group`: a group by principal name, e.g. `[Sales]\Readers`,
 *   `[contoso]\Project Collection Administrators`;
 * - `app:<application>`: a service principal of `servicePrincipals` (or the automation) by its Entra application
 *   (client) id, or by the display name of a `tenant.applications` entry, e.g. `app:dbt Cloud`;
 * - anything else is taken as a raw identity descriptor (e.g. `Microsoft.TeamFoundation.Identity;S-1-9-…`).
 */
/** A `projects × repos` organization for the `large` scenario. Names only: ids come from the seed at load. */
function generateLargeAdo(projects, repos, opts = {}) {
    const projectSpecs = new Array(projects);
    const width = String(projects).length;
    for (let p = 0; p < projects; p++) {
        const name = `project-${String(p + 1).padStart(width, '0')}`;
        const repositories = new Array(repos);
        for (let r = 0; r < repos; r++) {
            const index = p * repos + r + 1;
            const disabled = (opts.disabledEvery ?? 0) > 0 && index % (opts.disabledEvery ?? 1) === 0;
            repositories[r] = { name: `repo-${r + 1}`, disabled };
        }
        projectSpecs[p] = { name, repositories };
    }
    const groups = [...(opts.extra?.groups ?? [])];
    if (opts.serviceUser) {
        for (const project of projectSpecs)
            groups.push({ name: 'Readers', project: project.name, members: [opts.serviceUser] });
    }
    return {
        ...opts.extra,
        organization: opts.organization ?? opts.extra?.organization ?? 'large',
        projects: [...projectSpecs, ...(opts.extra?.projects ?? [])],
        users: [...(opts.extra?.users ?? []), ...(opts.serviceUser ? [{ upn: opts.serviceUser }] : [])],
        groups,
    };
}

;// CONCATENATED MODULE: ./src/sandbox/state/ado.ts




const NAMESPACE_IDS = {
    ServiceHooks: 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046',
    'Git Repositories': '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87',
    Project: '52d39943-cb85-4d7f-8fa8-c6baac873819',
};
const COLLECTION_ADMINS = 'Project Collection Administrators';
const COLLECTION_VALID_USERS = 'Project Collection Valid Users';
const AUTOMATION_REF = '$automation';
const APP_REF = 'app:';
/** Default project groups as recorded (reference §7), with their SID suffix when well known. */
const PROJECT_GROUPS = [
    { name: (p) => `${p} Team`, description: 'The default project team.' },
    { name: () => 'Readers', description: 'Members of this group have access to the team project.' },
    {
        name: () => 'Project Valid Users',
        description: 'Members of this group have access to the team project.',
        wellKnown: '0-0-0-0-3',
    },
    {
        name: () => 'Contributors',
        description: 'Members of this group can add, modify, and delete items within the team project.',
    },
    {
        name: () => 'Project Administrators',
        description: 'Members of this group can perform all operations in the team project.',
        wellKnown: '0-0-0-0-1',
    },
    {
        name: () => 'Build Administrators',
        description: 'Members of this group can create, modify and delete build definitions and manage queued and completed builds.',
        wellKnown: '0-0-0-1-2',
    },
];
/** Bits granted by the default ACLs (a plausible subset of a new organization's defaults). */
const GIT = { read: 2, contribute: 2 | 4 | 16 | 32 | 64 | 16384 };
function namespaceById(id) {
    const lower = id.toLowerCase();
    return SECURITY_NAMESPACES.find((ns) => ns.namespaceId === lower);
}
function allBits(ns) {
    return ns.actions.reduce((bits, action) => bits | action.bit, 0);
}
function projectToken(namespaceId, projectId) {
    switch (namespaceId) {
        case NAMESPACE_IDS.ServiceHooks:
            return `PublisherSecurity/${projectId}`;
        case NAMESPACE_IDS['Git Repositories']:
            return `repoV2/${projectId}`;
        default:
            return `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;
    }
}
class AdoState {
    deps;
    organization;
    organizationId;
    /** Connected tenant; ZERO_GUID for an MSA-backed org. */
    tenantId;
    oauthThirdPartyAccess;
    rateLimit;
    /** See AdoScenario.projectPageLimit. */
    projectPageLimit;
    collectionScopeDescriptor;
    projects = [];
    namespaces = new Map();
    /** Automation identity (may be matched by app id when its service principal object id is unknown). */
    automation;
    identities = new Map();
    byDescriptor = new Map();
    bySubject = new Map();
    byOriginId = new Map();
    /** Lower-cased principal name, mail and display name → identities (search and scenario references). */
    byName = new Map();
    groupsByPrincipal = new Map();
    /** Lower-cased Entra application id → the service principal identity of that app (the automation too). */
    servicePrincipalsByApp = new Map();
    projectsByKey = new Map();
    scopeToProject = new Map();
    /** container id → member ids, and the reverse. */
    members = new Map();
    memberOf = new Map();
    pats = new Map();
    requestLog = new Map();
    collectionSidPrefix;
    collectionAdmins;
    collectionValidUsers;
    constructor(spec, deps) {
        this.deps = deps;
        const { rng } = deps;
        if (!spec.organization || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(spec.organization)) {
            throw new Error(`azureDevOps.organization: "${spec.organization ?? ''}" is not an organization name; use letters, digits and dashes, e.g. "contoso"`);
        }
        this.organization = spec.organization;
        this.organizationId = spec.organizationId ?? seededGuid(rng);
        this.tenantId =
            spec.tenantId === null ? ZERO_GUID : (spec.tenantId ?? deps.entra.tenantId).toLowerCase() || ZERO_GUID;
        this.oauthThirdPartyAccess = spec.oauthThirdPartyAccess;
        this.rateLimit = spec.rateLimit;
        if (spec.projectPageLimit !== undefined &&
            !(Number.isInteger(spec.projectPageLimit) && spec.projectPageLimit > 0)) {
            throw new Error('azureDevOps.projectPageLimit: must be a whole number of projects, 1 or more');
        }
        this.projectPageLimit = spec.projectPageLimit;
        this.collectionScopeDescriptor = opaqueDescriptor('scp', rng);
        this.collectionSidPrefix = scopeSidPrefix(rng);
        for (const ns of SECURITY_NAMESPACES) {
            if (!this.namespaces.has(ns.namespaceId)) {
                this.namespaces.set(ns.namespaceId, new NamespaceAcls(ns, deps.clock, 0));
            }
        }
        this.buildCollectionGroups();
        for (const [index, project] of spec.projects.entries())
            this.addProject(project, index);
        this.buildUsers(spec);
        this.buildServicePrincipals(spec);
        this.buildGroups(spec);
        this.buildPats(spec);
        if (spec.defaultAcls ?? true)
            this.buildDefaultAcls();
        if (!(spec.automation?.collectionAdministrator ?? true))
            this.grantAutomationReadOnly();
        for (const [index, acl] of (spec.acls ?? []).entries()) {
            this.applyAclSpec(acl, `azureDevOps.acls[${index}]`);
        }
        // The scenario's own ACLs are the starting state: the read-after-write lag applies to later writes only.
        if ((spec.aclLagMs ?? 0) < 0)
            throw new Error('azureDevOps.aclLagMs: must be 0 or more milliseconds');
        for (const acls of this.namespaces.values())
            acls.lagMs = spec.aclLagMs ?? 0;
    }
    get isMsaBacked() {
        return this.tenantId === ZERO_GUID;
    }
    // ---------------------------------------------------------------- building
    addIdentity(identity) {
        this.identities.set(identity.id, identity);
        this.byDescriptor.set(descriptorKey(identity.descriptor), identity);
        this.bySubject.set(identity.subjectDescriptor.toLowerCase(), identity);
        if (identity.kind === 'group')
            this.groupsByPrincipal.set(identity.principalName.toLowerCase(), identity);
        else
            this.byOriginId.set(identity.originId.toLowerCase(), identity);
        if (identity.kind === 'servicePrincipal' && identity.appId)
            this.servicePrincipalsByApp.set(identity.appId, identity);
        const names = new Set([identity.principalName, identity.mail ?? '', identity.displayName].map((n) => n.toLowerCase()));
        for (const name of names) {
            if (!name)
                continue;
            const list = this.byName.get(name);
            if (list)
                list.push(identity);
            else
                this.byName.set(name, [identity]);
        }
        return identity;
    }
    makeGroup(scopeName, name, description, sid, project) {
        return this.addIdentity({
            id: seededGuid(this.deps.rng),
            kind: 'group',
            descriptor: groupIdentityDescriptor(sid),
            subjectDescriptor: groupSubjectDescriptor(sid),
            displayName: name,
            principalName: `[${scopeName}]\\${name}`,
            mail: undefined,
            domain: project
                ? `vstfs:///Classification/TeamProject/${project.id}`
                : `vstfs:///Framework/IdentityDomain/${this.organizationId}`,
            originId: seededGuid(this.deps.rng),
            origin: 'vsts',
            isActive: true,
            description,
            projectId: project?.id,
            sid,
            directoryAlias: undefined,
            appId: undefined,
        });
    }
    buildCollectionGroups() {
        this.collectionAdmins = this.makeGroup(this.organization, COLLECTION_ADMINS, 'Members of this application group can perform all privileged operations on the Team Project Collection.', wellKnownSid(this.collectionSidPrefix, '0-0-0-0-1'), undefined);
        this.collectionValidUsers = this.makeGroup(this.organization, COLLECTION_VALID_USERS, 'This application group contains all users and groups that have access to the Team Project Collection.', wellKnownSid(this.collectionSidPrefix, '0-0-0-0-3'), undefined);
    }
    addProject(spec, index) {
        const { rng } = this.deps;
        const field = `azureDevOps.projects[${index}]`;
        if (!spec.name)
            throw new Error(`${field}.name: every project needs a name`);
        if (this.projectsByKey.has(spec.name.toLowerCase())) {
            throw new Error(`${field}.name: project "${spec.name}" appears twice; project names are unique`);
        }
        const id = (spec.id ?? seededGuid(rng)).toLowerCase();
        const project = {
            id,
            name: spec.name,
            description: spec.description ?? '',
            visibility: spec.visibility ?? 'private',
            state: spec.state ?? 'wellFormed',
            revision: 10 + index,
            lastUpdateTime: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
            scopeDescriptor: opaqueDescriptor('scp', rng),
            defaultTeamId: seededGuid(rng),
            repositories: [],
        };
        const names = new Set();
        for (const [r, repo] of (spec.repositories ?? []).entries()) {
            if (names.has(repo.name.toLowerCase())) {
                throw new Error(`${field}.repositories[${r}].name: "${repo.name}" appears twice in project "${spec.name}"`);
            }
            names.add(repo.name.toLowerCase());
            project.repositories.push({
                id: (repo.id ?? seededGuid(rng)).toLowerCase(),
                name: repo.name,
                projectId: id,
                isDisabled: repo.disabled ?? false,
                defaultBranch: repo.defaultBranch === null ? undefined : (repo.defaultBranch ?? 'refs/heads/main'),
                size: repo.defaultBranch === null ? 0 : 1024 * (r + 1),
            });
        }
        this.projects.push(project);
        this.projectsByKey.set(project.name.toLowerCase(), project);
        this.projectsByKey.set(project.id, project);
        this.scopeToProject.set(project.scopeDescriptor.toLowerCase(), project);
        const prefix = scopeSidPrefix(rng);
        const groups = PROJECT_GROUPS.map((g) => this.makeGroup(project.name, g.name(project.name), g.description, g.wellKnown ? wellKnownSid(prefix, g.wellKnown) : randomGroupSid(prefix, rng), project));
        const [team, readers, validUsers, contributors, admins, buildAdmins] = groups;
        team.originId = project.defaultTeamId;
        for (const g of [team, readers, contributors, admins, buildAdmins])
            this.link(validUsers.id, g.id);
        this.link(contributors.id, team.id);
        this.link(this.collectionValidUsers.id, validUsers.id);
    }
    buildUsers(spec) {
        const { entra, rng } = this.deps;
        for (const [index, user] of (spec.users ?? []).entries()) {
            const field = `azureDevOps.users[${index}]`;
            if (!user.upn?.includes('@'))
                throw new Error(`${field}.upn: "${user.upn ?? ''}" is not a UPN like svc@contoso.com`);
            const found = entra.findUser(user.upn);
            const upn = found?.userPrincipalName ?? user.upn;
            const mail = user.mail ?? found?.mail ?? upn;
            const tenant = this.isMsaBacked ? undefined : this.tenantId;
            this.addIdentity({
                id: seededGuid(rng),
                kind: 'user',
                // Guests in an Entra-backed org carry the org's tenant in the descriptor (reference §0).
                descriptor: tenant
                    ? userIdentityDescriptor(tenant, upn)
                    : `Microsoft.IdentityModel.Claims.ClaimsIdentity;${upn}`,
                subjectDescriptor: opaqueDescriptor(tenant ? 'aad' : 'msa', rng),
                displayName: user.displayName ?? found?.displayName ?? upn,
                principalName: upn,
                mail,
                domain: tenant ?? 'Windows Live ID',
                originId: (user.objectId ?? found?.objectId ?? seededGuid(rng)).toLowerCase(),
                origin: tenant ? 'aad' : 'msa',
                isActive: user.active ?? true,
                description: '',
                projectId: undefined,
                sid: undefined,
                directoryAlias: upn.replace('@', '_') + (found && found.tenantId === this.tenantId ? '' : '#EXT#'),
                appId: undefined,
            });
        }
        for (const [index, other] of (spec.otherTenantIdentities ?? []).entries()) {
            const field = `azureDevOps.otherTenantIdentities[${index}]`;
            if (other.tenantId.toLowerCase() === this.tenantId) {
                throw new Error(`${field}.tenantId: must differ from the organization's tenant ${this.tenantId}`);
            }
            this.addIdentity({
                id: seededGuid(rng),
                kind: 'user',
                descriptor: userIdentityDescriptor(other.tenantId.toLowerCase(), other.mail),
                subjectDescriptor: opaqueDescriptor('aad', rng),
                displayName: other.displayName ?? other.mail,
                principalName: other.mail,
                mail: other.mail,
                domain: other.tenantId.toLowerCase(),
                originId: seededGuid(rng),
                origin: 'aad',
                isActive: other.active ?? true,
                description: '',
                projectId: undefined,
                sid: undefined,
                directoryAlias: other.mail.replace('@', '_'),
                appId: undefined,
            });
        }
        const auto = spec.automation ?? {};
        const objectId = auto.objectId ??
            (auto.appId ? entra.servicePrincipalObjectId(auto.appId) : undefined) ??
            seededGuid(rng);
        const tenant = this.isMsaBacked ? entra.tenantId : this.tenantId;
        this.automation = this.addIdentity({
            id: seededGuid(rng),
            kind: 'servicePrincipal',
            descriptor: `${SERVICE_PRINCIPAL_IDENTITY_PREFIX}${tenant}\\${objectId.toLowerCase()}`,
            subjectDescriptor: opaqueDescriptor('aadsp', rng),
            displayName: auto.displayName ?? 'ado-guard automation',
            principalName: auto.appId ?? objectId,
            mail: undefined,
            domain: tenant,
            originId: objectId.toLowerCase(),
            origin: 'aad',
            isActive: true,
            description: '',
            projectId: undefined,
            sid: undefined,
            directoryAlias: undefined,
            appId: auto.appId?.toLowerCase(),
        });
        if (auto.collectionAdministrator ?? true)
            this.link(this.collectionAdmins.id, this.automation.id);
    }
    buildServicePrincipals(spec) {
        const { entra, rng } = this.deps;
        const tenant = this.isMsaBacked ? entra.tenantId : this.tenantId;
        for (const [index, sp] of (spec.servicePrincipals ?? []).entries()) {
            const field = `azureDevOps.servicePrincipals[${index}]`;
            const app = sp.application ? entra.applicationInfo(sp.application) : undefined;
            if (!app && !isGuid(sp.application ?? '')) {
                throw new Error(`${field}.application: "${sp.application ?? ''}" is neither an application id nor the display name of a tenant.applications entry`);
            }
            const appId = (app?.appId ?? sp.application).toLowerCase();
            if (this.servicePrincipalsByApp.has(appId)) {
                throw new Error(`${field}.application: app ${appId} is already a service principal of the organization` +
                    (this.automation.appId === appId ? ' (the automation: refer to it as $automation)' : ''));
            }
            const objectId = (sp.objectId ??
                entra.servicePrincipalObjectId(appId) ??
                seededGuid(rng)).toLowerCase();
            this.addIdentity({
                id: seededGuid(rng),
                kind: 'servicePrincipal',
                descriptor: `${SERVICE_PRINCIPAL_IDENTITY_PREFIX}${tenant}\\${objectId}`,
                subjectDescriptor: opaqueDescriptor('aadsp', rng),
                displayName: sp.displayName ?? app?.displayName ?? appId,
                principalName: appId,
                mail: undefined,
                domain: tenant,
                originId: objectId,
                origin: 'aad',
                isActive: sp.active ?? true,
                description: '',
                projectId: undefined,
                sid: undefined,
                directoryAlias: undefined,
                appId,
            });
        }
    }
    buildGroups(spec) {
        const groups = spec.groups ?? [];
        // Create every custom group first, so members may reference groups declared later.
        for (const [index, group] of groups.entries()) {
            const field = `azureDevOps.groups[${index}]`;
            const scope = group.project ? this.projectOrThrow(group.project, `${field}.project`) : undefined;
            const scopeName = scope?.name ?? this.organization;
            if (this.groupsByPrincipal.has(`[${scopeName}]\\${group.name}`.toLowerCase()))
                continue;
            const prefix = scope ? this.sidPrefixOf(scope) : this.collectionSidPrefix;
            const created = this.makeGroup(scopeName, group.name, group.description ?? 'Custom group', randomGroupSid(prefix, this.deps.rng), scope);
            // Project groups are members of the project's Valid Users group, as the defaults are (reference §7).
            if (scope)
                this.link(this.projectGroup(scope, 'Project Valid Users').id, created.id);
        }
        for (const [index, group] of groups.entries()) {
            const field = `azureDevOps.groups[${index}]`;
            const scopeName = group.project
                ? this.projectOrThrow(group.project, `${field}.project`).name
                : this.organization;
            const container = this.groupsByPrincipal.get(`[${scopeName}]\\${group.name}`.toLowerCase());
            for (const [m, ref] of (group.members ?? []).entries()) {
                const member = this.resolveRefOrThrow(ref, `${field}.members[${m}]`);
                if (!member)
                    throw new Error(`${field}.members[${m}]: "${ref}" is not an identity of the organization`);
                if (member.id === container.id)
                    throw new Error(`${field}.members[${m}]: a group cannot contain itself`);
                this.link(container.id, member.id);
            }
        }
    }
    buildPats(spec) {
        for (const [index, pat] of (spec.pats ?? []).entries()) {
            const field = `azureDevOps.pats[${index}]`;
            const identity = this.resolveRefOrThrow(pat.identity, `${field}.identity`);
            if (!identity)
                throw new Error(`${field}.identity: "${pat.identity}" is not an identity of the organization`);
            const value = pat.value ?? this.deps.rng.string(52);
            this.pats.set(value, {
                name: pat.name ?? `pat-${index + 1}`,
                value,
                identityId: identity.id,
                active: pat.active ?? true,
            });
        }
    }
    sidPrefixOf(project) {
        const sid = this.projectGroup(project, 'Project Valid Users').sid;
        return sid.slice(0, sid.length - '-0-0-0-0-3'.length);
    }
    buildDefaultAcls() {
        const sh = this.namespace(NAMESPACE_IDS.ServiceHooks);
        const git = this.namespace(NAMESPACE_IDS['Git Repositories']);
        const proj = this.namespace(NAMESPACE_IDS.Project);
        const pca = this.collectionAdmins.descriptor;
        sh.setAcl('PublisherSecurity', true, [{ descriptor: pca, allow: allBits(sh.namespace), deny: 0 }]);
        git.setAcl('repoV2', true, [{ descriptor: pca, allow: allBits(git.namespace), deny: 0 }]);
        // Project namespace: PCA on each project token rather than `$PROJECT`, so a namespace-wide query answers one
        // ACL per project, as recorded (207 project tokens, reference §2).
        for (const project of this.projects) {
            const g = (name) => this.projectGroup(project, name).descriptor;
            sh.setAcl(projectToken(NAMESPACE_IDS.ServiceHooks, project.id), true, [
                { descriptor: g('Project Administrators'), allow: allBits(sh.namespace), deny: 0 },
            ]);
            git.setAcl(projectToken(NAMESPACE_IDS['Git Repositories'], project.id), true, [
                { descriptor: g('Project Administrators'), allow: allBits(git.namespace), deny: 0 },
                { descriptor: g('Contributors'), allow: GIT.contribute, deny: 0 },
                { descriptor: g('Build Administrators'), allow: GIT.contribute, deny: 0 },
                { descriptor: g('Readers'), allow: GIT.read, deny: 0 },
            ]);
            proj.setAcl(projectToken(NAMESPACE_IDS.Project, project.id), true, [
                { descriptor: pca, allow: allBits(proj.namespace), deny: 0 },
                { descriptor: g('Project Administrators'), allow: allBits(proj.namespace), deny: 0 },
                { descriptor: g('Project Valid Users'), allow: 1, deny: 0 },
            ]);
        }
    }
    /** A plain-reader automation: readPermission bits at each root token, nothing more. */
    grantAutomationReadOnly() {
        const roots = [
            [NAMESPACE_IDS.ServiceHooks, 'PublisherSecurity'],
            [NAMESPACE_IDS['Git Repositories'], 'repoV2'],
            [NAMESPACE_IDS.Project, '$PROJECT'],
        ];
        for (const [id, token] of roots) {
            const acls = this.namespace(id);
            acls.setAces(token, [{ descriptor: this.automation.descriptor, allow: acls.namespace.readPermission, deny: 0 }], true);
        }
    }
    applyAclSpec(spec, field) {
        const nsId = NAMESPACE_IDS[spec.namespace] ??
            SECURITY_NAMESPACES.find((ns) => ns.namespaceId === spec.namespace.toLowerCase() || ns.name === spec.namespace)?.namespaceId;
        const acls = nsId ? this.namespace(nsId) : undefined;
        if (!acls) {
            throw new Error(`${field}.namespace: "${spec.namespace}" is not a security namespace; use ServiceHooks, Git Repositories, Project or a namespace id`);
        }
        const token = this.resolveTokenPlaceholders(spec.token, `${field}.token`);
        const aces = spec.aces.map((ace, a) => {
            const identity = this.resolveRefOrThrow(ace.identity, `${field}.aces[${a}].identity`);
            return {
                descriptor: identity?.descriptor ?? ace.identity,
                allow: this.bits(acls.namespace, ace.allow, `${field}.aces[${a}].allow`),
                deny: this.bits(acls.namespace, ace.deny, `${field}.aces[${a}].deny`),
            };
        });
        const existing = acls.get(token, 'write');
        const merged = new Map();
        for (const ace of existing?.aces.values() ?? [])
            merged.set(descriptorKey(ace.descriptor), ace);
        for (const ace of aces)
            merged.set(descriptorKey(ace.descriptor), ace);
        acls.setAcl(token, spec.inheritPermissions ?? true, [...merged.values()]);
    }
    bits(ns, value, field) {
        if (value === undefined)
            return 0;
        if (typeof value === 'number')
            return value;
        let bits = 0;
        for (const name of value) {
            const action = ns.actions.find((a) => a.name.toLowerCase() === name.toLowerCase());
            if (!action) {
                throw new Error(`${field}: "${name}" is not an action of ${ns.name}; use one of ${ns.actions.map((a) => a.name).join(', ')}`);
            }
            bits |= action.bit;
        }
        return bits;
    }
    /** `repoV2/{Sales}/{dbt-models}` → `repoV2/<projectId>/<repoId>`. */
    resolveTokenPlaceholders(token, field) {
        let project;
        return token.replace(/\{([^}]+)\}/g, (_match, name) => {
            if (!project) {
                project = this.projectOrThrow(name, field);
                return project.id;
            }
            const repo = project.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
            if (!repo)
                throw new Error(`${field}: repository "${name}" is not in project "${project.name}"; add it or fix the name`);
            return repo.id;
        });
    }
    projectOrThrow(name, field) {
        const project = this.projectsByKey.get(name.toLowerCase());
        if (!project)
            throw new Error(`${field}: project "${name}" is not in azureDevOps.projects; add it or fix the name`);
        return project;
    }
    resolveRefOrThrow(ref, field) {
        if (ref === AUTOMATION_REF)
            return this.automation;
        if (ref.startsWith('[')) {
            const group = this.groupsByPrincipal.get(ref.toLowerCase());
            if (!group)
                throw new Error(`${field}: group "${ref}" does not exist; declare it in azureDevOps.groups`);
            return group;
        }
        if (ref.toLowerCase().startsWith(APP_REF)) {
            const name = ref.slice(APP_REF.length);
            const appId = (this.deps.entra.applicationInfo(name)?.appId ?? name).toLowerCase();
            const sp = this.servicePrincipalsByApp.get(appId);
            if (!sp)
                throw new Error(`${field}: "${ref}" is not a service principal of the organization; add it to azureDevOps.servicePrincipals`);
            return sp;
        }
        if (ref.includes('@') && !ref.includes(';')) {
            const lower = ref.toLowerCase();
            const users = this.identitiesNamed(lower).filter((i) => i.kind === 'user' && (i.principalName.toLowerCase() === lower || i.mail?.toLowerCase() === lower));
            const inOrg = users.find((u) => u.domain === this.tenantId) ?? users[0];
            if (!inOrg)
                throw new Error(`${field}: user "${ref}" is not in azureDevOps.users; add it there`);
            return inOrg;
        }
        return this.byDescriptor.get(descriptorKey(ref));
    }
    link(containerId, memberId) {
        let set = this.members.get(containerId);
        if (!set)
            this.members.set(containerId, (set = new Set()));
        set.add(memberId);
        let up = this.memberOf.get(memberId);
        if (!up)
            this.memberOf.set(memberId, (up = new Set()));
        up.add(containerId);
    }
    // ---------------------------------------------------------------- lookups
    namespace(id) {
        const ns = namespaceById(id);
        return ns ? this.namespaces.get(ns.namespaceId) : undefined;
    }
    project(idOrName) {
        return this.projectsByKey.get(idOrName.toLowerCase());
    }
    projectOfScope(scopeDescriptor) {
        return this.scopeToProject.get(scopeDescriptor.toLowerCase());
    }
    projectGroup(project, name) {
        const group = this.groupsByPrincipal.get(`[${project.name}]\\${name}`.toLowerCase());
        if (!group)
            throw new Error(`project "${project.name}" has no group "${name}"`);
        return group;
    }
    collectionGroup(name) {
        return name === 'admins' ? this.collectionAdmins : this.collectionValidUsers;
    }
    identity(id) {
        return this.identities.get(id.toLowerCase());
    }
    identityByDescriptor(descriptor) {
        return this.byDescriptor.get(descriptorKey(descriptor));
    }
    identityBySubject(subjectDescriptor) {
        return this.bySubject.get(subjectDescriptor.toLowerCase());
    }
    /**
     * The identity a Bearer token's principal maps to: by Entra object id, or, for an app-only token, the automation
     * by app id (a delegated token through the same app is the user's, never the app's).
     */
    identityForPrincipal(principal) {
        const byOid = this.byOriginId.get(principal.objectId.toLowerCase());
        if (byOid)
            return byOid;
        const automationApp = this.automation.appId;
        if (principal.kind === 'app' && automationApp && automationApp === principal.appId.toLowerCase()) {
            return this.automation;
        }
        return undefined;
    }
    identityForPat(value) {
        const pat = this.pats.get(value);
        return pat?.active ? this.identities.get(pat.identityId) : undefined;
    }
    /** Identities whose principal name, mail or display name is `name` (case-insensitive). */
    identitiesNamed(name) {
        return this.byName.get(name.toLowerCase()) ?? [];
    }
    allIdentities() {
        return this.identities.values();
    }
    /** Service principals of the organization (the automation among them when it has an app id), in creation order. */
    servicePrincipals() {
        return [...this.servicePrincipalsByApp.values()];
    }
    /** Groups of a scope (a project's scp descriptor, or the collection's), in creation order. */
    groupsOfScope(scopeDescriptor) {
        const project = scopeDescriptor ? this.projectOfScope(scopeDescriptor) : undefined;
        if (scopeDescriptor &&
            !project &&
            scopeDescriptor.toLowerCase() !== this.collectionScopeDescriptor.toLowerCase()) {
            return [];
        }
        const out = [];
        for (const identity of this.identities.values()) {
            if (identity.kind !== 'group')
                continue;
            if (!scopeDescriptor || identity.projectId === project?.id)
                out.push(identity);
        }
        return out;
    }
    directMembers(containerId) {
        return [...(this.members.get(containerId) ?? [])].map((id) => this.identities.get(id));
    }
    directContainers(memberId) {
        return [...(this.memberOf.get(memberId) ?? [])].map((id) => this.identities.get(id));
    }
    isDirectMember(containerId, memberId) {
        return this.members.get(containerId)?.has(memberId) ?? false;
    }
    addMembership(containerId, memberId) {
        this.link(containerId, memberId);
    }
    removeMembership(containerId, memberId) {
        const removed = this.members.get(containerId)?.delete(memberId) ?? false;
        this.memberOf.get(memberId)?.delete(containerId);
        return removed;
    }
    /** Transitive groups of `identity`, with the implicit Project Collection Valid Users for an active member. */
    memberOfExpanded(identity) {
        const groups = this.expandedContainers(identity.id);
        const pcvu = this.collectionValidUsers;
        if (identity.kind !== 'group' && identity.isActive && !groups.some((g) => g.id === pcvu.id))
            groups.push(pcvu);
        return groups;
    }
    /** Every group `memberId` belongs to, transitively (cycle-safe). */
    expandedContainers(memberId) {
        const seen = new Set();
        const queue = [memberId];
        while (queue.length > 0) {
            const next = queue.shift();
            for (const container of this.memberOf.get(next) ?? []) {
                if (seen.has(container) || container === memberId)
                    continue;
                seen.add(container);
                queue.push(container);
            }
        }
        return [...seen].map((id) => this.identities.get(id));
    }
    /**
     * The lower-cased descriptors whose ACEs count for `descriptor`: itself and every group it is a transitive member
     * of (reference §2 step 3). Every user of the org is implicitly in Project Collection Valid Users.
     */
    principalsOf(descriptor) {
        const principals = new Set([descriptorKey(descriptor)]);
        const identity = this.identityByDescriptor(descriptor);
        if (!identity)
            return principals;
        for (const group of this.expandedContainers(identity.id))
            principals.add(descriptorKey(group.descriptor));
        if (identity.kind !== 'group' && identity.isActive) {
            principals.add(descriptorKey(this.collectionValidUsers.descriptor));
        }
        return principals;
    }
    /** Whether `descriptor` has every bit of `bits` on `token` (current state, no lag). */
    hasPermission(namespaceId, token, descriptor, bits) {
        const acls = this.namespace(namespaceId);
        if (!acls)
            return false;
        const effective = acls.evaluate(token, descriptor, this.principalsOf(descriptor), 'write');
        return (effective.effectiveAllow & bits) === bits;
    }
    // ---------------------------------------------------------------- rate limiting
    /** Counts a request of `callerKey` and says which rate-limit headers to send and whether to block (§8). */
    consumeRateLimit(callerKey) {
        const spec = this.rateLimit;
        if (!spec)
            return undefined;
        const now = this.deps.clock.now();
        const windowMs = spec.windowMs ?? 300_000;
        const log = (this.requestLog.get(callerKey) ?? []).filter((t) => t > now - windowMs);
        log.push(now);
        this.requestLog.set(callerKey, log);
        const used = log.length;
        const blockAfter = spec.blockAfter ?? spec.limit * 2;
        const oldest = log[0] ?? now;
        const headers = {
            'X-RateLimit-Resource': 'Core',
            'X-RateLimit-Limit': String(spec.limit),
            'X-RateLimit-Remaining': String(Math.max(0, spec.limit - used)),
            'X-RateLimit-Reset': String(Math.ceil((oldest + windowMs) / 1000)),
        };
        if (used > spec.limit) {
            headers['Retry-After'] = String(spec.retryAfterSeconds ?? 5);
            if (used <= blockAfter)
                headers['X-RateLimit-Delay'] = (spec.delaySeconds ?? 0.5).toFixed(3);
        }
        return { headers, blocked: used > blockAfter };
    }
    // ---------------------------------------------------------------- snapshots
    snapshot() {
        const name = (id) => this.identities.get(id)?.principalName ?? id;
        const memberships = [];
        for (const [container, members] of this.members) {
            for (const member of members)
                memberships.push({ container: name(container), member: name(member) });
        }
        const acls = {};
        for (const ns of this.namespaces.values()) {
            const list = ns.toJSON();
            if (list.length > 0)
                acls[ns.namespace.name] = list;
        }
        return {
            organization: this.organization,
            organizationId: this.organizationId,
            tenantId: this.tenantId,
            oauthThirdPartyAccess: this.oauthThirdPartyAccess,
            projects: this.projects.map((p) => ({
                id: p.id,
                name: p.name,
                state: p.state,
                repositories: p.repositories.map((r) => ({ id: r.id, name: r.name, isDisabled: r.isDisabled })),
            })),
            identities: [...this.identities.values()].map((i) => ({
                id: i.id,
                kind: i.kind,
                principalName: i.principalName,
                descriptor: i.descriptor,
                subjectDescriptor: i.subjectDescriptor,
                isActive: i.isActive,
            })),
            memberships,
            acls,
            pats: [...this.pats.values()].map((p) => ({
                name: p.name,
                identity: name(p.identityId),
                active: p.active,
            })),
        };
    }
    /** Every secret the org knows (PAT values), for leak scans. */
    secrets() {
        return [...this.pats.keys()];
    }
    /** The PAT values per label, for tests and the sandbox's printed env. */
    patValues() {
        const out = {};
        for (const pat of this.pats.values())
            out[pat.name] = pat.value;
        return out;
    }
}
function createAdoState(spec, deps) {
    return new AdoState(spec, deps);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 7 modules
var schemas = __webpack_require__(2311);
;// CONCATENATED MODULE: ./src/sandbox/server/faults.ts
/**
 * Injected faults and latency (docs/sandbox.md, "Faults"). Rules are checked in order for each request to a
 * service other than `control`; the first rule that matches and fires decides the fault. Dice come from a seeded
 * RNG, so the same seed and the same request sequence replay the same faults.
 */

const FAULT_KINDS = [
    '429',
    '503',
    'retryAfter200',
    'reset',
    'slow',
    'fail',
    'echo',
    'corrupt',
];
/** How a `corrupt` rule damages a normal answer (its status stays). */
const CORRUPTIONS = ['truncated', 'html', 'null', 'empty', 'wrongTypes'];
const FAULTABLE_SERVICES = [
    'authority',
    'azureDevOps',
    'azureDevOpsIdentity',
    'graph',
    'dbtCloud',
    'conductorOne',
];
const regexSource = schemas/* string */.YjP().refine((source) => {
    try {
        new RegExp(source);
        return true;
    }
    catch {
        return false;
    }
}, { message: 'must be a valid regular expression (matched against the request path)' });
const faultRuleSchema = schemas/* object */.Ikc({
    kind: schemas/* enum */.k5n(FAULT_KINDS),
    service: schemas/* enum */.k5n(FAULTABLE_SERVICES).optional(),
    method: schemas/* string */.YjP()
        .min(1)
        .transform((method) => method.toUpperCase())
        .optional(),
    path: regexSource.optional(),
    every: schemas/* number */.aig().int().positive().optional(),
    probability: schemas/* number */.aig().min(0).max(1).optional(),
    count: schemas/* number */.aig().int().positive().optional(),
    /** Seconds, for 429, 503 and retryAfter200 (default 1). */
    retryAfter: schemas/* number */.aig().int().min(0).optional(),
    /** 503 only: answer with an HTML page instead of JSON. */
    html: schemas/* boolean */.zMY().optional(),
    /** slow only: how long to hold the request (default 1000). */
    delayMs: schemas/* number */.aig().int().min(0).optional(),
    /** fail and echo: the status every matching request gets (default 500). */
    status: schemas/* number */.aig().int().min(400).max(599).optional(),
    /** corrupt only: how the answer is damaged (default truncated). */
    corruption: schemas/* enum */.k5n(CORRUPTIONS).optional(),
})
    .strict()
    .refine((rule) => rule.every === undefined || rule.probability === undefined, {
    message: 'give either "every" or "probability", not both',
});
const faultSettingsSchema = schemas/* object */.Ikc({
    latencyMs: schemas/* number */.aig().int().min(0).optional(),
    rules: schemas/* array */.YOg(faultRuleSchema).optional(),
    /**
     * At most this many faults in a row for one route (service, method and path): the next request to it goes
     * through. Transient faults, so that a client with enough retries always recovers. Unlimited when omitted.
     */
    maxInARow: schemas/* number */.aig().int().positive().optional(),
})
    .strict();
class FaultEngine {
    rules = [];
    current = {};
    /** Faults in a row per route, for `maxInARow`. */
    streaks = new Map();
    dice;
    newDice;
    /**
     * `dice` is the seeded RNG for probability rules, or a function making it: a function is called again whenever
     * the settings change, so the dice restart with the counters.
     */
    constructor(dice, settings = {}) {
        this.newDice = typeof dice === 'function' ? dice : () => dice;
        this.dice = this.newDice();
        this.set(settings);
    }
    /** Replaces the settings; counters and dice start again, so the same requests replay the same faults. */
    set(settings) {
        this.current = settings;
        this.dice = this.newDice();
        this.streaks.clear();
        this.rules = (settings.rules ?? []).map((rule) => ({
            rule,
            pattern: rule.path === undefined ? undefined : new RegExp(rule.path),
            matched: 0,
            fired: 0,
        }));
    }
    settings() {
        return { ...this.current, fired: this.rules.map((state) => state.fired) };
    }
    latencyFor(service) {
        return service === 'control' ? 0 : (this.current.latencyMs ?? 0);
    }
    /** The fault to inject for this request, if any. The control service never gets one. */
    decide(service, method, rawPath) {
        if (service === 'control')
            return undefined;
        const rule = this.pick(service, method, rawPath);
        const limit = this.current.maxInARow;
        if (limit === undefined)
            return rule;
        const route = `${service} ${method} ${rawPath}`;
        const streak = this.streaks.get(route) ?? 0;
        if (rule === undefined || streak >= limit) {
            this.streaks.delete(route);
            return undefined;
        }
        this.streaks.set(route, streak + 1);
        return rule;
    }
    /** The first rule that matches and fires; the dice roll whatever `maxInARow` then decides. */
    pick(service, method, rawPath) {
        for (const state of this.rules) {
            const { rule } = state;
            if (rule.service !== undefined && rule.service !== service)
                continue;
            if (rule.method !== undefined && rule.method !== method)
                continue;
            if (state.pattern && !state.pattern.test(rawPath))
                continue;
            if (rule.count !== undefined && state.fired >= rule.count)
                continue;
            state.matched += 1;
            const fires = rule.every !== undefined
                ? state.matched % rule.every === 0
                : rule.probability !== undefined
                    ? this.dice.next() < rule.probability
                    : true;
            if (fires) {
                state.fired += 1;
                return rule;
            }
        }
        return undefined;
    }
}
const SERVICE_UNAVAILABLE_HTML = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head>' +
    '<body><h1>Service Unavailable</h1><p>The service is temporarily unavailable. Please try again later.</p>' +
    '</body></html>';
function errorBody(service, status, message, code) {
    switch (service) {
        case 'azureDevOps':
        case 'azureDevOpsIdentity':
            return {
                $id: '1',
                innerException: null,
                message,
                typeName: `Microsoft.TeamFoundation.Framework.Server.${code}, Microsoft.TeamFoundation.Framework.Server`,
                typeKey: code,
                errorCode: 0,
                eventId: 3000,
            };
        case 'graph':
            return { error: { code, message, innerError: { date: new Date().toISOString() } } };
        case 'authority':
            return { error: 'temporarily_unavailable', error_description: message, error_codes: [status] };
        default:
            return { status: { code: status, is_success: false, user_message: message }, message };
    }
}
/**
 * An `echo` answer: an error in the service's shape whose message repeats the whole request (method, path and
 * query, every header including Authorization, and the body), as a careless service or proxy does.
 */
function echoResponse(rule, service, request) {
    const status = rule.status ?? 500;
    const headers = Object.entries(request.headers)
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
        .join('; ');
    const message = `Could not process ${request.method} ${request.target} (headers: ${headers}) (body: ${request.body})`;
    return { status, json: errorBody(service, status, message, 'EchoedRequest') };
}
/** A normal answer damaged by a `corrupt` rule; the status and headers stay, the body is replaced. */
function corruptResponse(rule, response) {
    const original = response.json !== undefined ? JSON.stringify(response.json) : (response.text ?? '');
    const headers = { ...(response.headers ?? {}) };
    for (const name of Object.keys(headers))
        if (name.toLowerCase() === 'content-length')
            delete headers[name];
    const damaged = (text, type = 'application/json; charset=utf-8') => ({
        status: response.status,
        headers: { ...headers, 'content-type': type },
        text,
    });
    switch (rule.corruption ?? 'truncated') {
        case 'truncated':
            return damaged(original.slice(0, Math.max(1, Math.floor(original.length / 2))));
        case 'html':
            return damaged(SERVICE_UNAVAILABLE_HTML, 'text/html; charset=utf-8');
        case 'null':
            return damaged('null');
        case 'empty':
            return damaged('');
        case 'wrongTypes':
            return damaged(JSON.stringify(wrongTypes(response.json)));
    }
}
/** Every value replaced by one of another type: objects keep their keys, arrays become objects, strings numbers. */
function wrongTypes(value) {
    if (Array.isArray(value))
        return { length: value.length };
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wrongTypes(inner)]));
    }
    if (typeof value === 'string')
        return 42;
    if (typeof value === 'number' || typeof value === 'boolean')
        return 'not a number';
    return [];
}
/** The response a 429, 503 or fail rule answers with (reset, slow and retryAfter200 are handled by the server). */
function faultResponse(rule, service) {
    const retryAfter = String(rule.retryAfter ?? 1);
    switch (rule.kind) {
        case '429': {
            const message = 'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource ' +
                "'Sandbox' in namespace 'sandbox'.";
            return {
                status: 429,
                headers: {
                    'retry-after': retryAfter,
                    'x-ratelimit-resource': 'Sandbox',
                    'x-ratelimit-remaining': '0',
                },
                json: errorBody(service, 429, message, 'RequestBlockedException'),
            };
        }
        case '503':
            return rule.html
                ? {
                    status: 503,
                    headers: { 'retry-after': retryAfter, 'content-type': 'text/html; charset=utf-8' },
                    text: SERVICE_UNAVAILABLE_HTML,
                }
                : {
                    status: 503,
                    headers: { 'retry-after': retryAfter },
                    json: errorBody(service, 503, 'The service is temporarily unavailable.', 'ServiceUnavailable'),
                };
        default: {
            const status = rule.status ?? 500;
            return {
                status,
                json: errorBody(service, status, `Injected failure (sandbox fault rule, status ${status}).`, 'InjectedFailure'),
            };
        }
    }
}

;// CONCATENATED MODULE: ./src/sandbox/scenario/spec.ts
/**
 * The scenario format (docs/sandbox.md): the top-level sections and their validation. Each service section is
 * defined and checked in depth by its slice (state/entra.ts, state/ado.ts, state/dbt.ts, state/c1.ts); this file
 * checks the shape around them.
 */


const section = schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J());
/** Lists of named things: checked here for shape (clear field paths); each slice checks the rest. */
const named = (key) => schemas/* array */.YOg(schemas/* looseObject */._H3({ [key]: schemas/* string */.YjP().min(1) }));
const tenantSection = schemas/* looseObject */._H3({
    users: named('userPrincipalName').optional(),
    applications: named('displayName').optional(),
});
const azureDevOpsSection = schemas/* looseObject */._H3({
    organization: schemas/* string */.YjP({ error: 'required: the Azure DevOps organization name, e.g. contoso' }).min(1),
    projects: schemas/* array */.YOg(schemas/* looseObject */._H3({ name: schemas/* string */.YjP().min(1), repositories: named('name').optional() })),
    users: named('upn').optional(),
    groups: named('name').optional(),
    acls: schemas/* array */.YOg(schemas/* looseObject */._H3({ namespace: schemas/* string */.YjP().min(1), token: schemas/* string */.YjP().min(1), aces: schemas/* array */.YOg(section) }))
        .optional(),
});
const scenarioSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP().min(1),
    description: schemas/* string */.YjP().optional(),
    seed: schemas/* number */.aig().int().min(0).max(0xffffffff).optional(),
    tenant: tenantSection.optional(),
    azureDevOps: azureDevOpsSection,
    dbtCloud: section.optional(),
    conductorOne: section.optional(),
    faults: faultSettingsSchema.optional(),
    policy: section.optional(),
})
    .strict();
/** `a.b[0].c` from a zod issue path. */
function fieldPath(path) {
    let out = '';
    for (const key of path) {
        if (typeof key === 'number')
            out += `[${key}]`;
        else
            out += out ? `.${String(key)}` : String(key);
    }
    return out || '(top level)';
}
/** Thrown for a scenario that cannot be used; the message names the scenario and the field. */
class ScenarioError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ScenarioError';
    }
}
/** Validates the top-level shape; throws a ScenarioError naming `source` and every field at fault. */
function validateScenario(input, source) {
    const result = scenarioSchema.safeParse(input);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => `  ${fieldPath(issue.path)}: ${issue.message}`);
        throw new ScenarioError(`Scenario ${source} is not valid:\n${problems.join('\n')}`);
    }
    return result.data;
}

;// CONCATENATED MODULE: ./src/sandbox/scenario/builtins.ts


const BUILT_IN_NAMES = ['healthy', 'drifted', 'service-principal', 'large'];
const ORGANIZATION = 'contoso';
const DOMAIN = 'contoso.com';
const SERVICE_USER = `dbt-svc@${DOMAIN}`;
const DBT_APP = 'dbt Cloud';
const C1_APP = 'ConductorOne';
const DBT_SECRET = 'dbt Cloud integration';
const C1_SECRET = 'ConductorOne connector';
const DEFAULT_LARGE = { projects: 1000, repos: 10 };
const MAX_LARGE_REPOSITORIES = 200_000;
const GIT_SERVICE_USER_ACTIONS = ['GenericContribute', 'PullRequestContribute'];
const SERVICE_HOOKS_ACTIONS = ['ViewSubscriptions', 'EditSubscriptions', 'DeleteSubscriptions'];
function isBuiltInName(ref) {
    return (ref === 'healthy' || ref === 'drifted' || ref === 'service-principal' || /^large(:\d+x\d+)?$/.test(ref));
}
function tenant(options) {
    const dbtApp = {
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
    const c1App = {
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
function projectGrants(project) {
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
function dbtCloud() {
    return {
        accountId: 12345,
        accountName: 'Contoso Analytics',
        azureAdApplication: { application: DBT_APP, secret: 'newest', organizationName: ORGANIZATION },
    };
}
function conductorOne() {
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
function healthy() {
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
function drifted() {
    const base = healthy();
    return {
        ...base,
        name: 'drifted',
        description: 'The demo story: missing grants, an explicit deny, a group deny, a missing Readers membership, app drift, a secret about to expire.',
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
function servicePrincipal() {
    const base = healthy();
    const dbtServicePrincipal = `app:${DBT_APP}`;
    return {
        ...base,
        name: 'service-principal',
        description: "dbt Cloud's service_principal method: its app's service principal is Project Administrator of two projects out of three.",
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
function large(ref) {
    const match = /^large(?::(\d+)x(\d+))?$/.exec(ref);
    const projects = Number(match?.[1] ?? DEFAULT_LARGE.projects);
    const repos = Number(match?.[2] ?? DEFAULT_LARGE.repos);
    if (projects < 1 || repos < 0 || projects * repos > MAX_LARGE_REPOSITORIES) {
        throw new ScenarioError(`Scenario "${ref}": large:<projects>x<repos> needs at least 1 project and at most ` +
            `${MAX_LARGE_REPOSITORIES} repositories in all.`);
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
function builtInScenario(ref) {
    if (ref === 'healthy')
        return healthy();
    if (ref === 'drifted')
        return drifted();
    if (ref === 'service-principal')
        return servicePrincipal();
    if (ref.startsWith('large'))
        return large(ref);
    throw new ScenarioError(`Scenario "${ref}" is not a built-in; use ${BUILT_IN_NAMES.join(', ')} or large:<projects>x<repos>.`);
}

;// CONCATENATED MODULE: ./src/sandbox/scenario/load.ts
/** Resolves a `--scenario` value: a built-in name, a YAML/JSON file, or an already parsed spec. */





function parseFile(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new ScenarioError(`Scenario file "${file}" cannot be read: ${error.message}`);
    }
    if (file.toLowerCase().endsWith('.json')) {
        try {
            return JSON.parse(text);
        }
        catch (error) {
            throw new ScenarioError(`Scenario file "${file}" is not valid JSON: ${error.message}`);
        }
    }
    const document = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: true, uniqueKeys: true });
    const [first] = document.errors;
    if (first) {
        throw new ScenarioError(`Scenario file "${file}" is not valid YAML: ${first.message}`);
    }
    return document.toJS();
}
function loadScenario(ref = 'healthy') {
    if (typeof ref !== 'string')
        return { spec: validateScenario(ref, 'given in code'), source: 'given in code' };
    if (isBuiltInName(ref))
        return { spec: builtInScenario(ref), source: `built-in "${ref}"` };
    const looksLikeFile = /\.(ya?ml|json)$/i.test(ref) || ref.includes('/') || ref.includes((external_node_path_default()).sep);
    if (!(0,external_node_fs_.existsSync)(ref)) {
        throw new ScenarioError(looksLikeFile
            ? `Scenario file "${ref}" does not exist; give the path of a YAML or JSON scenario file.`
            : `Scenario "${ref}" is neither a built-in (${BUILT_IN_NAMES.join(', ')}, large:<projects>x<repos>) ` +
                'nor an existing scenario file.');
    }
    const source = `file "${ref}"`;
    return { spec: validateScenario(parseFile(ref), source), source };
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./src/sandbox/types.ts
/** One origin (port) per service, like the real hosts. */
const SERVICE_NAMES = [
    'authority', // login.microsoftonline.com: OpenID configuration and token endpoint
    'azureDevOps', // dev.azure.com
    'azureDevOpsIdentity', // vssps.dev.azure.com
    'graph', // graph.microsoft.com
    'dbtCloud', // <account>.us1.dbt.com
    'conductorOne', // <tenant>.conductor.one
    'control', // the sandbox's own control API (state, request log, faults) for tests
];
/** Thrown inside a handler to answer with a status and body in the service's error shape. */
class SandboxHttpError extends Error {
    response;
    constructor(response) {
        super(`sandbox ${response.status}`);
        this.response = response;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/sandbox/server/request.ts
/** Turns a Node request and its body into the `SandboxRequest` services see. */


function badRequest(message) {
    return new SandboxHttpError({ status: 400, json: { message } });
}
/** Splits the raw path into percent-decoded segments, dropping empty ones (`//`, trailing `/`). */
function pathSegments(rawPath) {
    return rawPath
        .split('/')
        .filter((segment) => segment.length > 0)
        .map((segment) => {
        try {
            return decodeURIComponent(segment);
        }
        catch {
            throw badRequest(`The path segment "${segment}" is not valid percent-encoding.`);
        }
    });
}
function buildSandboxRequest(service, origin, incoming, body) {
    const target = incoming.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
    let parsedJson;
    return {
        service,
        method: (incoming.method ?? 'GET').toUpperCase(),
        rawPath,
        segments: pathSegments(rawPath),
        query,
        headers: incoming.headers,
        body,
        origin,
        json() {
            if (!parsedJson) {
                const text = body.toString('utf8');
                if (text.trim() === '')
                    throw badRequest('The request body is empty; a JSON body is required.');
                try {
                    parsedJson = { value: JSON.parse(text) };
                }
                catch (error) {
                    throw badRequest(`The request body is not valid JSON: ${error.message}`);
                }
            }
            return parsedJson.value;
        },
        form() {
            return new URLSearchParams(body.toString('utf8'));
        },
    };
}
/**
 * An opaque marker of the credential an Authorization header presents: `sha256:<hex>` of the bearer token, or
 * of the password of Basic credentials (a PAT). Tests compare it with the hash of a secret they know, to prove
 * where a credential was sent, without the log ever holding one.
 */
function credentialMarker(authorization) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization ?? '');
    if (!match)
        return undefined;
    const [, scheme = '', value = ''] = match;
    let credential = value;
    if (scheme.toLowerCase() === 'basic') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        credential = decoded.slice(decoded.indexOf(':') + 1);
    }
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(credential).digest('hex')}`;
}
/** The authorization scheme only (`Bearer`, `Basic`), never the credential: safe for the request log. */
function callerHint(authorization) {
    if (!authorization)
        return undefined;
    const scheme = authorization.trim().split(/\s+/, 1)[0];
    return scheme && /^[A-Za-z][A-Za-z0-9-]*$/.test(scheme) ? scheme : 'unknown';
}

;// CONCATENATED MODULE: ./src/sandbox/server/http-server.ts





const MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_SLOW_MS = 1000;
function sleep(ms) {
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
class BodyTooLarge extends Error {
}
function readBody(incoming) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        incoming.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new BodyTooLarge());
                return;
            }
            chunks.push(chunk);
        });
        incoming.on('end', () => resolve(Buffer.concat(chunks)));
        incoming.on('error', reject);
    });
}
function hasHeader(headers, name) {
    return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
function writeResponse(res, response, isHead) {
    const headers = { ...(response.headers ?? {}) };
    let body;
    if (response.json !== undefined) {
        body = Buffer.from(JSON.stringify(response.json), 'utf8');
        if (!hasHeader(headers, 'content-type'))
            headers['content-type'] = 'application/json; charset=utf-8';
    }
    else if (response.text !== undefined) {
        body = Buffer.from(response.text, 'utf8');
        if (!hasHeader(headers, 'content-type'))
            headers['content-type'] = 'text/plain; charset=utf-8';
    }
    const bodyless = response.status === 204 || response.status === 304;
    // HEAD answers the headers a GET would have, Content-Length included, without the body.
    if (!bodyless && !hasHeader(headers, 'content-length'))
        headers['content-length'] = String(body?.length ?? 0);
    res.writeHead(response.status, headers);
    res.end(isHead || bodyless ? undefined : body);
}
function internalError(service, error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
        status: 500,
        json: { message: `The sandbox's ${service} service failed unexpectedly: ${reason}` },
    };
}
async function answer(service, origin, incoming, res, options) {
    const started = external_node_perf_hooks_.performance.now();
    const at = new Date(options.clock.now()).toISOString();
    const target = incoming.url ?? '/';
    const queryStart = target.indexOf('?');
    const method = (incoming.method ?? 'GET').toUpperCase();
    const logBase = {
        at,
        service,
        method,
        path: queryStart === -1 ? target : target.slice(0, queryStart),
        query: queryStart === -1 ? '' : target.slice(queryStart + 1),
        callerHint: callerHint(incoming.headers.authorization),
        credential: credentialMarker(incoming.headers.authorization),
    };
    const record = (status, fault) => {
        if (service === 'control')
            return; // the log is of product traffic
        const ms = Math.round((external_node_perf_hooks_.performance.now() - started) * 10) / 10;
        const { credential, ...rest } = logBase;
        options.log.add({
            ...rest,
            ...(credential ? { credential } : {}),
            status,
            ms,
            ...(fault ? { fault } : {}),
        });
    };
    let body;
    try {
        body = await readBody(incoming);
    }
    catch (error) {
        if (error instanceof BodyTooLarge) {
            writeResponse(res, { status: 413, json: { message: 'The request body is larger than 16 MiB.' } }, false);
            record(413);
            incoming.resume();
        }
        else {
            res.destroy();
            record(0);
        }
        return;
    }
    const fault = options.faults.decide(service, method, logBase.path);
    await sleep(options.faults.latencyFor(service));
    if (fault?.kind === 'reset') {
        record(0, fault.kind);
        res.socket?.destroy();
        return;
    }
    if (fault?.kind === 'slow')
        await sleep(fault.delayMs ?? DEFAULT_SLOW_MS);
    let response;
    if (fault && (fault.kind === '429' || fault.kind === '503' || fault.kind === 'fail')) {
        response = faultResponse(fault, service);
    }
    else if (fault?.kind === 'echo') {
        response = echoResponse(fault, service, {
            method,
            target,
            headers: incoming.headers,
            body: body.toString('utf8'),
        });
    }
    else {
        try {
            const request = buildSandboxRequest(service, origin, incoming, body);
            response = await options.resolve(service).handle(request);
        }
        catch (error) {
            response = error instanceof SandboxHttpError ? error.response : internalError(service, error);
        }
        if (fault?.kind === 'corrupt')
            response = corruptResponse(fault, response);
        if (fault?.kind === 'retryAfter200') {
            const delaySeconds = ((fault.delayMs ?? 250) / 1000).toFixed(3);
            response = {
                ...response,
                headers: {
                    ...(response.headers ?? {}),
                    'retry-after': String(fault.retryAfter ?? 1),
                    'x-ratelimit-delay': delaySeconds,
                    'x-ratelimit-remaining': '0',
                },
            };
        }
    }
    try {
        writeResponse(res, response, method === 'HEAD');
    }
    catch (error) {
        // e.g. a handler returned an invalid header or status: still answer.
        if (!res.headersSent)
            writeResponse(res, internalError(service, error), method === 'HEAD');
        else
            res.destroy();
        response = { status: 500 };
    }
    record(response.status, fault?.kind);
}
function listen(server, port, service) {
    return new Promise((resolve, reject) => {
        const onError = (error) => {
            reject(new Error(error.code === 'EADDRINUSE'
                ? `Port ${port} (for the ${service} service) is already in use: choose another --port, or 0 for any free ports.`
                : `Could not listen on 127.0.0.1:${port} for the ${service} service: ${error.message}`));
        };
        server.once('error', onError);
        server.listen(port, '127.0.0.1', () => {
            server.off('error', onError);
            resolve(server.address().port);
        });
    });
}
function closeServer(server) {
    return new Promise((resolve) => {
        if (!server.listening) {
            resolve();
            return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
    });
}
async function startServers(options) {
    if (!Number.isInteger(options.port) ||
        options.port < 0 ||
        options.port + SERVICE_NAMES.length - 1 > 65535) {
        throw new Error(`port: ${options.port} is not usable; give a number from 1 to ${65536 - SERVICE_NAMES.length} (the first of ` +
            `${SERVICE_NAMES.length} consecutive ports) or 0 for any free ports.`);
    }
    const servers = [];
    const endpoints = {};
    try {
        for (const [index, service] of SERVICE_NAMES.entries()) {
            const server = external_node_https_default().createServer({
                cert: options.tls.certPem,
                key: options.tls.keyPem,
                keepAlive: true,
            });
            server.keepAliveTimeout = 30_000;
            servers.push(server);
            let origin = '';
            server.on('request', (incoming, res) => {
                answer(service, origin, incoming, res, options).catch(() => res.destroy());
            });
            const port = await listen(server, options.port === 0 ? 0 : options.port + index, service);
            origin = `https://127.0.0.1:${port}`;
            endpoints[service] = origin;
        }
    }
    catch (error) {
        await Promise.all(servers.map(closeServer));
        throw error;
    }
    return {
        endpoints,
        close: async () => {
            await Promise.all(servers.map(closeServer));
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/server/request-log.ts
class RequestLog {
    limit;
    entries = [];
    nextSeq = 1;
    constructor(limit = 100_000) {
        this.limit = limit;
    }
    add(entry) {
        const full = { seq: this.nextSeq++, ...entry };
        this.entries.push(full);
        if (this.entries.length > this.limit)
            this.entries.splice(0, this.entries.length - this.limit);
        return full;
    }
    list() {
        return [...this.entries];
    }
    /** Empties the log; sequence numbers keep counting so entries stay unique. */
    clear() {
        this.entries = [];
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/control.ts
/**
 * The sandbox's own control API (origin `control`), for tests: state, request log, secrets, faults, clock, reset.
 * See docs/sandbox.md, "Control API".
 */



function error(status, message) {
    return new SandboxHttpError({ status, json: { message } });
}
const MAX_ADVANCE_MS = 100 * 365 * 24 * 60 * 60 * 1000;
const ROUTES = 'GET /state, GET /requests, DELETE /requests, GET /secrets, GET|PUT /faults, POST /clock, POST /reset';
function createControlService(world) {
    const requests = (req) => {
        const service = req.query.get('service');
        const since = Number(req.query.get('since') ?? '0');
        if (!Number.isFinite(since))
            throw error(400, 'since: must be a request sequence number.');
        const value = world.log
            .list()
            .filter((entry) => entry.seq > since && (service === null || entry.service === service));
        return { status: 200, json: { count: value.length, value } };
    };
    const putFaults = (req) => {
        const result = faultSettingsSchema.safeParse(req.json());
        if (!result.success) {
            const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
            throw error(400, `The fault settings are not valid: ${problems.join('; ')}`);
        }
        world.faults.set(result.data);
        return { status: 200, json: world.faults.settings() };
    };
    const advanceClock = (req) => {
        const body = req.json();
        const advanceMs = body?.advanceMs;
        if (typeof advanceMs !== 'number' ||
            !Number.isFinite(advanceMs) ||
            advanceMs < 0 ||
            advanceMs > MAX_ADVANCE_MS) {
            throw error(400, 'advanceMs: must be a number of milliseconds from 0 to 100 years, e.g. {"advanceMs": 60000}.');
        }
        world.clock.advance(advanceMs);
        return {
            status: 200,
            json: { now: new Date(world.clock.now()).toISOString(), offsetMs: world.clock.offsetMs },
        };
    };
    return {
        name: 'control',
        handle(req) {
            const route = `${req.method} /${req.segments.join('/')}`;
            switch (route) {
                case 'GET /state':
                    return { status: 200, json: world.snapshot() };
                case 'GET /requests':
                    return requests(req);
                case 'DELETE /requests':
                    world.log.clear();
                    return { status: 204 };
                case 'GET /secrets': {
                    const named = world.namedSecrets();
                    return {
                        status: 200,
                        json: { count: named.length, value: named.map((secret) => secret.value), named },
                    };
                }
                case 'GET /faults':
                    return { status: 200, json: world.faults.settings() };
                case 'PUT /faults':
                    return putFaults(req);
                case 'POST /clock':
                    return advanceClock(req);
                case 'POST /reset':
                    world.reset();
                    return { status: 204 };
                default:
                    throw error(404, `No control route ${route}; the routes are ${ROUTES}.`);
            }
        },
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/sandbox/tls/der.ts
/**
 * A tiny DER encoder: just the ASN.1 types an X.509 v3 certificate needs.
 * Every function returns the complete TLV (tag, length, value) as a Buffer.
 */
function encodeLength(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
        bytes.unshift(rest & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** A TLV with an arbitrary tag byte. */
function tlv(tag, value) {
    return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}
function sequence(...items) {
    return tlv(0x30, Buffer.concat(items));
}
function set(...items) {
    return tlv(0x31, Buffer.concat(items));
}
function der_boolean(value) {
    return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}
/** A non-negative INTEGER from its big-endian magnitude (leading zeros dropped, sign byte added when needed). */
function unsignedInteger(magnitude) {
    let start = 0;
    while (start < magnitude.length - 1 && magnitude[start] === 0)
        start++;
    let bytes = magnitude.subarray(start);
    if (bytes.length === 0)
        bytes = Buffer.from([0]);
    if ((bytes[0] ?? 0) & 0x80)
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return tlv(0x02, bytes);
}
function smallInteger(value) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`smallInteger: ${value} is not an integer in [0, 2^32)`);
    }
    const magnitude = Buffer.alloc(4);
    magnitude.writeUInt32BE(value);
    return unsignedInteger(magnitude);
}
/** OBJECT IDENTIFIER from dotted form, e.g. `2.5.4.3`. */
function oid(dotted) {
    const arcs = dotted.split('.').map((arc) => Number(arc));
    if (arcs.length < 2 || arcs.some((arc) => !Number.isInteger(arc) || arc < 0)) {
        throw new RangeError(`oid: "${dotted}" is not a dotted object identifier`);
    }
    const [first = 0, second = 0, ...rest] = arcs;
    const bytes = [];
    for (const arc of [first * 40 + second, ...rest]) {
        const chunk = [arc & 0x7f];
        for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
            chunk.unshift((value & 0x7f) | 0x80);
        }
        bytes.push(...chunk);
    }
    return tlv(0x06, Buffer.from(bytes));
}
function nullValue() {
    return Buffer.from([0x05, 0x00]);
}
function octetString(value) {
    return tlv(0x04, value);
}
/** BIT STRING whose content is whole bytes (signatures, public keys). */
function bitString(value, unusedBits = 0) {
    return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));
}
/**
 * A named-bit BIT STRING (e.g. keyUsage) from the bit numbers that are set, bit 0 being the most significant
 * bit of the first byte. DER: trailing zero bits are dropped and counted as unused.
 */
function namedBits(bits) {
    if (bits.length === 0)
        return bitString(Buffer.alloc(0));
    const highest = Math.max(...bits);
    const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
    for (const bit of bits) {
        const index = Math.floor(bit / 8);
        bytes[index] = (bytes[index] ?? 0) | (0x80 >> (bit % 8));
    }
    return bitString(bytes, 7 - (highest % 8));
}
function utf8String(value) {
    return tlv(0x0c, Buffer.from(value, 'utf8'));
}
function twoDigits(value) {
    return String(value).padStart(2, '0');
}
/** X.509 time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). Whole seconds, UTC. */
function time(date) {
    const year = date.getUTCFullYear();
    const rest = twoDigits(date.getUTCMonth() + 1) +
        twoDigits(date.getUTCDate()) +
        twoDigits(date.getUTCHours()) +
        twoDigits(date.getUTCMinutes()) +
        twoDigits(date.getUTCSeconds()) +
        'Z';
    if (year >= 1950 && year < 2050)
        return tlv(0x17, Buffer.from(twoDigits(year % 100) + rest, 'ascii'));
    return tlv(0x18, Buffer.from(String(year).padStart(4, '0') + rest, 'ascii'));
}
/** Context-specific constructed tag `[n]`: EXPLICIT tagging, or IMPLICIT tagging of a SEQUENCE OF. */
function contextConstructed(tagNumber, value) {
    return tlv(0xa0 | tagNumber, value);
}
/** Context-specific primitive tag `[n] IMPLICIT` around raw content bytes. */
function implicitPrimitive(tagNumber, content) {
    return tlv(0x80 | tagNumber, content);
}
/** PEM armour for DER bytes. */
function toPem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/sandbox/tls/x509.ts
/**
 * An X.509 v3 certificate builder for ECDSA P-256 keys, signed with ecdsa-with-SHA256 (RFC 5280, RFC 5758).
 * Only what the sandbox needs: a CA certificate and a TLS server certificate for 127.0.0.1/localhost.
 */



const OID = {
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    commonName: '2.5.4.3',
    organizationName: '2.5.4.10',
    subjectKeyIdentifier: '2.5.29.14',
    keyUsage: '2.5.29.15',
    subjectAltName: '2.5.29.17',
    basicConstraints: '2.5.29.19',
    authorityKeyIdentifier: '2.5.29.35',
    extKeyUsage: '2.5.29.37',
    nameConstraints: '2.5.29.30',
    serverAuth: '1.3.6.1.5.5.7.3.1',
};
/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 };
function x509_name(dn) {
    const rdns = [set(sequence(oid(OID.commonName), utf8String(dn.commonName)))];
    if (dn.organization)
        rdns.unshift(set(sequence(oid(OID.organizationName), utf8String(dn.organization))));
    return sequence(...rdns);
}
function extension(id, critical, value) {
    return critical
        ? sequence(oid(id), der_boolean(true), octetString(value))
        : sequence(oid(id), octetString(value));
}
/** The raw EC point inside a SubjectPublicKeyInfo (what key identifiers hash). */
function subjectPublicKeyBits(spki) {
    // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING }; for P-256 the uncompressed point is the last 65 bytes.
    return spki.subarray(spki.length - 65);
}
/** Key identifier method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey) {
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    return (0,external_node_crypto_.createHash)('sha1').update(subjectPublicKeyBits(spki)).digest();
}
function ipBytes(address) {
    if ((0,external_node_net_.isIP)(address) === 4)
        return Buffer.from(address.split('.').map((part) => Number(part)));
    // IPv6: expand `::` and write 8 groups of 16 bits.
    const [head = '', tail] = address.split('::');
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const groups = [
        ...headGroups,
        ...Array(8 - headGroups.length - tailGroups.length).fill('0'),
        ...tailGroups,
    ];
    const bytes = Buffer.alloc(16);
    groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
    return bytes;
}
function generalNames(hosts) {
    return sequence(...hosts.map((host) => (0,external_node_net_.isIP)(host) ? implicitPrimitive(7, ipBytes(host)) : implicitPrimitive(2, Buffer.from(host, 'ascii'))));
}
/** NameConstraints with permittedSubtrees only (RFC 5280 §4.2.1.10): an IP is permitted as address/all-ones mask. */
function nameConstraints(hosts) {
    const subtrees = hosts.map((host) => {
        if (!(0,external_node_net_.isIP)(host))
            return sequence(implicitPrimitive(2, Buffer.from(host, 'ascii')));
        const address = ipBytes(host);
        return sequence(implicitPrimitive(7, Buffer.concat([address, Buffer.alloc(address.length, 0xff)])));
    });
    return sequence(contextConstructed(0, Buffer.concat(subtrees)));
}
/** Builds and signs the certificate; returns its DER bytes. */
function buildCertificate(spec) {
    const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
    const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
    const extensions = [
        extension(OID.basicConstraints, spec.isCa, spec.isCa ? sequence(der_boolean(true)) : sequence()),
        extension(OID.keyUsage, true, namedBits(spec.keyUsage)),
        extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spec.publicKey))),
    ];
    if (spec.authorityKeyId) {
        extensions.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, spec.authorityKeyId))));
    }
    if (spec.serverAuth)
        extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    if (spec.permittedHosts && spec.permittedHosts.length > 0) {
        extensions.push(extension(OID.nameConstraints, true, nameConstraints(spec.permittedHosts)));
    }
    if (spec.altNames && spec.altNames.length > 0) {
        extensions.push(extension(OID.subjectAltName, false, generalNames(spec.altNames)));
    }
    const tbs = sequence(contextConstructed(0, smallInteger(2)), // v3
    unsignedInteger(spec.serialNumber), signatureAlgorithm, x509_name(spec.issuer), sequence(time(spec.notBefore), time(spec.notAfter)), x509_name(spec.subject), spki, contextConstructed(3, sequence(...extensions)));
    // Node signs EC keys with a DER-encoded ECDSA-Sig-Value by default, which is what X.509 wants.
    const signature = (0,external_node_crypto_.sign)('sha256', tbs, spec.signingKey);
    return sequence(tbs, signatureAlgorithm, bitString(signature));
}

;// CONCATENATED MODULE: ./src/sandbox/tls/ca.ts
/**
 * The sandbox's certificate authority: made in pure Node (no `openssl`), kept in a directory so that a
 * process started with NODE_EXTRA_CA_CERTS=<dir>/ca.pem trusts every server certificate it issues.
 */






const CA_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
const DEFAULT_SERVER_HOSTS = ['127.0.0.1', 'localhost'];
/** The only hosts the CA may vouch for (its name constraints). */
const CA_PERMITTED_HOSTS = ['127.0.0.1', '::1', 'localhost'];
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 3 * 365;
const SERVER_LIFETIME_DAYS = 30;
/** Backdated so that a clock a little behind still accepts a fresh certificate. */
const BACKDATE_MS = 60 * 60 * 1000;
const CA_NAME = { commonName: 'ado-guard sandbox CA', organization: 'ado-guard sandbox' };
/** Default CA directory when none is given: in the temp dir, one per user, stable across runs. */
function defaultCaDir() {
    let user;
    try {
        user = (0,external_node_os_.userInfo)().username.replace(/[^A-Za-z0-9_.-]/g, '_');
    }
    catch {
        user = String(process.getuid?.() ?? 'user');
    }
    return external_node_path_default().join((0,external_node_os_.tmpdir)(), `ado-guard-sandbox-ca-${user}`);
}
/**
 * On POSIX systems the CA directory must be the current user's: a CA planted by someone else (e.g. in a shared
 * /tmp) would be trusted through NODE_EXTRA_CA_CERTS.
 */
function assertOwnDirectory(dir, uid = process.getuid?.()) {
    if (uid === undefined)
        return; // Windows: the temp dir is per user
    const owner = (0,external_node_fs_.statSync)(dir).uid;
    if (owner !== uid) {
        throw new Error(`The sandbox CA directory "${dir}" belongs to another user (uid ${owner}), so its CA must not be trusted; ` +
            'remove it, or give the sandbox a directory of your own (caDir).');
    }
}
function newKeyPair() {
    return (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'prime256v1' });
}
function serialNumber() {
    const serial = (0,external_node_crypto_.randomBytes)(16);
    serial[0] = (serial[0] ?? 0) & 0x7f; // positive
    return serial;
}
/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeFileAtomic(file, content, mode = 0o644) {
    const temporary = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    (0,external_node_fs_.writeFileSync)(temporary, content, { mode });
    (0,external_node_fs_.renameSync)(temporary, file);
}
/** A CA that is usable for at least another day, with a matching key; undefined otherwise. */
function readValidCa(dir) {
    const caPath = external_node_path_default().join(dir, CA_FILE);
    const keyPath = external_node_path_default().join(dir, CA_KEY_FILE);
    if (!(0,external_node_fs_.existsSync)(caPath) || !(0,external_node_fs_.existsSync)(keyPath))
        return undefined;
    try {
        const certPem = (0,external_node_fs_.readFileSync)(caPath, 'utf8');
        const keyPem = (0,external_node_fs_.readFileSync)(keyPath, 'utf8');
        const cert = new external_node_crypto_.X509Certificate(certPem);
        if (!cert.ca || !cert.subject.includes(`CN=${CA_NAME.commonName}`))
            return undefined;
        if (Date.parse(cert.validTo) < Date.now() + DAY_MS)
            return undefined;
        if (Date.parse(cert.validFrom) > Date.now())
            return undefined;
        if (!cert.checkPrivateKey((0,external_node_crypto_.createPrivateKey)(keyPem)))
            return undefined;
        return { certPem, keyPem, caPath };
    }
    catch {
        return undefined; // unreadable or malformed: replace it
    }
}
/** A new self-signed CA certificate and key (not written anywhere). */
function createCa(now = Date.now()) {
    const { privateKey, publicKey } = newKeyPair();
    const der = buildCertificate({
        serialNumber: serialNumber(),
        subject: CA_NAME,
        issuer: CA_NAME,
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
        publicKey,
        signingKey: privateKey,
        isCa: true,
        keyUsage: [KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign],
        permittedHosts: CA_PERMITTED_HOSTS,
    });
    return {
        certPem: toPem('CERTIFICATE', der),
        keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}
/**
 * Reuses the CA in `dir` when it is valid for at least another day, else creates one and writes `ca.pem` and
 * `ca-key.pem` (mode 0600) there.
 */
function loadOrCreateCa(dir = defaultCaDir()) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    assertOwnDirectory(dir);
    const existing = readValidCa(dir);
    if (existing)
        return existing;
    const { certPem, keyPem } = createCa();
    const caPath = external_node_path_default().join(dir, CA_FILE);
    writeFileAtomic(external_node_path_default().join(dir, CA_KEY_FILE), keyPem, 0o600);
    writeFileAtomic(caPath, certPem);
    return { certPem, keyPem, caPath };
}
/** A TLS server certificate for `hosts` (default 127.0.0.1 and localhost) signed by the CA. */
function issueServerCert(ca, hosts = DEFAULT_SERVER_HOSTS, now = Date.now()) {
    const caKey = (0,external_node_crypto_.createPrivateKey)(ca.keyPem);
    const caCert = new external_node_crypto_.X509Certificate(ca.certPem);
    const { privateKey, publicKey } = newKeyPair();
    const caNotAfter = Date.parse(caCert.validTo);
    const der = buildCertificate({
        serialNumber: serialNumber(),
        subject: { commonName: hosts[0] ?? 'localhost', organization: CA_NAME.organization },
        issuer: CA_NAME,
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(Math.min(now + SERVER_LIFETIME_DAYS * DAY_MS, caNotAfter)),
        publicKey,
        signingKey: caKey,
        authorityKeyId: keyIdentifier((0,external_node_crypto_.createPublicKey)(caKey)),
        isCa: false,
        keyUsage: [KEY_USAGE.digitalSignature],
        serverAuth: true,
        altNames: hosts,
    });
    return {
        certPem: toPem('CERTIFICATE', der),
        keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

;// CONCATENATED MODULE: ./src/sandbox/scenario/policy.ts
/** The ado-guard.yml the sandbox prints for its scenario (DESIGN.md §3), and the env it needs. */

function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** `overrides` merged into `base`: objects key by key, anything else (arrays too) replaced. */
function deepMerge(base, overrides) {
    const out = { ...base };
    for (const [key, value] of Object.entries(overrides)) {
        const current = out[key];
        out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    }
    return out;
}
function buildPolicy(facts, overrides = {}) {
    const integrations = {};
    if (facts.dbtCloud) {
        integrations.dbtCloud = {
            accessUrl: facts.endpoints.dbtCloud,
            accountId: facts.dbtCloud.accountId,
            applicationClientId: facts.dbtCloud.applicationClientId,
            authenticationMethod: 'service_user',
        };
    }
    if (facts.conductorOne) {
        integrations.conductorOne = {
            tenantUrl: facts.endpoints.conductorOne,
            appId: facts.conductorOne.appId,
            connectorId: facts.conductorOne.connectorId,
            mode: 'oauth',
            access: 'sync',
            applicationClientId: facts.conductorOne.applicationClientId,
        };
    }
    const policy = {
        version: 1,
        organization: facts.organization,
        tenantId: facts.tenantId,
        ...(facts.serviceUser ? { serviceUser: facts.serviceUser } : {}),
        scope: { projects: ['*'], repositories: ['*'], level: 'project' },
        integrations,
        endpoints: {
            azureDevOps: facts.endpoints.azureDevOps,
            azureDevOpsIdentity: facts.endpoints.azureDevOpsIdentity,
            graph: facts.endpoints.graph,
            authority: facts.endpoints.authority,
        },
    };
    return deepMerge(policy, overrides);
}
function policyYaml(policy, scenarioName) {
    return (`# ado-guard.yml for the sandbox scenario "${scenarioName}".\n` +
        '# Secrets are not in this file: export the env lines the sandbox printed, and NODE_EXTRA_CA_CERTS.\n' +
        (0,dist/* stringify */.As)(policy, { lineWidth: 0 }));
}

;// CONCATENATED MODULE: ./src/sandbox/state/entra.ts
/**
 * The Entra ID tenant of a scenario: users, applications and their password credentials, service
 * principals (including the Azure DevOps and Microsoft Graph resource SPs), consent, tenant policies,
 * the automation identity ado-guard signs in as, the access tokens the authority issued and the CI OIDC
 * issuers. Implements EntraPort for the other services; the authority and Graph services use the rest.
 */


// ---------------------------------------------------------------------------------------------------
// Well-known ids (reference/graph-entra.md §3)
// ---------------------------------------------------------------------------------------------------
const AZURE_DEVOPS_APP_ID = '499b84ac-1321-427f-aa17-267ca6975798';
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Audience of federated (workload identity) assertions. */
const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** Azure DevOps delegated scopes: value → id. */
const AZURE_DEVOPS_SCOPES = {
    user_impersonation: 'ee69721e-6c3a-468f-a9ec-302d16a4c599',
    'vso.profile': '4ee63f9b-9e65-476c-a487-9fea1e00c7ef',
    'vso.graph': '75a97209-eb46-4571-9d6b-777ae5fcb245',
    'vso.graph_manage': 'e5125ad5-f716-4bc5-8688-14499b80567e',
    'vso.memberentitlementmanagement_write': '7f232b5a-2cf4-410c-833e-7fcb6175eb94',
    'vso.memberentitlementmanagement': 'eafb48a2-84ed-4179-802a-5d6f1fe452f6',
    'vso.code_full': '9aae797f-f2fc-47b9-bae7-1db49fdd874b',
    'vso.code': 'b325850d-aa53-41ed-b77a-c5036b2f39fa',
    'vso.code_write': '028ffaf1-6f06-490a-979e-38011f92fb7c',
    'vso.project': '7b1a2725-1134-40f5-a891-d20bbb122919',
    'vso.project_write': 'e8a8f033-da2f-4059-ba3e-63a8f69b8842',
    'vso.project_manage': '0bf9fd64-9272-43aa-8459-00e29f78e146',
    'vso.build': '0d85fdcb-8267-4af0-857e-7f76b110fbdc',
    'vso.build_execute': 'b64406bf-2a08-4182-b51e-f51dd0f6d5a3',
    'vso.identity': 'e1bca0e2-994e-4688-b5f6-665b49ee1787',
};
/** Microsoft Graph application permissions (app roles): value → id. */
const GRAPH_APP_ROLES = {
    'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
    'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
    'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    // Not in reference/graph-entra.md §3.3 (which lists only the delegated id); from memory.
    'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
    'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
    'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
    'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
    'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
};
/** Microsoft Graph delegated permissions: value → id. */
const GRAPH_SCOPES = {
    'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    'Application.Read.All': 'c79f8feb-a9db-4090-85f9-90d820caa0eb',
};
const DEFAULT_AUTOMATION_GRAPH_ROLES = [
    'Application.ReadWrite.OwnedBy',
    'Policy.Read.All',
    'Application.Read.All',
];
const entra_DAY_MS = 86_400_000;
const ACCESS_TOKEN_LIFETIME_S = 3599;
const OIDC_TOKEN_LIFETIME_S = 600;
// ---------------------------------------------------------------------------------------------------
// Validation of the `tenant:` section (field-path errors, unknown keys refused)
// ---------------------------------------------------------------------------------------------------
const guid = schemas/* string */.YjP()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const days = schemas/* number */.aig().finite();
const federatedSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP().min(1).optional(),
    issuer: schemas/* string */.YjP().min(1),
    subject: schemas/* string */.YjP().min(1),
    audiences: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1).optional(),
});
const passwordSchema = schemas/* strictObject */.rej({
    displayName: schemas/* string */.YjP().min(1),
    createdDaysAgo: days.min(0).optional(),
    expiresInDays: days.optional(),
});
const entraScenarioSchema = schemas/* strictObject */.rej({
    tenantId: guid.optional(),
    domain: schemas/* string */.YjP().min(3).optional(),
    securityDefaultsEnabled: schemas/* boolean */.zMY().optional(),
    passwordMaxLifetime: schemas/* string */.YjP().nullable().optional(),
    passwordAdditionBlocked: schemas/* boolean */.zMY().optional(),
    propagationDelayMs: schemas/* number */.aig().int().min(0).optional(),
    graphReadLagMs: schemas/* number */.aig().int().min(0).optional(),
    users: schemas/* array */.YOg(schemas/* strictObject */.rej({
        userPrincipalName: schemas/* string */.YjP().includes('@', { message: 'must be a UPN such as dbt-svc@contoso.com' }),
        displayName: schemas/* string */.YjP().min(1).optional(),
        mail: schemas/* string */.YjP().nullable().optional(),
        objectId: guid.optional(),
        perUserMfaState: schemas/* enum */.k5n(['disabled', 'enabled', 'enforced']).optional(),
    }))
        .optional(),
    automation: schemas/* strictObject */.rej({
        displayName: schemas/* string */.YjP().min(1).optional(),
        appId: guid.optional(),
        graphRoles: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
        secretExpiresInDays: days.optional(),
        federatedIdentityCredentials: schemas/* array */.YOg(federatedSchema).optional(),
    })
        .optional(),
    applications: schemas/* array */.YOg(schemas/* strictObject */.rej({
        displayName: schemas/* string */.YjP().min(1),
        appId: guid.optional(),
        objectId: guid.optional(),
        signInAudience: schemas/* enum */.k5n([
            'AzureADMyOrg',
            'AzureADMultipleOrgs',
            'AzureADandPersonalMicrosoftAccount',
            'PersonalMicrosoftAccount',
        ])
            .optional(),
        web: schemas/* strictObject */.rej({
            redirectUris: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
            homePageUrl: schemas/* string */.YjP().nullable().optional(),
            logoutUrl: schemas/* string */.YjP().nullable().optional(),
            implicitGrantSettings: schemas/* strictObject */.rej({
                enableAccessTokenIssuance: schemas/* boolean */.zMY().optional(),
                enableIdTokenIssuance: schemas/* boolean */.zMY().optional(),
            })
                .optional(),
        })
            .optional(),
        requiredResourceAccess: schemas/* array */.YOg(schemas/* strictObject */.rej({
            resource: schemas/* string */.YjP().min(1),
            scopes: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
            roles: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
        }))
            .optional(),
        passwordCredentials: schemas/* array */.YOg(passwordSchema).optional(),
        federatedIdentityCredentials: schemas/* array */.YOg(federatedSchema).optional(),
        ownedByAutomation: schemas/* boolean */.zMY().optional(),
        userOwners: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
        servicePrincipal: schemas/* boolean */.zMY().optional(),
        adminConsent: schemas/* strictObject */.rej({
            azureDevOps: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
            graphScopes: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
            graphRoles: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
        })
            .optional(),
        passwordMaxLifetime: schemas/* string */.YjP().optional(),
    }))
        .optional(),
    ciOidc: schemas/* strictObject */.rej({
        github: schemas/* strictObject */.rej({ subject: schemas/* string */.YjP().min(1), requestToken: schemas/* string */.YjP().min(8).optional() })
            .optional(),
        azurePipelines: schemas/* strictObject */.rej({
            subject: schemas/* string */.YjP().min(1),
            serviceConnectionId: guid.optional(),
            organizationId: guid.optional(),
            systemAccessToken: schemas/* string */.YjP().min(8).optional(),
        })
            .optional(),
    })
        .optional(),
});
/** Validate a scenario section with `schema`; throws an Error naming every `section.field.path` at fault. */
function checkScenarioSection(schema, input, section) {
    const result = schema.safeParse(input ?? {});
    if (result.success)
        return result.data;
    const problems = result.error.issues.map((issue) => {
        let path = section;
        for (const key of issue.path)
            path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
        return `${path}: ${issue.message}`;
    });
    throw new Error(problems.join('; '));
}
const TENANT_POLICY_ID = '00000000-0000-0000-0000-000000000000';
/** Parse an ISO 8601 duration (`P1Y2M3W4DT5H6M7S`; Y = 365 days, M = 30 days) to ms; undefined if invalid. */
function parseIsoDurationMs(duration) {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
    if (!m || duration === 'P' || duration.endsWith('T'))
        return undefined;
    const n = (i) => Number(m[i] ?? 0);
    return (n(1) * 365 * entra_DAY_MS +
        n(2) * 30 * entra_DAY_MS +
        n(3) * 7 * entra_DAY_MS +
        n(4) * entra_DAY_MS +
        n(5) * 3_600_000 +
        n(6) * 60_000 +
        n(7) * 1000);
}
function base64url(input) {
    return Buffer.from(input).toString('base64url');
}
function hostOf(origin, fallback) {
    if (!origin)
        return fallback;
    try {
        return new URL(origin).host;
    }
    catch {
        return fallback;
    }
}
/** An Entra-style client secret: 40 characters, `Q~` at 4..5 like real ones. */
function newClientSecret(rng) {
    return `${rng.string(3)}8Q~${rng.string(36, '~._-')}`;
}
function createEntraState(input, options) {
    const spec = checkScenarioSection(entraScenarioSchema, input, 'tenant');
    const { rng, clock } = options;
    const origins = options.origins ?? {};
    const now = clock.now();
    const tenantId = spec.tenantId ?? rng.guid();
    const domain = spec.domain ?? 'contoso.com';
    const propagationDelayMs = spec.propagationDelayMs ?? 1500;
    const graphReadLagMs = spec.graphReadLagMs ?? 0;
    if (spec.passwordMaxLifetime && parseIsoDurationMs(spec.passwordMaxLifetime) === undefined) {
        throw new Error(`tenant.passwordMaxLifetime: "${spec.passwordMaxLifetime}" is not an ISO 8601 duration such as P180D`);
    }
    const users = (spec.users ?? []).map((u) => {
        return {
            objectId: u.objectId ?? rng.guid(),
            userPrincipalName: u.userPrincipalName,
            displayName: u.displayName ?? u.userPrincipalName.split('@')[0],
            mail: u.mail === undefined ? u.userPrincipalName : u.mail,
            perUserMfaState: u.perUserMfaState ?? 'disabled',
        };
    });
    const servicePrincipals = [];
    const applications = [];
    const appRoleAssignments = [];
    const oauth2PermissionGrants = [];
    const tokens = new Map();
    /** Removed client secrets stay known to leak scans: a removed secret printed is still a leak. */
    const removedSecrets = [];
    const microsoftTenantId = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
    // Resource service principals with their real scope/role ids.
    const adoSp = {
        id: rng.guid(),
        appId: AZURE_DEVOPS_APP_ID,
        displayName: 'Azure DevOps',
        appOwnerOrganizationId: microsoftTenantId,
        oauth2PermissionScopes: Object.entries(AZURE_DEVOPS_SCOPES).map(([value, id]) => ({
            id,
            value,
            adminConsentDisplayName: value === 'user_impersonation' ? 'Have full access to Visual Studio Team Services REST APIs' : value,
            type: 'User',
        })),
        appRoles: [],
        replyUrls: [],
    };
    const graphSp = {
        id: rng.guid(),
        appId: MICROSOFT_GRAPH_APP_ID,
        displayName: 'Microsoft Graph',
        appOwnerOrganizationId: microsoftTenantId,
        oauth2PermissionScopes: Object.entries(GRAPH_SCOPES).map(([value, id]) => ({
            id,
            value,
            adminConsentDisplayName: value,
            type: value === 'User.Read' ? 'User' : 'Admin',
        })),
        appRoles: Object.entries(GRAPH_APP_ROLES).map(([value, id]) => ({ id, value, displayName: value })),
        replyUrls: [],
    };
    servicePrincipals.push(adoSp, graphSp);
    const resourceSp = (resource, where) => {
        const appId = resource === 'azureDevOps'
            ? AZURE_DEVOPS_APP_ID
            : resource === 'graph'
                ? MICROSOFT_GRAPH_APP_ID
                : resource;
        const sp = servicePrincipals.find((s) => s.appId === appId);
        if (!sp)
            throw new Error(`${where}: unknown resource "${resource}"; use azureDevOps, graph or a known appId`);
        return sp;
    };
    const scopeId = (sp, value, where) => {
        const s = sp.oauth2PermissionScopes.find((x) => x.value === value);
        if (!s)
            throw new Error(`${where}: ${sp.displayName} has no delegated permission "${value}"`);
        return s.id;
    };
    const roleId = (sp, value, where) => {
        const r = sp.appRoles.find((x) => x.value === value);
        if (!r)
            throw new Error(`${where}: ${sp.displayName} has no application permission "${value}"`);
        return r.id;
    };
    const fillTemplate = (s) => s
        .replaceAll('{dbtCloud}', hostOf(origins.dbtCloud, 'ab123.us1.dbt.com'))
        .replaceAll('{conductorOne}', hostOf(origins.conductorOne, 'acme.conductor.one'))
        .replaceAll('{azureDevOps}', hostOf(origins.azureDevOps, 'dev.azure.com'));
    const pipelinesOrgId = spec.ciOidc?.azurePipelines?.organizationId ?? rng.guid();
    const pipelinesIssuer = () => `https://vstoken.dev.azure.com/${pipelinesOrgId}`;
    const issuerOf = (issuer) => issuer === 'github' ? GITHUB_OIDC_ISSUER : issuer === 'azurePipelines' ? pipelinesIssuer() : issuer;
    const scenarioPassword = (p, where) => {
        if (!p.displayName)
            throw new Error(`${where}.displayName: required (it names the credential)`);
        const start = now - (p.createdDaysAgo ?? 0) * entra_DAY_MS;
        const end = p.expiresInDays === undefined ? start + 730 * entra_DAY_MS : now + p.expiresInDays * entra_DAY_MS;
        // Scenario credentials exist before the sandbox starts: already propagated and visible.
        return {
            keyId: rng.guid(),
            displayName: p.displayName,
            startDateTime: start,
            endDateTime: end,
            secretText: newClientSecret(rng),
            usableAt: start,
            visibleAt: start,
        };
    };
    const federated = (f, where) => {
        if (!f.issuer || !f.subject)
            throw new Error(`${where}: issuer and subject are required`);
        return {
            id: rng.guid(),
            name: f.name ?? `${f.issuer.replace(/[^A-Za-z0-9]+/g, '-')}-${applications.length}`,
            issuer: issuerOf(f.issuer),
            subject: f.subject,
            audiences: f.audiences ?? [TOKEN_EXCHANGE_AUDIENCE],
            description: null,
        };
    };
    const newSp = (app) => {
        const sp = {
            id: rng.guid(),
            appId: app.appId,
            displayName: String(app.props.displayName),
            appOwnerOrganizationId: tenantId,
            oauth2PermissionScopes: [],
            appRoles: [],
            replyUrls: [...(app.props.web.redirectUris ?? [])],
        };
        servicePrincipals.push(sp);
        return sp;
    };
    // The automation identity.
    const autoSpec = spec.automation ?? {};
    const automationApp = {
        id: rng.guid(),
        appId: autoSpec.appId ?? rng.guid(),
        createdDateTime: now - 400 * entra_DAY_MS,
        props: defaultProps(autoSpec.displayName ?? 'ado-guard automation', 'AzureADMyOrg', domain),
        passwordCredentials: [],
        federatedIdentityCredentials: [],
        ownerIds: [],
    };
    applications.push(automationApp);
    automationApp.passwordCredentials.push(scenarioPassword({ displayName: 'ado-guard', createdDaysAgo: 30, expiresInDays: autoSpec.secretExpiresInDays ?? 365 }, 'tenant.automation'));
    automationApp.federatedIdentityCredentials = (autoSpec.federatedIdentityCredentials ?? []).map((f, i) => federated(f, `tenant.automation.federatedIdentityCredentials[${i}]`));
    const automationSp = newSp(automationApp);
    for (const role of autoSpec.graphRoles ?? DEFAULT_AUTOMATION_GRAPH_ROLES) {
        appRoleAssignments.push({
            id: rng.string(43, '-_'),
            appRoleId: roleId(graphSp, role, 'tenant.automation.graphRoles'),
            principalId: automationSp.id,
            resourceId: graphSp.id,
            createdDateTime: now - 400 * entra_DAY_MS,
        });
    }
    (spec.applications ?? []).forEach((a, i) => {
        const where = `tenant.applications[${i}]`;
        if (!a.displayName)
            throw new Error(`${where}.displayName: required`);
        if (a.passwordMaxLifetime && parseIsoDurationMs(a.passwordMaxLifetime) === undefined) {
            throw new Error(`${where}.passwordMaxLifetime: "${a.passwordMaxLifetime}" is not an ISO 8601 duration such as P90D`);
        }
        const props = defaultProps(a.displayName, a.signInAudience ?? 'AzureADMultipleOrgs', domain);
        const web = props.web;
        if (a.web?.redirectUris)
            web.redirectUris = a.web.redirectUris.map(fillTemplate);
        if (a.web?.homePageUrl !== undefined)
            web.homePageUrl = a.web.homePageUrl === null ? null : fillTemplate(a.web.homePageUrl);
        if (a.web?.logoutUrl !== undefined)
            web.logoutUrl = a.web.logoutUrl === null ? null : fillTemplate(a.web.logoutUrl);
        if (a.web?.implicitGrantSettings) {
            web.implicitGrantSettings = {
                enableAccessTokenIssuance: false,
                enableIdTokenIssuance: false,
                ...a.web.implicitGrantSettings,
            };
        }
        props.requiredResourceAccess = (a.requiredResourceAccess ?? []).map((r, j) => {
            const w = `${where}.requiredResourceAccess[${j}]`;
            const sp = resourceSp(r.resource, w);
            return {
                resourceAppId: sp.appId,
                resourceAccess: [
                    ...(r.scopes ?? []).map((s) => ({ id: scopeId(sp, s, w), type: 'Scope' })),
                    ...(r.roles ?? []).map((s) => ({ id: roleId(sp, s, w), type: 'Role' })),
                ],
            };
        });
        const app = {
            id: a.objectId ?? rng.guid(),
            appId: a.appId ?? rng.guid(),
            createdDateTime: now - 200 * entra_DAY_MS,
            props,
            passwordCredentials: (a.passwordCredentials ?? []).map((p, j) => scenarioPassword(p, `${where}.passwordCredentials[${j}]`)),
            federatedIdentityCredentials: (a.federatedIdentityCredentials ?? []).map((f, j) => federated(f, `${where}.federatedIdentityCredentials[${j}]`)),
            ownerIds: [],
            ...(a.passwordMaxLifetime ? { passwordMaxLifetime: a.passwordMaxLifetime } : {}),
        };
        if (a.ownedByAutomation ?? true)
            app.ownerIds.push(automationSp.id);
        for (const upn of a.userOwners ?? []) {
            const u = users.find((x) => x.userPrincipalName.toLowerCase() === upn.toLowerCase());
            if (!u)
                throw new Error(`${where}.userOwners: no user "${upn}" in tenant.users`);
            app.ownerIds.push(u.objectId);
        }
        applications.push(app);
        if (a.servicePrincipal ?? true) {
            const sp = newSp(app);
            const consent = a.adminConsent ?? {};
            if (consent.azureDevOps?.length) {
                consent.azureDevOps.forEach((s) => scopeId(adoSp, s, `${where}.adminConsent.azureDevOps`));
                oauth2PermissionGrants.push({
                    id: rng.string(43, '-_'),
                    clientId: sp.id,
                    consentType: 'AllPrincipals',
                    principalId: null,
                    resourceId: adoSp.id,
                    scope: consent.azureDevOps.join(' '),
                });
            }
            if (consent.graphScopes?.length) {
                consent.graphScopes.forEach((s) => scopeId(graphSp, s, `${where}.adminConsent.graphScopes`));
                oauth2PermissionGrants.push({
                    id: rng.string(43, '-_'),
                    clientId: sp.id,
                    consentType: 'AllPrincipals',
                    principalId: null,
                    resourceId: graphSp.id,
                    scope: consent.graphScopes.join(' '),
                });
            }
            for (const role of consent.graphRoles ?? []) {
                appRoleAssignments.push({
                    id: rng.string(43, '-_'),
                    appRoleId: roleId(graphSp, role, `${where}.adminConsent.graphRoles`),
                    principalId: sp.id,
                    resourceId: graphSp.id,
                    createdDateTime: now - 100 * entra_DAY_MS,
                });
            }
        }
        else if (a.adminConsent) {
            throw new Error(`${where}.adminConsent: consent needs a service principal; remove servicePrincipal: false`);
        }
    });
    const seenAppIds = new Set();
    for (const app of applications) {
        if (seenAppIds.has(app.appId))
            throw new Error(`tenant.applications: appId ${app.appId} is used twice`);
        seenAppIds.add(app.appId);
    }
    const github = spec.ciOidc?.github
        ? { subject: spec.ciOidc.github.subject, requestToken: spec.ciOidc.github.requestToken ?? rng.string(40) }
        : undefined;
    const pipelines = spec.ciOidc?.azurePipelines
        ? {
            subject: spec.ciOidc.azurePipelines.subject,
            serviceConnectionId: spec.ciOidc.azurePipelines.serviceConnectionId ?? rng.guid(),
            systemAccessToken: spec.ciOidc.azurePipelines.systemAccessToken ?? rng.string(52),
        }
        : undefined;
    // The sandbox OIDC issuer key (RS256) signs every CI token.
    // Made on first use: RSA key generation is slow and most scenarios never sign a CI token.
    let issuerKeys;
    const keys = () => (issuerKeys ??= (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: 2048 }));
    const kid = rng.string(27, '-_');
    const findApplication = (idOrAppId) => {
        const key = idOrAppId.toLowerCase();
        return applications.find((a) => a.id.toLowerCase() === key || a.appId.toLowerCase() === key);
    };
    const findServicePrincipal = (idOrAppId) => {
        const key = idOrAppId.toLowerCase();
        return servicePrincipals.find((s) => s.id.toLowerCase() === key || s.appId.toLowerCase() === key);
    };
    const findUserRecord = (idOrUpn) => {
        const key = idOrUpn.toLowerCase();
        return users.find((u) => u.objectId.toLowerCase() === key ||
            u.userPrincipalName.toLowerCase() === key ||
            (u.mail ?? '').toLowerCase() === key);
    };
    const isTenant = (tenant) => {
        const t = tenant.toLowerCase();
        return (t === tenantId.toLowerCase() ||
            t === domain.toLowerCase() ||
            t === `${domain.split('.')[0]}.onmicrosoft.com`);
    };
    const graphRolesOf = (spId) => appRoleAssignments
        .filter((r) => r.principalId === spId && r.resourceId === graphSp.id)
        .map((r) => graphSp.appRoles.find((x) => x.id === r.appRoleId)?.value)
        .filter((v) => typeof v === 'string');
    const issue = (principal, audience) => {
        const accessToken = `eyJ0eXAiOiJKV1QiLCJzYW5kYm94Ijp0cnVlfQ.${rng.string(120, '-_')}`;
        tokens.set(accessToken, { principal, audience, expiresAt: clock.now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
        return { accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_S };
    };
    const signJwt = (claims) => {
        const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }));
        const payload = base64url(JSON.stringify(claims));
        const signature = (0,external_node_crypto_.createSign)('RSA-SHA256').update(`${header}.${payload}`).sign(keys().privateKey);
        return `${header}.${payload}.${base64url(signature)}`;
    };
    const effectiveLifetimePolicy = (app) => {
        if (app.passwordMaxLifetime)
            return { policyId: `${app.id.slice(0, 8)}-policy`, maxLifetime: app.passwordMaxLifetime };
        if (state.passwordMaxLifetime)
            return { policyId: TENANT_POLICY_ID, maxLifetime: state.passwordMaxLifetime };
        return undefined;
    };
    const state = {
        tenantId,
        domain,
        clock,
        rng,
        propagationDelayMs,
        graphReadLagMs,
        users,
        applications,
        servicePrincipals,
        appRoleAssignments,
        oauth2PermissionGrants,
        securityDefaultsEnabled: spec.securityDefaultsEnabled ?? false,
        passwordMaxLifetime: spec.passwordMaxLifetime ?? null,
        passwordAdditionBlocked: spec.passwordAdditionBlocked ?? false,
        automation: {
            appId: automationApp.appId,
            applicationId: automationApp.id,
            servicePrincipalId: automationSp.id,
            displayName: String(automationApp.props.displayName),
        },
        automationCredentials() {
            const newest = [...automationApp.passwordCredentials].sort((a, b) => b.startDateTime - a.startDateTime)[0];
            return { tenantId, clientId: automationApp.appId, clientSecret: newest?.secretText ?? '' };
        },
        isTenant,
        findApplication,
        resolveApplication(ref) {
            return (findApplication(ref) ??
                applications.find((a) => String(a.props.displayName).toLowerCase() === ref.toLowerCase()));
        },
        findServicePrincipal,
        findUserRecord,
        passwordValue(appRef, which) {
            const app = this.resolveApplication(appRef);
            if (!app)
                return undefined;
            if (which === 'newest') {
                return [...app.passwordCredentials].sort((a, b) => b.startDateTime - a.startDateTime)[0]?.secretText;
            }
            return app.passwordCredentials.find((p) => p.displayName === which.displayName)?.secretText;
        },
        visiblePasswords(app) {
            const t = clock.now();
            return app.passwordCredentials.filter((p) => p.visibleAt <= t);
        },
        addPassword(app, input) {
            const t = clock.now();
            const start = input.startDateTime ?? t;
            const end = input.endDateTime ?? start + 730 * entra_DAY_MS;
            if (!(end > start)) {
                return {
                    ok: false,
                    reason: 'invalidDates',
                    message: 'endDateTime must be later than startDateTime.',
                };
            }
            if (state.passwordAdditionBlocked)
                return { ok: false, reason: 'additionBlocked', policyId: TENANT_POLICY_ID };
            const audience = String(app.props.signInAudience);
            if ((audience === 'AzureADandPersonalMicrosoftAccount' || audience === 'PersonalMicrosoftAccount') &&
                app.passwordCredentials.length >= 2) {
                return {
                    ok: false,
                    reason: 'limit',
                    message: `Not allowed to add ${app.passwordCredentials.length + 1} passwords. You can only add a maximum of 2 passwords.`,
                };
            }
            const policy = effectiveLifetimePolicy(app);
            if (policy && end - start > (parseIsoDurationMs(policy.maxLifetime) ?? Infinity)) {
                return { ok: false, reason: 'lifetime', ...policy };
            }
            const credential = {
                keyId: rng.guid(),
                displayName: input.displayName ?? null,
                startDateTime: start,
                endDateTime: end,
                secretText: newClientSecret(rng),
                usableAt: t + propagationDelayMs,
                visibleAt: t + graphReadLagMs,
            };
            app.passwordCredentials.push(credential);
            return { ok: true, credential };
        },
        removePassword(app, keyId) {
            const i = app.passwordCredentials.findIndex((p) => p.keyId.toLowerCase() === keyId.toLowerCase());
            if (i < 0)
                return false;
            const [removed] = app.passwordCredentials.splice(i, 1);
            if (removed)
                removedSecrets.push({
                    name: `entra:${String(app.props.displayName)}:password:${removed.keyId}:removed`,
                    value: removed.secretText,
                });
            return true;
        },
        effectiveLifetimePolicy,
        graphRolesOf,
        isOwner(app, objectId) {
            return app.ownerIds.includes(objectId);
        },
        // EntraPort
        validateAccessToken(token, audience) {
            const t = tokens.get(token);
            if (!t || t.audience !== audience || t.expiresAt <= clock.now())
                return undefined;
            return t.principal;
        },
        checkClientSecret(tenant, appId, secret) {
            if (!isTenant(tenant))
                return 'appNotFound';
            const app = findApplication(appId);
            if (!app || app.appId.toLowerCase() !== appId.toLowerCase())
                return 'appNotFound';
            const cred = app.passwordCredentials.find((p) => p.secretText === secret);
            if (!cred)
                return 'invalid';
            const t = clock.now();
            if (cred.endDateTime <= t)
                return 'expired';
            if (t < cred.usableAt)
                return 'notPropagated';
            return 'ok';
        },
        keyIdOfSecret(appId, secret) {
            return findApplication(appId)?.passwordCredentials.find((p) => p.secretText === secret)?.keyId;
        },
        findUser(upnOrMail) {
            const u = findUserRecord(upnOrMail);
            if (!u || u.objectId.toLowerCase() === upnOrMail.toLowerCase())
                return undefined;
            return {
                objectId: u.objectId,
                userPrincipalName: u.userPrincipalName,
                displayName: u.displayName,
                ...(u.mail ? { mail: u.mail } : {}),
                tenantId,
            };
        },
        servicePrincipalObjectId(appId) {
            return servicePrincipals.find((s) => s.appId.toLowerCase() === appId.toLowerCase())?.id;
        },
        applicationInfo(ref) {
            const app = findApplication(ref) ??
                applications.find((a) => String(a.props.displayName).toLowerCase() === ref.toLowerCase());
            return app ? { appId: app.appId, displayName: String(app.props.displayName) } : undefined;
        },
        issueAppToken(appId, audience) {
            const app = findApplication(appId);
            const sp = app && servicePrincipals.find((s) => s.appId === app.appId);
            if (!app || !sp)
                throw new Error(`issueAppToken: no application with a service principal for appId ${appId}`);
            return issue({
                tenantId,
                appId: app.appId,
                objectId: sp.id,
                kind: 'app',
                roles: audience === 'graph' ? graphRolesOf(sp.id) : [],
            }, audience);
        },
        issueUserToken(upnOrMail, audience, appId) {
            const u = findUserRecord(upnOrMail);
            if (!u)
                throw new Error(`issueUserToken: no user "${upnOrMail}" in the tenant`);
            return issue({
                tenantId,
                appId: appId ?? automationApp.appId,
                objectId: u.objectId,
                kind: 'user',
                upn: u.userPrincipalName,
                roles: [],
            }, audience);
        },
        checkClientAssertion(appId, assertion) {
            const parts = assertion.split('.');
            const fail = (code, error, description) => ({
                ok: false,
                code,
                error,
                description,
            });
            if (parts.length !== 3)
                return fail(50027, 'invalid_request', 'JWT token is invalid or malformed.');
            let header;
            let claims;
            try {
                header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
                claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
            }
            catch {
                return fail(50027, 'invalid_request', 'JWT token is invalid or malformed.');
            }
            const app = findApplication(appId);
            if (!app)
                return fail(700016, 'unauthorized_client', `Application with identifier '${appId}' was not found in the directory '${tenantId}'.`);
            const issuer = String(claims.iss ?? '');
            const candidates = app.federatedIdentityCredentials.filter((f) => f.issuer === issuer);
            if (candidates.length === 0) {
                return fail(700211, 'invalid_client', `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
            }
            const verified = header.alg === 'RS256' &&
                (0,external_node_crypto_.createVerify)('RSA-SHA256')
                    .update(`${parts[0]}.${parts[1]}`)
                    .verify(keys().publicKey, Buffer.from(parts[2], 'base64url'));
            if (!verified) {
                return fail(50013, 'invalid_client', 'Assertion failed signature validation. [Reason - The key was not found.]');
            }
            const nowS = Math.floor(clock.now() / 1000);
            const exp = Number(claims.exp);
            if (!Number.isFinite(exp) || exp <= nowS) {
                return fail(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
            }
            if (typeof claims.nbf === 'number' && claims.nbf > nowS + 300) {
                return fail(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
            }
            const subject = String(claims.sub ?? '');
            const bySubject = candidates.filter((f) => f.subject === subject);
            if (bySubject.length === 0) {
                return fail(700213, 'invalid_client', `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
            }
            const auds = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
            if (!bySubject.some((f) => f.audiences.some((a) => auds.includes(a)))) {
                return fail(700212, 'invalid_client', `No matching federated identity record found for presented assertion audience '${auds.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
            }
            return { ok: true };
        },
        mintGithubOidcToken(requestToken, audience) {
            if (!github || requestToken !== github.requestToken)
                return undefined;
            const nowS = Math.floor(clock.now() / 1000);
            return signJwt({
                jti: rng.guid(),
                sub: github.subject,
                aud: audience,
                iss: GITHUB_OIDC_ISSUER,
                nbf: nowS - 5,
                iat: nowS - 5,
                exp: nowS + OIDC_TOKEN_LIFETIME_S,
            });
        },
        mintPipelinesOidcToken(systemAccessToken, serviceConnectionId) {
            if (!pipelines || systemAccessToken !== pipelines.systemAccessToken)
                return undefined;
            if (serviceConnectionId.toLowerCase() !== pipelines.serviceConnectionId.toLowerCase())
                return undefined;
            const nowS = Math.floor(clock.now() / 1000);
            return signJwt({
                jti: rng.guid(),
                sub: pipelines.subject,
                aud: TOKEN_EXCHANGE_AUDIENCE,
                iss: pipelinesIssuer(),
                nbf: nowS,
                iat: nowS,
                exp: nowS + OIDC_TOKEN_LIFETIME_S,
            });
        },
        jwks() {
            const jwk = keys().publicKey.export({ format: 'jwk' });
            return { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] };
        },
        secrets() {
            const out = [];
            for (const app of applications) {
                for (const p of app.passwordCredentials) {
                    out.push({
                        name: `entra:${String(app.props.displayName)}:password:${p.keyId}`,
                        value: p.secretText,
                    });
                }
            }
            if (github)
                out.push({ name: 'ciOidc:github:requestToken', value: github.requestToken });
            if (pipelines)
                out.push({ name: 'ciOidc:azurePipelines:systemAccessToken', value: pipelines.systemAccessToken });
            for (const [token, t] of tokens) {
                out.push({ name: `entra:accessToken:${t.audience}:${t.principal.appId}`, value: token });
            }
            out.push(...removedSecrets);
            return out;
        },
        snapshot() {
            const iso = (ms) => new Date(ms).toISOString();
            return {
                tenantId,
                domain,
                securityDefaultsEnabled: state.securityDefaultsEnabled,
                passwordMaxLifetime: state.passwordMaxLifetime,
                passwordAdditionBlocked: state.passwordAdditionBlocked,
                propagationDelayMs,
                graphReadLagMs,
                automation: state.automation,
                users: users.map((u) => ({ ...u })),
                applications: applications.map((a) => ({
                    id: a.id,
                    appId: a.appId,
                    ...a.props,
                    ownerIds: [...a.ownerIds],
                    passwordMaxLifetime: a.passwordMaxLifetime ?? null,
                    passwordCredentials: a.passwordCredentials.map((p) => ({
                        keyId: p.keyId,
                        displayName: p.displayName,
                        hint: p.secretText.slice(0, 3),
                        startDateTime: iso(p.startDateTime),
                        endDateTime: iso(p.endDateTime),
                        usableAt: iso(p.usableAt),
                        visibleAt: iso(p.visibleAt),
                    })),
                    federatedIdentityCredentials: a.federatedIdentityCredentials.map((f) => ({ ...f })),
                })),
                servicePrincipals: servicePrincipals.map((s) => ({
                    id: s.id,
                    appId: s.appId,
                    displayName: s.displayName,
                })),
                appRoleAssignments: appRoleAssignments.map((r) => ({
                    ...r,
                    createdDateTime: iso(r.createdDateTime),
                })),
                oauth2PermissionGrants: oauth2PermissionGrants.map((g) => ({ ...g })),
                ciOidc: {
                    github: github ? { subject: github.subject, issuer: GITHUB_OIDC_ISSUER } : null,
                    azurePipelines: pipelines
                        ? {
                            subject: pipelines.subject,
                            serviceConnectionId: pipelines.serviceConnectionId,
                            issuer: pipelinesIssuer(),
                        }
                        : null,
                },
                activeAccessTokens: [...tokens.values()].filter((t) => t.expiresAt > clock.now()).length,
            };
        },
    };
    return state;
}
/** The writable Graph properties of a new application, with Graph's defaults. */
function defaultProps(displayName, signInAudience, domain) {
    return {
        displayName,
        description: null,
        signInAudience,
        identifierUris: [],
        tags: [],
        notes: null,
        groupMembershipClaims: null,
        isFallbackPublicClient: null,
        isDeviceOnlyAuthSupported: null,
        publisherDomain: domain,
        serviceManagementReference: null,
        tokenEncryptionKeyId: null,
        defaultRedirectUri: null,
        optionalClaims: null,
        addIns: [],
        api: {
            acceptMappedClaims: null,
            knownClientApplications: [],
            requestedAccessTokenVersion: null,
            oauth2PermissionScopes: [],
            preAuthorizedApplications: [],
        },
        appRoles: [],
        info: {
            logoUrl: null,
            marketingUrl: null,
            privacyStatementUrl: null,
            supportUrl: null,
            termsOfServiceUrl: null,
        },
        keyCredentials: [],
        parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
        publicClient: { redirectUris: [] },
        requiredResourceAccess: [],
        spa: { redirectUris: [] },
        web: {
            homePageUrl: null,
            logoutUrl: null,
            redirectUris: [],
            implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
            redirectUriSettings: [],
        },
    };
}
/** The AADSTS error a token request gets for a secret that does not check `ok` (for dbt runs and C1 syncs too). */
function describeSecretFailure(check, appId, tenant) {
    switch (check) {
        case 'expired':
            return {
                code: 7000222,
                error: 'invalid_client',
                description: `AADSTS7000222: The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
            };
        case 'appNotFound':
            return {
                code: 700016,
                error: 'unauthorized_client',
                description: `AADSTS700016: Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
            };
        case 'invalid':
        case 'notPropagated':
            // During propagation Entra answers exactly as for a wrong secret.
            return {
                code: 7000215,
                error: 'invalid_client',
                description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
            };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/authority.ts

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** `.default` resources the sandbox issues tokens for. */
const RESOURCES = {
    [AZURE_DEVOPS_APP_ID]: 'azureDevOps',
    'https://app.vssps.visualstudio.com': 'azureDevOps',
    [MICROSOFT_GRAPH_APP_ID]: 'graph',
    'https://graph.microsoft.com': 'graph',
};
function createAuthorityService(entra, options) {
    const { clock } = options;
    /** A v2 error body: `{error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri}`. */
    const aadError = (req, status, error, code, description) => {
        const traceId = entra.rng.guid();
        const correlationId = req.query.get('client-request-id') ?? headerValue(req, 'client-request-id') ?? entra.rng.guid();
        const timestamp = new Date(clock.now())
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, 'Z');
        return {
            status,
            headers: { 'x-ms-request-id': traceId, 'cache-control': 'no-store, no-cache' },
            json: {
                error,
                error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
                error_codes: [code],
                timestamp,
                trace_id: traceId,
                correlation_id: correlationId,
                error_uri: `${req.origin}/error?code=${code}`,
            },
        };
    };
    const missing = (req, name) => aadError(req, 400, 'invalid_request', 900144, `AADSTS900144: The request body must contain the following parameter: '${name}'.`);
    const openIdConfiguration = (req, tenant) => {
        const base = `${req.origin}/${tenant}`;
        return {
            status: 200,
            json: {
                token_endpoint: `${base}/oauth2/v2.0/token`,
                token_endpoint_auth_methods_supported: [
                    'client_secret_post',
                    'private_key_jwt',
                    'client_secret_basic',
                ],
                jwks_uri: `${base}/discovery/v2.0/keys`,
                response_modes_supported: ['query', 'fragment', 'form_post'],
                subject_types_supported: ['pairwise'],
                id_token_signing_alg_values_supported: ['RS256'],
                response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
                scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
                issuer: `${req.origin}/${entra.tenantId}/v2.0`,
                request_uri_parameter_supported: false,
                userinfo_endpoint: `${req.origin}/oidc/userinfo`,
                authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
                device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
                http_logout_supported: true,
                frontchannel_logout_supported: true,
                end_session_endpoint: `${base}/oauth2/v2.0/logout`,
                claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'tid', 'oid', 'roles'],
                tenant_region_scope: 'EU',
                cloud_instance_name: 'microsoftonline.com',
                cloud_graph_host_name: 'graph.windows.net',
                msgraph_host: 'graph.microsoft.com',
                rbac_url: 'https://pas.windows.net',
            },
        };
    };
    const token = (req, tenant) => {
        const form = req.form();
        const grantType = form.get('grant_type');
        if (!grantType)
            return missing(req, 'grant_type');
        if (grantType !== 'client_credentials') {
            return aadError(req, 400, 'unsupported_grant_type', 70003, `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`);
        }
        // client_secret_basic is allowed as well as client_secret_post.
        let clientId = form.get('client_id');
        let clientSecret = form.get('client_secret');
        const basic = /^Basic\s+(.+)$/i.exec(headerValue(req, 'authorization') ?? '');
        if (basic) {
            const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId ??= decodeURIComponent(decoded.slice(0, colon));
                clientSecret ??= decodeURIComponent(decoded.slice(colon + 1));
            }
        }
        if (!clientId)
            return missing(req, 'client_id');
        if (!entra.isTenant(tenant)) {
            return aadError(req, 400, 'invalid_request', 90002, `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
        }
        const scope = form.get('scope');
        if (!scope)
            return missing(req, 'scope');
        const app = entra.findApplication(clientId);
        if (!app || app.appId.toLowerCase() !== clientId.toLowerCase()) {
            const e = describeSecretFailure('appNotFound', clientId, tenant);
            return aadError(req, 400, e.error, e.code, e.description);
        }
        if (!entra.servicePrincipalObjectId(app.appId)) {
            return aadError(req, 401, 'invalid_client', 7000229, `AADSTS7000229: The client application ${app.appId} is missing service principal in the tenant ${entra.tenantId}.`);
        }
        const assertion = form.get('client_assertion');
        if (clientSecret) {
            const check = entra.checkClientSecret(tenant, app.appId, clientSecret);
            if (check !== 'ok') {
                const e = describeSecretFailure(check, app.appId, tenant);
                return aadError(req, e.error === 'invalid_client' ? 401 : 400, e.error, e.code, e.description);
            }
        }
        else if (assertion) {
            const type = form.get('client_assertion_type');
            if (type !== JWT_BEARER) {
                return aadError(req, 400, 'invalid_request', 50027, `AADSTS50027: client_assertion_type must be '${JWT_BEARER}'.`);
            }
            const check = entra.checkClientAssertion(app.appId, assertion);
            if (!check.ok) {
                return aadError(req, check.error === 'invalid_client' ? 401 : 400, check.error, check.code, `AADSTS${check.code}: ${check.description}`);
            }
        }
        else {
            return aadError(req, 401, 'invalid_client', 7000218, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        const resources = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
        if (resources.length !== 1 || !resources[0].endsWith('/.default')) {
            return aadError(req, 400, 'invalid_scope', 1002012, `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
        }
        const resource = resources[0].slice(0, -'/.default'.length).replace(/\/+$/, '');
        const audience = RESOURCES[resource.toLowerCase()] ?? RESOURCES[resource];
        if (!audience) {
            return aadError(req, 400, 'invalid_resource', 500011, `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
        }
        const issued = entra.issueAppToken(app.appId, audience);
        return {
            status: 200,
            headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
            json: {
                token_type: 'Bearer',
                expires_in: issued.expiresIn,
                ext_expires_in: issued.expiresIn,
                access_token: issued.accessToken,
            },
        };
    };
    const bearer = (req) => /^Bearer\s+(.+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
    const githubToken = (req) => {
        const audience = req.query.get('audience') ?? 'api://AzureADTokenExchange';
        const jwt = entra.mintGithubOidcToken(bearer(req) ?? '', audience);
        if (!jwt)
            return {
                status: 401,
                json: {
                    message: 'Bad credentials: the bearer request token is not the ACTIONS_ID_TOKEN_REQUEST_TOKEN of this scenario',
                },
            };
        return { status: 200, json: { count: 1, value: jwt } };
    };
    const pipelinesToken = (req) => {
        const connection = req.query.get('serviceConnectionId');
        if (!connection) {
            return {
                status: 400,
                json: {
                    $id: '1',
                    message: 'The serviceConnectionId query parameter is required.',
                    typeKey: 'ArgumentException',
                    errorCode: 0,
                },
            };
        }
        const jwt = entra.mintPipelinesOidcToken(bearer(req) ?? '', connection);
        if (!jwt) {
            return {
                status: 401,
                json: {
                    $id: '1',
                    message: 'The system access token is not valid for this service connection.',
                    typeKey: 'UnauthorizedRequestException',
                    errorCode: 0,
                },
            };
        }
        return { status: 200, headers: { 'x-vss-e2eid': entra.rng.guid() }, json: { oidcToken: jwt } };
    };
    return {
        name: 'authority',
        handle(req) {
            const s = req.segments;
            const route = `${req.method} ${s.slice(1).join('/')}`;
            if (s[0] === '_oidc') {
                if (req.method === 'GET' && s[1] === 'github' && s[2] === 'token')
                    return githubToken(req);
                if (req.method === 'GET' && s[1] === 'github' && s[2] === '.well-known' && s[3] === 'jwks')
                    return { status: 200, json: entra.jwks() };
                if (req.method === 'POST' && s[1] === 'azure-pipelines')
                    return pipelinesToken(req);
            }
            else if (s[0]) {
                const tenant = s[0];
                if (route === 'GET v2.0/.well-known/openid-configuration')
                    return openIdConfiguration(req, tenant);
                if (route === 'GET discovery/v2.0/keys')
                    return { status: 200, json: entra.jwks() };
                if (route === 'POST oauth2/v2.0/token')
                    return token(req, tenant);
            }
            return aadError(req, 404, 'invalid_request', 90011, `AADSTS90011: The request path ${req.method} ${req.rawPath} is not served by this authority.`);
        },
    };
}
function headerValue(req, name) {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/http.ts
/**
 * Response plumbing shared by the dev.azure.com and vssps.dev.azure.com emulations: the ADO error body, the
 * headers every real answer carries, api-version parsing and the caller context (reference §0).
 */


/** Real .NET type names for the error bodies the sandbox produces (reference §0 "Response envelope and errors"). */
const TYPE_NAMES = {
    ProjectDoesNotExistWithNameException: 'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
    ProjectDoesNotExistException: 'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistException, Microsoft.TeamFoundation.Core.WebApi',
    GitRepositoryNotFoundException: 'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
    AccessCheckException: 'Microsoft.TeamFoundation.Framework.Server.AccessCheckException, Microsoft.TeamFoundation.Framework.Server',
    UnauthorizedRequestException: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
    InvalidSecurityNamespaceIdException: 'Microsoft.TeamFoundation.Framework.Server.InvalidSecurityNamespaceIdException, Microsoft.TeamFoundation.Framework.Server',
    ArgumentNullException: 'System.ArgumentNullException, mscorlib',
    ArgumentException: 'System.ArgumentException, mscorlib',
    VssServiceException: 'Microsoft.VisualStudio.Services.WebApi.VssServiceException, Microsoft.VisualStudio.Services.WebApi',
    VssInvalidApiVersionException: 'Microsoft.VisualStudio.Services.WebApi.VssInvalidApiVersionException, Microsoft.VisualStudio.Services.WebApi',
    GraphSubjectNotFoundException: 'Microsoft.VisualStudio.Services.Graph.GraphSubjectNotFoundException, Microsoft.VisualStudio.Services.WebApi',
    GraphMembershipNotFoundException: 'Microsoft.VisualStudio.Services.Graph.GraphMembershipNotFoundException, Microsoft.VisualStudio.Services.WebApi',
    RequestBlockedException: 'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
    HostDoesNotExistException: 'Microsoft.TeamFoundation.Framework.Server.HostDoesNotExistException, Microsoft.TeamFoundation.Framework.Server',
    RouteNotFoundException: 'Microsoft.VisualStudio.Services.WebApi.RouteNotFoundException, Microsoft.VisualStudio.Services.WebApi',
};
/** `{"$id":"1","innerException":null,"message":…,"typeName":…,"typeKey":…,"errorCode":0,"eventId":3000}`. */
function adoErrorBody(message, typeKey) {
    return {
        $id: '1',
        innerException: null,
        message,
        typeName: TYPE_NAMES[typeKey] ??
            `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
        typeKey,
        errorCode: 0,
        eventId: 3000,
    };
}
function adoError(status, message, typeKey) {
    return new SandboxHttpError({ status, json: adoErrorBody(message, typeKey) });
}
function notFoundRoute(req) {
    return adoError(404, `The sandbox's Azure DevOps service has no route for ${req.method} ${req.rawPath}; see reference/azure-devops.md for the ones it emulates.`, 'RouteNotFoundException');
}
/** `api-version` from the query or the Accept header (`application/json;api-version=7.1`), §0. */
function requestedApiVersion(req) {
    const fromQuery = req.query.get('api-version');
    if (fromQuery)
        return fromQuery;
    const accept = req.headers.accept ?? '';
    const match = /api-version=([^;,\s]+)/i.exec(accept);
    return match?.[1];
}
/** Rejects a malformed api-version the way the service does (400 VssInvalidApiVersionException). */
function checkApiVersion(req) {
    const version = requestedApiVersion(req);
    if (version !== undefined && !/^\d+\.\d+(-preview(\.\d+)?)?$/i.test(version)) {
        throw adoError(400, `VS403046: The api-version '${version}' is not valid. Use a version like 7.1 or 7.1-preview.1.`, 'VssInvalidApiVersionException');
    }
    return version;
}
/** Headers seen on every real response (activity ids, session, sender), plus `x-vss-userdata` when signed in. */
function commonHeaders(req, caller) {
    const activity = (0,external_node_crypto_.randomUUID)();
    const session = typeof req.headers['x-tfs-session'] === 'string' ? req.headers['x-tfs-session'] : (0,external_node_crypto_.randomUUID)();
    const headers = {
        activityid: activity,
        'x-tfs-session': session,
        'x-vss-e2eid': activity,
        'x-tfs-processid': '93d35aca-09a1-465d-9dc3-ddaae7f9c4b4',
        'x-vss-senderdeploymentid': 'ed30ce5c-9d0a-f73c-3580-4315c7f84d83',
        'x-msedge-ref': `Ref A: ${activity.replace(/-/g, '').toUpperCase()} Ref B: SANDBOX Ref C: ${new Date().toISOString()}`,
        'cache-control': 'no-cache',
    };
    if (caller)
        headers['x-vss-userdata'] = `${caller.id}:${caller.principalName}`;
    return headers;
}
/** `content-type` echoing the api-version the way the service does. */
function jsonContentType(apiVersion) {
    return `application/json; charset=utf-8${apiVersion ? `; api-version=${apiVersion}` : ''}`;
}
function ok(json, status = 200, headers = {}) {
    return { status, json, headers };
}
/** Comma-separated list parameter (descriptors=, identityIds=, tokens=). */
function listParam(req, name) {
    const raw = queryParam(req, name);
    if (!raw)
        return [];
    return raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
}
/** Query parameters are case-insensitive on the service. */
function queryParam(req, name) {
    const direct = req.query.get(name);
    if (direct !== null)
        return direct;
    const lower = name.toLowerCase();
    for (const [key, value] of req.query)
        if (key.toLowerCase() === lower)
            return value;
    return undefined;
}
function boolParam(req, name) {
    return (queryParam(req, name) ?? '').toLowerCase() === 'true';
}
/** Non-negative integer parameter; names the parameter in the 400 when it is not one. */
function intParam(req, name) {
    const raw = queryParam(req, name);
    if (raw === undefined || raw === '')
        return undefined;
    if (!/^\d+$/.test(raw)) {
        throw adoError(400, `The value '${raw}' of the query parameter ${name} is not a non-negative integer.`, 'ArgumentException');
    }
    return Number(raw);
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/locations.ts
/**
 * Location service data that azure-devops-node-api negotiates before every call (reference §10 "What a local test
 * server must answer"): `OPTIONS /{org}/_apis/{area}` → `{count, value: [ApiResourceLocation]}`, and
 * `GET /{org}/_apis/ResourceAreas` → an empty list, which makes the client keep the organization URL.
 */
function loc(id, area, resourceName, routeTemplate, resourceVersion = 1, releasedVersion = '7.1') {
    return {
        id,
        area,
        resourceName,
        routeTemplate,
        resourceVersion,
        minVersion: '1.0',
        maxVersion: '7.2',
        releasedVersion,
    };
}
/** dev.azure.com locations (ids and route templates from the recorded OPTIONS bodies, §10). */
const DEV_LOCATIONS = [
    loc('00d9565f-ed9c-4a06-9a50-00e7896ccab4', 'Location', 'ConnectionData', '_apis/{resource}', 1, '7.1'),
    loc('e81700f7-3be2-46de-8624-2eb35882fcaa', 'Location', 'ResourceAreas', '_apis/{resource}/{areaId}', 1, '7.1'),
    loc('603fe2ac-9723-48b9-88ad-09305aa6c6e1', 'core', 'projects', '_apis/{resource}/{*projectId}', 4, '7.1'),
    loc('225f7195-f9c7-4d14-ab28-a83f7ff77e1f', 'git', 'repositories', '{project}/_apis/{area}/{resource}/{repositoryId}', 1),
    loc('82aea7e8-9501-45dd-ac58-b069aa73b926', 'git', 'repositoriesPaged', '_apis/{area}/{projectId}/repositoriesPaged', 1, '0.0'),
    loc('ce7b9f95-fde9-4be8-a86d-83b366f0b87a', 'Security', 'SecurityNamespaces', '_apis/{resource}/{securityNamespaceId}'),
    loc('18a2ad18-7571-46ae-bec7-0c7da1495885', 'Security', 'AccessControlLists', '_apis/{resource}/{securityNamespaceId}'),
    loc('ac08c8ff-4323-4b08-af90-bcd018d380ce', 'Security', 'AccessControlEntries', '_apis/{resource}/{securityNamespaceId}'),
    loc('dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d', 'Security', 'Permissions', '_apis/{resource}/{securityNamespaceId}/{permissions}'),
    loc('cf1faa59-1b63-4448-bf04-13d981a46f5d', 'Security', 'PermissionEvaluationBatch', '_apis/{area}/{resource}'),
];
/** vssps.dev.azure.com locations (Graph and Identities). Ids from the public REST specs. */
const VSSPS_LOCATIONS = [
    loc('28010c1f-7b36-4a27-b3a3-5d0ddc0e66c5', 'IMS', 'Identities', '_apis/{resource}/{identityId}', 1, '7.1'),
    loc('048aee0a-7072-4cde-ab73-7af77b1e0b4e', 'Graph', 'Descriptors', '_apis/{area}/{resource}/{storageKey}', 1, '7.1'),
    loc('eb85f8cc-f0f6-4264-a5b1-ffe2e4d4801f', 'Graph', 'StorageKeys', '_apis/{area}/{resource}/{subjectDescriptor}', 1, '7.1'),
    loc('ebbe6af8-0b91-4c13-8cf1-777c14858188', 'Graph', 'Groups', '_apis/{area}/{resource}/{groupDescriptor}', 1, '0.0'),
    loc('3fd2e6ca-fb30-443a-b579-95b19ed0934c', 'Graph', 'Memberships', '_apis/{area}/{resource}/{subjectDescriptor}/{containerDescriptor}', 1, '0.0'),
    loc('e34b6394-6b30-4435-94a9-409a5eef3e31', 'Graph', 'MembershipsBatch', '_apis/{area}/{resource}/{subjectDescriptor}', 1, '0.0'),
    loc('4dd4d168-11f2-48c4-83e8-756fa0de027c', 'Graph', 'SubjectLookup', '_apis/{area}/{resource}', 1, '0.0'),
    loc('05942c89-006a-48ce-bb79-baeb8abf99c6', 'Graph', 'SubjectQuery', '_apis/{area}/{resource}', 1, '0.0'),
    loc('e1dbb0ae-49cb-4532-95a1-86cd89cfcab4', 'Graph', 'ServicePrincipals', '_apis/{area}/{resource}/{servicePrincipalDescriptor}', 1, '0.0'),
    loc('005e26ec-6b77-4e4f-a986-b3827bf241f5', 'Graph', 'Users', '_apis/{area}/{resource}/{userDescriptor}', 1, '0.0'),
];
/** Locations of one area (case-insensitive), or every location when `area` is undefined. */
function locationsOfArea(all, area) {
    if (area === undefined)
        return all;
    const lower = area.toLowerCase();
    return all.filter((l) => l.area.toLowerCase() === lower);
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/shapes.ts
function projectUrl(origins, state, project) {
    return `${origins.azureDevOps}/${state.organization}/_apis/projects/${project.id}`;
}
/** TeamProjectReference, as in the recorded `GET _apis/projects` list. */
function projectReferenceJson(origins, state, project) {
    return {
        id: project.id,
        name: project.name,
        ...(project.description ? { description: project.description } : {}),
        url: projectUrl(origins, state, project),
        state: project.state,
        revision: project.revision,
        visibility: project.visibility,
        lastUpdateTime: project.lastUpdateTime,
    };
}
/** TeamProject, as in the recorded `GET _apis/projects/{id}`. */
function projectJson(origins, state, project, includeCapabilities) {
    const url = projectUrl(origins, state, project);
    return {
        id: project.id,
        name: project.name,
        ...(project.description ? { description: project.description } : {}),
        url,
        state: project.state,
        ...(includeCapabilities
            ? {
                capabilities: {
                    processTemplate: {
                        templateName: 'Basic',
                        templateTypeId: 'b8a3a935-7e91-48b8-a94c-606d37c3e9f2',
                    },
                    versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
                },
            }
            : {}),
        revision: project.revision,
        _links: {
            self: { href: url },
            collection: {
                href: `${origins.azureDevOps}/${state.organization}/_apis/projectCollections/${state.organizationId}`,
            },
            web: { href: `${origins.azureDevOps}/${state.organization}/${encodeURIComponent(project.name)}` },
        },
        visibility: project.visibility,
        defaultTeam: {
            id: project.defaultTeamId,
            name: `${project.name} Team`,
            url: `${url}/teams/${project.defaultTeamId}`,
        },
        lastUpdateTime: project.lastUpdateTime,
    };
}
/** GitRepository, as in the recorded list (no `_links`) and get (with `_links`). */
function repositoryJson(origins, state, project, repo, withLinks) {
    const org = state.organization;
    const dev = origins.azureDevOps;
    const url = `${dev}/${org}/${project.id}/_apis/git/repositories/${repo.id}`;
    const host = dev.replace(/^https?:\/\//, '');
    const webUrl = `${dev}/${org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`;
    const sshUrl = `git@ssh.${host}:v3/${org}/${encodeURIComponent(project.name)}/${encodeURIComponent(repo.name)}`;
    return {
        id: repo.id,
        name: repo.name,
        url,
        project: projectReferenceJson(origins, state, project),
        ...(repo.defaultBranch ? { defaultBranch: repo.defaultBranch } : {}),
        size: repo.size,
        remoteUrl: `https://${org}@${host}/${org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
        sshUrl,
        webUrl,
        ...(withLinks
            ? {
                _links: {
                    self: { href: url },
                    project: { href: `vstfs:///Classification/TeamProject/${project.id}` },
                    web: { href: webUrl },
                    ssh: { href: sshUrl },
                    commits: { href: `${url}/commits` },
                    refs: { href: `${url}/refs` },
                    pullRequests: { href: `${url}/pullRequests` },
                    items: { href: `${url}/items` },
                    pushes: { href: `${url}/pushes` },
                },
            }
            : {}),
        isDisabled: repo.isDisabled,
        isInMaintenance: false,
    };
}
function prop(value) {
    return { $type: 'System.String', $value: value };
}
/** Identity (IMS), as in the recorded `GET vssps/_apis/Identities?searchFilter=General…` (reference §5). */
function identityJson(state, identity, membership) {
    const up = membership === 'Direct'
        ? state.directContainers(identity.id)
        : membership === 'Expanded' || membership === 'ExpandedUp'
            ? state.memberOfExpanded(identity)
            : [];
    const down = identity.kind !== 'group'
        ? []
        : membership === 'Direct'
            ? state.directMembers(identity.id)
            : membership === 'Expanded' || membership === 'ExpandedDown'
                ? expandedMembers(state, identity)
                : [];
    const properties = identity.kind === 'group'
        ? {
            SchemaClassName: prop('Group'),
            Description: prop(identity.description),
            Domain: prop(identity.domain),
            Account: prop(identity.principalName),
            DN: prop(''),
            Mail: prop(''),
            SpecialType: prop('Generic'),
            SecuritySid: prop(identity.sid ?? ''),
            ScopeId: prop(identity.projectId ?? state.organizationId),
            ScopeName: prop(identity.projectId ? (state.project(identity.projectId)?.name ?? '') : state.organization),
            ScopeType: prop(identity.projectId ? 'TeamProject' : 'ServiceHost'),
        }
        : {
            SchemaClassName: prop('User'),
            Description: prop(''),
            Domain: prop(identity.domain),
            Account: prop(identity.principalName),
            DN: prop(''),
            Mail: prop(identity.mail ?? ''),
            SpecialType: prop('Generic'),
            PUID: prop(identity.origin === 'msa' ? 'msa:' : 'aad:'),
            ComplianceValidated: { $type: 'System.DateTime', $value: '2026-04-01T00:00:00Z' },
            'http://schemas.microsoft.com/identity/claims/objectidentifier': prop(identity.originId),
            ...(identity.directoryAlias ? { DirectoryAlias: prop(identity.directoryAlias) } : {}),
        };
    return {
        id: identity.id,
        descriptor: identity.descriptor,
        subjectDescriptor: identity.subjectDescriptor,
        providerDisplayName: identity.kind === 'group' ? identity.principalName : identity.displayName,
        isActive: identity.isActive,
        ...(identity.kind === 'group' ? { isContainer: true } : {}),
        members: down.map((m) => m.descriptor),
        memberOf: up.map((g) => g.descriptor),
        memberIds: down.map((m) => m.id),
        properties,
        resourceVersion: 2,
        metaTypeId: 255,
    };
}
function expandedMembers(state, group) {
    const seen = new Map();
    const queue = [group];
    while (queue.length > 0) {
        const next = queue.shift();
        for (const member of state.directMembers(next.id)) {
            if (seen.has(member.id) || member.id === group.id)
                continue;
            seen.set(member.id, member);
            if (member.kind === 'group')
                queue.push(member);
        }
    }
    return [...seen.values()];
}
function graphResource(identity) {
    return identity.kind === 'group' ? 'Groups' : identity.kind === 'user' ? 'Users' : 'ServicePrincipals';
}
function graphSubjectUrl(origins, state, identity) {
    return `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph/${graphResource(identity)}/${identity.subjectDescriptor}`;
}
/** GraphGroup / GraphUser / GraphServicePrincipal, as in the recorded Graph answers (reference §5, §7). */
function graphSubjectJson(origins, state, identity) {
    const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
    const d = identity.subjectDescriptor;
    const links = {
        self: { href: graphSubjectUrl(origins, state, identity) },
        memberships: { href: `${base}/Memberships/${d}` },
        membershipState: { href: `${base}/MembershipStates/${d}` },
        storageKey: { href: `${base}/StorageKeys/${d}` },
    };
    if (identity.kind === 'group') {
        return {
            subjectKind: 'group',
            description: identity.description,
            domain: identity.domain,
            principalName: identity.principalName,
            mailAddress: null,
            origin: 'vsts',
            originId: identity.originId,
            displayName: identity.displayName,
            _links: links,
            url: links.self.href,
            descriptor: d,
        };
    }
    links.avatar = {
        href: `${origins.azureDevOps}/${state.organization}/_apis/GraphProfile/MemberAvatars/${d}`,
    };
    return {
        subjectKind: identity.kind === 'user' ? 'user' : 'servicePrincipal',
        ...(identity.kind === 'servicePrincipal'
            ? { applicationId: identity.appId ?? identity.principalName }
            : {}),
        ...(identity.directoryAlias ? { directoryAlias: identity.directoryAlias } : {}),
        domain: identity.domain,
        principalName: identity.principalName,
        mailAddress: identity.mail ?? null,
        origin: identity.origin,
        originId: identity.originId,
        displayName: identity.displayName,
        _links: links,
        url: links.self.href,
        descriptor: d,
    };
}
/** GraphMembership, as in the recorded PUT and `Memberships?direction=` answers. */
function membershipJson(origins, state, member, container) {
    const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
    return {
        containerDescriptor: container.subjectDescriptor,
        memberDescriptor: member.subjectDescriptor,
        _links: {
            self: { href: `${base}/Memberships/${member.subjectDescriptor}/${container.subjectDescriptor}` },
            member: { href: graphSubjectUrl(origins, state, member) },
            container: { href: graphSubjectUrl(origins, state, container) },
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/core-routes.ts



const DEFAULT_PROJECT_PAGE = 100;
/** `OPTIONS /{org}/_apis[/{area}]` → the area's ApiResourceLocations. */
function locationOptions(area) {
    const value = locationsOfArea(DEV_LOCATIONS, area);
    return ok({ count: value.length, value });
}
function connectionData(ctx) {
    const { state, caller, origins } = ctx;
    const user = identityJson(state, caller.identity, 'None');
    return ok({
        authenticatedUser: user,
        authorizedUser: user,
        instanceId: state.organizationId,
        deploymentId: state.organizationId,
        deploymentType: 'hosted',
        locationServiceData: {
            serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
            defaultAccessMappingMoniker: 'PublicAccessMapping',
            lastChangeId: 1,
            lastChangeId64: 1,
            accessMappings: [
                {
                    displayName: 'Public Access Mapping',
                    moniker: 'PublicAccessMapping',
                    accessPoint: `${origins.azureDevOps}/${state.organization}/`,
                    serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
                    virtualDirectory: '',
                },
            ],
        },
    });
}
function projectNotFound(key) {
    throw adoError(404, `TF200016: The following project does not exist: ${key}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`, 'ProjectDoesNotExistWithNameException');
}
/** `GET _apis/projects?stateFilter&$top&$skip&continuationToken` with the `x-ms-continuationtoken` header (§6). */
function listProjects(ctx) {
    const { req, state, origins } = ctx;
    const stateFilter = (queryParam(req, 'stateFilter') ?? 'wellFormed').toLowerCase();
    const filtered = state.projects.filter((p) => stateFilter === 'all' || p.state.toLowerCase() === stateFilter);
    const asked = intParam(req, '$top') ?? DEFAULT_PROJECT_PAGE;
    const top = Math.min(asked, state.projectPageLimit ?? asked);
    const skip = (intParam(req, '$skip') ?? 0) + (intParam(req, 'continuationToken') ?? 0);
    const page = filtered.slice(skip, skip + top);
    const headers = {};
    // The token is "how many already fetched" (§6 Paging).
    if (skip + page.length < filtered.length)
        headers['x-ms-continuationtoken'] = String(skip + page.length);
    return ok({ count: page.length, value: page.map((p) => projectReferenceJson(origins, state, p)) }, 200, headers);
}
function projectOrThrow(ctx, key) {
    return ctx.state.project(key) ?? projectNotFound(key);
}
/** `GET [{project}/]_apis/git/repositories[/{repo}]` (§6): org-wide list, per project, or one by id or name. */
function repositories(ctx, projectKey, repoKey) {
    const { state, origins } = ctx;
    const project = projectKey ? projectOrThrow(ctx, projectKey) : undefined;
    if (repoKey !== undefined) {
        const candidates = project ? [project] : state.projects;
        for (const p of candidates) {
            const repo = p.repositories.find((r) => r.id === repoKey.toLowerCase() || r.name.toLowerCase() === repoKey.toLowerCase());
            if (repo)
                return ok(repositoryJson(origins, state, p, repo, true));
        }
        throw adoError(404, `TF401019: The Git repository with name or identifier ${repoKey} does not exist or you do not have permissions for the operation you are attempting.`, 'GitRepositoryNotFoundException');
    }
    const projects = project ? [project] : state.projects.filter((p) => p.state === 'wellFormed');
    const value = projects.flatMap((p) => p.repositories.map((r) => repositoryJson(origins, state, p, r, false)));
    return ok({ count: value.length, value });
}
/** The portal's data provider for organization policies (§9); an internal route without api-version. */
function organizationPolicy(ctx) {
    const { req, state } = ctx;
    if (queryParam(req, '__rt') !== 'fps') {
        return {
            status: 200,
            text: '<!DOCTYPE html><html><body>Organization settings</body></html>',
            headers: { 'content-type': 'text/html; charset=utf-8' },
        };
    }
    const setting = state.oauthThirdPartyAccess;
    const disallow = setting === undefined ? true : !setting;
    const policy = (name, value, undefinedValue, description) => ({
        policy: {
            name,
            value,
            effectiveValue: value,
            ...(undefinedValue ? { isValueUndefined: true } : {}),
            parentPolicy: null,
        },
        description,
        learnMoreLink: 'https://aka.ms/vstspolicyoauth',
        applicableServiceHost: 0,
    });
    return ok({
        fps: {
            dataProviders: {
                data: {
                    'ms.vss-admin-web.organization-policies-data-provider': {
                        policies: {
                            applicationConnection: [
                                policy('Policy.DisallowOAuthAuthentication', disallow, setting === undefined, 'Third-party application access via OAuth'),
                                policy('Policy.DisallowSecureShell', false, true, 'SSH authentication'),
                            ],
                            security: [
                                policy('Policy.LogAuditEvents', false, true, 'Log Audit Events'),
                                policy('Policy.AllowRequestAccessToken', false, true, 'Allow team and project administrators to invite new users'),
                                policy('Policy.EnforceAADConditionalAccess', false, true, 'Enable IP Conditional Access policy validation'),
                            ],
                            user: [policy('Policy.DisallowAadGuestUserAccess', false, true, 'External guest access')],
                            privacy: [],
                        },
                    },
                },
            },
        },
    });
}
/** Routes of dev.azure.com other than security; undefined when the path is not one of them. */
function coreRoute(ctx) {
    const { req, path } = ctx;
    const [first, resource, ...rest] = path;
    const method = req.method;
    if (first?.toLowerCase() === '_settings' &&
        resource?.toLowerCase() === 'organizationpolicy' &&
        method === 'GET') {
        return organizationPolicy(ctx);
    }
    // {project}/_apis/git/repositories[/{repo}]
    if (first && first.toLowerCase() !== '_apis' && resource?.toLowerCase() === '_apis') {
        const [area, res, repoKey, ...more] = rest;
        if (area?.toLowerCase() === 'git' &&
            res?.toLowerCase() === 'repositories' &&
            more.length === 0 &&
            method === 'GET') {
            return repositories(ctx, first, repoKey);
        }
        return undefined;
    }
    if (first?.toLowerCase() !== '_apis')
        return undefined;
    switch (resource?.toLowerCase()) {
        case 'connectiondata':
            if (method !== 'GET')
                throw notFoundRoute(req);
            return connectionData(ctx);
        case 'resourceareas':
            // An empty list makes azure-devops-node-api keep the organization URL (§10).
            if (method !== 'GET')
                throw notFoundRoute(req);
            return ok({ count: 0, value: [] });
        case 'projects': {
            if (method !== 'GET' || rest.length > 1)
                throw notFoundRoute(req);
            const key = rest[0];
            if (key === undefined)
                return listProjects(ctx);
            return ok(projectJson(ctx.origins, ctx.state, projectOrThrow(ctx, key), boolParam(req, 'includeCapabilities')));
        }
        case 'git': {
            const [res, repoKey, ...more] = rest;
            if (res?.toLowerCase() === 'repositories' && more.length === 0 && method === 'GET') {
                return repositories(ctx, undefined, repoKey);
            }
            return undefined;
        }
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/identity-routes.ts




const GROUP_PAGE = 500;
function vsspsLocationOptions(area) {
    const value = locationsOfArea(VSSPS_LOCATIONS, area);
    return ok({ count: value.length, value });
}
function membershipDepth(ctx) {
    const raw = (queryParam(ctx.req, 'queryMembership') ?? 'None').toLowerCase();
    const known = ['None', 'Direct', 'Expanded', 'ExpandedUp', 'ExpandedDown'];
    const found = known.find((k) => k.toLowerCase() === raw);
    if (!found) {
        throw adoError(400, `queryMembership: '${raw}' is not one of ${known.join(', ')}.`, 'ArgumentException');
    }
    return found;
}
function matches(identity, filter, value) {
    const v = value.toLowerCase();
    const eq = (s) => s !== undefined && s.toLowerCase() === v;
    switch (filter) {
        case 'general':
            return (eq(identity.principalName) ||
                eq(identity.mail) ||
                eq(identity.displayName) ||
                eq(`${identity.domain}\\${identity.principalName}`));
        case 'mailaddress':
            return eq(identity.mail);
        case 'accountname':
            return eq(identity.principalName) || eq(`${identity.domain}\\${identity.principalName}`);
        case 'displayname':
            return eq(identity.displayName);
        case 'localgroupname':
            return identity.kind === 'group' && (eq(identity.principalName) || eq(identity.displayName));
        case 'directoryalias':
            return eq(identity.directoryAlias);
        default:
            return false;
    }
}
/** `GET _apis/identities?searchFilter&filterValue | descriptors | subjectDescriptors | identityIds &queryMembership` (§5). */
function identities(ctx) {
    const { req, state } = ctx;
    const depth = membershipDepth(ctx);
    const render = (i) => (i ? identityJson(state, i, depth) : null);
    const descriptors = listParam(req, 'descriptors');
    if (descriptors.length > 0) {
        const value = descriptors.map((d) => render(state.identityByDescriptor(d)));
        return ok({ count: value.length, value });
    }
    const subjects = listParam(req, 'subjectDescriptors');
    if (subjects.length > 0) {
        const value = subjects.map((d) => render(state.identityBySubject(d)));
        return ok({ count: value.length, value });
    }
    const ids = listParam(req, 'identityIds');
    if (ids.length > 0) {
        const value = ids.map((id) => render(state.identity(id)));
        return ok({ count: value.length, value });
    }
    const filter = queryParam(req, 'searchFilter');
    const filterValue = queryParam(req, 'filterValue');
    if (!filter || filterValue === undefined) {
        throw adoError(400, 'VS403185: Identities need one of: searchFilter with filterValue, descriptors, subjectDescriptors or identityIds.', 'ArgumentException');
    }
    const f = filter.toLowerCase();
    if (!['general', 'mailaddress', 'accountname', 'displayname', 'localgroupname', 'directoryalias'].includes(f)) {
        throw adoError(400, `searchFilter: '${filter}' is not one of General, MailAddress, AccountName, DisplayName, LocalGroupName, DirectoryAlias.`, 'ArgumentException');
    }
    const value = [];
    // Every filter but DirectoryAlias matches a name the state indexes (AccountName may carry a `domain\` prefix).
    const bare = filterValue.slice(filterValue.lastIndexOf('\\') + 1);
    const candidates = f === 'directoryalias'
        ? [...state.allIdentities()]
        : [...new Set([...state.identitiesNamed(filterValue), ...state.identitiesNamed(bare)])];
    for (const identity of candidates)
        if (matches(identity, f, filterValue))
            value.push(render(identity));
    return ok({ count: value.length, value });
}
function subjectOrThrow(ctx, descriptor) {
    const identity = descriptor ? ctx.state.identityBySubject(descriptor) : undefined;
    if (!identity) {
        throw adoError(404, `VS860018: The subject '${descriptor ?? ''}' does not exist in the organization.`, 'GraphSubjectNotFoundException');
    }
    return identity;
}
/** `GET graph/descriptors/{storageKey}` → `{value, _links}`; storage keys are VSIDs or project/collection ids. */
function descriptorOf(ctx, storageKey) {
    const { state, origins } = ctx;
    const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
    let value;
    let subject;
    const identity = storageKey ? state.identity(storageKey) : undefined;
    if (identity) {
        value = identity.subjectDescriptor;
        subject = graphSubjectUrl(origins, state, identity);
    }
    else if (storageKey) {
        const project = state.project(storageKey);
        if (project && project.id === storageKey.toLowerCase())
            value = project.scopeDescriptor;
        else if (storageKey.toLowerCase() === state.organizationId)
            value = state.collectionScopeDescriptor;
        if (value)
            subject = `${base}/Scopes/${value}`;
    }
    if (!value || !subject) {
        throw adoError(404, `VS860018: No subject has the storage key '${storageKey ?? ''}'.`, 'GraphSubjectNotFoundException');
    }
    return ok({
        value,
        _links: {
            self: { href: `${base}/Descriptors/${storageKey}` },
            storageKey: { href: `${base}/StorageKeys/${value}` },
            subject: { href: subject },
        },
    });
}
/** `GET graph/storagekeys/{descriptor}` → `{value: <VSID or project id>, _links}`. */
function storageKeyOf(ctx, descriptor) {
    const { state, origins } = ctx;
    const base = `${origins.azureDevOpsIdentity}/${state.organization}/_apis/Graph`;
    let value;
    if (descriptor) {
        value = state.identityBySubject(descriptor)?.id ?? state.projectOfScope(descriptor)?.id;
        if (!value && descriptor.toLowerCase() === state.collectionScopeDescriptor.toLowerCase())
            value = state.organizationId;
    }
    if (!value) {
        throw adoError(404, `VS860018: The subject '${descriptor ?? ''}' does not exist in the organization.`, 'GraphSubjectNotFoundException');
    }
    return ok({
        value,
        _links: {
            self: { href: `${base}/StorageKeys/${descriptor}` },
            descriptor: { href: `${base}/Descriptors/${value}` },
        },
    });
}
/** Paged list with the `X-MS-ContinuationToken` header (§7 step 2). */
function paged(ctx, all) {
    const token = queryParam(ctx.req, 'continuationToken');
    const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) {
        throw adoError(400, `continuationToken: '${token}' was not issued by this service; start without it.`, 'ArgumentException');
    }
    const page = all.slice(start, start + GROUP_PAGE);
    const headers = {};
    if (start + page.length < all.length) {
        headers['X-MS-ContinuationToken'] = Buffer.from(String(start + page.length), 'utf8').toString('base64url');
    }
    return ok({ count: page.length, value: page.map((g) => graphSubjectJson(ctx.origins, ctx.state, g)) }, 200, headers);
}
function listGroups(ctx) {
    const scope = queryParam(ctx.req, 'scopeDescriptor');
    return paged(ctx, ctx.state.groupsOfScope(scope || undefined));
}
function listUsers(ctx) {
    const kinds = listParam(ctx.req, 'subjectTypes').map((k) => k.toLowerCase());
    const users = [...ctx.state.allIdentities()].filter((i) => i.kind !== 'group' &&
        (kinds.length === 0 || kinds.includes(i.subjectDescriptor.split('.')[0].toLowerCase())));
    return paged(ctx, users);
}
/**
 * `GET graph/serviceprincipals`: GraphServicePrincipal entries (with `applicationId`), inactive ones too, paged like
 * groups and users. Unrecorded: the shape follows the public GraphServicePrincipal type (reference §5).
 */
function listServicePrincipals(ctx) {
    return paged(ctx, ctx.state.servicePrincipals());
}
/** `GET graph/memberships/{subject}?direction=up|down&depth=1` (depth 1 only, §7). */
function listMemberships(ctx, subject) {
    const { req, state, origins } = ctx;
    const direction = (queryParam(req, 'direction') ?? 'up').toLowerCase();
    const depth = intParam(req, 'depth');
    if (depth !== undefined && depth !== 1) {
        throw adoError(400, `depth: only 1 is supported (got ${depth}); walk nested memberships yourself.`, 'ArgumentException');
    }
    if (direction !== 'up' && direction !== 'down') {
        throw adoError(400, `direction: '${direction}' is not up or down.`, 'ArgumentException');
    }
    const value = direction === 'up'
        ? state.directContainers(subject.id).map((c) => membershipJson(origins, state, subject, c))
        : state.directMembers(subject.id).map((m) => membershipJson(origins, state, m, subject));
    return ok({ count: value.length, value });
}
/** Changing a group's members needs Project Collection Administrators, or Project Administrators of its project. */
function requireManage(ctx, container) {
    const { state } = ctx;
    const principals = state.principalsOf(ctx.caller.identity.descriptor);
    if (principals.has(descriptorKey(state.collectionGroup('admins').descriptor)))
        return;
    const project = container.projectId ? state.project(container.projectId) : undefined;
    if (project &&
        principals.has(descriptorKey(state.projectGroup(project, 'Project Administrators').descriptor)))
        return;
    throw adoError(403, `TF401027: You need the Identity 'ManageMembership' permission to perform this action. Details: identity '${ctx.caller.identity.displayName}', scope '${container.principalName}'.`, 'AccessCheckException');
}
function membership(ctx, subject, container) {
    const { req, state, origins } = ctx;
    if (container.kind !== 'group') {
        throw adoError(400, `The container '${container.subjectDescriptor}' is not a group.`, 'ArgumentException');
    }
    const exists = state.isDirectMember(container.id, subject.id);
    const missing = () => {
        throw adoError(404, `VS860017: '${subject.subjectDescriptor}' is not a member of '${container.subjectDescriptor}'.`, 'GraphMembershipNotFoundException');
    };
    switch (req.method) {
        case 'HEAD':
        case 'GET':
            if (!exists)
                missing();
            return req.method === 'HEAD' ? { status: 200 } : ok(membershipJson(origins, state, subject, container));
        case 'PUT':
            requireManage(ctx, container);
            if (subject.id === container.id)
                throw adoError(400, 'A group cannot be a member of itself.', 'ArgumentException');
            state.addMembership(container.id, subject.id);
            return ok(membershipJson(origins, state, subject, container), 201);
        case 'DELETE':
            requireManage(ctx, container);
            if (!exists)
                missing();
            state.removeMembership(container.id, subject.id);
            return { status: 200 };
        default:
            throw notFoundRoute(req);
    }
}
/** `POST graph/subjectlookup` {lookupKeys:[{descriptor}]} → {count, value: {descriptor: subject}} (a dictionary). */
function subjectLookup(ctx) {
    const body = ctx.req.json();
    if (!Array.isArray(body.lookupKeys)) {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: lookupKeys', 'ArgumentNullException');
    }
    const value = {};
    for (const key of body.lookupKeys) {
        const identity = key?.descriptor ? ctx.state.identityBySubject(key.descriptor) : undefined;
        if (identity)
            value[identity.subjectDescriptor] = graphSubjectJson(ctx.origins, ctx.state, identity);
    }
    return ok({ count: Object.keys(value).length, value });
}
/** `POST graph/subjectquery` {query, subjectKind, scopeDescriptor}: prefix match, at most 100 (§5). */
function subjectQuery(ctx) {
    const body = ctx.req.json();
    if (typeof body.query !== 'string' || body.query === '') {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: query', 'ArgumentNullException');
    }
    const q = body.query.toLowerCase();
    const kinds = (body.subjectKind ?? []).map((k) => k.toLowerCase());
    const out = [];
    for (const identity of ctx.state.allIdentities()) {
        const kind = identity.kind === 'servicePrincipal' ? 'serviceprincipal' : identity.kind;
        if (kinds.length > 0 && !kinds.includes(kind))
            continue;
        const names = [identity.displayName, identity.principalName, identity.mail ?? ''];
        if (names.some((n) => n.toLowerCase().startsWith(q)))
            out.push(graphSubjectJson(ctx.origins, ctx.state, identity));
        if (out.length >= 100)
            break;
    }
    return ok({ count: out.length, value: out });
}
/** Routes of vssps under `/{org}/_apis/`; undefined when the path is not one of them. */
function identityRoute(ctx) {
    const { req, path } = ctx;
    const [first, resource, ...rest] = path;
    if (first?.toLowerCase() !== '_apis')
        return undefined;
    const method = req.method;
    if (resource?.toLowerCase() === 'identities') {
        if (method !== 'GET' || rest.length > 0)
            throw notFoundRoute(req);
        return identities(ctx);
    }
    if (resource?.toLowerCase() !== 'graph')
        return undefined;
    const [kind, a, b, ...more] = rest;
    if (more.length > 0)
        throw notFoundRoute(req);
    switch (kind?.toLowerCase()) {
        case 'descriptors':
            if (method !== 'GET' || b !== undefined)
                throw notFoundRoute(req);
            return descriptorOf(ctx, a);
        case 'storagekeys':
            if (method !== 'GET' || b !== undefined)
                throw notFoundRoute(req);
            return storageKeyOf(ctx, a);
        case 'groups':
            if (method !== 'GET' || b !== undefined)
                throw notFoundRoute(req);
            if (a === undefined)
                return listGroups(ctx);
            {
                const group = subjectOrThrow(ctx, a);
                if (group.kind !== 'group')
                    subjectOrThrow(ctx, undefined);
                return ok(graphSubjectJson(ctx.origins, ctx.state, group));
            }
        case 'users':
            if (method !== 'GET' || b !== undefined)
                throw notFoundRoute(req);
            if (a === undefined)
                return listUsers(ctx);
            return ok(graphSubjectJson(ctx.origins, ctx.state, subjectOrThrow(ctx, a)));
        case 'serviceprincipals':
            if (method !== 'GET' || b !== undefined)
                throw notFoundRoute(req);
            if (a === undefined)
                return listServicePrincipals(ctx);
            {
                const sp = subjectOrThrow(ctx, a);
                if (sp.kind !== 'servicePrincipal')
                    subjectOrThrow(ctx, undefined);
                return ok(graphSubjectJson(ctx.origins, ctx.state, sp));
            }
        case 'memberships': {
            const subject = subjectOrThrow(ctx, a);
            if (b === undefined) {
                if (method !== 'GET')
                    throw notFoundRoute(req);
                return listMemberships(ctx, subject);
            }
            return membership(ctx, subject, subjectOrThrow(ctx, b));
        }
        case 'subjectlookup':
            if (method !== 'POST' || a !== undefined)
                throw notFoundRoute(req);
            return subjectLookup(ctx);
        case 'subjectquery':
            if (method !== 'POST' || a !== undefined)
                throw notFoundRoute(req);
            return subjectQuery(ctx);
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/security-routes.ts



function namespaceOrThrow(ctx, id) {
    const acls = id ? ctx.state.namespace(id) : undefined;
    if (!acls) {
        throw adoError(404, `TF200019: The security namespace '${id ?? ''}' does not exist. List the namespaces with GET _apis/securitynamespaces.`, 'InvalidSecurityNamespaceIdException');
    }
    return acls;
}
function actionNames(acls, bits) {
    const names = acls.namespace.actions.filter((a) => (a.bit & bits) !== 0).map((a) => a.name);
    return names.length > 0 ? names.join(', ') : String(bits);
}
/**
 * Project Collection Administrators pass every security check (the has-permission path's
 * alwaysAllowAdministrators, §2 step 6 and §4), even below an ACL that does not inherit.
 */
function isCollectionAdmin(ctx, principals) {
    return principals.has(descriptorKey(ctx.state.collectionGroup('admins').descriptor));
}
/** The caller needs `bits` on `token` by the same evaluation as everyone else (§1 readPermission/writePermission). */
function requirePermission(ctx, acls, token, bits) {
    if (bits === 0)
        return;
    const caller = ctx.caller.identity;
    const principals = ctx.state.principalsOf(caller.descriptor);
    if (isCollectionAdmin(ctx, principals))
        return;
    const effective = acls.evaluate(token, caller.descriptor, principals, 'write');
    if ((effective.effectiveAllow & bits) !== bits) {
        throw adoError(403, `TF401027: You need the ${acls.namespace.name} '${actionNames(acls, bits)}' permission to perform this action. Details: identity '${caller.displayName}', scope '${token}'.`, 'AccessCheckException');
    }
}
function canRead(ctx, acls, token, principals) {
    const bits = acls.namespace.readPermission;
    if (bits === 0 || isCollectionAdmin(ctx, principals))
        return true;
    const effective = acls.evaluate(token, ctx.caller.identity.descriptor, principals, 'write');
    return (effective.effectiveAllow & bits) === bits;
}
/** `extendedInfo` leaves out zero-valued fields (§2, recorded `{}` and `{"effectiveDeny":65536}`). */
function extendedInfo(bits) {
    const out = {};
    if (bits.inheritedAllow)
        out.inheritedAllow = bits.inheritedAllow;
    if (bits.inheritedDeny)
        out.inheritedDeny = bits.inheritedDeny;
    if (bits.effectiveAllow)
        out.effectiveAllow = bits.effectiveAllow;
    if (bits.effectiveDeny)
        out.effectiveDeny = bits.effectiveDeny;
    return out;
}
function securityNamespaces(ctx, id) {
    const value = id
        ? SECURITY_NAMESPACES.filter((ns) => ns.namespaceId === id.toLowerCase())
        : SECURITY_NAMESPACES;
    return ok({ count: value.length, value });
}
/** `GET accesscontrollists/{ns}?token&descriptors&includeExtendedInfo&recurse` (§2). */
function queryAcls(ctx, acls) {
    const { req, state } = ctx;
    const token = queryParam(req, 'token');
    const descriptors = listParam(req, 'descriptors');
    const withInfo = boolParam(req, 'includeExtendedInfo');
    const recurse = boolParam(req, 'recurse');
    let selected;
    if (token === undefined || token === '') {
        selected = acls.list('read');
    }
    else {
        const stored = acls.get(token, 'read');
        // No stored ACL at the token: an empty, inheriting one so effective permissions still come back (§2).
        const synthesized = stored ?? (withInfo ? { token, inheritPermissions: true, aces: new Map() } : undefined);
        selected = synthesized ? [synthesized] : [];
        if (recurse)
            selected.push(...acls.children(token, 'read'));
    }
    const callerPrincipals = state.principalsOf(ctx.caller.identity.descriptor);
    if (token)
        requirePermission(ctx, acls, token, acls.namespace.readPermission);
    else
        selected = selected.filter((acl) => canRead(ctx, acls, acl.token, callerPrincipals));
    // Each descriptor's expanded group set is computed once per request (not once per ACL).
    const principalCache = new Map();
    const principals = (descriptor) => {
        const key = descriptorKey(descriptor);
        let set = principalCache.get(key);
        if (!set)
            principalCache.set(key, (set = state.principalsOf(descriptor)));
        return set;
    };
    const value = selected.map((acl) => {
        const aces = descriptors.length > 0
            ? descriptors.map((d) => acl.aces.get(descriptorKey(d)) ?? { descriptor: d, allow: 0, deny: 0 })
            : [...acl.aces.values()];
        const acesDictionary = {};
        for (const ace of aces) {
            acesDictionary[ace.descriptor] = {
                descriptor: ace.descriptor,
                allow: ace.allow,
                deny: ace.deny,
                ...(withInfo
                    ? {
                        extendedInfo: extendedInfo(acls.evaluate(acl.token, ace.descriptor, principals(ace.descriptor), 'read')),
                    }
                    : {}),
            };
        }
        return {
            inheritPermissions: acl.inheritPermissions,
            token: acl.token,
            acesDictionary,
            includeExtendedInfo: withInfo,
        };
    });
    return ok({ count: value.length, value });
}
function parseAce(raw, field) {
    if (typeof raw?.descriptor !== 'string' || raw.descriptor === '') {
        throw adoError(400, `Value cannot be null.\r\nParameter name: ${field}.descriptor`, 'ArgumentNullException');
    }
    const allow = raw.allow ?? 0;
    const deny = raw.deny ?? 0;
    if (typeof allow !== 'number' ||
        typeof deny !== 'number' ||
        !Number.isInteger(allow) ||
        !Number.isInteger(deny)) {
        throw adoError(400, `${field}: allow and deny must be integers (permission bit masks).`, 'ArgumentException');
    }
    return { descriptor: raw.descriptor, allow, deny };
}
/** `POST accesscontrolentries/{ns}` {token, merge, accessControlEntries} → {count, value} (§3). */
function setAces(ctx, acls) {
    const body = ctx.req.json();
    if (typeof body.token !== 'string' || body.token === '') {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
    }
    if (!Array.isArray(body.accessControlEntries)) {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: accessControlEntries', 'ArgumentNullException');
    }
    const aces = body.accessControlEntries.map((raw, i) => parseAce(raw, `accessControlEntries[${i}]`));
    requirePermission(ctx, acls, body.token, acls.namespace.writePermission);
    const value = acls.setAces(body.token, aces, body.merge === true);
    return ok({ count: value.length, value });
}
/** `DELETE accesscontrolentries/{ns}?token&descriptors` → true (§3). */
function removeAces(ctx, acls) {
    const token = queryParam(ctx.req, 'token');
    const descriptors = listParam(ctx.req, 'descriptors');
    if (!token)
        throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
    if (descriptors.length === 0) {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: descriptors', 'ArgumentNullException');
    }
    requirePermission(ctx, acls, token, acls.namespace.writePermission);
    return ok(acls.removeAces(token, descriptors));
}
/** `DELETE permissions/{ns}/{bits}?descriptor&token` → the updated ACE (§3). */
function removePermissions(ctx, acls, bitsText) {
    const token = queryParam(ctx.req, 'token');
    const descriptor = queryParam(ctx.req, 'descriptor');
    if (!token)
        throw adoError(400, 'Value cannot be null.\r\nParameter name: token', 'ArgumentNullException');
    if (!descriptor)
        throw adoError(400, 'Value cannot be null.\r\nParameter name: descriptor', 'ArgumentNullException');
    if (!/^\d+$/.test(bitsText)) {
        throw adoError(400, `The permissions '${bitsText}' in the path are not an integer bit mask.`, 'ArgumentException');
    }
    requirePermission(ctx, acls, token, acls.namespace.writePermission);
    return ok(acls.removePermissions(token, descriptor, Number(bitsText)));
}
/** `GET permissions/{ns}/{bits}?tokens&alwaysAllowAdministrators&delimiter`: evaluates for the caller only (§4). */
function hasPermissions(ctx, acls, bitsText) {
    const bits = Number(bitsText);
    const delimiter = queryParam(ctx.req, 'delimiter') || ',';
    const tokens = (queryParam(ctx.req, 'tokens') ?? queryParam(ctx.req, 'token') ?? '').split(delimiter);
    const caller = ctx.caller.identity;
    const principals = ctx.state.principalsOf(caller.descriptor);
    const admin = boolParam(ctx.req, 'alwaysAllowAdministrators') && isCollectionAdmin(ctx, principals);
    const value = tokens.map((t) => admin || (acls.evaluate(t, caller.descriptor, principals, 'read').effectiveAllow & bits) === bits);
    return ok({ count: value.length, value });
}
/** `POST accesscontrollists/{ns}` {value:[{token, inheritPermissions, acesDictionary}]}: overwrites (§3). */
function setAcls(ctx, acls) {
    const body = ctx.req.json();
    if (!Array.isArray(body.value)) {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: accessControlLists (the body needs {"value":[…]})', 'ArgumentNullException');
    }
    const parsed = body.value.map((raw, i) => {
        if (typeof raw?.token !== 'string' || raw.token === '') {
            throw adoError(400, `Value cannot be null.\r\nParameter name: value[${i}].token`, 'ArgumentNullException');
        }
        const dict = (raw.acesDictionary ?? {});
        const aces = Object.entries(dict).map(([key, ace]) => parseAce({ descriptor: key, ...ace }, `value[${i}].acesDictionary`));
        return { token: raw.token, inherit: raw.inheritPermissions !== false, aces };
    });
    for (const acl of parsed)
        requirePermission(ctx, acls, acl.token, acls.namespace.writePermission);
    for (const acl of parsed)
        acls.setAcl(acl.token, acl.inherit, acl.aces);
    return { status: 204 };
}
/** `DELETE accesscontrollists/{ns}?tokens&recurse` → true/false (§3). */
function removeAcls(ctx, acls) {
    const tokens = listParam(ctx.req, 'tokens');
    if (tokens.length === 0)
        throw adoError(400, 'Value cannot be null.\r\nParameter name: tokens', 'ArgumentNullException');
    for (const token of tokens)
        requirePermission(ctx, acls, token, acls.namespace.writePermission);
    return ok(acls.removeAcls(tokens, boolParam(ctx.req, 'recurse')));
}
/** `POST _apis/security/permissionevaluationbatch`: echoes each evaluation with its value, for the caller (§4). */
function permissionEvaluationBatch(ctx) {
    const body = ctx.req.json();
    if (!Array.isArray(body.evaluations)) {
        throw adoError(400, 'Value cannot be null.\r\nParameter name: evaluations', 'ArgumentNullException');
    }
    const caller = ctx.caller.identity;
    const principals = ctx.state.principalsOf(caller.descriptor);
    const admin = body.alwaysAllowAdministrators === true && isCollectionAdmin(ctx, principals);
    const evaluations = body.evaluations.map((raw, i) => {
        if (typeof raw?.securityNamespaceId !== 'string' ||
            typeof raw.token !== 'string' ||
            typeof raw.permissions !== 'number') {
            throw adoError(400, `evaluations[${i}]: needs securityNamespaceId (string), token (string) and permissions (number).`, 'ArgumentException');
        }
        const acls = namespaceOrThrow(ctx, raw.securityNamespaceId);
        const allowed = acls.evaluate(raw.token, caller.descriptor, principals, 'read').effectiveAllow;
        return { ...raw, value: admin || (allowed & raw.permissions) === raw.permissions };
    });
    return ok({ alwaysAllowAdministrators: body.alwaysAllowAdministrators === true, evaluations });
}
/** Routes under `/{org}/_apis/` whose first segment is a security resource; undefined when not one. */
function securityRoute(ctx) {
    const [, resource, nsId, extra, ...rest] = ctx.path;
    const method = ctx.req.method;
    switch (resource?.toLowerCase()) {
        case 'security':
            if (method !== 'POST' || nsId?.toLowerCase() !== 'permissionevaluationbatch' || extra !== undefined) {
                throw notFoundRoute(ctx.req);
            }
            return permissionEvaluationBatch(ctx);
        case 'securitynamespaces':
            if (method !== 'GET' || extra !== undefined)
                throw notFoundRoute(ctx.req);
            return securityNamespaces(ctx, nsId);
        case 'accesscontrollists': {
            if (extra !== undefined)
                throw notFoundRoute(ctx.req);
            const acls = namespaceOrThrow(ctx, nsId);
            if (method === 'GET')
                return queryAcls(ctx, acls);
            if (method === 'POST')
                return setAcls(ctx, acls);
            if (method === 'DELETE')
                return removeAcls(ctx, acls);
            throw notFoundRoute(ctx.req);
        }
        case 'accesscontrolentries': {
            if (extra !== undefined)
                throw notFoundRoute(ctx.req);
            const acls = namespaceOrThrow(ctx, nsId);
            if (method === 'POST')
                return setAces(ctx, acls);
            if (method === 'DELETE')
                return removeAces(ctx, acls);
            throw notFoundRoute(ctx.req);
        }
        case 'permissions': {
            if (extra === undefined || rest.length > 0)
                throw notFoundRoute(ctx.req);
            const acls = namespaceOrThrow(ctx, nsId);
            if (method === 'DELETE')
                return removePermissions(ctx, acls, extra);
            if (method === 'GET')
                return hasPermissions(ctx, acls, extra);
            throw notFoundRoute(ctx.req);
        }
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/services/azure-devops/index.ts





const PUBLIC_ORIGINS = {
    azureDevOps: 'https://dev.azure.com',
    azureDevOpsIdentity: 'https://vssps.dev.azure.com',
    authority: 'https://login.microsoftonline.com',
};
function originsFor(req, deps) {
    const known = deps.origins?.() ?? {};
    return {
        azureDevOps: known.azureDevOps ?? (req.service === 'azureDevOps' ? req.origin : PUBLIC_ORIGINS.azureDevOps),
        azureDevOpsIdentity: known.azureDevOpsIdentity ??
            (req.service === 'azureDevOpsIdentity' ? req.origin : PUBLIC_ORIGINS.azureDevOpsIdentity),
        authority: known.authority ?? PUBLIC_ORIGINS.authority,
    };
}
/**
 * Headers that name the org's tenant (§9): `X-VSS-ResourceTenant` (all zeros for an MSA-backed org) and, for an
 * Entra-backed org, `WWW-Authenticate: Bearer authorization_uri=<authority>/<tenant>`.
 */
function tenantHeaders(state, origins) {
    const headers = {
        'x-vss-resourcetenant': state.tenantId,
        'x-vss-authorizationendpoint': `${origins.azureDevOpsIdentity}/${state.organization}/`,
        'x-tfs-fedauthrealm': `${origins.azureDevOpsIdentity}/`,
        'x-tfs-fedauthissuer': 'https://www.visualstudio.com/',
    };
    headers['www-authenticate'] = state.isMsaBacked
        ? 'Basic realm="https://dev.azure.com/", TFS-Federated'
        : `Bearer authorization_uri=${origins.authority}/${state.tenantId}, Basic realm="https://dev.azure.com/", TFS-Federated`;
    return headers;
}
function unauthorized(who) {
    return new SandboxHttpError({
        status: 401,
        json: adoErrorBody(`TF400813: The user '${who}' is not authorized to access this resource.`, 'UnauthorizedRequestException'),
    });
}
/** Bearer (Entra token for Azure DevOps, mapped by object id) or Basic (PAT as the password, any user name). */
function authenticate(req, state, entra) {
    const header = req.headers.authorization;
    if (!header)
        return undefined;
    const [scheme, credential = ''] = header.trim().split(/\s+/, 2);
    let identity;
    let kind;
    if (scheme.toLowerCase() === 'bearer') {
        const principal = entra.validateAccessToken(credential, 'azureDevOps');
        if (!principal)
            throw unauthorized('');
        // An MSA-backed org, or one connected to another tenant, does not accept this tenant's tokens.
        if (state.isMsaBacked || principal.tenantId.toLowerCase() !== state.tenantId)
            throw unauthorized(principal.objectId);
        identity = state.identityForPrincipal(principal);
        if (!identity)
            throw unauthorized(principal.upn ?? principal.objectId);
        kind = 'bearer';
    }
    else if (scheme.toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        identity = state.identityForPat(colon === -1 ? decoded : decoded.slice(colon + 1));
        if (!identity)
            throw unauthorized('');
        kind = 'pat';
    }
    else {
        throw unauthorized('');
    }
    if (!identity.isActive)
        throw unauthorized(identity.principalName);
    return { identity, scheme: kind };
}
function decorate(req, response, extra, caller, apiVersion) {
    const headers = {
        ...commonHeaders(req, caller),
        ...extra,
        ...(response.headers ?? {}),
    };
    if (response.json !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = jsonContentType(apiVersion);
    }
    return { ...response, headers };
}
function azure_devops_answer(service, req, state, deps) {
    const origins = originsFor(req, deps);
    const [org, ...path] = req.segments;
    if (!org || org.toLowerCase() !== state.organization.toLowerCase()) {
        return decorate(req, {
            status: 404,
            json: adoErrorBody(`VS800075: The organization '${org ?? ''}' does not exist. The sandbox serves the organization '${state.organization}'.`, 'HostDoesNotExistException'),
        }, {}, undefined, undefined);
    }
    const tenant = tenantHeaders(state, origins);
    let caller;
    let apiVersion;
    const extra = {};
    try {
        apiVersion = checkApiVersion(req);
        // Location data is served before authentication, like the real service.
        if (req.method === 'OPTIONS' && path[0]?.toLowerCase() === '_apis' && path.length <= 2) {
            const options = service === 'azureDevOps' ? locationOptions(path[1]) : vsspsLocationOptions(path[1]);
            return decorate(req, options, {}, undefined, apiVersion);
        }
        caller = authenticate(req, state, deps.entra);
        if (!caller)
            throw unauthorized('');
        if (req.method === 'HEAD')
            Object.assign(extra, tenant); // recorded on HEAD graph/memberships
        const limit = state.consumeRateLimit(caller.identity.id);
        if (limit) {
            Object.assign(extra, limit.headers);
            if (limit.blocked) {
                const body = adoErrorBody(`TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'. For more information on why your request was blocked, see https://aka.ms/tfsratelimits.`, 'RequestBlockedException');
                return decorate(req, { status: 429, json: body }, extra, caller.identity, apiVersion);
            }
        }
        if (path.length === 0) {
            return decorate(req, { status: 200, text: '', headers: { 'content-type': 'text/html; charset=utf-8' } }, extra, caller.identity, apiVersion);
        }
        const ctx = { req, state, caller, path, origins };
        const response = service === 'azureDevOps' ? (securityRoute(ctx) ?? coreRoute(ctx)) : identityRoute(ctx);
        if (!response)
            throw notFoundRoute(req);
        return decorate(req, response, extra, caller.identity, apiVersion);
    }
    catch (error) {
        if (!(error instanceof SandboxHttpError))
            throw error;
        let failure = error.response;
        // The front's own 400s (malformed JSON body) come as {message}: answer them in the ADO error shape.
        const body = failure.json;
        if (body && body.$id === undefined && typeof body.message === 'string') {
            failure = { ...failure, json: adoErrorBody(body.message, 'ArgumentException') };
        }
        if (failure.status === 401)
            Object.assign(extra, tenant);
        return decorate(req, failure, extra, caller?.identity, apiVersion);
    }
}
function createAzureDevOpsServices(state, deps) {
    return {
        azureDevOps: { name: 'azureDevOps', handle: (req) => azure_devops_answer('azureDevOps', req, state, deps) },
        azureDevOpsIdentity: {
            name: 'azureDevOpsIdentity',
            handle: (req) => azure_devops_answer('azureDevOpsIdentity', req, state, deps),
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/state/c1.ts
/**
 * The ConductorOne tenant of a scenario: the Ed25519 client credential ado-guard uses, the apps and their
 * Azure DevOps connectors (config with the Entra client secret in the oauth group or a PAT in the pat group)
 * and sync status. A forced sync of an oauth connector ends DONE exactly when the stored secret checks `ok`.
 */



const c1_DAY_MS = 86_400_000;
const AZURE_DEVOPS_CATALOG_ID = '2wmS6lkqSQTsdLi4INON2oOr2Ai';
const ENV_CONFIG_TYPE = 'type.googleapis.com/c1.api.app.v1.EnvConfig';
const OAUTH_GROUP = 'azure_devops_group_oauth';
const PAT_GROUP = 'azure_devops_group_pat';
const GROUP_KEY = 'C1_selected_field_group_name';
/** Config keys never returned on read. */
const SECRET_CONFIG_KEYS = new Set([
    'oauth2_client_cred_grant_client_secret',
    'personal_access_token',
]);
const c1_ACCESS_TOKEN_LIFETIME_S = 600;
/** Validation of the `conductorOne:` section (field-path errors, unknown keys refused). */
const c1ScenarioSchema = schemas/* strictObject */.rej({
    tenantName: schemas/* string */.YjP()
        .regex(/^[a-z0-9-]+$/, 'must be a host label such as acme')
        .optional(),
    credential: schemas/* strictObject */.rej({ displayName: schemas/* string */.YjP().min(1).optional(), roles: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional() })
        .optional(),
    apps: schemas/* array */.YOg(schemas/* strictObject */.rej({
        id: schemas/* string */.YjP().min(1).optional(),
        displayName: schemas/* string */.YjP().min(1).optional(),
        connectors: schemas/* array */.YOg(schemas/* strictObject */.rej({
            id: schemas/* string */.YjP().min(1).optional(),
            displayName: schemas/* string */.YjP().min(1).optional(),
            mode: schemas/* enum */.k5n(['oauth', 'pat']).optional(),
            application: schemas/* string */.YjP().min(1).optional(),
            secret: schemas/* union */.KCZ([
                schemas/* literal */.euz('newest'),
                schemas/* literal */.euz('invalid'),
                schemas/* strictObject */.rej({ displayName: schemas/* string */.YjP().min(1) }),
            ])
                .optional(),
            tenantId: schemas/* string */.YjP().min(1).optional(),
            organization: schemas/* string */.YjP().min(1).optional(),
            syncTeams: schemas/* boolean */.zMY().optional(),
            syncOrganization: schemas/* boolean */.zMY().optional(),
            lastSync: schemas/* strictObject */.rej({
                status: schemas/* enum */.k5n(['done', 'error', 'running', 'disabled']),
                completedDaysAgo: schemas/* number */.aig().min(0).optional(),
                lastError: schemas/* string */.YjP().optional(),
            })
                .optional(),
            oauthAuthorizedAs: schemas/* string */.YjP().min(1).optional(),
            deleted: schemas/* boolean */.zMY().optional(),
        }))
            .optional(),
    }))
        .optional(),
    syncDurationMs: schemas/* number */.aig().int().min(0).optional(),
});
/** An Ed25519 private key from 32 seed bytes (PKCS#8 DER prefix + seed). */
function ed25519FromSeed(seed) {
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    return (0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' });
}
function createC1State(input, options) {
    const spec = checkScenarioSection(c1ScenarioSchema, input, 'conductorOne');
    const { entra, rng, clock } = options;
    const now = clock.now();
    const ksuid = () => rng.string(27);
    const origin = options.origins?.conductorOne;
    const tenantHost = origin ? new URL(origin).host : `${spec.tenantName ?? 'acme'}.conductor.one`;
    const words = ['strange', 'hydra', 'quiet', 'falcon', 'amber', 'otter', 'lucky', 'comet'];
    const pick = () => words[Math.floor(rng.next() * words.length)];
    const clientId = `${pick()}-${pick()}-${10000 + Math.floor(rng.next() * 89999)}@${tenantHost}/pcc`;
    const privateKey = ed25519FromSeed(Buffer.from(Array.from({ length: 32 }, () => Math.floor(rng.next() * 256))));
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    const jwk = privateKey.export({ format: 'jwk' });
    const clientSecret = `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
    const credentialUserId = ksuid();
    const tokens = new Map();
    const syncDurationMs = spec.syncDurationMs ?? 3000;
    const apps = [];
    const connectors = [];
    const appSpecs = spec.apps ?? (entra.resolveApplication('ConductorOne') ? [{ connectors: [{}] }] : []);
    appSpecs.forEach((a, i) => {
        const app = { id: a.id ?? ksuid(), displayName: a.displayName ?? 'Azure DevOps' };
        apps.push(app);
        (a.connectors ?? []).forEach((c, j) => {
            const where = `conductorOne.apps[${i}].connectors[${j}]`;
            const mode = c.mode ?? 'oauth';
            const configuration = {
                [GROUP_KEY]: mode === 'oauth' ? OAUTH_GROUP : PAT_GROUP,
                organization_url: `https://dev.azure.com/${c.organization ?? 'contoso'}`,
                sync_teams: String(c.syncTeams ?? false),
                sync_organization: String(c.syncOrganization ?? false),
            };
            if (mode === 'oauth') {
                const ref = c.application ?? 'ConductorOne';
                const entraApp = entra.resolveApplication(ref);
                if (!entraApp)
                    throw new Error(`${where}.application: no Entra application "${ref}" in tenant.applications`);
                const which = c.secret ?? 'newest';
                const secret = which === 'invalid' ? `${rng.string(3)}8Q~${rng.string(36)}` : entra.passwordValue(ref, which);
                if (secret === undefined) {
                    throw new Error(`${where}.secret: application "${ref}" has no such password; add it under tenant.applications[].passwordCredentials`);
                }
                configuration.azure_devops_tenant_id = c.tenantId ?? entra.tenantId;
                configuration.oauth2_client_cred_grant_client_id = entraApp.appId;
                configuration.oauth2_client_cred_grant_client_secret = secret;
            }
            else {
                configuration.personal_access_token = rng.string(52).toLowerCase();
            }
            const last = c.lastSync ?? { status: 'done' };
            const completedAt = now - (last.completedDaysAgo ?? 1) * c1_DAY_MS;
            const status = last.status === 'done'
                ? 'SYNC_STATUS_DONE'
                : last.status === 'error'
                    ? 'SYNC_STATUS_ERROR'
                    : last.status === 'running'
                        ? 'SYNC_STATUS_RUNNING'
                        : 'SYNC_STATUS_DISABLED';
            connectors.push({
                id: c.id ?? ksuid(),
                appId: app.id,
                catalogId: AZURE_DEVOPS_CATALOG_ID,
                displayName: c.displayName ?? 'Azure DevOps',
                description: '',
                userIds: [credentialUserId],
                configuration,
                configUpdatedAt: now - 60 * c1_DAY_MS,
                createdAt: now - 200 * c1_DAY_MS,
                updatedAt: now - 60 * c1_DAY_MS,
                deletedAt: c.deleted ? now - 5 * c1_DAY_MS : null,
                status: {
                    status,
                    lastError: last.lastError ?? (status === 'SYNC_STATUS_ERROR' ? 'sync failed' : ''),
                    startedAt: completedAt - 120_000,
                    completedAt: status === 'SYNC_STATUS_RUNNING' ? null : completedAt,
                    updatedAt: completedAt,
                },
                ...(status === 'SYNC_STATUS_RUNNING' ? { syncFinishAt: now + syncDurationMs } : {}),
                ...(c.oauthAuthorizedAs
                    ? { oauthAuthorizedAs: { authEmail: c.oauthAuthorizedAs, authorizedAt: now - 60 * c1_DAY_MS } }
                    : {}),
            });
        });
    });
    /** Outcome of a sync with the connector's current config. */
    const syncOutcome = (c) => {
        const cfg = c.configuration;
        const group = cfg[GROUP_KEY] ?? (cfg.personal_access_token ? PAT_GROUP : OAUTH_GROUP);
        const required = group === PAT_GROUP
            ? ['organization_url', 'personal_access_token']
            : [
                'organization_url',
                'azure_devops_tenant_id',
                'oauth2_client_cred_grant_client_id',
                'oauth2_client_cred_grant_client_secret',
            ];
        if (group !== PAT_GROUP && group !== OAUTH_GROUP)
            return `invalid config: ${GROUP_KEY} "${group}" is not ${OAUTH_GROUP} or ${PAT_GROUP}`;
        const missing = required.filter((k) => !cfg[k]);
        if (missing.length)
            return `invalid config: missing required field(s) ${missing.join(', ')}`;
        if (group === PAT_GROUP)
            return '';
        const check = entra.checkClientSecret(cfg.azure_devops_tenant_id, cfg.oauth2_client_cred_grant_client_id, cfg.oauth2_client_cred_grant_client_secret);
        if (check === 'ok')
            return '';
        return `failed to get an Azure DevOps access token: ${describeSecretFailure(check, cfg.oauth2_client_cred_grant_client_id, cfg.azure_devops_tenant_id).description}`;
    };
    const retired = [];
    const state = {
        tenantHost,
        clientId,
        credentialUserId,
        roles: spec.credential?.roles ?? ['Connector Administrator'],
        syncDurationMs,
        apps,
        connectors,
        publicKey,
        clientCredentials: () => ({ clientId, clientSecret }),
        primary() {
            const c = connectors.find((x) => x.deletedAt === null);
            if (!c)
                return undefined;
            const applicationClientId = c.configuration.oauth2_client_cred_grant_client_id;
            return { appId: c.appId, connectorId: c.id, ...(applicationClientId ? { applicationClientId } : {}) };
        },
        issueToken() {
            const accessToken = rng.string(64, '-_');
            tokens.set(accessToken, clock.now() + c1_ACCESS_TOKEN_LIFETIME_S * 1000);
            return { accessToken, expiresIn: c1_ACCESS_TOKEN_LIFETIME_S };
        },
        validateToken(token) {
            const exp = tokens.get(token);
            return exp !== undefined && exp > clock.now();
        },
        settle() {
            const t = clock.now();
            for (const c of connectors) {
                if (c.syncFinishAt === undefined || c.syncFinishAt > t)
                    continue;
                const error = syncOutcome(c);
                c.status = {
                    status: error ? 'SYNC_STATUS_ERROR' : 'SYNC_STATUS_DONE',
                    lastError: error,
                    startedAt: c.status.startedAt,
                    completedAt: c.syncFinishAt,
                    updatedAt: c.syncFinishAt,
                };
                delete c.syncFinishAt;
            }
        },
        forceSync(c) {
            const t = clock.now();
            c.status = {
                status: 'SYNC_STATUS_RUNNING',
                lastError: '',
                startedAt: t,
                completedAt: c.status.completedAt,
                updatedAt: t,
            };
            c.syncFinishAt = t + syncDurationMs;
        },
        retireSecret(name, value) {
            if (value)
                retired.push({ name: `${name}:replaced`, value });
        },
        secrets() {
            const out = [{ name: 'conductorOne:clientSecret', value: clientSecret }, ...retired];
            for (const c of connectors) {
                for (const k of SECRET_CONFIG_KEYS) {
                    const v = c.configuration[k];
                    if (v)
                        out.push({ name: `conductorOne:connector:${c.id}:${k}`, value: v });
                }
            }
            for (const token of tokens.keys())
                out.push({ name: 'conductorOne:accessToken', value: token });
            return out;
        },
        snapshot() {
            state.settle();
            const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
            return {
                tenantHost,
                clientId,
                roles: state.roles,
                apps: apps.map((a) => ({ ...a })),
                connectors: connectors.map((c) => {
                    const cfg = c.configuration;
                    const configuration = {};
                    for (const [k, v] of Object.entries(cfg)) {
                        configuration[k] = SECRET_CONFIG_KEYS.has(k) ? `<secret hint ${v.slice(0, 3)}>` : v;
                    }
                    const secret = cfg.oauth2_client_cred_grant_client_secret;
                    const appId = cfg.oauth2_client_cred_grant_client_id;
                    return {
                        id: c.id,
                        appId: c.appId,
                        displayName: c.displayName,
                        configuration,
                        clientSecretKeyId: secret && appId ? (entra.keyIdOfSecret(appId, secret) ?? null) : null,
                        status: {
                            ...c.status,
                            startedAt: iso(c.status.startedAt),
                            completedAt: iso(c.status.completedAt),
                            updatedAt: iso(c.status.updatedAt),
                        },
                        configUpdatedAt: iso(c.configUpdatedAt),
                        deletedAt: iso(c.deletedAt),
                    };
                }),
            };
        },
    };
    return state;
}

;// CONCATENATED MODULE: ./src/sandbox/services/conductorone.ts
/**
 * ConductorOne API (reference/conductorone.md): the token endpoint (EdDSA client assertion or client secret),
 * introspection, and the connectors of an app: list, get (secret config keys omitted), update with
 * `updateMask: "config"` (the configuration map is replaced by what is sent) and force_sync.
 */



const conductorone_JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const WRITE_ROLES = ['Connector Administrator', 'Super Administrator'];
const READ_ROLES = [...WRITE_ROLES, 'Read-Only Administrator'];
const UPDATABLE_PATHS = new Set(['config', 'displayName', 'description', 'userIds']);
const MAX_ASSERTION_LIFETIME_S = 300;
const CLOCK_SKEW_S = 60;
const STATUS = {
    invalid_argument: 400,
    unauthenticated: 401,
    permission_denied: 403,
    not_found: 404,
};
const c1Error = (code, message) => new SandboxHttpError({ status: STATUS[code], json: { code, message, details: [] } });
const iso = (ms) => ms === null || ms === undefined ? undefined : new Date(ms).toISOString();
function createConductorOneService(c1, options) {
    const { clock } = options;
    const connectorJson = (c) => {
        const configuration = {};
        for (const [k, v] of Object.entries(c.configuration)) {
            if (!SECRET_CONFIG_KEYS.has(k))
                configuration[k] = { stringValue: v };
        }
        return {
            id: c.id,
            appId: c.appId,
            catalogId: c.catalogId,
            displayName: c.displayName,
            description: c.description,
            userIds: [...c.userIds],
            config: { '@type': ENV_CONFIG_TYPE, configuration },
            status: {
                status: c.status.status,
                lastError: c.status.lastError,
                startedAt: iso(c.status.startedAt),
                completedAt: iso(c.status.completedAt),
                updatedAt: iso(c.status.updatedAt),
            },
            syncDisabledReason: '',
            syncDisabledCategory: '',
            canResumeSync: false,
            disableCheckBadSync: false,
            profileAllowList: [],
            profileIgnoreList: [],
            downloadUrl: '',
            createdAt: iso(c.createdAt),
            updatedAt: iso(c.updatedAt),
            configUpdatedAt: iso(c.configUpdatedAt),
            ...(c.deletedAt !== null ? { deletedAt: iso(c.deletedAt) } : {}),
            ...(c.status.status === 'SYNC_STATUS_DISABLED' ? { syncDisabledAt: iso(c.status.updatedAt) } : {}),
            ...(c.oauthAuthorizedAs
                ? {
                    oauthAuthorizedAs: {
                        authEmail: c.oauthAuthorizedAs.authEmail,
                        authorizedAt: iso(c.oauthAuthorizedAs.authorizedAt),
                    },
                }
                : {}),
        };
    };
    const view = (c) => ({
        connector: connectorJson(c),
        appPath: `/api/v1/apps/${c.appId}`,
        capabilitiesPath: `/api/v1/apps/${c.appId}/connectors/${c.id}/capabilities`,
        usersPath: `/api/v1/apps/${c.appId}/app_users`,
    });
    // ----- token endpoint ---------------------------------------------------------------------------
    const checkAssertion = (req, assertion) => {
        const parts = assertion.split('.');
        if (parts.length !== 3)
            throw c1Error('unauthenticated', 'client_assertion: not a compact JWS (header.payload.signature)');
        let header;
        let claims;
        try {
            header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
            claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        }
        catch {
            throw c1Error('unauthenticated', 'client_assertion: header or claims are not base64url JSON');
        }
        if (header.alg !== 'EdDSA')
            throw c1Error('unauthenticated', `client_assertion: alg must be EdDSA, got ${String(header.alg)}`);
        const ok = (0,external_node_crypto_.verify)(null, Buffer.from(`${parts[0]}.${parts[1]}`), c1.publicKey, Buffer.from(parts[2], 'base64url'));
        if (!ok)
            throw c1Error('unauthenticated', 'client_assertion: signature does not verify with the client credential key');
        if (claims.iss !== c1.clientId || claims.sub !== c1.clientId) {
            throw c1Error('unauthenticated', 'client_assertion: iss and sub must both be the client id');
        }
        const hosts = new Set([new URL(req.origin).hostname, c1.tenantHost.replace(/:\d+$/, '')]);
        const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
        if (typeof aud !== 'string' || !hosts.has(aud)) {
            throw c1Error('unauthenticated', `client_assertion: aud must be the tenant host without port (${[...hosts].join(' or ')}), got ${JSON.stringify(claims.aud)}`);
        }
        const nowS = Math.floor(clock.now() / 1000);
        if (typeof claims.exp !== 'number' || claims.exp <= nowS)
            throw c1Error('unauthenticated', 'client_assertion: exp is missing or in the past');
        if (claims.exp > nowS + MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S)
            throw c1Error('unauthenticated', 'client_assertion: exp must be at most 5 minutes from now');
        if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowS + CLOCK_SKEW_S))
            throw c1Error('unauthenticated', 'client_assertion: nbf is in the future');
        if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > nowS + CLOCK_SKEW_S))
            throw c1Error('unauthenticated', 'client_assertion: iat is in the future');
    };
    const token = (req) => {
        const form = req.form();
        const grant = form.get('grant_type');
        if (grant !== 'client_credentials')
            throw c1Error('invalid_argument', `grant_type must be client_credentials, got ${grant ?? 'nothing'}`);
        const clientId = form.get('client_id');
        if (!clientId)
            throw c1Error('invalid_argument', 'client_id is required');
        if (clientId !== c1.clientId)
            throw c1Error('unauthenticated', 'unknown client_id');
        const assertion = form.get('client_assertion');
        const secret = form.get('client_secret');
        if (assertion) {
            if (form.get('client_assertion_type') !== conductorone_JWT_BEARER)
                throw c1Error('invalid_argument', `client_assertion_type must be ${conductorone_JWT_BEARER}`);
            checkAssertion(req, assertion);
        }
        else if (secret) {
            if (secret !== c1.clientCredentials().clientSecret)
                throw c1Error('unauthenticated', 'invalid client_secret');
        }
        else {
            throw c1Error('invalid_argument', 'client_assertion or client_secret is required');
        }
        const issued = c1.issueToken();
        return {
            status: 200,
            json: { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn },
        };
    };
    // ----- API --------------------------------------------------------------------------------------
    const authenticate = (req) => {
        const raw = req.headers.authorization;
        const header = Array.isArray(raw) ? raw[0] : raw;
        const t = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
        if (!t || !c1.validateToken(t))
            throw c1Error('unauthenticated', 'missing, invalid or expired bearer token');
    };
    const requireRole = (roles) => {
        if (!c1.roles.some((r) => roles.includes(r)))
            throw c1Error('permission_denied', `this credential needs one of the roles: ${roles.join(', ')}`);
    };
    const findConnector = (appId, id) => {
        if (!c1.apps.some((a) => a.id === appId))
            throw c1Error('not_found', `app ${appId} not found`);
        const c = c1.connectors.find((x) => x.appId === appId && x.id === id);
        if (!c)
            throw c1Error('not_found', `connector ${id} not found in app ${appId}`);
        return c;
    };
    const listConnectors = (req, appId) => {
        if (!c1.apps.some((a) => a.id === appId))
            throw c1Error('not_found', `app ${appId} not found`);
        const size = Number(req.query.get('page_size') ?? 100);
        if (!Number.isInteger(size) || size < 1 || size > 100)
            throw c1Error('invalid_argument', 'page_size must be between 1 and 100');
        const pageToken = req.query.get('page_token');
        const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
        if (!Number.isInteger(offset) || offset < 0)
            throw c1Error('invalid_argument', 'page_token is not valid');
        const all = c1.connectors.filter((c) => c.appId === appId && c.deletedAt === null);
        const page = all.slice(offset, offset + size);
        const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : '';
        return { status: 200, json: { list: page.map(view), nextPageToken: next, expanded: [] } };
    };
    const updateConnector = (req, c) => {
        const body = req.json();
        if (!body || typeof body !== 'object' || !body.connector || typeof body.connector !== 'object') {
            throw c1Error('invalid_argument', 'connector is required');
        }
        if (c.deletedAt !== null)
            throw c1Error('not_found', `connector ${c.id} was deleted`);
        const mask = typeof body.updateMask === 'string'
            ? body.updateMask
            : Array.isArray(body.updateMask?.paths)
                ? body.updateMask.paths.join(',')
                : '';
        const paths = mask
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean);
        if (!paths.length)
            throw c1Error('invalid_argument', 'updateMask is required, e.g. "config"');
        const unknown = paths.filter((p) => !UPDATABLE_PATHS.has(p));
        if (unknown.length)
            throw c1Error('invalid_argument', `updateMask: cannot update ${unknown.join(', ')}`);
        const sent = body.connector;
        const t = clock.now();
        if (paths.includes('config')) {
            const config = sent.config;
            if (!config || typeof config !== 'object')
                throw c1Error('invalid_argument', 'connector.config is required when updateMask has "config"');
            if (config['@type'] !== ENV_CONFIG_TYPE)
                throw c1Error('invalid_argument', `connector.config: @type must be ${ENV_CONFIG_TYPE}, got ${JSON.stringify(config['@type'])}`);
            const configuration = config.configuration;
            if (!configuration || typeof configuration !== 'object' || Array.isArray(configuration)) {
                throw c1Error('invalid_argument', 'connector.config.configuration must be a map of key to {"stringValue": "..."}');
            }
            const next = {};
            for (const [k, v] of Object.entries(configuration)) {
                const value = v?.stringValue;
                if (typeof value !== 'string')
                    throw c1Error('invalid_argument', `connector.config.configuration.${k}: expected {"stringValue": "<string>"}`);
                next[k] = value;
            }
            // The whole map is replaced: keys not sent are gone.
            for (const k of SECRET_CONFIG_KEYS) {
                const old = c.configuration[k];
                if (old && old !== next[k])
                    c1.retireSecret(`conductorOne:connector:${c.id}:${k}`, old);
            }
            c.configuration = next;
            c.configUpdatedAt = t;
        }
        if (paths.includes('displayName'))
            c.displayName = String(sent.displayName ?? '');
        if (paths.includes('description'))
            c.description = String(sent.description ?? '');
        if (paths.includes('userIds')) {
            if (!Array.isArray(sent.userIds))
                throw c1Error('invalid_argument', 'connector.userIds must be a list');
            c.userIds = sent.userIds.map(String);
        }
        c.updatedAt = t;
        return { status: 200, json: { connectorView: view(c), expanded: [] } };
    };
    const route = (req) => {
        const s = req.segments;
        if (req.method === 'POST' && s.join('/') === 'auth/v1/token')
            return token(req);
        if (s[0] !== 'api' || s[1] !== 'v1')
            throw c1Error('not_found', `no route for ${req.method} ${req.rawPath}`);
        authenticate(req);
        c1.settle();
        const rest = s.slice(2);
        if (req.method === 'GET' && rest.join('/') === 'auth/introspect') {
            return {
                status: 200,
                json: {
                    principleId: c1.credentialUserId,
                    userId: c1.credentialUserId,
                    roles: [...c1.roles],
                    permissions: [],
                    features: [],
                },
            };
        }
        const [apps, appId, connectors, id, action, ...more] = rest;
        if (apps === 'apps' && appId && connectors === 'connectors' && more.length === 0) {
            if (id === undefined && req.method === 'GET') {
                requireRole(READ_ROLES);
                return listConnectors(req, appId);
            }
            if (id !== undefined) {
                if (action === undefined && req.method === 'GET') {
                    requireRole(READ_ROLES);
                    return { status: 200, json: { connectorView: view(findConnector(appId, id)), expanded: [] } };
                }
                if (action === undefined && req.method === 'POST') {
                    requireRole(WRITE_ROLES);
                    return updateConnector(req, findConnector(appId, id));
                }
                if (action === 'force_sync' && req.method === 'POST') {
                    requireRole(WRITE_ROLES);
                    const c = findConnector(appId, id);
                    if (c.deletedAt !== null)
                        throw c1Error('not_found', `connector ${id} was deleted`);
                    c1.forceSync(c);
                    return { status: 200, json: {} };
                }
            }
        }
        throw c1Error('not_found', `no route for ${req.method} ${req.rawPath}`);
    };
    return {
        name: 'conductorOne',
        handle(req) {
            try {
                return route(req);
            }
            catch (e) {
                if (e instanceof SandboxHttpError && !e.response.json?.code) {
                    return {
                        status: 400,
                        json: { code: 'invalid_argument', message: 'the request body is not valid JSON', details: [] },
                    };
                }
                throw e;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/services/dbt-cloud.ts

const ORDER_BY = ['id', '-id', 'created_at', '-created_at', 'finished_at', '-finished_at'];
const STATUS_HUMANIZED = {
    1: 'Queued',
    2: 'Starting',
    3: 'Running',
    10: 'Success',
    20: 'Error',
    30: 'Cancelled',
};
const REQUIRED_FIELDS = ['organization_name', 'client_id', 'client_secret', 'tenant_id'];
const RECORD_FIELDS = new Set([...REQUIRED_FIELDS, 'azure_service_authentication_method']);
/** dbt's timestamp format, e.g. `2026-06-01 12:00:00.000000+00:00`. */
function dbtTime(ms) {
    if (ms === null || ms === undefined)
        return null;
    return new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const pad = (n) => String(n).padStart(2, '0');
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
function envelope(status, data, userMessage, extra) {
    return {
        status,
        json: {
            status: { code: status, is_success: status < 400, user_message: userMessage, developer_message: '' },
            data,
            ...(extra ? { extra } : {}),
        },
    };
}
const fail = (status, userMessage, data = null) => new SandboxHttpError(envelope(status, data, userMessage));
function createDbtCloudService(dbt, options) {
    const { clock } = options;
    const authenticate = (req) => {
        const raw = req.headers.authorization;
        const header = Array.isArray(raw) ? raw[0] : raw;
        if (!header)
            throw fail(401, 'Authentication credentials were not provided.');
        const m = /^(Token|Bearer)\s+(\S+)$/i.exec(header);
        if (!m || m[2] !== dbt.token())
            throw fail(401, 'Invalid token.');
    };
    const requirePermission = (allowed) => {
        if (!allowed.includes(dbt.tokenPermission))
            throw fail(403, 'You do not have permission to perform this action.');
    };
    const account = (id) => {
        if (String(dbt.accountId) !== id) {
            throw fail(404, 'The requested account was not found, or this token does not have permission to access it.');
        }
    };
    const accountJson = () => ({
        id: dbt.accountId,
        name: dbt.accountName,
        state: 1,
        plan: 'enterprise',
        pending_cancel: false,
        run_slots: 5,
        developer_seats: 10,
        read_only_seats: 50,
        lock_reason: null,
        locked: false,
        docs_job_id: null,
        freshness_job_id: null,
        created_at: dbtTime(clock.now() - 900 * 86_400_000),
        updated_at: dbtTime(clock.now() - 30 * 86_400_000),
        static_subdomain: dbt.accessHost().split('.')[0],
    });
    const recordJson = (r) => ({
        id: r.id,
        account_id: dbt.accountId,
        organization_name: r.organizationName,
        azure_service_authentication_method: r.authenticationMethod,
        oauth_redirect_uri_domain: dbt.accessHost(),
        state: r.state,
        created_at: dbtTime(r.createdAt),
        updated_at: dbtTime(r.updatedAt),
    });
    const jobJson = (j) => ({
        id: j.id,
        account_id: dbt.accountId,
        project_id: j.projectId,
        environment_id: j.environmentId,
        name: j.name,
        state: 1,
        job_type: 'scheduled',
        triggers: { github_webhook: false, schedule: true, git_provider_webhook: false, on_merge: false },
        execute_steps: ['dbt build'],
    });
    const runJson = (req, r, related) => {
        const job = dbt.jobs.find((j) => j.id === r.jobId);
        const complete = r.status >= 10;
        const end = r.finishedAt ?? clock.now();
        return {
            id: r.id,
            trigger_id: r.triggerId,
            account_id: dbt.accountId,
            environment_id: r.environmentId,
            project_id: r.projectId,
            job_definition_id: r.jobId,
            job_id: r.jobId,
            status: r.status,
            dbt_version: 'versionless',
            git_branch: 'main',
            git_sha: null,
            status_message: r.statusMessage,
            owner_thread_id: null,
            executed_by_thread_id: null,
            deferring_run_id: null,
            artifacts_saved: complete,
            artifact_s3_path: null,
            has_docs_generated: false,
            has_sources_generated: false,
            notifications_sent: complete,
            blocked_by: [],
            created_at: dbtTime(r.createdAt),
            updated_at: dbtTime(r.finishedAt ?? r.startedAt ?? r.createdAt),
            dequeued_at: dbtTime(r.startedAt),
            started_at: dbtTime(r.startedAt),
            finished_at: dbtTime(r.finishedAt),
            last_checked_at: dbtTime(r.finishedAt),
            last_heartbeat_at: dbtTime(r.finishedAt),
            should_start_at: dbtTime(r.createdAt),
            status_humanized: STATUS_HUMANIZED[r.status],
            in_progress: !complete,
            is_complete: complete,
            is_success: r.status === 10,
            is_error: r.status === 20,
            is_cancelled: r.status === 30,
            is_running: r.status === 3,
            duration: duration(end - r.createdAt),
            queued_duration: duration((r.startedAt ?? end) - r.createdAt),
            run_duration: duration(r.startedAt === null ? 0 : end - r.startedAt),
            duration_humanized: duration(end - r.createdAt),
            href: `${req.origin}/deploy/${dbt.accountId}/projects/${r.projectId}/runs/${r.id}/`,
            ...(related.has('trigger')
                ? {
                    trigger: {
                        id: r.triggerId,
                        cause: r.cause,
                        job_definition_id: r.jobId,
                        git_branch: null,
                        git_sha: null,
                        github_pull_request_id: null,
                        schema_override: null,
                        created_at: dbtTime(r.createdAt),
                        cause_category: r.causeCategory,
                    },
                }
                : {}),
            ...(related.has('job') && job ? { job: jobJson(job) } : {}),
            ...(related.has('run_steps') ? { run_steps: [] } : {}),
        };
    };
    /** `include_related` as `trigger,job` or as a JSON list `["trigger","job"]` (dbtc sends lists that way). */
    const relatedOf = (req) => {
        const raw = (req.query.get('include_related') ?? '').trim();
        if (raw.startsWith('[')) {
            try {
                const list = JSON.parse(raw);
                if (Array.isArray(list))
                    return new Set(list.map(String));
            }
            catch {
                // fall through to the error below
            }
            throw fail(400, `include_related: "${raw}" is neither a comma-separated list nor a JSON array of names.`);
        }
        return new Set(raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean));
    };
    // ----- v3 azure-ad-applications -------------------------------------------------------------------
    const activeRecord = () => (dbt.record?.state === 1 ? dbt.record : undefined);
    const validateRecordBody = (req) => {
        const body = req.json();
        if (!body || typeof body !== 'object' || Array.isArray(body))
            throw fail(400, 'The request body must be a JSON object.');
        const unexpected = Object.keys(body).filter((k) => !RECORD_FIELDS.has(k));
        if (unexpected.length) {
            throw fail(400, `Additional properties are not allowed (${unexpected.map((k) => `'${k}'`).join(', ')} ${unexpected.length === 1 ? 'was' : 'were'} unexpected)`);
        }
        const errors = {};
        for (const f of REQUIRED_FIELDS) {
            if (typeof body[f] !== 'string' || !body[f].trim())
                errors[f] = ['This field is required.'];
        }
        const method = body.azure_service_authentication_method;
        if (method !== undefined && method !== 'service_user' && method !== 'service_principal') {
            errors.azure_service_authentication_method = [
                `"${String(method)}" is not a valid choice. Use service_user or service_principal.`,
            ];
        }
        if (Object.keys(errors).length) {
            throw fail(400, `Invalid request: ${Object.keys(errors).join(', ')} ${Object.keys(errors).length === 1 ? 'is' : 'are'} required or invalid. Send organization_name, client_id, client_secret and tenant_id on every create and update.`, errors);
        }
        return body;
    };
    const azureAdApplications = (req, recordId) => {
        if (recordId === undefined) {
            if (req.method === 'GET') {
                const rec = activeRecord();
                return envelope(200, rec ? [recordJson(rec)] : [], 'Success!', {
                    filters: { account_id: dbt.accountId },
                    order_by: 'id',
                    pagination: { count: rec ? 1 : 0, total_count: rec ? 1 : 0 },
                });
            }
            if (req.method === 'POST') {
                requirePermission(['accountAdmin']);
                const body = validateRecordBody(req);
                if (dbt.record) {
                    throw fail(400, `duplicate key value violates unique constraint "dbt_azureadapplication_account_id_key"\nDETAIL:  Key (account_id)=(${dbt.accountId}) already exists.`);
                }
                const t = clock.now();
                dbt.record = {
                    id: dbt.nextId(),
                    organizationName: body.organization_name,
                    clientId: body.client_id,
                    clientSecret: body.client_secret,
                    tenantId: body.tenant_id,
                    authenticationMethod: body.azure_service_authentication_method ??
                        'service_user',
                    createdAt: t,
                    updatedAt: t,
                    state: 1,
                };
                return envelope(201, recordJson(dbt.record), 'Success!');
            }
            throw notFound(req);
        }
        const rec = activeRecord();
        if (!rec || String(rec.id) !== recordId)
            throw fail(404, 'The requested resource was not found.');
        if (req.method === 'GET')
            return envelope(200, recordJson(rec), 'Success!');
        if (req.method === 'POST') {
            requirePermission(['accountAdmin']);
            const body = validateRecordBody(req);
            rec.organizationName = body.organization_name;
            rec.clientId = body.client_id;
            if (rec.clientSecret !== body.client_secret)
                dbt.retireSecret('dbtCloud:azureAdApplication:client_secret', rec.clientSecret);
            rec.clientSecret = body.client_secret;
            rec.tenantId = body.tenant_id;
            if (body.azure_service_authentication_method)
                rec.authenticationMethod =
                    body.azure_service_authentication_method;
            rec.updatedAt = Math.max(clock.now(), rec.updatedAt + 1);
            return envelope(200, recordJson(rec), 'Success!');
        }
        if (req.method === 'DELETE') {
            requirePermission(['accountAdmin']);
            rec.state = 2;
            rec.updatedAt = clock.now();
            return envelope(200, recordJson(rec), 'Success!');
        }
        throw notFound(req);
    };
    // ----- v2 runs and jobs -----------------------------------------------------------------------------
    const intParam = (req, name, def, max) => {
        const raw = req.query.get(name);
        if (raw === null)
            return def;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0)
            throw fail(400, `${name}: "${raw}" is not a valid non-negative integer.`);
        if (max !== undefined && n > max)
            throw fail(400, `${name}: ensure this value is less than or equal to ${max}.`);
        return n;
    };
    const intList = (req, name) => {
        const raw = req.query.get(name);
        if (raw === null)
            return undefined;
        try {
            const parsed = JSON.parse(raw);
            if (Array.isArray(parsed) && parsed.every((x) => Number.isInteger(x)))
                return parsed;
        }
        catch {
            // fall through to the error below
        }
        throw fail(400, `${name}: expected a JSON array of integers such as [10,20], got "${raw}".`);
    };
    const listRuns = (req) => {
        dbt.settle();
        const orderBy = req.query.get('order_by') ?? 'id';
        if (!ORDER_BY.includes(orderBy))
            throw fail(400, `order_by: "${orderBy}" is not allowed; use one of ${ORDER_BY.join(', ')}.`);
        const limit = intParam(req, 'limit', 100, 100);
        const offset = intParam(req, 'offset', 0);
        const filters = { account_id: dbt.accountId };
        let runs = [...dbt.runs];
        const statusIn = intList(req, 'status__in');
        if (statusIn) {
            filters.status__in = statusIn;
            runs = runs.filter((r) => statusIn.includes(r.status));
        }
        for (const [param, key] of [
            ['status', 'status'],
            ['job_definition_id', 'jobId'],
            ['project_id', 'projectId'],
            ['environment_id', 'environmentId'],
        ]) {
            const raw = req.query.get(param);
            if (raw === null)
                continue;
            const n = intParam(req, param, 0);
            filters[param] = n;
            runs = runs.filter((r) => r[key] === n);
        }
        const idGt = req.query.get('id__gt');
        if (idGt !== null)
            runs = runs.filter((r) => r.id > intParam(req, 'id__gt', 0));
        const desc = orderBy.startsWith('-');
        const field = orderBy.replace(/^-/, '');
        const value = (r) => field === 'id' ? r.id : field === 'created_at' ? r.createdAt : r.finishedAt;
        runs.sort((a, b) => {
            const va = value(a);
            const vb = value(b);
            // Postgres: NULLs sort as larger than every value (last ascending, first descending).
            if (va === vb)
                return desc ? b.id - a.id : a.id - b.id;
            if (va === null)
                return 1 * (desc ? -1 : 1);
            if (vb === null)
                return -1 * (desc ? -1 : 1);
            return desc ? vb - va : va - vb;
        });
        const page = runs.slice(offset, offset + limit);
        const related = relatedOf(req);
        return envelope(200, page.map((r) => runJson(req, r, related)), 'Success!', {
            filters: { ...filters, limit, offset },
            order_by: orderBy,
            pagination: { count: page.length, total_count: runs.length },
        });
    };
    const runs = (req, runId) => {
        if (req.method !== 'GET')
            throw notFound(req);
        if (runId === undefined)
            return listRuns(req);
        dbt.settle();
        const run = dbt.runs.find((r) => String(r.id) === runId);
        if (!run)
            throw fail(404, 'The requested resource was not found.');
        return envelope(200, runJson(req, run, relatedOf(req)), 'Success!');
    };
    const jobs = (req, jobId, action) => {
        if (jobId === undefined) {
            if (req.method !== 'GET')
                throw notFound(req);
            return envelope(200, dbt.jobs.map(jobJson), 'Success!', {
                filters: { account_id: dbt.accountId },
                order_by: 'id',
                pagination: { count: dbt.jobs.length, total_count: dbt.jobs.length },
            });
        }
        const job = dbt.jobs.find((j) => String(j.id) === jobId);
        if (!job)
            throw fail(404, 'The requested resource was not found.');
        if (action === undefined && req.method === 'GET')
            return envelope(200, jobJson(job), 'Success!');
        if (action === 'run' && req.method === 'POST') {
            requirePermission(['accountAdmin', 'jobAdmin']);
            const body = req.json();
            if (!body || typeof body.cause !== 'string' || !body.cause.trim()) {
                throw fail(400, 'Invalid request: cause is required.', { cause: ['This field is required.'] });
            }
            const run = dbt.triggerRun(job, body.cause);
            return envelope(200, runJson(req, run, new Set(['trigger', 'job'])), 'Success!');
        }
        throw notFound(req);
    };
    const notFound = (req) => fail(404, `Not found: ${req.method} ${req.rawPath}`);
    const route = (req) => {
        const [api, version, accounts, accountId, collection, id, action, ...more] = req.segments;
        if (api !== 'api' || accounts !== 'accounts' || more.length)
            throw notFound(req);
        authenticate(req);
        if (version === 'v2' && accountId === undefined && req.method === 'GET') {
            return envelope(200, [accountJson()], 'Success!', {
                filters: {},
                order_by: 'id',
                pagination: { count: 1, total_count: 1 },
            });
        }
        account(accountId);
        if (version === 'v2' && collection === undefined && req.method === 'GET')
            return envelope(200, accountJson(), 'Success!');
        if (version === 'v3' && collection === 'azure-ad-applications' && action === undefined)
            return azureAdApplications(req, id);
        if (version === 'v2' && collection === 'runs' && action === undefined)
            return runs(req, id);
        if (version === 'v2' && collection === 'jobs')
            return jobs(req, id, action);
        throw notFound(req);
    };
    return {
        name: 'dbtCloud',
        handle(req) {
            try {
                return route(req);
            }
            catch (e) {
                if (e instanceof SandboxHttpError && !e.response.json?.status) {
                    return envelope(e.response.status, null, 'The request body is not valid JSON.');
                }
                throw e;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/services/graph/odata.ts

/** `{error:{code, message, details?, innerError:{date, request-id, client-request-id}}}` with the given status. */
function odataError(req, rng, now, status, code, message, details) {
    const requestId = rng.guid();
    const clientRequestId = odata_headerValue(req, 'client-request-id') ?? requestId;
    return {
        status,
        headers: { 'request-id': requestId, 'client-request-id': clientRequestId },
        json: {
            error: {
                code,
                message,
                ...(details ? { details } : {}),
                innerError: {
                    date: new Date(now).toISOString().replace(/\.\d+Z$/, ''),
                    'request-id': requestId,
                    'client-request-id': clientRequestId,
                },
            },
        },
    };
}
function odata_headerValue(req, name) {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
/** Keep only the `$select`ed properties (annotations such as `@odata.type` stay). */
function applySelect(req, item) {
    const select = req.query.get('$select');
    if (!select)
        return item;
    const wanted = new Set(select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean));
    return Object.fromEntries(Object.entries(item).filter(([k]) => wanted.has(k) || k.startsWith('@')));
}
/**
 * Parse `$filter` as `prop eq 'value'` clauses joined by `and`. Throws a 400 `Request_UnsupportedQuery`
 * (through `fail`) for anything else or a property not in `allowed`.
 */
function parseFilter(filter, allowed, fail) {
    if (!filter)
        return [];
    return filter.split(/\s+and\s+/i).map((clause) => {
        const m = /^\s*([A-Za-z/]+)\s+eq\s+(?:'((?:[^']|'')*)'|([0-9a-fA-F-]{36}|true|false|\d+))\s*$/.exec(clause);
        if (!m)
            fail(`Invalid filter clause: '${clause}'. The sandbox supports "<property> eq '<value>'" joined by "and".`);
        const prop = m[1];
        if (!allowed.includes(prop)) {
            fail(`Unsupported or invalid query filter clause specified for property '${prop}'. Supported here: ${allowed.join(', ')}.`);
        }
        return { prop, value: m[2] !== undefined ? m[2].replaceAll("''", "'") : m[3] };
    });
}
function matchesFilter(item, clauses) {
    return clauses.every(({ prop, value }) => {
        const v = prop
            .split('/')
            .reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), item);
        return v !== undefined && v !== null && String(v).toLowerCase() === value.toLowerCase();
    });
}
/** A collection response with `@odata.context`, `$select`, `$top` and `$skiptoken` paging. */
function collection(req, context, items, fail) {
    const topParam = req.query.get('$top');
    const top = topParam === null ? undefined : Number(topParam);
    if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > 999))
        fail(`Invalid page size specified: '${topParam}'. Must be between 1 and 999 inclusive.`);
    const skipToken = req.query.get('$skiptoken');
    const offset = skipToken ? Number(Buffer.from(skipToken, 'base64url').toString('utf8')) || 0 : 0;
    const pageSize = top ?? 100;
    const page = items.slice(offset, offset + pageSize);
    const body = {
        '@odata.context': `${req.origin}/${req.segments[0]}/$metadata#${context}`,
        ...(req.query.get('$count') === 'true' ? { '@odata.count': items.length } : {}),
        value: page.map((i) => applySelect(req, i)),
    };
    if (offset + pageSize < items.length) {
        const next = new URLSearchParams(req.query);
        next.set('$skiptoken', Buffer.from(String(offset + pageSize)).toString('base64url'));
        body['@odata.nextLink'] = `${req.origin}${req.rawPath}?${next.toString()}`;
    }
    return { status: 200, json: body };
}
/** A thrower for 400 Request_UnsupportedQuery / BadRequest errors in the Graph shape. */
function odata_badRequest(req, rng, now, code = 'Request_BadRequest') {
    return (message) => {
        throw new SandboxHttpError(odataError(req, rng, now, 400, code, message));
    };
}

;// CONCATENATED MODULE: ./src/sandbox/services/graph/patch.ts
const READ_ONLY = new Set([
    'id',
    'appId',
    'createdDateTime',
    'deletedDateTime',
    'publisherDomain',
    'applicationTemplateId',
    'disabledByMicrosoftStatus',
]);
const SIGN_IN_AUDIENCES = [
    'AzureADMyOrg',
    'AzureADMultipleOrgs',
    'AzureADandPersonalMicrosoftAccount',
    'PersonalMicrosoftAccount',
];
function patch_isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Merge `patch` into `target`: objects recursively, everything else (arrays included) replaced. */
function mergeInto(target, patch) {
    for (const [k, v] of Object.entries(patch)) {
        if (k.startsWith('@'))
            continue;
        const current = target[k];
        if (patch_isPlainObject(v) && patch_isPlainObject(current))
            mergeInto(current, v);
        else
            target[k] = structuredClone(v);
    }
}
function validRedirectUri(uri) {
    if (typeof uri !== 'string' || uri.length > 256)
        return false;
    try {
        const u = new URL(uri);
        return (u.protocol === 'https:' ||
            (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')));
    }
    catch {
        return false;
    }
}
/** A value must keep the shape of what it replaces; nested objects may only name existing properties. */
function checkValue(path, current, value) {
    if (value === null) {
        return patch_isPlainObject(current) || Array.isArray(current)
            ? `Invalid value for property '${path}': it cannot be null.`
            : undefined;
    }
    if (current === null || current === undefined)
        return undefined;
    if (!patch_isPlainObject(current) && !Array.isArray(current) && typeof value === 'object') {
        return `Invalid value for property '${path}': expected a single value, not an object or a collection.`;
    }
    if (Array.isArray(current) !== Array.isArray(value)) {
        return `Invalid value for property '${path}': expected ${Array.isArray(current) ? 'a collection' : 'a single value'}.`;
    }
    if (patch_isPlainObject(current)) {
        if (!patch_isPlainObject(value))
            return `Invalid value for property '${path}': expected an object.`;
        for (const [k, v] of Object.entries(value)) {
            if (k.startsWith('@'))
                continue;
            if (!(k in current))
                return `Property '${path}.${k}' does not exist on the type of '${path}'.`;
            const problem = checkValue(`${path}.${k}`, current[k], v);
            if (problem)
                return problem;
        }
    }
    return undefined;
}
function validateBody(app, body) {
    for (const [k, v] of Object.entries(body)) {
        if (k.startsWith('@'))
            continue;
        if (k === 'passwordCredentials') {
            return "Property 'passwordCredentials' cannot be updated with PATCH; use the addPassword and removePassword actions.";
        }
        if (k === 'federatedIdentityCredentials')
            return "Property 'federatedIdentityCredentials' is a navigation property and cannot be set with PATCH.";
        if (READ_ONLY.has(k))
            return `Property '${k}' is read-only and cannot be set.`;
        if (!(k in app.props))
            return `Property '${k}' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type.`;
        const problem = checkValue(k, app.props[k], v);
        if (problem)
            return problem;
    }
    if ('signInAudience' in body && !SIGN_IN_AUDIENCES.includes(String(body.signInAudience))) {
        return `Invalid value for property 'signInAudience': '${String(body.signInAudience)}'. Expected one of ${SIGN_IN_AUDIENCES.join(', ')}.`;
    }
    if ('displayName' in body && (typeof body.displayName !== 'string' || !body.displayName.trim())) {
        return "Invalid value for property 'displayName': a non-empty string is required.";
    }
    for (const platform of ['web', 'spa', 'publicClient']) {
        const p = body[platform];
        if (patch_isPlainObject(p) && 'redirectUris' in p) {
            if (!Array.isArray(p.redirectUris))
                return `Invalid value for property '${platform}.redirectUris': expected a collection of strings.`;
            const bad = p.redirectUris.find((u) => !validRedirectUri(u));
            if (bad !== undefined)
                return `One or more properties contains invalid values: '${platform}.redirectUris' has '${String(bad)}', which is not an https URI (http is allowed only for localhost).`;
        }
    }
    if ('requiredResourceAccess' in body) {
        const rra = body.requiredResourceAccess;
        const ok = Array.isArray(rra) &&
            rra.every((r) => patch_isPlainObject(r) &&
                typeof r.resourceAppId === 'string' &&
                Array.isArray(r.resourceAccess) &&
                r.resourceAccess.every((a) => patch_isPlainObject(a) && typeof a.id === 'string' && (a.type === 'Scope' || a.type === 'Role')));
        if (!ok)
            return "Invalid value for property 'requiredResourceAccess': expected [{resourceAppId, resourceAccess: [{id, type: 'Scope'|'Role'}]}].";
        if (rra.length > 50)
            return 'requiredResourceAccess: at most 50 resource APIs are allowed.';
    }
    return undefined;
}
function patchApplication(app, body) {
    if (!patch_isPlainObject(body))
        return { ok: false, message: 'The request body must be a JSON object with the properties to update.' };
    const problem = validateBody(app, body);
    if (problem)
        return { ok: false, message: problem };
    mergeInto(app.props, body);
    return { ok: true };
}

;// CONCATENATED MODULE: ./src/sandbox/services/graph/render.ts
/** Graph JSON shapes of the Entra state's objects. */

const render_iso = (ms) => new Date(ms).toISOString();
function passwordCredentialJson(p, withSecret = false) {
    return {
        customKeyIdentifier: null,
        displayName: p.displayName,
        endDateTime: render_iso(p.endDateTime),
        hint: p.secretText.slice(0, 3),
        keyId: p.keyId,
        secretText: withSecret ? p.secretText : null,
        startDateTime: render_iso(p.startDateTime),
    };
}
function applicationJson(entra, app) {
    return {
        id: app.id,
        deletedDateTime: null,
        appId: app.appId,
        applicationTemplateId: null,
        disabledByMicrosoftStatus: null,
        createdDateTime: render_iso(app.createdDateTime),
        ...structuredClone(app.props),
        passwordCredentials: entra.visiblePasswords(app).map((p) => passwordCredentialJson(p)),
    };
}
function servicePrincipalJson(entra, sp) {
    const app = entra.findApplication(sp.appId);
    return {
        id: sp.id,
        deletedDateTime: null,
        accountEnabled: true,
        appDisplayName: sp.displayName,
        appDescription: null,
        appId: sp.appId,
        appOwnerOrganizationId: sp.appOwnerOrganizationId,
        appRoleAssignmentRequired: false,
        displayName: sp.displayName,
        servicePrincipalNames: [sp.appId],
        servicePrincipalType: 'Application',
        signInAudience: app ? app.props.signInAudience : 'AzureADMultipleOrgs',
        tags: [],
        replyUrls: [...sp.replyUrls],
        appRoles: sp.appRoles.map((r) => ({
            allowedMemberTypes: ['Application'],
            description: r.displayName,
            displayName: r.displayName,
            id: r.id,
            isEnabled: true,
            origin: 'Application',
            value: r.value,
        })),
        oauth2PermissionScopes: sp.oauth2PermissionScopes.map((s) => ({
            adminConsentDescription: s.adminConsentDisplayName,
            adminConsentDisplayName: s.adminConsentDisplayName,
            id: s.id,
            isEnabled: true,
            type: s.type,
            userConsentDescription: s.adminConsentDisplayName,
            userConsentDisplayName: s.adminConsentDisplayName,
            value: s.value,
        })),
        keyCredentials: [],
        passwordCredentials: [],
    };
}
function appRoleAssignmentJson(entra, id) {
    const a = entra.appRoleAssignments.find((x) => x.id === id);
    if (!a)
        return undefined;
    const principal = entra.servicePrincipals.find((s) => s.id === a.principalId);
    const resource = entra.servicePrincipals.find((s) => s.id === a.resourceId);
    return {
        id: a.id,
        deletedDateTime: null,
        appRoleId: a.appRoleId,
        createdDateTime: render_iso(a.createdDateTime),
        principalDisplayName: principal?.displayName ?? null,
        principalId: a.principalId,
        principalType: 'ServicePrincipal',
        resourceDisplayName: resource?.displayName ?? null,
        resourceId: a.resourceId,
    };
}
function userJson(u) {
    const [given, ...rest] = u.displayName.split(' ');
    return {
        businessPhones: [],
        displayName: u.displayName,
        givenName: given ?? null,
        jobTitle: null,
        mail: u.mail,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        surname: rest.length ? rest.join(' ') : null,
        userPrincipalName: u.userPrincipalName,
        id: u.objectId,
    };
}
function lifetimeRestriction(maxLifetime) {
    return {
        restrictionType: 'passwordLifetime',
        state: 'enabled',
        maxLifetime,
        restrictForAppsCreatedAfterDateTime: '2019-01-01T00:00:00Z',
    };
}
function defaultAppManagementPolicyJson(entra) {
    const restrictions = entra.passwordMaxLifetime ? [lifetimeRestriction(entra.passwordMaxLifetime)] : [];
    if (entra.passwordAdditionBlocked) {
        restrictions.push({
            restrictionType: 'passwordAddition',
            state: 'enabled',
            maxLifetime: null,
            restrictForAppsCreatedAfterDateTime: '2019-01-01T00:00:00Z',
        });
    }
    return {
        id: TENANT_POLICY_ID,
        displayName: 'Default app management tenant policy',
        description: 'Default tenant policy that enforces app management restrictions on applications and service principals.',
        isEnabled: restrictions.length > 0,
        applicationRestrictions: { passwordCredentials: restrictions, keyCredentials: [] },
        servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
    };
}
function appManagementPoliciesJson(entra, app) {
    if (!app.passwordMaxLifetime)
        return [];
    const policy = entra.effectiveLifetimePolicy(app);
    return [
        {
            id: policy?.policyId,
            displayName: `Credential lifetime for ${String(app.props.displayName)}`,
            description: 'Limits the lifetime of password credentials.',
            isEnabled: true,
            restrictions: {
                passwordCredentials: [lifetimeRestriction(app.passwordMaxLifetime)],
                keyCredentials: [],
            },
        },
    ];
}
function securityDefaultsJson(entra) {
    return {
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.',
        isEnabled: entra.securityDefaultsEnabled,
    };
}

;// CONCATENATED MODULE: ./src/sandbox/services/graph/index.ts




const READ_ALL_APPS = [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
];
const WRITE_ALL_APPS = ['Application.ReadWrite.All'];
const OWNED_BY = 'Application.ReadWrite.OwnedBy';
const READ_POLICIES = ['Policy.Read.All'];
const READ_USERS = [
    'User.Read.All',
    'User.ReadBasic.All',
    'User.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
];
const READ_GRANTS = [
    'DelegatedPermissionGrant.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Application.Read.All',
    'Application.ReadWrite.All',
];
/** `applications(appId='…')` alternate key. */
const ALT_KEY = /^(applications|servicePrincipals)\(appId='([^']+)'\)$/;
function createGraphService(entra, options) {
    const { clock } = options;
    const rng = entra.rng;
    const err = (req, status, code, message, details) => new SandboxHttpError(odataError(req, rng, clock.now(), status, code, message, details));
    const denied = (req) => err(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const notFound = (req, what) => err(req, 404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);
    const has = (p, roles) => p.roles.some((r) => roles.includes(r));
    const authenticate = (req) => {
        const auth = odata_headerValue(req, 'authorization') ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
        if (!token)
            throw err(req, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
        const principal = entra.validateAccessToken(token, 'graph');
        if (!principal)
            throw err(req, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience, expired or unknown token.');
        return principal;
    };
    const canRead = (p, app) => has(p, READ_ALL_APPS) || (p.roles.includes(OWNED_BY) && entra.isOwner(app, p.objectId));
    const canWrite = (p, app) => has(p, WRITE_ALL_APPS) || (p.roles.includes(OWNED_BY) && entra.isOwner(app, p.objectId));
    const context = (req, fragment) => `${req.origin}/${req.segments[0]}/$metadata#${fragment}`;
    const entity = (req, fragment, item) => ({
        status: 200,
        json: { '@odata.context': context(req, fragment), ...applySelect(req, item) },
    });
    const parseDate = (req, value, name) => {
        if (value === undefined || value === null)
            return undefined;
        const ms = typeof value === 'string' ? Date.parse(value) : NaN;
        if (Number.isNaN(ms))
            throw err(req, 400, 'Request_BadRequest', `Invalid value for '${name}': '${String(value)}' is not an ISO 8601 date-time.`);
        return ms;
    };
    // ----- applications ------------------------------------------------------------------------------
    const application = (req, app, rest, p, key) => {
        if (!app)
            throw notFound(req, key);
        const action = rest.join('/');
        if (req.method === 'GET') {
            if (!canRead(p, app))
                throw denied(req);
            if (action === '')
                return entity(req, 'applications/$entity', applicationJson(entra, app));
            if (action === 'owners') {
                const owners = app.ownerIds.map((id) => {
                    const sp = entra.servicePrincipals.find((s) => s.id === id);
                    if (sp)
                        return {
                            '@odata.type': '#microsoft.graph.servicePrincipal',
                            id: sp.id,
                            appId: sp.appId,
                            displayName: sp.displayName,
                            servicePrincipalType: 'Application',
                        };
                    const u = entra.users.find((x) => x.objectId === id);
                    return { '@odata.type': '#microsoft.graph.user', ...(u ? userJson(u) : { id }) };
                });
                return collection(req, 'directoryObjects', owners, odata_badRequest(req, rng, clock.now()));
            }
            if (action === 'appManagementPolicies') {
                if (!has(p, READ_POLICIES))
                    throw denied(req);
                return collection(req, 'policies/appManagementPolicies', appManagementPoliciesJson(entra, app), odata_badRequest(req, rng, clock.now()));
            }
            if (action === 'federatedIdentityCredentials') {
                return collection(req, `applications('${app.id}')/federatedIdentityCredentials`, app.federatedIdentityCredentials.map((f) => ({ ...f })), odata_badRequest(req, rng, clock.now()));
            }
        }
        if (req.method === 'PATCH' && action === '') {
            if (!canWrite(p, app))
                throw denied(req);
            const result = patchApplication(app, req.json());
            if (!result.ok)
                throw err(req, 400, 'Request_BadRequest', result.message);
            // The tenant's service principal follows the app's reply URLs.
            const sp = entra.servicePrincipals.find((s) => s.appId === app.appId);
            const web = app.props.web;
            if (sp)
                sp.replyUrls = [...(web.redirectUris ?? [])];
            if (typeof app.props.displayName === 'string' && sp)
                sp.displayName = app.props.displayName;
            return { status: 204 };
        }
        if (req.method === 'POST' && action === 'addPassword') {
            if (!canWrite(p, app))
                throw denied(req);
            const body = (req.body.length ? req.json() : {});
            const input = body?.passwordCredential ?? {};
            if (typeof input !== 'object' || input === null)
                throw err(req, 400, 'Request_BadRequest', "Invalid value for 'passwordCredential': expected an object.");
            if ('secretText' in input && input.secretText)
                throw err(req, 400, 'Request_BadRequest', "Property 'secretText' cannot be supplied; the service generates the secret.");
            const result = entra.addPassword(app, {
                displayName: typeof input.displayName === 'string' ? input.displayName : null,
                startDateTime: parseDate(req, input.startDateTime, 'passwordCredential.startDateTime'),
                endDateTime: parseDate(req, input.endDateTime, 'passwordCredential.endDateTime'),
            });
            if (!result.ok) {
                if (result.reason === 'additionBlocked') {
                    throw err(req, 400, 'CredentialTypeNotAllowedAsPerAppPolicy', `Credential type not allowed as per assigned policy '${result.policyId}'.`, [
                        {
                            code: 'PasswordAdditionNotAllowed',
                            message: 'Adding password credentials is blocked by the app management policy.',
                            target: 'passwordCredentials',
                        },
                    ]);
                }
                if (result.reason === 'lifetime') {
                    throw err(req, 400, 'CredentialInvalidLifetimeAsPerAppPolicy', `Credential lifetime exceeds the max value allowed as per assigned policy '${result.policyId}'.`, [
                        {
                            code: 'InvalidKeyEndDate',
                            message: `Key credential end date is invalid: the maximum lifetime is ${result.maxLifetime}.`,
                            target: 'EndDate',
                        },
                    ]);
                }
                throw err(req, 400, 'Request_BadRequest', result.message);
            }
            return {
                status: 200,
                json: {
                    '@odata.context': context(req, 'microsoft.graph.passwordCredential'),
                    ...passwordCredentialJson(result.credential, true),
                },
            };
        }
        if (req.method === 'POST' && action === 'removePassword') {
            if (!canWrite(p, app))
                throw denied(req);
            const body = req.json();
            if (!body || typeof body.keyId !== 'string')
                throw err(req, 400, 'Request_BadRequest', "The request body must contain 'keyId' (the GUID of the password credential to remove).");
            if (!entra.removePassword(app, body.keyId)) {
                throw err(req, 400, 'Request_BadRequest', `No password credential with keyId '${body.keyId}' exists on application '${app.id}'.`);
            }
            return { status: 204 };
        }
        throw unknownRoute(req);
    };
    const applications = (req, p) => {
        if (req.method !== 'GET')
            throw unknownRoute(req);
        const fail = odata_badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
        const clauses = parseFilter(req.query.get('$filter'), ['appId', 'id', 'displayName', 'signInAudience'], fail);
        if (!has(p, READ_ALL_APPS) && !p.roles.includes(OWNED_BY))
            throw denied(req);
        // With only Application.ReadWrite.OwnedBy the caller sees the apps it owns.
        const items = entra.applications
            .filter((a) => canRead(p, a))
            .map((a) => applicationJson(entra, a))
            .filter((a) => matchesFilter(a, clauses));
        return collection(req, 'applications', items, fail);
    };
    // ----- service principals and consent -------------------------------------------------------------
    const servicePrincipal = (req, key, byAppId, rest, p) => {
        if (req.method !== 'GET')
            throw unknownRoute(req);
        if (!has(p, READ_ALL_APPS))
            throw denied(req);
        const sp = byAppId
            ? entra.servicePrincipals.find((s) => s.appId.toLowerCase() === key.toLowerCase())
            : entra.servicePrincipals.find((s) => s.id.toLowerCase() === key.toLowerCase());
        if (!sp)
            throw notFound(req, key);
        const fail = odata_badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
        const action = rest.join('/');
        if (action === '')
            return entity(req, 'servicePrincipals/$entity', servicePrincipalJson(entra, sp));
        if (action === 'appRoleAssignments' || action === 'appRoleAssignedTo') {
            const field = action === 'appRoleAssignments' ? 'principalId' : 'resourceId';
            const items = entra.appRoleAssignments
                .filter((a) => a[field] === sp.id)
                .map((a) => appRoleAssignmentJson(entra, a.id))
                .filter((a) => matchesFilter(a, parseFilter(req.query.get('$filter'), ['resourceId', 'principalId', 'appRoleId'], fail)));
            return collection(req, `servicePrincipals('${sp.id}')/${action}`, items, fail);
        }
        if (action === 'oauth2PermissionGrants') {
            return collection(req, 'oauth2PermissionGrants', entra.oauth2PermissionGrants.filter((g) => g.clientId === sp.id).map((g) => ({ ...g })), fail);
        }
        throw unknownRoute(req);
    };
    const servicePrincipals = (req, p) => {
        if (req.method !== 'GET')
            throw unknownRoute(req);
        const fail = odata_badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
        const clauses = parseFilter(req.query.get('$filter'), ['appId', 'id', 'displayName'], fail);
        if (!has(p, READ_ALL_APPS))
            throw denied(req);
        const items = entra.servicePrincipals
            .map((s) => servicePrincipalJson(entra, s))
            .filter((s) => matchesFilter(s, clauses));
        return collection(req, 'servicePrincipals', items, fail);
    };
    const grants = (req, p) => {
        if (req.method !== 'GET')
            throw unknownRoute(req);
        const fail = odata_badRequest(req, rng, clock.now(), 'Request_UnsupportedQuery');
        const clauses = parseFilter(req.query.get('$filter'), ['clientId', 'resourceId', 'consentType', 'principalId'], fail);
        if (!has(p, READ_GRANTS))
            throw denied(req);
        const items = entra.oauth2PermissionGrants
            .map((g) => ({ ...g }))
            .filter((g) => matchesFilter(g, clauses));
        return collection(req, 'oauth2PermissionGrants', items, fail);
    };
    // ----- policies and users ---------------------------------------------------------------------
    const policies = (req, which, p) => {
        if (req.method !== 'GET')
            throw unknownRoute(req);
        if (which === 'identitySecurityDefaultsEnforcementPolicy') {
            if (!has(p, READ_POLICIES))
                throw denied(req);
            return entity(req, 'policies/identitySecurityDefaultsEnforcementPolicy/$entity', securityDefaultsJson(entra));
        }
        if (which === 'defaultAppManagementPolicy') {
            if (!has(p, READ_POLICIES))
                throw denied(req);
            return entity(req, 'policies/defaultAppManagementPolicy/$entity', defaultAppManagementPolicyJson(entra));
        }
        throw unknownRoute(req);
    };
    const users = (req, key, rest, p) => {
        if (req.method !== 'GET' || !key)
            throw unknownRoute(req);
        const action = rest.join('/');
        if (action === 'authentication/requirements') {
            if (req.segments[0] !== 'beta')
                throw unknownRoute(req);
            if (!has(p, READ_POLICIES))
                throw denied(req);
            const u = entra.findUserRecord(key);
            if (!u ||
                (u.mail?.toLowerCase() === key.toLowerCase() &&
                    u.userPrincipalName.toLowerCase() !== key.toLowerCase()))
                throw notFound(req, key);
            return {
                status: 200,
                json: {
                    '@odata.context': context(req, `users('${u.objectId}')/authentication/requirements/$entity`),
                    perUserMfaState: u.perUserMfaState,
                },
            };
        }
        if (action !== '')
            throw unknownRoute(req);
        if (!has(p, READ_USERS))
            throw denied(req);
        const u = entra.users.find((x) => x.objectId.toLowerCase() === key.toLowerCase() ||
            x.userPrincipalName.toLowerCase() === key.toLowerCase());
        if (!u)
            throw notFound(req, key);
        return entity(req, 'users/$entity', userJson(u));
    };
    const unknownRoute = (req) => err(req, 404, 'Request_ResourceNotFound', `Resource not found for the segment '${req.segments.slice(1).join('/')}' (${req.method}).`);
    const route = (req) => {
        const [version, first, ...more] = req.segments;
        if ((version !== 'v1.0' && version !== 'beta') || !first)
            throw unknownRoute(req);
        const p = authenticate(req);
        const alt = ALT_KEY.exec(first);
        if (alt) {
            const [, coll, appId] = alt;
            if (coll === 'applications')
                return application(req, entra.applications.find((a) => a.appId.toLowerCase() === appId.toLowerCase()), more, p, appId);
            return servicePrincipal(req, appId, true, more, p);
        }
        const [key, ...rest] = more;
        switch (first) {
            case 'applications':
                if (key === undefined)
                    return applications(req, p);
                // `{id}` is the object id; an appId here is a 404, as in Graph.
                return application(req, entra.applications.find((a) => a.id.toLowerCase() === key.toLowerCase()), rest, p, key);
            case 'servicePrincipals':
                return key === undefined ? servicePrincipals(req, p) : servicePrincipal(req, key, false, rest, p);
            case 'oauth2PermissionGrants':
                if (key === undefined)
                    return grants(req, p);
                break;
            case 'policies':
                if (rest.length === 0)
                    return policies(req, key, p);
                break;
            case 'users':
                return users(req, key, rest, p);
        }
        throw unknownRoute(req);
    };
    return {
        name: 'graph',
        handle(req) {
            try {
                const res = route(req);
                const requestId = rng.guid();
                return {
                    ...res,
                    headers: {
                        'request-id': requestId,
                        'client-request-id': odata_headerValue(req, 'client-request-id') ?? requestId,
                        ...(res.headers ?? {}),
                    },
                };
            }
            catch (e) {
                if (e instanceof SandboxHttpError &&
                    e.response.json &&
                    typeof e.response.json === 'object' &&
                    'error' in e.response.json)
                    return e.response;
                if (e instanceof SandboxHttpError) {
                    return odataError(req, rng, clock.now(), e.response.status, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
                }
                throw e;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/state/dbt.ts


const dbt_DAY_MS = 86_400_000;
const secretRef = schemas/* union */.KCZ([
    schemas/* literal */.euz('newest'),
    schemas/* literal */.euz('invalid'),
    schemas/* strictObject */.rej({ displayName: schemas/* string */.YjP().min(1) }),
]);
/** Validation of the `dbtCloud:` section (field-path errors, unknown keys refused). */
const dbtScenarioSchema = schemas/* strictObject */.rej({
    accountId: schemas/* number */.aig().int().positive().optional(),
    accountName: schemas/* string */.YjP().min(1).optional(),
    tokenPermission: schemas/* enum */.k5n(['accountAdmin', 'jobAdmin', 'readOnly']).optional(),
    azureAdApplication: schemas/* strictObject */.rej({
        application: schemas/* string */.YjP().min(1).optional(),
        secret: secretRef.optional(),
        organizationName: schemas/* string */.YjP().min(1).optional(),
        authenticationMethod: schemas/* enum */.k5n(['service_user', 'service_principal']).optional(),
        tenantId: schemas/* string */.YjP().min(1).optional(),
        deleted: schemas/* boolean */.zMY().optional(),
    })
        .nullable()
        .optional(),
    jobs: schemas/* array */.YOg(schemas/* strictObject */.rej({
        id: schemas/* number */.aig().int().positive(),
        name: schemas/* string */.YjP().min(1).optional(),
        projectId: schemas/* number */.aig().int().positive().optional(),
        environmentId: schemas/* number */.aig().int().positive().optional(),
    }))
        .optional(),
    runs: schemas/* array */.YOg(schemas/* strictObject */.rej({
        jobId: schemas/* number */.aig().int().positive().optional(),
        status: schemas/* enum */.k5n(['success', 'error', 'cancelled']).optional(),
        createdDaysAgo: schemas/* number */.aig().min(0),
        durationMinutes: schemas/* number */.aig().positive().optional(),
        cause: schemas/* string */.YjP().optional(),
        causeCategory: schemas/* enum */.k5n(['api', 'ci', 'scheduled', 'ui', 'rerun']).optional(),
        statusMessage: schemas/* string */.YjP().optional(),
    }))
        .optional(),
    runDurationMs: schemas/* number */.aig().int().min(0).optional(),
});
function createDbtState(input, options) {
    const spec = checkScenarioSection(dbtScenarioSchema, input, 'dbtCloud');
    const { entra, rng, clock } = options;
    const now = clock.now();
    const token = `dbtc_${rng.string(54, '_-')}`;
    let idCounter = 70_000_000;
    const nextId = () => ++idCounter;
    const jobs = (spec.jobs ?? [{ id: 100 }]).map((j, i) => {
        if (!Number.isInteger(j.id))
            throw new Error(`dbtCloud.jobs[${i}].id: must be an integer`);
        return {
            id: j.id,
            name: j.name ?? 'Daily build',
            projectId: j.projectId ?? 200,
            environmentId: j.environmentId ?? 300,
        };
    });
    let record;
    const recordSpec = spec.azureAdApplication === undefined ? {} : spec.azureAdApplication;
    if (recordSpec) {
        const appRef = recordSpec.application ?? 'dbt Cloud';
        const app = entra.resolveApplication(appRef);
        if (!app) {
            if (recordSpec.application !== undefined || spec.azureAdApplication !== undefined) {
                throw new Error(`dbtCloud.azureAdApplication.application: no Entra application "${appRef}" in tenant.applications`);
            }
        }
        else {
            const which = recordSpec.secret ?? 'newest';
            const secret = which === 'invalid' ? `${rng.string(3)}8Q~${rng.string(36)}` : entra.passwordValue(appRef, which);
            if (secret === undefined) {
                throw new Error(`dbtCloud.azureAdApplication.secret: application "${appRef}" has no password ${typeof which === 'object' ? `named "${which.displayName}"` : ''}; add it under tenant.applications[].passwordCredentials`);
            }
            record = {
                id: nextId(),
                organizationName: recordSpec.organizationName ?? 'contoso',
                clientId: app.appId,
                clientSecret: secret,
                tenantId: recordSpec.tenantId ?? entra.tenantId,
                authenticationMethod: recordSpec.authenticationMethod ?? 'service_user',
                createdAt: now - 300 * dbt_DAY_MS,
                updatedAt: now - 30 * dbt_DAY_MS,
                state: recordSpec.deleted ? 2 : 1,
            };
        }
    }
    const runs = [];
    const runSpecs = spec.runs ?? [{ createdDaysAgo: 2 }];
    runSpecs.forEach((r, i) => {
        const job = r.jobId === undefined ? jobs[0] : jobs.find((j) => j.id === r.jobId);
        if (!job)
            throw new Error(`dbtCloud.runs[${i}].jobId: no job ${String(r.jobId)} in dbtCloud.jobs`);
        const createdAt = now - r.createdDaysAgo * dbt_DAY_MS;
        const status = r.status === 'error' ? 20 : r.status === 'cancelled' ? 30 : 10;
        runs.push({
            id: 0,
            triggerId: 0,
            jobId: job.id,
            projectId: job.projectId,
            environmentId: job.environmentId,
            status,
            statusMessage: r.statusMessage ?? (status === 20 ? 'Failed to clone repository.' : null),
            cause: r.cause ?? 'Kicked off by the scheduler',
            causeCategory: r.causeCategory ?? 'scheduled',
            createdAt,
            startedAt: createdAt + 20_000,
            finishedAt: createdAt + (r.durationMinutes ?? 4) * 60_000,
        });
    });
    // Ids grow with creation time, like the real service.
    runs.sort((a, b) => a.createdAt - b.createdAt);
    for (const r of runs) {
        r.id = nextId();
        r.triggerId = nextId();
    }
    const runDurationMs = spec.runDurationMs ?? 3000;
    const retired = [];
    const state = {
        accountId: spec.accountId ?? 12345,
        accountName: spec.accountName ?? 'Contoso Analytics',
        tokenPermission: spec.tokenPermission ?? 'accountAdmin',
        runDurationMs,
        record,
        jobs,
        runs,
        token: () => token,
        accessHost() {
            const origin = options.origins?.dbtCloud;
            return origin ? new URL(origin).host : 'ab123.us1.dbt.com';
        },
        applicationClientId() {
            return state.record?.state === 1 ? state.record.clientId : undefined;
        },
        nextId,
        settle() {
            const t = clock.now();
            for (const run of runs) {
                if (run.finishAt === undefined)
                    continue;
                // Queued for the first third of its time, then running, then complete.
                if (run.status === 1 && t >= run.createdAt + runDurationMs / 3) {
                    run.status = 3;
                    run.startedAt = run.createdAt + Math.floor(runDurationMs / 3);
                }
                if (run.finishAt > t)
                    continue;
                const rec = state.record?.state === 1 ? state.record : undefined;
                const check = rec ? entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret) : undefined;
                run.startedAt ??= run.createdAt + Math.floor(runDurationMs / 3);
                run.finishedAt = run.finishAt;
                delete run.finishAt;
                if (check === 'ok') {
                    run.status = 10;
                    run.statusMessage = null;
                }
                else {
                    run.status = 20;
                    run.statusMessage = !rec
                        ? 'Azure DevOps is not connected: this account has no Azure Active Directory application configured.'
                        : `Failed to clone repository: could not get an Azure DevOps token for the service ${rec.authenticationMethod === 'service_user' ? 'user' : 'principal'}. ${describeSecretFailure(check, rec.clientId, rec.tenantId).description}`;
                }
            }
        },
        triggerRun(job, cause) {
            const t = clock.now();
            const run = {
                id: nextId(),
                triggerId: nextId(),
                jobId: job.id,
                projectId: job.projectId,
                environmentId: job.environmentId,
                status: 1,
                statusMessage: null,
                cause,
                causeCategory: 'api',
                createdAt: t,
                startedAt: null,
                finishedAt: null,
                finishAt: t + runDurationMs,
            };
            runs.push(run);
            return run;
        },
        retireSecret(name, value) {
            if (value)
                retired.push({ name: `${name}:replaced`, value });
        },
        secrets() {
            const out = [{ name: 'dbtCloud:token', value: token }, ...retired];
            if (state.record)
                out.push({ name: 'dbtCloud:azureAdApplication:client_secret', value: state.record.clientSecret });
            return out;
        },
        snapshot() {
            state.settle();
            const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
            const rec = state.record;
            return {
                accountId: state.accountId,
                accountName: state.accountName,
                tokenPermission: state.tokenPermission,
                azureAdApplication: rec
                    ? {
                        id: rec.id,
                        state: rec.state,
                        organizationName: rec.organizationName,
                        clientId: rec.clientId,
                        tenantId: rec.tenantId,
                        authenticationMethod: rec.authenticationMethod,
                        clientSecretKeyId: entra.keyIdOfSecret(rec.clientId, rec.clientSecret) ?? null,
                        clientSecretHint: rec.clientSecret.slice(0, 3),
                        clientSecretCheck: entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret),
                        createdAt: iso(rec.createdAt),
                        updatedAt: iso(rec.updatedAt),
                    }
                    : null,
                jobs: jobs.map((j) => ({ ...j })),
                runs: runs.map((r) => ({
                    id: r.id,
                    jobId: r.jobId,
                    status: r.status,
                    statusMessage: r.statusMessage,
                    cause: r.cause,
                    createdAt: iso(r.createdAt),
                    finishedAt: iso(r.finishedAt),
                })),
            };
        },
    };
    return state;
}

;// CONCATENATED MODULE: ./src/sandbox/world.ts














/** Real time plus an offset that tests move forward (control `POST /clock`). */
class SandboxClock {
    offset = 0;
    now() {
        return Date.now() + this.offset;
    }
    advance(ms) {
        this.offset += ms;
    }
    get offsetMs() {
        return this.offset;
    }
    reset() {
        this.offset = 0;
    }
}
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** sfc32 seeded through splitmix32: fast, small state, good enough for ids, secrets and dice. */
class SeededRng {
    a;
    b;
    c;
    d;
    constructor(seed) {
        let state = seed >>> 0;
        const splitmix = () => {
            state = (state + 0x9e3779b9) >>> 0;
            let z = state;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = splitmix();
        this.b = splitmix();
        this.c = splitmix();
        this.d = splitmix();
        for (let i = 0; i < 12; i++)
            this.nextUint32();
    }
    nextUint32() {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
        this.d = (this.d + 1) >>> 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) >>> 0;
        this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
        this.c = (this.c + t) >>> 0;
        return t;
    }
    next() {
        return this.nextUint32() / 0x100000000;
    }
    guid() {
        const hex = Array.from({ length: 4 }, () => this.nextUint32().toString(16).padStart(8, '0')).join('');
        const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    }
    string(length, extra = '') {
        const alphabet = ALPHANUMERIC + extra;
        let out = '';
        for (let i = 0; i < length; i++)
            out += alphabet[Math.floor(this.next() * alphabet.length)];
        return out;
    }
    /** An independent generator derived from this seed and a label (e.g. the fault dice). */
    static derive(seed, label) {
        let hash = seed >>> 0;
        for (const char of label)
            hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
        return new SeededRng(hash);
    }
}
/** The service of an integration the scenario does not have: every request answers 404 saying so. */
function absentService(name, label, section) {
    return {
        name,
        handle() {
            throw new SandboxHttpError({
                status: 404,
                json: {
                    message: `This sandbox scenario has no ${label}; add a "${section}" section to the scenario.`,
                },
            });
        },
    };
}
class World {
    scenario;
    /** How errors name the scenario, e.g. `built-in "drifted"`. */
    source;
    seed;
    origins;
    clock;
    log;
    faults;
    slices;
    constructor(loaded, options) {
        this.scenario = loaded.spec;
        this.source = loaded.source;
        this.seed = options.seed ?? loaded.spec.seed ?? 1;
        this.origins = options.origins;
        this.clock = options.clock ?? new SandboxClock();
        this.log = options.log ?? new RequestLog();
        this.faults = options.faults ?? new FaultEngine(() => SeededRng.derive(this.seed, 'faults'));
        this.faults.set(this.scenarioFaults());
        this.slices = this.build();
    }
    get entra() {
        return this.slices.entra;
    }
    get ado() {
        return this.slices.ado;
    }
    /** The ConductorOne tenant; undefined when the scenario has none. */
    get c1() {
        return this.slices.c1;
    }
    /** The dbt Cloud account; undefined when the scenario has none. */
    get dbt() {
        return this.slices.dbt;
    }
    service(name) {
        return this.slices.services[name];
    }
    /**
     * Every secret the sandbox knows or knew, named by where it lives (for leak scans): client secrets (removed
     * and replaced ones too), issued tokens, PATs, the dbt Cloud token and the ConductorOne client secret. One
     * entry per value, the first name wins.
     */
    namedSecrets() {
        const patNames = new Map(Object.entries(this.ado.patValues()).map(([name, value]) => [value, name]));
        const all = [
            ...this.entra.secrets(),
            ...this.ado.secrets().map((value) => ({ name: `azureDevOps:pat:${patNames.get(value) ?? ''}`, value })),
            ...(this.slices.dbt?.secrets() ?? []),
            ...(this.slices.c1?.secrets() ?? []),
        ];
        const byValue = new Map();
        for (const secret of all)
            if (secret.value && !byValue.has(secret.value))
                byValue.set(secret.value, secret);
        return [...byValue.values()];
    }
    /** Every secret value the sandbox knows or knew (for leak scans), without duplicates. */
    secrets() {
        return this.namedSecrets().map((secret) => secret.value);
    }
    /** JSON state of every service, secrets replaced by their keyIds/hints. */
    snapshot() {
        return {
            scenario: {
                name: this.scenario.name,
                description: this.scenario.description ?? null,
                source: this.source,
                seed: this.seed,
            },
            clock: { now: new Date(this.clock.now()).toISOString(), offsetMs: this.clock.offsetMs },
            faults: this.faults.settings(),
            tenant: this.entra.snapshot(),
            azureDevOps: this.ado.snapshot(),
            dbtCloud: this.slices.dbt?.snapshot() ?? null,
            conductorOne: this.slices.c1?.snapshot() ?? null,
        };
    }
    /** The facts the printed policy needs. */
    policyFacts() {
        const dbt = this.slices.dbt;
        const c1 = this.slices.c1?.primary();
        // dbt Cloud's service_principal method has no service user: the policy names none unless the scenario does.
        const scenarioDbt = this.scenario.policy?.integrations?.dbtCloud;
        const authenticationMethod = scenarioDbt?.authenticationMethod ?? 'service_user';
        const serviceUser = (typeof this.scenario.policy?.serviceUser === 'string'
            ? this.scenario.policy.serviceUser
            : undefined) ??
            (authenticationMethod === 'service_user' ? this.scenario.azureDevOps.users?.[0]?.upn : undefined);
        return {
            organization: this.ado.organization,
            tenantId: this.entra.tenantId,
            ...(serviceUser ? { serviceUser } : {}),
            endpoints: this.origins,
            ...(dbt
                ? {
                    dbtCloud: {
                        accountId: dbt.accountId,
                        applicationClientId: dbt.applicationClientId() ?? this.entra.resolveApplication('dbt Cloud')?.appId ?? '',
                    },
                }
                : {}),
            ...(c1
                ? {
                    conductorOne: {
                        appId: c1.appId,
                        connectorId: c1.connectorId,
                        applicationClientId: c1.applicationClientId ?? this.entra.resolveApplication('ConductorOne')?.appId ?? '',
                    },
                }
                : {}),
        };
    }
    /** A ready ado-guard.yml for this world (DESIGN.md §3), scenario `policy` overrides merged in. */
    policyYaml() {
        return policyYaml(buildPolicy(this.policyFacts(), this.scenario.policy ?? {}), this.scenario.name);
    }
    /** The sandbox-only credentials ado-guard needs, by environment variable name. */
    env() {
        const automation = this.entra.automationCredentials();
        return {
            AZURE_TENANT_ID: automation.tenantId,
            AZURE_CLIENT_ID: automation.clientId,
            AZURE_CLIENT_SECRET: automation.clientSecret,
            ...(this.slices.dbt ? { DBT_CLOUD_TOKEN: this.slices.dbt.token() } : {}),
            ...(this.slices.c1
                ? {
                    CONDUCTORONE_CLIENT_ID: this.slices.c1.clientCredentials().clientId,
                    CONDUCTORONE_CLIENT_SECRET: this.slices.c1.clientCredentials().clientSecret,
                }
                : {}),
        };
    }
    /** Back to the scenario's start: state rebuilt from the same seed (same ids and secrets), clock and faults too. */
    reset() {
        this.clock.reset();
        this.log.clear();
        this.faults.set(this.scenarioFaults());
        this.slices = this.build();
    }
    scenarioFaults() {
        const result = faultSettingsSchema.safeParse(this.scenario.faults ?? {});
        if (!result.success) {
            const problems = result.error.issues.map((issue) => `faults.${fieldPath(issue.path)}: ${issue.message}`);
            throw new ScenarioError(`Scenario ${this.source} is not valid:\n  ${problems.join('\n  ')}`);
        }
        return result.data;
    }
    build() {
        const rng = new SeededRng(this.seed);
        const clock = this.clock;
        const spec = this.scenario;
        const origins = this.origins;
        try {
            const entra = createEntraState(spec.tenant ?? {}, { rng, clock, origins });
            const ado = createAdoState({
                ...spec.azureDevOps,
                automation: { appId: entra.automation.appId, ...spec.azureDevOps.automation },
            }, { entra, rng, clock });
            const adoServices = createAzureDevOpsServices(ado, { entra, clock, origins: () => origins });
            const dbt = spec.dbtCloud ? createDbtState(spec.dbtCloud, { entra, rng, clock, origins }) : undefined;
            const c1 = spec.conductorOne
                ? createC1State(spec.conductorOne, { entra, rng, clock, origins })
                : undefined;
            return {
                entra,
                ado,
                dbt,
                c1,
                services: {
                    authority: createAuthorityService(entra, { clock }),
                    azureDevOps: adoServices.azureDevOps,
                    azureDevOpsIdentity: adoServices.azureDevOpsIdentity,
                    graph: createGraphService(entra, { clock }),
                    dbtCloud: dbt
                        ? createDbtCloudService(dbt, { entra, clock })
                        : absentService('dbtCloud', 'dbt Cloud account', 'dbtCloud'),
                    conductorOne: c1
                        ? createConductorOneService(c1, { entra, clock })
                        : absentService('conductorOne', 'ConductorOne tenant', 'conductorOne'),
                },
            };
        }
        catch (error) {
            if (error instanceof ScenarioError)
                throw error;
            throw new ScenarioError(`Scenario ${this.source}: ${error.message}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/sandbox/index.ts
/**
 * The sandbox's public API: start every emulated service over HTTPS on 127.0.0.1 for a scenario, and the banner
 * `ado-guard sandbox` prints. See docs/sandbox.md (user guide) and docs/sandbox-design.md (internals).
 */








async function startSandbox(options = {}) {
    const loaded = loadScenario(options.scenario);
    const seed = options.seed ?? loaded.spec.seed ?? 1;
    const ca = loadOrCreateCa(options.caDir);
    const clock = new SandboxClock();
    const log = new RequestLog();
    const faults = new FaultEngine(() => SeededRng.derive(seed, 'faults'));
    // The listeners come first: the world needs their origins (e.g. the dbt app's redirect URIs).
    let world;
    let control;
    const servers = await startServers({
        port: options.port ?? 0,
        tls: issueServerCert(ca),
        clock,
        log,
        faults,
        resolve(service) {
            if (!world || !control) {
                return {
                    name: service,
                    handle() {
                        throw new SandboxHttpError({ status: 503, json: { message: 'The sandbox is still starting.' } });
                    },
                };
            }
            return service === 'control' ? control : world.service(service);
        },
    });
    try {
        world = new World(loaded, { seed, origins: servers.endpoints, clock, log, faults });
        control = createControlService(world);
    }
    catch (error) {
        await servers.close();
        throw error;
    }
    return {
        endpoints: servers.endpoints,
        caPath: ca.caPath,
        policyYaml: world.policyYaml(),
        env: world.env(),
        world,
        stop: () => servers.close(),
    };
}
/**
 * What `ado-guard sandbox` prints: origins, how to trust the CA, the sandbox-only credentials and the policy.
 * `shell` defaults to PowerShell on Windows and POSIX shells elsewhere.
 */
function formatSandboxBanner(handle, shell = process.platform === 'win32' ? 'powershell' : 'posix') {
    const setVariable = (name, value) => shell === 'powershell'
        ? `$env:${name} = '${value.replaceAll("'", "''")}'`
        : `export ${name}=${quoteForShell(value)}`;
    const width = Math.max(...SERVICE_NAMES.map((service) => service.length));
    const lines = [
        `ado-guard sandbox: scenario "${handle.world.scenario.name}" (seed ${handle.world.seed})`,
        ...(handle.world.scenario.description ? [`  ${handle.world.scenario.description}`] : []),
        '',
        'Services (HTTPS on 127.0.0.1):',
        ...SERVICE_NAMES.map((service) => `  ${service.padEnd(width)}  ${handle.endpoints[service]}`),
        '',
        'Trust the sandbox CA in the shell that runs ado-guard (Node reads it at start):',
        `  ${setVariable('NODE_EXTRA_CA_CERTS', handle.caPath)}`,
        '',
        'Credentials (made up by the sandbox, valid only against it):',
        ...Object.entries(handle.env).map(([name, value]) => `  ${setVariable(name, value)}`),
        '',
        'Save the policy below as ado-guard.yml and run, for example:',
        '  ado-guard verify --config ado-guard.yml',
        '',
        handle.policyYaml.trimEnd(),
        '',
        `Control API for tests: ${handle.endpoints.control}/state, /requests, /secrets, /faults, /clock, /reset`,
        'Press Ctrl+C to stop.',
    ];
    return `${lines.join('\n')}\n`;
}
function quoteForShell(value) {
    return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Thrown by startSandbox for a scenario that cannot be used; its message names the scenario and the field. */




/***/ })

};
