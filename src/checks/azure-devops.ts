/** The Azure DevOps side of verify in one call: service user, then its permissions and Readers membership. */
import type { Finding } from '../core/findings.js';
import { AdoVerifySession } from './ado-session.js';
import type { AdoCheckContext } from './ado-session.js';
import { checkServiceUserPermissions } from './permissions.js';
import { checkReaders } from './readers.js';
import { checkSkipped, isPermissionDenied } from './skipped.js';
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
  // Projects and repositories do not depend on the user: list them while the user is looked up. A failure
  // surfaces where the scope is used (or not at all when the user is not found).
  session.scope().catch(() => undefined);
  let resolution;
  try {
    resolution = await session.serviceUserResolution();
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return [
      checkSkipped({
        integration: 'general',
        what: `The Azure DevOps identity of ${context.requirements.serviceUser ?? 'the service user'} (and its permissions)`,
        permission: 'read access to Azure DevOps identities (vso.identity)',
        resource: { organization: context.ado.organization },
        check: 'azureDevOps.serviceUser',
      }),
    ];
  }
  if (!resolution) return [];
  if ('finding' in resolution) return [resolution.finding];
  const shared = { ...context, session };
  const [permissions, readers] = await Promise.all([
    checkServiceUserPermissions(shared, log),
    checkReaders(shared, log),
  ]);
  return [...permissions, ...readers];
}
