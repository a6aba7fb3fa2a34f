/** What a redacted secret is replaced with. */
export const REDACTED = '***';

/**
 * Shortens already-redacted text to at most `max` characters (plus `…`). Text must be redacted before it is cut:
 * a secret cut in two is no longer recognised, and its first half would survive. The cut never splits a `***`.
 */
export function clipRedacted(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const straddling = (): number =>
    [...text.slice(0, cut + REDACTED.length).matchAll(/\*(?=\*\*)/g)]
      .map((match) => match.index)
      .find((at) => at < cut && at + REDACTED.length > cut) ?? -1;
  for (let at = straddling(); at >= 0; at = straddling()) cut = at;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/**
 * Every secret value the run has seen (tokens, client secrets, PATs). Registered the moment a secret
 * exists, next to host.setSecret(); used to scrub any text before it is printed, logged or written.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Remember a secret. Values shorter than 4 characters are ignored: redacting them would shred text. */
  add(value: string | undefined | null): void {
    if (!value || value.length < 4) return;
    this.values.add(value);
    // Secrets also travel encoded (Basic auth, URL query, JSON escapes).
    this.values.add(Buffer.from(value).toString('base64'));
    this.values.add(Buffer.from(`:${value}`).toString('base64'));
    this.values.add(Buffer.from(`PAT:${value}`).toString('base64'));
    this.values.add(encodeURIComponent(value));
    this.values.add(JSON.stringify(value).slice(1, -1));
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** Replace every known secret in `text` with `***`. Longest first, so a secret inside another is covered. */
  redact(text: string): string {
    if (this.values.size === 0 || !text) return text;
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (value && out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }
}
