/** The policy module's public surface: load, types, presets, scope matching, JSON Schema. */
export { loadPolicy, parsePolicy } from './load.js';
export type { LoadedPolicy, LoadPolicyOptions, PolicyWarning } from './load.js';
export { PolicySchema, DEFAULT_ENDPOINTS } from './schema.js';
export type { Policy, PolicyInput } from './schema.js';
export { deriveRequirements } from './presets.js';
export type {
  AppRequirement,
  AppRolePermissions,
  ConductorOneRequirement,
  DbtRequirement,
  DefenderRequirement,
  DelegatedPermissions,
  NamedBit,
  PermissionLevel,
  PermissionRequirement,
  PolicyIntegration,
  ProjectAdministratorRequirement,
  ReaderRequirement,
  Requirements,
} from './presets.js';
export { matchesGlob, matchesScope } from './scope.js';
export { policyJsonSchema, policyJsonSchemaText, POLICY_SCHEMA_ID } from './json-schema.js';
export { policyReferenceMarkdown } from './reference.js';
export * from './well-known.js';
