/** The organization's Entra connection (DESIGN.md §3 presets; reference/azure-devops.md §9). */
import type { Finding } from '../core/findings.js';
import type { Policy } from '../core/policy/schema.js';
import type { AzureDevOpsClient } from '../clients/azure-devops/client.js';

export async function checkOrganization(ado: AzureDevOpsClient, policy: Policy): Promise<Finding[]> {
  const connection = await ado.organizationConnection();
  const resource = { kind: 'organization' as const, organization: policy.organization };
  if (!connection.tenantId) {
    return [
      {
        ruleId: 'ADO-ORG-NOT-ENTRA-BACKED',
        severity: 'error',
        integration: 'general',
        resource,
        message: `Organization ${policy.organization} is not connected to Microsoft Entra ID (it is backed by Microsoft accounts).`,
        expected: `connected to tenant ${policy.tenantId}`,
        actual: 'not connected',
        fixable: false,
        fix: 'An organization owner connects it under Organization settings → Microsoft Entra.',
      },
    ];
  }
  if (connection.tenantId !== policy.tenantId.toLowerCase()) {
    return [
      {
        ruleId: 'ADO-ORG-TENANT-MISMATCH',
        severity: 'error',
        integration: 'general',
        resource,
        message: `Organization ${policy.organization} is connected to tenant ${connection.tenantId}, not to the policy's tenantId.`,
        expected: policy.tenantId,
        actual: connection.tenantId,
        fixable: false,
        fix: 'Correct `tenantId` in the policy file, or connect the organization to the intended tenant.',
      },
    ];
  }
  return [];
}
