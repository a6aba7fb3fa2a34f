/**
 * Well-known Entra ids (reference/graph-entra.md §3). Resolve scope and role ids at run time from the
 * resource service principal (`oauth2PermissionScopes`, `appRoles`) where possible; these are the fallbacks.
 */

export const AZURE_DEVOPS_APP_ID = '499b84ac-1321-427f-aa17-267ca6975798';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Azure DevOps delegated scopes (`type: "Scope"`), by value. */
export const AZURE_DEVOPS_SCOPE_IDS: Readonly<Record<string, string>> = {
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

/** Microsoft Graph delegated scopes (`type: "Scope"`), by value. */
export const GRAPH_SCOPE_IDS: Readonly<Record<string, string>> = {
  'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  'Application.Read.All': 'c79f8feb-a9db-4090-85f9-90d820caa0eb',
};

/** Microsoft Graph application permissions (app roles, `type: "Role"`), by value. */
export const GRAPH_ROLE_IDS: Readonly<Record<string, string>> = {
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
};

/** Fallback id of a delegated scope of a resource app, by value; undefined when not known. */
export function wellKnownScopeId(resourceAppId: string, scope: string): string | undefined {
  const table = resourceTable(resourceAppId, AZURE_DEVOPS_SCOPE_IDS, GRAPH_SCOPE_IDS);
  return table?.[scope];
}

/** Fallback id of an app role of a resource app, by value; undefined when not known. */
export function wellKnownRoleId(resourceAppId: string, role: string): string | undefined {
  const table = resourceTable(resourceAppId, {}, GRAPH_ROLE_IDS);
  return table?.[role];
}

function resourceTable(
  resourceAppId: string,
  azureDevOps: Readonly<Record<string, string>>,
  graph: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> | undefined {
  const id = resourceAppId.toLowerCase();
  if (id === AZURE_DEVOPS_APP_ID) return azureDevOps;
  if (id === MICROSOFT_GRAPH_APP_ID) return graph;
  return undefined;
}

/** ConductorOne's OAuth redirect URI (reference/graph-entra.md §9.2). */
export const CONDUCTORONE_REDIRECT_URI = 'https://accounts.conductor.one/oauth/callback';
