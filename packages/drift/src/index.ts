/**
 * Drift detection: does reality match the manifests? A pure comparison
 * (`detectDrift`) of the manifests, a Secrets Manager listing, the SOPS
 * store's files and the audit trail, producing findings with stable codes
 * (DRIFT001–DRIFT006) in the policy engine's report shape, so `drift`
 * prints text, JSON, SARIF, annotations and summaries with the same
 * formatters as `check`. `collectDrift` gathers the input through small
 * read-only ports; adapters are built at the CLI's composition root.
 */
export { type DriftCode, DRIFT_CODES, DRIFT_RULES, driftRuleDescriptors } from './codes.js';
export type {
  DriftInput,
  DriftManifest,
  DriftOptions,
  SopsFileFacts,
  SopsFileVersion,
  SopsListing,
  SopsStageName,
  VaultListing,
  VaultSecret,
} from './model.js';
export { type DriftResult, DEFAULT_GRACE, detectDrift } from './detect.js';
export type { AuditReader, DriftPorts, SopsInventory, VaultFilter, VaultLister, VaultPage } from './port.js';
export { type CollectOptions, collectDrift, listVault } from './collect.js';
export { CLAIM_TAG, ID_TAG, OWNER_TAG } from './vault.js';
export { type AuditIndex, AuditIndexBuilder, indexAudit, type SecretHistory } from './audit-index.js';
export { type DriftFileEntry, type DriftFindingsFile, driftFindingsFile } from './findings-file.js';
