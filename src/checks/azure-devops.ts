/** The Azure DevOps side of verify in one call: service user, then its permissions and Readers membership. */
import type { Finding } from '../core/findings.js';
import { AdoVerifySession } from './ado-session.js';
import type { AdoCheckContext } from './ado-session.js';
import { checkServiceUserPermissions } from './permissions.js';
import { checkReaders } from './readers.js';
import type { CheckLog } from './types.js';

/**
 * ADO-IDENTITY-NOT-FOUND when the service user does not resolve (the other checks cannot run then), else the
 * permission and Readers findings. [] when the policy names no service user.
 */
export async function checkAzureDevOpsServiceUser(
  context: AdoCheckContext,
  log: CheckLog,
): Promise<Finding[]> {
  const session = context.session ?? new AdoVerifySession(context, log);
  const resolution = await session.serviceUserResolution();
  if (!resolution) return [];
  if ('finding' in resolution) return [resolution.finding];
  const shared = { ...context, session };
  const [permissions, readers] = await Promise.all([
    checkServiceUserPermissions(shared, log),
    checkReaders(shared, log),
  ]);
  return [...permissions, ...readers];
}
