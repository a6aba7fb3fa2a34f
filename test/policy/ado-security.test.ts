import { describe, expect, it } from '@jest/globals';
import {
  actionBit,
  bitNames,
  canonicalToken,
  GIT_REPOSITORIES,
  gitToken,
  parentToken,
  PROJECT,
  projectToken,
  SERVICE_HOOKS,
  serviceHooksToken,
} from '../../src/core/ado-security.js';

const P = '9B0B7C5E-1111-4A4A-8888-000000000001';
const R = 'c3d4e5f6-2222-4b4b-9999-000000000002';

describe('namespaces', () => {
  it('carry the ids and bits of reference/azure-devops.md §1', () => {
    expect(SERVICE_HOOKS.id).toBe('cb594ebe-87dd-4fc9-ac2c-6a10a4c92046');
    expect(SERVICE_HOOKS.actions).toMatchObject({
      ViewSubscriptions: 1,
      EditSubscriptions: 2,
      DeleteSubscriptions: 4,
    });
    expect(GIT_REPOSITORIES.id).toBe('2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87');
    expect(GIT_REPOSITORIES.actions).toMatchObject({
      GenericRead: 2,
      GenericContribute: 4,
      ManagePermissions: 8192,
      PullRequestContribute: 16384,
    });
    expect(PROJECT.id).toBe('52d39943-cb85-4d7f-8fa8-c6baac873819');
    expect(PROJECT.actions.GENERIC_READ).toBe(1);
  });

  it('actionBit resolves names and refuses unknown ones', () => {
    expect(actionBit(GIT_REPOSITORIES.id, 'PullRequestContribute')).toBe(16384);
    expect(() => actionBit(SERVICE_HOOKS, 'Nope')).toThrow('ServiceHooks has no action Nope');
    expect(() => bitNames('00000000-0000-0000-0000-000000000000', 1)).toThrow('Unknown security namespace');
  });
});

describe('tokens', () => {
  it('builds the documented formats', () => {
    expect(serviceHooksToken()).toBe('PublisherSecurity');
    expect(serviceHooksToken(P)).toBe(`PublisherSecurity/${P}`);
    expect(gitToken()).toBe('repoV2');
    expect(gitToken(P)).toBe(`repoV2/${P}`);
    expect(gitToken(P, R)).toBe(`repoV2/${P}/${R}`);
    expect(() => gitToken(undefined, R)).toThrow('needs its project id');
    expect(projectToken(P)).toBe(`$PROJECT:vstfs:///Classification/TeamProject/${P}`);
  });

  it('canonicalToken trims trailing separators and lower-cases', () => {
    expect(canonicalToken(GIT_REPOSITORIES, `repoV2/${P}/${R}//`)).toBe(`repov2/${P.toLowerCase()}/${R}`);
    expect(canonicalToken(SERVICE_HOOKS.id.toUpperCase(), 'PublisherSecurity/')).toBe('publishersecurity');
    expect(canonicalToken(PROJECT, `${projectToken(P)}:`)).toBe(projectToken(P).toLowerCase());
    expect(canonicalToken(GIT_REPOSITORIES, gitToken(P, R))).toBe(
      canonicalToken(GIT_REPOSITORIES, `${gitToken(P, R).toUpperCase()}/`),
    );
  });

  it('parentToken walks up to the root', () => {
    const p = P.toLowerCase();
    expect(parentToken(GIT_REPOSITORIES, `repoV2/${P}/${R}/`)).toBe(`repov2/${p}`);
    expect(parentToken(GIT_REPOSITORIES, `repoV2/${P}`)).toBe('repov2');
    expect(parentToken(GIT_REPOSITORIES, 'repoV2')).toBeUndefined();
    expect(parentToken(SERVICE_HOOKS, serviceHooksToken(P))).toBe('publishersecurity');
    expect(parentToken(SERVICE_HOOKS, serviceHooksToken())).toBeUndefined();
  });
});

describe('bitNames', () => {
  it('names set bits lowest first', () => {
    expect(bitNames(SERVICE_HOOKS, 7)).toEqual([
      'ViewSubscriptions',
      'EditSubscriptions',
      'DeleteSubscriptions',
    ]);
    expect(bitNames(GIT_REPOSITORIES.id, 4 | 16384)).toEqual(['GenericContribute', 'PullRequestContribute']);
    expect(bitNames(GIT_REPOSITORIES, 0)).toEqual([]);
  });

  it('shows unnamed bits by value and reads signed masks', () => {
    expect(bitNames(PROJECT, 1 | 8)).toEqual(['GENERIC_READ', 'bit 8']);
    expect(bitNames(SERVICE_HOOKS, -2147483647)).toEqual(['ViewSubscriptions', 'bit 2147483648']);
  });
});
