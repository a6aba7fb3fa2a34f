/**
 * Searches captured outputs for secrets: each secret whole, and its first and last characters, since a cut text
 * can leak a prefix (the HTTP layer once cut service texts before redacting them) and a left-cut one a suffix.
 */
import type { NamedSecret } from '../../src/sandbox/state/entra.js';

/** How many leading (and trailing) characters of a secret count as a leak on their own. */
export const FRAGMENT_LENGTH = 12;

export interface CapturedOutput {
  /** Where the text came from, e.g. `verify drifted · cli · stderr`. */
  label: string;
  text: string;
}

export interface Leak {
  output: string;
  secret: string;
  part: 'whole' | 'prefix' | 'suffix' | 'encoded';
  /** The line that holds it, with the leaked part replaced by <SECRET>. */
  line: string;
}

interface Needle {
  secret: string;
  part: Leak['part'];
  value: string;
}

/**
 * The parts of one secret to look for. A JWT-shaped token starts with a header (and claims) other tokens share
 * (`eyJ0eXAiOiJKV1Qi…`): its prefix and suffix are taken from its last, random segment.
 */
function needles(secret: NamedSecret): Needle[] {
  const value = secret.value;
  const body =
    value.startsWith('eyJ') && value.includes('.') ? value.slice(value.lastIndexOf('.') + 1) : value;
  const found: Needle[] = [{ secret: secret.name, part: 'whole', value }];
  // The forms a secret travels in: Basic credentials (`:PAT`) and URL-encoded.
  const encoded = new Set([
    Buffer.from(value).toString('base64'),
    Buffer.from(`:${value}`).toString('base64'),
    encodeURIComponent(value),
  ]);
  encoded.delete(value);
  for (const form of encoded) found.push({ secret: secret.name, part: 'encoded', value: form });
  if (body.length > FRAGMENT_LENGTH) {
    found.push({ secret: secret.name, part: 'prefix', value: body.slice(0, FRAGMENT_LENGTH) });
    found.push({ secret: secret.name, part: 'suffix', value: body.slice(-FRAGMENT_LENGTH) });
  }
  return found;
}

/**
 * Lines a CI runner consumes and never shows: the commands that register a secret for masking, and Azure's
 * secret output variable (`issecret=true`). They must carry the secret; everywhere else it is a leak.
 */
export function isMaskingCommand(line: string): boolean {
  return (
    line.startsWith('::add-mask::') ||
    line.startsWith('##vso[task.setsecret]') ||
    /^##vso\[task\.setvariable [^\]]*issecret=true;?\]/.test(line)
  );
}

/** Every place a secret (or its first or last FRAGMENT_LENGTH characters) appears outside masking commands. */
export function findLeaks(outputs: readonly CapturedOutput[], secrets: readonly NamedSecret[]): Leak[] {
  const all = secrets.filter((secret) => secret.value.length >= 8).flatMap(needles);
  const leaks: Leak[] = [];
  for (const output of outputs) {
    const lines = output.text.split(/\r?\n/).filter((line) => !isMaskingCommand(line));
    for (const needle of all) {
      const line = lines.find((l) => l.includes(needle.value));
      if (line === undefined) continue;
      leaks.push({
        output: output.label,
        secret: needle.secret,
        part: needle.part,
        line: masked(line, all).slice(0, 400),
      });
    }
  }
  return leaks;
}

/** The line with every part of every secret replaced by <SECRET>, longest first, so a failure shows no secret. */
function masked(line: string, all: readonly Needle[]): string {
  let out = line;
  for (const needle of [...all].sort((a, b) => b.value.length - a.value.length)) {
    out = out.split(needle.value).join('<SECRET>');
  }
  return out;
}

export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((l) => `${l.output}: ${l.part} of ${l.secret}: ${l.line}`).join('\n');
}
