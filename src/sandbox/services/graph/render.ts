/** Graph JSON shapes of the Entra state's objects. */
import {
  TENANT_POLICY_ID,
  type ApplicationRecord,
  type EntraState,
  type EntraUser,
  type PasswordCredentialRecord,
  type ServicePrincipalRecord,
} from '../../state/entra.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function passwordCredentialJson(
  p: PasswordCredentialRecord,
  withSecret = false,
): Record<string, unknown> {
  return {
    customKeyIdentifier: null,
    displayName: p.displayName,
    endDateTime: iso(p.endDateTime),
    hint: p.secretText.slice(0, 3),
    keyId: p.keyId,
    secretText: withSecret ? p.secretText : null,
    startDateTime: iso(p.startDateTime),
  };
}

export function applicationJson(entra: EntraState, app: ApplicationRecord): Record<string, unknown> {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: iso(app.createdDateTime),
    ...structuredClone(app.props),
    passwordCredentials: entra.visiblePasswords(app).map((p) => passwordCredentialJson(p)),
  };
}

export function servicePrincipalJson(entra: EntraState, sp: ServicePrincipalRecord): Record<string, unknown> {
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

export function appRoleAssignmentJson(entra: EntraState, id: string): Record<string, unknown> | undefined {
  const a = entra.appRoleAssignments.find((x) => x.id === id);
  if (!a) return undefined;
  const principal = entra.servicePrincipals.find((s) => s.id === a.principalId);
  const resource = entra.servicePrincipals.find((s) => s.id === a.resourceId);
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: iso(a.createdDateTime),
    principalDisplayName: principal?.displayName ?? null,
    principalId: a.principalId,
    principalType: 'ServicePrincipal',
    resourceDisplayName: resource?.displayName ?? null,
    resourceId: a.resourceId,
  };
}

export function userJson(u: EntraUser): Record<string, unknown> {
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

function lifetimeRestriction(maxLifetime: string): Record<string, unknown> {
  return {
    restrictionType: 'passwordLifetime',
    state: 'enabled',
    maxLifetime,
    restrictForAppsCreatedAfterDateTime: '2019-01-01T00:00:00Z',
  };
}

export function defaultAppManagementPolicyJson(entra: EntraState): Record<string, unknown> {
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
    description:
      'Default tenant policy that enforces app management restrictions on applications and service principals.',
    isEnabled: restrictions.length > 0,
    applicationRestrictions: { passwordCredentials: restrictions, keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  };
}

export function appManagementPoliciesJson(
  entra: EntraState,
  app: ApplicationRecord,
): Record<string, unknown>[] {
  if (!app.passwordMaxLifetime) return [];
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

export function securityDefaultsJson(entra: EntraState): Record<string, unknown> {
  return {
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.',
    isEnabled: entra.securityDefaultsEnabled,
  };
}
