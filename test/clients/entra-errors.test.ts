import { describe, expect, it } from '@jest/globals';
import { OperationalError } from '../../src/core/errors.js';
import { HttpError, parseServiceError } from '../../src/clients/http/errors.js';
import { aadstsCode, signInError } from '../../src/clients/auth/index.js';
import type { SignInContext } from '../../src/clients/auth/index.js';

const ctx: SignInContext = {
  tenantId: 'tenant-guid',
  clientId: 'app-guid',
  authorityHost: 'https://login.microsoftonline.com',
  secretSource: 'AZURE_CLIENT_SECRET',
  clientIdSource: 'AZURE_CLIENT_ID',
  tenantSource: 'AZURE_TENANT_ID',
  redact: (text) => text.split('the-secret-value').join('***'),
};

/** A refused token request as the HTTP layer reports it from an Entra error body (redacting with its registry). */
function entraError(description: string): HttpError {
  const body = JSON.stringify({
    error: 'invalid_client',
    error_description: `${description}\r\nTrace ID: t\r\nCorrelation ID: c`,
  });
  const { text, code } = parseServiceError(body, ctx.redact);
  const url = 'https://login.microsoftonline.com/tenant-guid/oauth2/v2.0/token';
  return new HttpError(
    `Entra ID: authentication refused (HTTP 401) on POST ${url}. Entra ID said: ${text}. Check that the credential used for Entra ID is valid.`,
    'Entra ID',
    401,
    'POST',
    url,
    code,
    text,
  );
}

describe('signInError', () => {
  it.each([
    [
      'AADSTS7000222: The provided client secret keys for app are expired.',
      /secret has expired.*AZURE_CLIENT_SECRET/,
    ],
    [
      "AADSTS700016: Application with identifier 'app-guid' was not found in the directory.",
      /app app-guid was not found in tenant tenant-guid; check AZURE_CLIENT_ID and AZURE_TENANT_ID/,
    ],
    [
      "AADSTS90002: Tenant 'tenant-guid' not found.",
      /tenant tenant-guid was not found; check AZURE_TENANT_ID/,
    ],
    [
      'AADSTS700213: No matching federated identity record found for presented assertion subject.',
      /no federated identity credential on app app-guid matches/,
    ],
  ])('explains %s', (description, hint) => {
    const error = signInError(entraError(description), ctx);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(hint);
    expect(error.message).toContain(description.split(':')[0]);
    expect(error.message).not.toContain('Trace ID');
  });

  it('keeps an unknown AADSTS code and the first line of its description', () => {
    const error = signInError(
      entraError('AADSTS53003: Access has been blocked by Conditional Access policies.'),
      ctx,
    );
    expect(error.message).toBe(
      'Entra ID refused the sign-in of app app-guid (AADSTS53003). Entra ID said: AADSTS53003: Access has been blocked by Conditional Access policies.',
    );
    expect(aadstsCode(entraError('AADSTS53003: x'))).toBe('AADSTS53003');
  });

  it('scrubs a secret the service echoes across the 300-character cut', () => {
    const description = `AADSTS7000215: Invalid client secret provided: ${'z'.repeat(240)} the-secret-value was sent.`;
    const error = signInError(entraError(description), ctx);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain('the-secr');
    expect(error.message).toContain(`${'z'.repeat(240)} *** was sent`);
  });

  it('explains a failure without a code and scrubs secrets from it', () => {
    const error = signInError(
      new Error('endpoints_resolution_error: could not reach host with the-secret-value'),
      ctx,
    );
    expect(error.message).toMatch(
      /^Could not sign in to Entra ID at https:\/\/login\.microsoftonline\.com for tenant tenant-guid as app app-guid: /,
    );
    expect(error.message).not.toContain('the-secret-value');
  });
});
