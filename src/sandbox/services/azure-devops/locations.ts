/**
 * Location service data that azure-devops-node-api negotiates before every call (reference §10 "What a local test
 * server must answer"): `OPTIONS /{org}/_apis/{area}` → `{count, value: [ApiResourceLocation]}`, and
 * `GET /{org}/_apis/ResourceAreas` → an empty list, which makes the client keep the organization URL.
 */

export interface ApiResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

function loc(
  id: string,
  area: string,
  resourceName: string,
  routeTemplate: string,
  resourceVersion = 1,
  releasedVersion = '7.1',
): ApiResourceLocation {
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
export const DEV_LOCATIONS: ApiResourceLocation[] = [
  loc('00d9565f-ed9c-4a06-9a50-00e7896ccab4', 'Location', 'ConnectionData', '_apis/{resource}', 1, '7.1'),
  loc(
    'e81700f7-3be2-46de-8624-2eb35882fcaa',
    'Location',
    'ResourceAreas',
    '_apis/{resource}/{areaId}',
    1,
    '7.1',
  ),
  loc('603fe2ac-9723-48b9-88ad-09305aa6c6e1', 'core', 'projects', '_apis/{resource}/{*projectId}', 4, '7.1'),
  loc(
    '225f7195-f9c7-4d14-ab28-a83f7ff77e1f',
    'git',
    'repositories',
    '{project}/_apis/{area}/{resource}/{repositoryId}',
    1,
  ),
  loc(
    '82aea7e8-9501-45dd-ac58-b069aa73b926',
    'git',
    'repositoriesPaged',
    '_apis/{area}/{projectId}/repositoriesPaged',
    1,
    '0.0',
  ),
  loc(
    'ce7b9f95-fde9-4be8-a86d-83b366f0b87a',
    'Security',
    'SecurityNamespaces',
    '_apis/{resource}/{securityNamespaceId}',
  ),
  loc(
    '18a2ad18-7571-46ae-bec7-0c7da1495885',
    'Security',
    'AccessControlLists',
    '_apis/{resource}/{securityNamespaceId}',
  ),
  loc(
    'ac08c8ff-4323-4b08-af90-bcd018d380ce',
    'Security',
    'AccessControlEntries',
    '_apis/{resource}/{securityNamespaceId}',
  ),
  loc(
    'dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d',
    'Security',
    'Permissions',
    '_apis/{resource}/{securityNamespaceId}/{permissions}',
  ),
  loc(
    'cf1faa59-1b63-4448-bf04-13d981a46f5d',
    'Security',
    'PermissionEvaluationBatch',
    '_apis/{area}/{resource}',
  ),
];

/** vssps.dev.azure.com locations (Graph and Identities). Ids from the public REST specs. */
export const VSSPS_LOCATIONS: ApiResourceLocation[] = [
  loc('28010c1f-7b36-4a27-b3a3-5d0ddc0e66c5', 'IMS', 'Identities', '_apis/{resource}/{identityId}', 1, '7.1'),
  loc(
    '048aee0a-7072-4cde-ab73-7af77b1e0b4e',
    'Graph',
    'Descriptors',
    '_apis/{area}/{resource}/{storageKey}',
    1,
    '7.1',
  ),
  loc(
    'eb85f8cc-f0f6-4264-a5b1-ffe2e4d4801f',
    'Graph',
    'StorageKeys',
    '_apis/{area}/{resource}/{subjectDescriptor}',
    1,
    '7.1',
  ),
  loc(
    'ebbe6af8-0b91-4c13-8cf1-777c14858188',
    'Graph',
    'Groups',
    '_apis/{area}/{resource}/{groupDescriptor}',
    1,
    '0.0',
  ),
  loc(
    '3fd2e6ca-fb30-443a-b579-95b19ed0934c',
    'Graph',
    'Memberships',
    '_apis/{area}/{resource}/{subjectDescriptor}/{containerDescriptor}',
    1,
    '0.0',
  ),
  loc(
    'e34b6394-6b30-4435-94a9-409a5eef3e31',
    'Graph',
    'MembershipsBatch',
    '_apis/{area}/{resource}/{subjectDescriptor}',
    1,
    '0.0',
  ),
  loc('4dd4d168-11f2-48c4-83e8-756fa0de027c', 'Graph', 'SubjectLookup', '_apis/{area}/{resource}', 1, '0.0'),
  loc('05942c89-006a-48ce-bb79-baeb8abf99c6', 'Graph', 'SubjectQuery', '_apis/{area}/{resource}', 1, '0.0'),
  loc(
    'e1dbb0ae-49cb-4532-95a1-86cd89cfcab4',
    'Graph',
    'ServicePrincipals',
    '_apis/{area}/{resource}/{servicePrincipalDescriptor}',
    1,
    '0.0',
  ),
  loc(
    '005e26ec-6b77-4e4f-a986-b3827bf241f5',
    'Graph',
    'Users',
    '_apis/{area}/{resource}/{userDescriptor}',
    1,
    '0.0',
  ),
];

/** Locations of one area (case-insensitive), or every location when `area` is undefined. */
export function locationsOfArea(all: ApiResourceLocation[], area: string | undefined): ApiResourceLocation[] {
  if (area === undefined) return all;
  const lower = area.toLowerCase();
  return all.filter((l) => l.area.toLowerCase() === lower);
}
