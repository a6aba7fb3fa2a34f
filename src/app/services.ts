/** The clients a command needs, built once per run over one HTTP layer (so `requests.total` counts them all). */
import { AzureDevOpsClient } from '../clients/azure-devops/client.js';
import { HttpClient } from '../clients/http/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { RunContext } from './context.js';

export interface Services {
  http: HttpClient;
  azureDevOps: AzureDevOpsClient;
}

export function createServices(ctx: RunContext, policy: Policy): Services {
  const http = new HttpClient({ secrets: ctx.secrets, log: (line) => ctx.debug(line) });
  return {
    http,
    azureDevOps: new AzureDevOpsClient({
      http,
      organization: policy.organization,
      origin: policy.endpoints.azureDevOps,
      identityOrigin: policy.endpoints.azureDevOpsIdentity,
    }),
  };
}
