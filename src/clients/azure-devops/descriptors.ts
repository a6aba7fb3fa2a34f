/**
 * Descriptor conversions that need no request (reference/azure-devops.md §1): a group's Graph subject descriptor
 * `vssgp.<base64url(SID)>` names the same group as the identity descriptor
 * `Microsoft.TeamFoundation.Identity;<SID>`. The identities API is the authority; callers use this only to
 * recognise a match, and ask the API before reporting a mismatch.
 */
const GROUP_PREFIX = 'vssgp.';
const GROUP_IDENTITY_TYPE = 'Microsoft.TeamFoundation.Identity';

/** The identity descriptor of a group subject descriptor, or undefined when it is not a `vssgp.` SID. */
export function groupIdentityDescriptor(subjectDescriptor: string): string | undefined {
  if (!subjectDescriptor.toLowerCase().startsWith(GROUP_PREFIX)) return undefined;
  const sid = Buffer.from(subjectDescriptor.slice(GROUP_PREFIX.length), 'base64url').toString('utf8');
  if (!/^S-1-9-\d+(-\d+)+$/.test(sid)) return undefined;
  return `${GROUP_IDENTITY_TYPE};${sid}`;
}

/** The Graph subject descriptor of a group identity descriptor, or undefined when it is not a group SID. */
export function groupSubjectDescriptor(identityDescriptor: string): string | undefined {
  const separator = identityDescriptor.indexOf(';');
  if (separator < 0) return undefined;
  if (identityDescriptor.slice(0, separator).toLowerCase() !== GROUP_IDENTITY_TYPE.toLowerCase())
    return undefined;
  // Callers may hold lower-cased descriptors; a SID is `S-` and digits, so upper case restores it.
  const sid = identityDescriptor.slice(separator + 1).toUpperCase();
  if (!/^S-1-9-\d+(-\d+)+$/.test(sid)) return undefined;
  return `${GROUP_PREFIX}${Buffer.from(sid, 'utf8').toString('base64url')}`;
}
