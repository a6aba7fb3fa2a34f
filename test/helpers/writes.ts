/** Which logged sandbox requests change state: what "writes nothing" and "no write after" assertions count. */

/** POST routes that only read (a batch look-up or a search sent as a body). */
const READ_ONLY_POSTS = [/\/_apis\/graph\/subjectlookup$/i, /\/_apis\/graph\/subjectquery$/i];

/** Token requests (Entra, ConductorOne) are how every run signs in, not changes. */
export function isWrite(entry: { method: string; path: string; service: string }): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(entry.method)) return false;
  if (entry.service === 'authority' || entry.path.endsWith('/token')) return false;
  return !(entry.method === 'POST' && READ_ONLY_POSTS.some((route) => route.test(entry.path)));
}
