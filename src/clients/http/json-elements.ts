/**
 * The elements of a large JSON collection envelope (`{"count":n,"value":[…]}`), parsed one element at a time and
 * mapped at once, so that an answer of tens of megabytes (the repositories of a whole organization) never exists
 * as one object graph, nor as one string, in memory: the scanner walks the body's bytes (every JSON structural
 * character is ASCII, and no byte of a multi-byte UTF-8 character is) and decodes one element at a time. Anything
 * it does not expect makes it return undefined, and the caller falls back to the plain parse, which either works
 * or gives the usual clear error.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Index just past the string that starts at `start` (a quote), or -1 when it never ends. */
function endOfString(bytes: Buffer, start: number): number {
  for (let i = start + 1; i < bytes.length; i++) {
    const code = bytes[i]!;
    if (code === BACKSLASH) i++;
    else if (code === QUOTE) return i + 1;
  }
  return -1;
}

/** Index just past the value that starts at `start` (object, array, string or scalar), or -1. */
function endOfValue(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return endOfString(bytes, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    while (i < bytes.length) {
      const code = bytes[i]!;
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
      i++;
    }
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const code = bytes[i]!;
    if (code === QUOTE) {
      i = endOfString(bytes, i) - 1;
      if (i < 0) return -1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function parsed(bytes: Buffer, start: number, end: number): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(bytes.toString('utf8', start, end)) as unknown };
  } catch {
    return undefined;
  }
}

function skipSpace(bytes: Buffer, at: number): number {
  while (at < bytes.length && isSpace(bytes[at]!)) at++;
  return at;
}

/**
 * `map` applied to each element of the top-level object's `key` array, in order; [] when the key is absent or
 * null; undefined when the body is not a JSON object of that form (the caller then parses it whole).
 */
export function mapJsonListElements<T>(
  body: Buffer | string,
  key: string,
  map: (element: unknown) => T,
): T[] | undefined {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let found: T[] = [];
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return undefined;
  at = skipSpace(bytes, at + 1);
  while (at < bytes.length && bytes[at] === QUOTE) {
    const keyEnd = endOfString(bytes, at);
    if (keyEnd < 0) return undefined;
    const name = parsed(bytes, at, keyEnd);
    if (!name) return undefined;
    at = skipSpace(bytes, keyEnd);
    if (bytes[at] !== COLON) return undefined;
    at = skipSpace(bytes, at + 1);
    let valueEnd: number;
    if (name.value === key && bytes[at] === OPEN_BRACKET) {
      const list = mapElements(bytes, at, map);
      if (list === undefined) return undefined;
      [found, valueEnd] = list;
    } else {
      valueEnd = endOfValue(bytes, at);
      if (valueEnd < 0) return undefined;
      const value = parsed(bytes, at, valueEnd);
      if (!value) return undefined;
      // The key with anything but a list or null is the caller's shape error: let the plain parse report it.
      if (name.value === key) {
        if (value.value !== null) return undefined;
        found = [];
      }
    }
    at = skipSpace(bytes, valueEnd);
    if (bytes[at] !== COMMA) break;
    at = skipSpace(bytes, at + 1);
    if (bytes[at] !== QUOTE) return undefined;
  }
  if (bytes[at] !== CLOSE_BRACE) return undefined;
  return skipSpace(bytes, at + 1) === bytes.length ? found : undefined;
}

/** The mapped elements of the array opening at `open`, and the index just past it; undefined when malformed. */
function mapElements<T>(
  bytes: Buffer,
  open: number,
  map: (element: unknown) => T,
): [T[], number] | undefined {
  const out: T[] = [];
  let at = skipSpace(bytes, open + 1);
  if (bytes[at] === CLOSE_BRACKET) return [out, at + 1];
  for (;;) {
    const end = endOfValue(bytes, at);
    if (end < 0) return undefined;
    const element = parsed(bytes, at, end);
    if (!element) return undefined;
    out.push(map(element.value));
    at = skipSpace(bytes, end);
    const code = bytes[at];
    if (code === CLOSE_BRACKET) return [out, at + 1];
    if (code !== COMMA) return undefined;
    at = skipSpace(bytes, at + 1);
  }
}
