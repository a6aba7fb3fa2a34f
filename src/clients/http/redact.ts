import { SecretRegistry } from '../../core/secrets.js';

/** Query parameter, form field and header names whose values are treated as secrets in logs and errors. */
const SECRET_KEY =
  /secret|token|password|passwd|^pwd$|assertion|signature|^sig$|^code$|api[-_]?key|access[-_]?key|credential|^auth$|^authorization$|cookie/i;

export function isSecretLookingKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The URL with the values of secret-looking query parameters replaced by `***`. */
export function redactUrl(url: URL): string {
  if (!url.search) return url.toString();
  const copy = new URL(url.toString());
  const params = new URLSearchParams();
  for (const [key, value] of copy.searchParams) params.append(key, isSecretLookingKey(key) ? '***' : value);
  copy.search = params.toString().replace(/%2A%2A%2A/g, '***');
  return copy.toString();
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
