/**
 * Entra ID access tokens for Azure DevOps and Microsoft Graph, from whichever credential the
 * platform supplied: a client secret, GitHub OIDC, an Azure Pipelines service connection
 * (workload identity federation), or a federated token file.
 */
import type { TokenCredential } from '@azure/identity';
import { MissingCredentialError, OperationalError } from '../../core/errors.js';
import { SecretRegistry } from '../../core/secrets.js';
import type { CredentialInputs, CredentialName } from '../../platform/host.js';
import { signInError } from './entra-errors.js';
import type { SignInContext } from './entra-errors.js';

export type TokenResource = 'azureDevOps' | 'graph';

/** A held token is renewed when it has less than this left. */
const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

export const TOKEN_SCOPES: Record<TokenResource, string> = {
  azureDevOps: '499b84ac-1321-427f-aa17-267ca6975798/.default',
  graph: 'https://graph.microsoft.com/.default',
};

/** The audience GitHub's OIDC token must carry for Entra ID workload identity federation. */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export type TokenProviderMode =
  'client-secret' | 'github-oidc' | 'azure-pipelines' | 'federated-token-file' | 'none';

export interface TokenProvider {
  getToken(resource: TokenResource): Promise<string>;
  readonly mode: TokenProviderMode;
}

export interface TokenProviderOptions {
  credentials: CredentialInputs;
  tenantId: string;
  /** e.g. https://login.microsoftonline.com, or the sandbox. Always passed to the credential. */
  authorityHost: string;
  getIdToken?: (audience: string) => Promise<string>;
  /** Called with every secret the moment it exists (host.setSecret + the run's registry). */
  onSecret: (value: string) => void;
  credentialSource: (name: CredentialName) => string;
}

const SIGN_IN_PURPOSE = 'to sign in to Entra ID (for Microsoft Graph and Azure DevOps)';

function chooseMode(credentials: CredentialInputs): TokenProviderMode {
  if (credentials.azureClientSecret) return 'client-secret';
  if (credentials.federation?.kind === 'github-oidc') return 'github-oidc';
  if (credentials.federation?.kind === 'azure-pipelines') return 'azure-pipelines';
  if (credentials.azureFederatedTokenFile) return 'federated-token-file';
  return 'none';
}

