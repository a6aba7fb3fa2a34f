/**
 * The federated token of an Azure Pipelines service connection (workload identity federation):
 * `POST {SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=<id>` with the job's System.AccessToken,
 * answered with `{ "oidcToken": "<jwt>" }` (reference: graph-entra.md §7.1).
 */
import { OperationalError } from '../../core/errors.js';
import type { HttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';

const SERVICE = 'Azure Pipelines';

export interface PipelinesFederation {
  serviceConnectionId: string;
  systemAccessToken: string;
}

export async function pipelinesOidcToken(
  http: HttpClient,
  federation: PipelinesFederation,
  requestUri: string | undefined,
): Promise<string> {
  if (!requestUri) {
    throw new OperationalError(
      'Workload identity federation needs System.OidcRequestUri (env SYSTEM_OIDCREQUESTURI), which Azure Pipelines ' +
        'sets in every job; run ado-guard as a pipeline task, or use a service principal secret instead.',
      SERVICE,
    );
  }
  let response;
  try {
    response = await http.request({
      service: SERVICE,
      method: 'POST',
      url: requestUri,
      query: { 'api-version': '7.1', serviceConnectionId: federation.serviceConnectionId },
      headers: {
        authorization: `Bearer ${federation.systemAccessToken}`,
        'content-type': 'application/json',
      },
      // Issuing a token changes nothing.
      retryUnsafe: true,
    });
  } catch (error) {
    if (error instanceof HttpError && error.status !== undefined && error.status < 500) {
      throw error.withHint(
        `The job's System.AccessToken could not get a federated token for service connection ` +
          `"${federation.serviceConnectionId}": map it with \`env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)\`, and ` +
          `allow this pipeline to use the service connection.`,
      );
    }
    throw error;
  }
  const token = response.jsonObject().oidcToken;
  if (typeof token !== 'string' || !token) throw response.shapeError('an oidcToken');
  return token;
}
