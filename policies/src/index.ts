/**
 * DocuGen's policies as code: the rules (one file each under rules/), the
 * team registry and CODEOWNERS model, and `runCheck`, the I/O shell the CLI's
 * `check` calls. The numbers (maximum cadences, allowed regions …) live in
 * policies/config.yaml, exceptions in policies/waivers.yaml, teams and people
 * in policies/teams.yaml.
 */
export type { DocugenPolicyCode } from './codes.js';
export type { DocugenEnv } from './env.js';
// The rule list lives once, in rules/index.ts (every rule and `docugenRules`, in id order).
export * from './rules/index.js';
export { type MaxCadenceOptions } from './rules/SM001-max-cadence.js';
export type { MinCadenceOptions } from './rules/SM002-min-cadence.js';
export type { StrategyOptions } from './rules/SM010-strategy-needs-waiver.js';
export type { CodeownersOptions } from './rules/SM011-codeowners-in-sync.js';
export type { ProductionBackendOptions } from './rules/SM012-production-backend.js';
export { backendTarget } from './rules/SM008-unique-backend-targets.js';
export { type Team, type TeamRegistry, type TeamRegistryData, loadTeams, buildRegistry } from './teams.js';
export {
  type CodeownersLine,
  type CodeownersFile,
  type CodeownersExtra,
  type OwnedManifest,
  parseCodeowners,
  generateCodeowners,
} from './codeowners.js';
export { type GitPort, type BaseState, FACTS_CACHE_GIT_PATH, gitCli } from './git.js';
export { type RunGit, runGit } from './git-run.js';
export { type FactsCacheStore, fileFactsCacheStore } from './facts-cache-store.js';
export { type ReadText, type PolicyFiles, loadPolicyFiles } from './policy-files.js';
export { type RunCheckOptions, type CheckOutcome, runCheck } from './run-check.js';
export { default as teamsSchema } from './schema/teams.v1.schema.json' with { type: 'json' };
export { type CodeownersPlan, planCodeowners } from './codeowners-plan.js';