export function createTokenProvider(opts: TokenProviderOptions): TokenProvider {
  const { credentials, credentialSource } = opts;
  const known = new SecretRegistry();
  const remember = (value: string | undefined): void => {
    if (!value) return;
    known.add(value);
    opts.onSecret(value);
  };
  // The input secrets exist already: make sure they are masked whatever the caller did.
  remember(credentials.azureClientSecret);
  remember(credentials.azureDevOpsToken);
  if (credentials.federation?.kind === 'azure-pipelines') remember(credentials.federation.systemAccessToken);

  const mode = chooseMode(credentials);
  const federation = credentials.federation?.kind === 'azure-pipelines' ? credentials.federation : undefined;
  const tenantId = opts.tenantId || federation?.tenantId || '';
  const clientId = credentials.azureClientId || federation?.clientId || '';
  let credential: Promise<TokenCredential> | undefined;
  let assertionFailure: Error | undefined;

  const context = (): SignInContext => ({
    tenantId,
    clientId,
    authorityHost: opts.authorityHost,
    secretSource: credentialSource('azureClientSecret'),
    clientIdSource: credentialSource('azureClientId'),
    tenantSource: credentialSource('azureTenantId'),
    redact: (text) => known.redact(text),
  });

  // @azure/identity loads on the first token request, not at start-up (a run's first requests need no token).
  const build = async (): Promise<TokenCredential> => {
    if (mode === 'none') {
      throw new MissingCredentialError(
        credentialSource('azureClientSecret'),
        `${SIGN_IN_PURPOSE}; or set ${credentialSource('azureFederatedTokenFile')}, or use keyless federation (GitHub OIDC with id-token: write, or an Azure Resource Manager service connection)`,
      );
    }
    if (!clientId) throw new MissingCredentialError(credentialSource('azureClientId'), SIGN_IN_PURPOSE);
    if (!tenantId) throw new MissingCredentialError(credentialSource('azureTenantId'), SIGN_IN_PURPOSE);
    if (!/^https:\/\//i.test(opts.authorityHost)) {
      throw new OperationalError(
        `The Entra ID authority host ${opts.authorityHost} is not an https address; https is required.`,
        'Entra ID',
      );
    }
    const common = { authorityHost: opts.authorityHost, disableInstanceDiscovery: true };
    const {
      AzurePipelinesCredential,
      ClientAssertionCredential,
      ClientSecretCredential,
      WorkloadIdentityCredential,
    } = await import('@azure/identity');
    switch (mode) {
      case 'client-secret':
        return new ClientSecretCredential(tenantId, clientId, credentials.azureClientSecret ?? '', common);
      case 'github-oidc': {
        const getIdToken = opts.getIdToken;
        if (!getIdToken) {
          throw new OperationalError(
            'GitHub OIDC federation was chosen, but this platform cannot issue an identity token.',
            'Entra ID',
          );
        }
        return new ClientAssertionCredential(
          tenantId,
          clientId,
          async () => {
            try {
              const token = await getIdToken(ENTRA_TOKEN_EXCHANGE_AUDIENCE);
              remember(token);
              return token;
            } catch {
              assertionFailure = new OperationalError(
                'Could not get a GitHub OIDC token for Entra ID: give the job `permissions: id-token: write`, ' +
                  `or set ${credentialSource('azureClientSecret')} instead.`,
                'Entra ID',
              );
              throw assertionFailure;
            }
          },
          common,
        );
      }
      case 'azure-pipelines': {
        const fed = federation!;
        return new AzurePipelinesCredential(
          tenantId,
          clientId,
          fed.serviceConnectionId,
          fed.systemAccessToken,
          common,
        );
      }
      case 'federated-token-file':
        return new WorkloadIdentityCredential({
          ...common,
          tenantId,
          clientId,
          tokenFilePath: credentials.azureFederatedTokenFile ?? '',
        });
    }
  };

  const fetchToken = async (resource: TokenResource): Promise<{ token: string; expiresOn: number }> => {
    credential ??= build();
    const ready = await credential;
    assertionFailure = undefined;
    let answer;
    try {
      answer = await ready.getToken(TOKEN_SCOPES[resource]);
    } catch (error) {
      if (assertionFailure) throw assertionFailure;
      throw signInError(error, context());
    }
    if (!answer?.token) throw signInError(new Error('Entra ID returned no access token'), context());
    remember(answer.token);
    return { token: answer.token, expiresOn: answer.expiresOnTimestamp };
  };

  // Checks run side by side and each asks for a token per request: share one request per resource while it is
  // in flight and its answer until shortly before it expires.
  const tokens = new Map<TokenResource, Promise<{ token: string; expiresOn: number }>>();
  return {
    mode,
    async getToken(resource) {
      const held = tokens.get(resource);
      if (held) {
        // Callers waiting on a request that fails get its error; a later call asks again.
        const answer = await held;
        if (answer.expiresOn - Date.now() > TOKEN_RENEW_MARGIN_MS) return answer.token;
        if (tokens.get(resource) === held) tokens.delete(resource);
      }
      let pending = tokens.get(resource);
      if (!pending) {
        const started = fetchToken(resource);
        started.catch(() => {
          if (tokens.get(resource) === started) tokens.delete(resource);
        });
        tokens.set(resource, started);
        pending = started;
      }
      return (await pending).token;
    },
  };
}

/**
 * The Authorization header value for Azure DevOps: `Basic base64(":" + PAT)` when a PAT is
 * configured, else `Bearer <Entra token>`. Called per request, so tokens renew themselves.
 */
export function adoAuthorization(
  provider: TokenProvider,
  credentials: CredentialInputs,
): () => Promise<string> {
  const pat = credentials.azureDevOpsToken;
  if (pat) {
    const header = `Basic ${Buffer.from(`:${pat}`).toString('base64')}`;
    return () => Promise.resolve(header);
  }
  return async () => `Bearer ${await provider.getToken('azureDevOps')}`;
}
