/**
 * The clients a command needs, built once per run over one HTTP layer (so `requests.total` counts them all).
 * Credentials become header functions here; every token passes ctx.mask the moment it exists.
 */
import { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { adoAuthorization, createTokenProvider } from '../clients/auth/index.js';
import type { TokenProvider } from '../clients/auth/index.js';
import { HttpClient } from '../clients/http/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { RunContext } from './context.js';

export interface Services {
  http: HttpClient;
  tokens: TokenProvider;
  /** `Authorization` header value for Azure DevOps: Bearer (Entra) or Basic (PAT). */
  adoAuthorization: () => Promise<string>;
  /** `Authorization` header value for Microsoft Graph. */
  graphAuthorization: () => Promise<string>;
  azureDevOps: AzureDevOpsClient;
}

export function createServices(ctx: RunContext, policy: Policy): Services {
  const { host } = ctx;
  const credentials = host.credentials;
  for (const value of [
    credentials.azureClientSecret,
    credentials.azureDevOpsToken,
    credentials.dbtCloudToken,
    credentials.conductorOneClientSecret,
  ]) {
    ctx.mask(value);
  }
  const http = new HttpClient({ secrets: ctx.secrets, log: (line) => ctx.debug(line) });
  const tokens = createTokenProvider({
    credentials,
    tenantId: credentials.azureTenantId ?? policy.tenantId,
    authorityHost: policy.endpoints.authority,
    ...(host.getIdToken ? { getIdToken: (audience: string) => host.getIdToken!(audience) } : {}),
    onSecret: (value) => ctx.mask(value),
    credentialSource: (name) => host.credentialSource(name),
  });
  return {
    http,
    tokens,
    adoAuthorization: adoAuthorization(tokens, credentials),
    graphAuthorization: async () => `Bearer ${await tokens.getToken('graph')}`,
    azureDevOps: new AzureDevOpsClient({
      http,
      organization: policy.organization,
      origin: policy.endpoints.azureDevOps,
      identityOrigin: policy.endpoints.azureDevOpsIdentity,
    }),
  };
}
