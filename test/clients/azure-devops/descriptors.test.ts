/** Group subject descriptor ⇄ identity descriptor, locally (reference/azure-devops.md §1). */
import { describe, expect, it } from '@jest/globals';
import {
  groupIdentityDescriptor,
  groupSubjectDescriptor,
} from '../../../src/clients/azure-devops/descriptors.js';

// A Readers group descriptor as recorded from the live service (recordings/azure-devops-cli).
const RECORDED =
  'vssgp.Uy0xLTktMTU1MTM3NDI0NS00MjU5ODMzODE2LTM1NDQ1MTI1ODMtMjYyNDc0MDQ3My0xMjQ4NjU1MjEtMS0yMjY5OTk0OTU2LTExNDI5MzY2NTEtMjE2NzU4MjA0My0zMzUwNjY0NDQx';

describe('groupIdentityDescriptor', () => {
  it('decodes the SID of a recorded vssgp descriptor', () => {
    expect(groupIdentityDescriptor(RECORDED)).toBe(
      'Microsoft.TeamFoundation.Identity;S-1-9-1551374245-4259833816-3544512583-2624740473-124865521-1-2269994956-1142936651-2167582043-3350664441',
    );
  });

  it('is undefined for users, service principals and descriptors that do not hold a group SID', () => {
    expect(groupIdentityDescriptor('aad.NjdiY2I3ZDAtYjY1ZC03ZTFhLWI0ZjctM2E3YmU1NDQ0YzM4')).toBeUndefined();
    expect(groupIdentityDescriptor('vssgp.bm90LWEtc2lk')).toBeUndefined();
    expect(groupIdentityDescriptor('vssgp.')).toBeUndefined();
  });
});

describe('groupSubjectDescriptor', () => {
  it('encodes a group identity descriptor back into the recorded vssgp descriptor, also when lower-cased', () => {
    const identity = groupIdentityDescriptor(RECORDED)!;
    expect(groupSubjectDescriptor(identity)).toBe(RECORDED);
    expect(groupSubjectDescriptor(identity.toLowerCase())).toBe(RECORDED);
  });

  it('is undefined for user descriptors and for identities that do not hold a group SID', () => {
    expect(
      groupSubjectDescriptor('Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-0000\\svc@contoso.com'),
    ).toBeUndefined();
    expect(groupSubjectDescriptor('Microsoft.TeamFoundation.Identity;not-a-sid')).toBeUndefined();
    expect(groupSubjectDescriptor('no separator')).toBeUndefined();
  });
});
