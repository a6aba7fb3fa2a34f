/**
 * The clients a command needs, built once per run over one HTTP layer (so `requests.total` counts them all).
 * Credentials become header functions here; every token passes ctx.mask the moment it exists.
 */
import { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { readOrganizationPolicies } from '../clients/azure-devops/org-policy.js';
import type { OrganizationPolicies } from '../clients/azure-devops/org-policy.js';
import { adoAuthorization, conductorOneToken, createTokenProvider } from '../clients/auth/index.js';
import type { TokenProvider } from '../clients/auth/index.js';
import { ConductorOneClient } from '../clients/conductorone/client.js';
import { DbtCloudClient } from '../clients/dbt-cloud/client.js';
import { GraphClient } from '../clients/graph/client.js';
import { HttpClient } from '../clients/http/index.js';
import type { HttpClientOptions } from '../clients/http/index.js';
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
  graph: GraphClient;
  organizationPolicies: () => Promise<OrganizationPolicies>;
  /** Present when the policy has `integrations.dbtCloud`. */
  dbtCloud?: DbtCloudClient;
  /** Present when the policy has `integrations.conductorOne`. */
  conductorOne?: ConductorOneClient;
}

/** Asks for the token once and shares the answer (and a failure) with every later caller. */
function once(get: () => Promise<string>): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => (pending ??= get());
}

/** `httpOptions` tunes the HTTP layer (timeouts, retry waits); the shipped entry points use its defaults. */
export function createServices(
  ctx: RunContext,
  policy: Policy,
  httpOptions: Omit<HttpClientOptions, 'secrets' | 'log'> = {},
): Services {
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
  const http = new HttpClient({ ...httpOptions, secrets: ctx.secrets, log: (line) => ctx.debug(line) });
  const tokens = createTokenProvider({
    credentials,
    tenantId: credentials.azureTenantId ?? policy.tenantId,
    authorityHost: policy.endpoints.authority,
    http,
    ...(host.getIdToken ? { getIdToken: (audience: string) => host.getIdToken!(audience) } : {}),
    onSecret: (value) => ctx.mask(value),
    credentialSource: (name) => host.credentialSource(name),
  });
  const adoAuth = adoAuthorization(tokens, credentials);
  const graphAuthorization = async () => `Bearer ${await tokens.getToken('graph')}`;

  const { dbtCloud, conductorOne } = policy.integrations;
  const c1Token =
    conductorOne && credentials.conductorOneClientId && credentials.conductorOneClientSecret
      ? once(() =>
          conductorOneToken({
            clientId: credentials.conductorOneClientId!,
            clientSecret: credentials.conductorOneClientSecret!,
            tenantUrl: conductorOne.tenantUrl,
            http,
            onSecret: (value) => ctx.mask(value),
            clientIdSource: host.credentialSource('conductorOneClientId'),
            clientSecretSource: host.credentialSource('conductorOneClientSecret'),
          }),
        )
      : undefined;

  return {
    http,
    tokens,
    adoAuthorization: adoAuth,
    graphAuthorization,
    azureDevOps: new AzureDevOpsClient({
      http,
      organization: policy.organization,
      origin: policy.endpoints.azureDevOps,
      identityOrigin: policy.endpoints.azureDevOpsIdentity,
      authorization: adoAuth,
    }),
    graph: new GraphClient({ http, origin: policy.endpoints.graph, authorization: graphAuthorization }),
    organizationPolicies: () =>
      readOrganizationPolicies({
        http,
        origin: policy.endpoints.azureDevOps,
        organization: policy.organization,
        authorization: adoAuth,
      }),
    ...(dbtCloud && credentials.dbtCloudToken
      ? {
          dbtCloud: new DbtCloudClient({
            http,
            accessUrl: dbtCloud.accessUrl,
            accountId: dbtCloud.accountId,
            token: credentials.dbtCloudToken,
          }),
        }
      : {}),
    ...(c1Token
      ? { conductorOne: new ConductorOneClient({ http, tenantUrl: conductorOne!.tenantUrl, token: c1Token }) }
      : {}),
  };
}
