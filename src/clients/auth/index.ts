export {
  createTokenProvider,
  adoAuthorization,
  TOKEN_SCOPES,
  ENTRA_TOKEN_EXCHANGE_AUDIENCE,
} from './token-provider.js';
export type {
  TokenProvider,
  TokenProviderMode,
  TokenProviderOptions,
  TokenResource,
} from './token-provider.js';
export { proveClientSecret } from './prove-secret.js';
export type { ProveClientSecretInput, ProveClientSecretResult } from './prove-secret.js';
export { signInError, aadstsCode } from './entra-errors.js';
export type { SignInContext } from './entra-errors.js';
export {
  conductorOneToken,
  conductorOneAssertion,
  conductorOneAudience,
  parseConductorOneClientId,
  parseConductorOneSecret,
  CONDUCTORONE_SERVICE,
} from './conductorone.js';
export type { ConductorOneClientId, ConductorOneTokenInput } from './conductorone.js';
