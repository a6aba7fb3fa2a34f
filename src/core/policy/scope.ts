/** Which projects and repositories are in scope: case-insensitive globs (`*` any run, `?` one character). */

/** True when `name` matches one of `include` and none of `exclude`. */
export function matchesScope(
  name: string,
  include: readonly string[],
  exclude: readonly string[] = [],
): boolean {
  return (
    include.some((pattern) => matchesGlob(name, pattern)) &&
    !exclude.some((pattern) => matchesGlob(name, pattern))
  );
}

/** A whole-name, case-insensitive glob match. Every other character, regex ones included, is literal. */
export function matchesGlob(name: string, pattern: string): boolean {
  return globToRegExp(pattern).test(name);
}

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    const source = [...pattern]
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}/]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`, 'isu');
    cache.set(pattern, regex);
  }
  return regex;
}
