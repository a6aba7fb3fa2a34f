import { SecretRegistry } from '../../core/secrets.js';

/** Query parameter, form field and header names whose values are treated as secrets in logs and errors. */
const SECRET_KEY =
  /secret|token|password|passwd|^pwd$|assertion|signature|^sig$|^code$|api[-_]?key|access[-_]?key|credential|^auth$|^authorization$|cookie/i;

export function isSecretLookingKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The URL with any user-info and the values of secret-looking query parameters replaced by `***`. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.username) copy.username = '***';
  if (copy.password) copy.password = '***';
  // Rewrite the raw query piece by piece, so everything else stays exactly as sent (assigning it back to
  // `URL.search` would encode its `%` signs a second time).
  const search = copy.search
    ? `?${copy.search
        .slice(1)
        .split('&')
        .map((piece) => {
          const eq = piece.indexOf('=');
          if (eq < 0) return piece;
          let key = piece.slice(0, eq);
          try {
            key = decodeURIComponent(key.replace(/\+/g, ' '));
          } catch {
            // keep the raw key
          }
          return isSecretLookingKey(key) ? `${piece.slice(0, eq)}=***` : piece;
        })
        .join('&')}`
    : '';
  const hash = copy.hash;
  copy.search = '';
  copy.hash = '';
  return `${copy.toString()}${search}${hash}`.replace(/%2A%2A%2A/g, '***');
}

/**
 * The secret values one request carries: its Authorization value (whole, and the credential after
 * the scheme), and the values of secret-looking headers, query parameters and form fields.
 */
export function requestSecrets(
  url: URL,
  headers: Record<string, string>,
  form: Record<string, string> | undefined,
): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretLookingKey(name)) continue;
    // `Bearer <token>` / `Basic <base64>`: the credential alone is secret too.
    values.push(value, value.replace(/^\S+\s+/, ''));
  }
  for (const [key, value] of url.searchParams) if (isSecretLookingKey(key)) values.push(value);
  for (const [key, value] of Object.entries(form ?? {})) if (isSecretLookingKey(key)) values.push(value);
  return values;
}

/** A redactor for one request: the run's registry plus the request's own secret values. */
export function requestRedactor(
  secrets: SecretRegistry | undefined,
  own: string[],
): (text: string) => string {
  const values = new SecretRegistry();
  for (const value of own) values.add(value);
  return (text) => values.redact(secrets ? secrets.redact(text) : text);
}
