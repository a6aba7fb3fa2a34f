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
      if (value && out.includes(value)) out = out.split(value).join('***');
    }
    return out;
  }
}
