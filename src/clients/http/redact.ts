import type { SecretRegistry } from '../../core/secrets.js';

/** Query parameter names whose values are treated as secrets in logs and errors. */
const SECRET_KEY =
  /secret|token|password|passwd|pwd|assertion|signature|^sig$|^code$|api[-_]?key|access[-_]?key|credential|auth/i;

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
 * A redactor for one request: the run's registry plus the request's own Authorization value
 * (whole, and the credential after its scheme), so nothing the request carried can leak.
 */
export function requestRedactor(
  secrets: SecretRegistry | undefined,
  authorization: string | undefined,
): (text: string) => string {
  const own: string[] = [];
  if (authorization && authorization.length >= 8) {
    own.push(authorization);
    const credential = authorization.replace(/^\S+\s+/, '');
    if (credential.length >= 8) own.push(credential);
  }
  return (text) => {
    let out = secrets ? secrets.redact(text) : text;
    for (const value of own) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  };
}
