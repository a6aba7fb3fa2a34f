/**
 * The elements of a large JSON collection envelope (`{"count":n,"value":[…]}`), parsed one element at a time and
 * mapped at once, so that an answer of tens of megabytes (the repositories of a whole organization) never exists
 * as one object graph in memory. Anything the scanner does not expect makes it return undefined, and the caller
 * falls back to the plain parse, which either works or gives the usual clear error.
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
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i++;
    else if (code === QUOTE) return i + 1;
  }
  return -1;
}

/** Index just past the value that starts at `start` (object, array, string or scalar), or -1. */
function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return endOfString(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
      i++;
    }
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i) - 1;
      if (i < 0) return -1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function isJson(slice: string): boolean {
  try {
    JSON.parse(slice);
    return true;
  } catch {
    return false;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * `map` applied to each element of the top-level object's `key` array, in order; [] when the key is absent or
 * null; undefined when the text is not a JSON object of that form (the caller then parses it whole).
 */
export function mapJsonListElements<T>(
  text: string,
  key: string,
  map: (element: unknown) => T,
): T[] | undefined {
  let found: T[] = [];
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  at = skipSpace(text, at + 1);
  while (at < text.length && text.charCodeAt(at) === QUOTE) {
    const keyEnd = endOfString(text, at);
    if (keyEnd < 0) return undefined;
    const keyText = text.slice(at, keyEnd);
    if (!isJson(keyText)) return undefined;
    const name: unknown = JSON.parse(keyText);
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== COLON) return undefined;
    at = skipSpace(text, at + 1);
    let valueEnd: number;
    if (name === key && text.charCodeAt(at) === OPEN_BRACKET) {
      const list = mapElements(text, at, map);
      if (list === undefined) return undefined;
      [found, valueEnd] = list;
    } else {
      valueEnd = endOfValue(text, at);
      if (valueEnd < 0 || !isJson(text.slice(at, valueEnd))) return undefined;
      // The key with anything but a list or null is the caller's shape error: let the plain parse report it.
      if (name === key) {
        if (text.slice(at, valueEnd) !== 'null') return undefined;
        found = [];
      }
    }
    at = skipSpace(text, valueEnd);
    if (text.charCodeAt(at) !== COMMA) break;
    at = skipSpace(text, at + 1);
    if (text.charCodeAt(at) !== QUOTE) return undefined;
  }
  if (text.charCodeAt(at) !== CLOSE_BRACE) return undefined;
  return skipSpace(text, at + 1) === text.length ? found : undefined;
}

/** The mapped elements of the array opening at `open`, and the index just past it; undefined when malformed. */
function mapElements<T>(text: string, open: number, map: (element: unknown) => T): [T[], number] | undefined {
  const out: T[] = [];
  let at = skipSpace(text, open + 1);
  if (text.charCodeAt(at) === CLOSE_BRACKET) return [out, at + 1];
  for (;;) {
    const end = endOfValue(text, at);
    if (end < 0) return undefined;
    let element: unknown;
    try {
      element = JSON.parse(text.slice(at, end));
    } catch {
      return undefined;
    }
    out.push(map(element));
    at = skipSpace(text, end);
    const code = text.charCodeAt(at);
    if (code === CLOSE_BRACKET) return [out, at + 1];
    if (code !== COMMA) return undefined;
    at = skipSpace(text, at + 1);
  }
}
