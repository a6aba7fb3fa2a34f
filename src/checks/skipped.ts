/** CHECK-SKIPPED findings (DESIGN.md §5): a check that cannot run for lack of permission says so, never passes. */
import type { Finding, IntegrationName, ResourceRef } from '../core/findings.js';
import { HttpError } from '../clients/http/index.js';

/** True when a service refused the call for lack of permission (403, e.g. Graph Authorization_RequestDenied). */
export function isPermissionDenied(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status === 403;
}

export function checkSkipped(input: {
  integration: IntegrationName;
  /** What could not be checked, e.g. "Per-user MFA of the service user dbt-svc@contoso.com". */
  what: string;
  /** The permission whose absence blocked it, e.g. "Microsoft Graph application permission Policy.Read.All". */
  permission: string;
  resource?: Omit<ResourceRef, 'kind'>;
  /** The check's short name, e.g. `entra.serviceUserMfa`. */
  check: string;
}): Finding {
  return {
    ruleId: 'CHECK-SKIPPED',
    severity: 'info',
    integration: input.integration,
    resource: { kind: 'check', ...input.resource, name: input.check },
    message: `${input.what} was not checked: the automation identity lacks ${input.permission}.`,
    expected: `${input.permission} granted to the automation identity`,
    actual: 'permission denied (HTTP 403)',
    fixable: false,
    fix: `Grant ${input.permission} to the identity ado-guard signs in as (with admin consent), then run verify again.`,
  };
}
