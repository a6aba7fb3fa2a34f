/**
 * Entra ID access tokens for Azure DevOps and Microsoft Graph, from whichever credential the
 * platform supplied: a client secret, GitHub OIDC, an Azure Pipelines service connection
 * (workload identity federation), or a federated token file.
 */
import { readFileSync } from 'node:fs';
import { MissingCredentialError, OperationalError } from '../../core/errors.js';
import { SecretRegistry } from '../../core/secrets.js';
import type { CredentialInputs, CredentialName } from '../../platform/host.js';
import { HttpClient } from '../http/client.js';
import { signInError } from './entra-errors.js';
import type { SignInContext } from './entra-errors.js';
import { ENTRA_SERVICE, requestEntraToken } from './entra-token.js';
import { pipelinesOidcToken } from './pipelines-oidc.js';
import type { ClientProof, EntraToken } from './entra-token.js';

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
  /** The run's HTTP layer (token requests count among its requests); a private one when absent. */
  http?: HttpClient;
  /** Where Azure Pipelines' `SYSTEM_OIDCREQUESTURI` is read when the federation does not carry it. */
  env?: NodeJS.ProcessEnv;
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
  const http = opts.http ?? new HttpClient({ secrets: known });
  const env = opts.env ?? process.env;

  const context = (): SignInContext => ({
    tenantId,
    clientId,
    authorityHost: opts.authorityHost,
    secretSource: credentialSource('azureClientSecret'),
    clientIdSource: credentialSource('azureClientId'),
    tenantSource: credentialSource('azureTenantId'),
    redact: (text) => known.redact(text),
  });

  const checkReady = (): void => {
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
        ENTRA_SERVICE,
      );
    }
  };

  /** The federated token that stands in for a secret; an OperationalError that says what to fix when it fails. */
  const assertion = async (): Promise<string> => {
    switch (mode) {
      case 'github-oidc': {
        const getIdToken = opts.getIdToken;
        if (!getIdToken) {
          throw new OperationalError(
            'GitHub OIDC federation was chosen, but this platform cannot issue an identity token.',
            ENTRA_SERVICE,
          );
        }
        try {
          return await getIdToken(ENTRA_TOKEN_EXCHANGE_AUDIENCE);
        } catch {
          throw new OperationalError(
            'Could not get a GitHub OIDC token for Entra ID: give the job `permissions: id-token: write`, ' +
              `or set ${credentialSource('azureClientSecret')} instead.`,
            ENTRA_SERVICE,
          );
        }
      }
      case 'azure-pipelines':
        return pipelinesOidcToken(http, federation!, federation!.oidcRequestUri ?? env.SYSTEM_OIDCREQUESTURI);
      case 'federated-token-file':
        return readFederatedTokenFile(
          credentials.azureFederatedTokenFile ?? '',
          credentialSource('azureFederatedTokenFile'),
        );
      default:
        // Unreachable: a client secret needs no assertion, and 'none' stops in checkReady.
        throw new OperationalError(`No federated token for sign-in mode ${mode}.`, ENTRA_SERVICE);
    }
  };

  const fetchToken = async (resource: TokenResource): Promise<EntraToken> => {
    checkReady();
    let proof: ClientProof;
    if (mode === 'client-secret') {
      proof = { secret: credentials.azureClientSecret ?? '' };
    } else {
      // Asked for each token request: federated tokens are short-lived, and a file may have been refreshed.
      const value = await assertion();
      remember(value);
      proof = { assertion: value };
    }
    let answer;
    try {
      answer = await requestEntraToken({
        http,
        authorityHost: opts.authorityHost,
        tenantId,
        clientId,
        scope: TOKEN_SCOPES[resource],
        proof,
      });
    } catch (error) {
      throw signInError(error, context());
    }
    remember(answer.token);
    return answer;
  };

  // Checks run side by side and each asks for a token per request: share one request per resource while it is
  // in flight and its answer until shortly before it expires.
  const tokens = new Map<TokenResource, Promise<EntraToken>>();
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

/** A workload identity token file (e.g. AZURE_FEDERATED_TOKEN_FILE), read afresh: its issuer may rotate it. */
function readFederatedTokenFile(file: string, source: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new OperationalError(
      `Could not read the federated token file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
        `check ${source}.`,
      ENTRA_SERVICE,
    );
  }
  if (!text)
    throw new OperationalError(`The federated token file ${file} is empty; check ${source}.`, ENTRA_SERVICE);
  return text;
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
