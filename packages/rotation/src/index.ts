export * from './rotators/port.js';
export { type RotationErrorCode, type RotationError } from './errors.js';
export { secretRef } from './refs.js';
export { expiresAt, warningTimes, retireAt, overlapOf } from './schedule.js';
export { type RotationMode, tokenFor } from './slot.js';
export type { PlanEntry, PlanStatus, PlanAction, PlanOptions, ResumeStep } from './planner/types.js';
export { evaluate } from './planner/evaluate.js';
export { plan, needsWork } from './planner/plan.js';
export { type VersionView } from './planner/facts.js';
export { shardOf, shardMatrix, type ShardMatrix } from './planner/shard.js';
export { groupedShardMatrix, quotaGroupOf, MAX_MATRIX_JOBS } from './planner/grouped-shard.js';
export { planJson, planText, type PlanReport } from './planner/format.js';
export type {
  RotationDeps,
  RotateOptions,
  RotationResult,
  RotationResultKind,
  StepName,
  StoreResolver,
} from './machine/types.js';
export { rotateSecret } from './machine/rotate.js';
export type {
  RestartDeps,
  RestartLedger,
  LedgerChange,
  RestartOutcome,
  RestartRecord,
  RestartRequest,
  RestartTrigger,
  RestartTriggerKind,
  RestartTriggers,
} from './restart/port.js';
export { MemoryRestartLedger } from './restart/memory-ledger.js';
export { deliveryIdFor, restartTargets, type RestartTarget } from './restart/plan.js';
export { rotateMany, type RotateManyOptions } from './machine/many.js';
export {
  type Jwks,
  type PublicJwk,
  type StoredSigningKey,
  jwksFromVersions,
  readJwks,
  parseSigningKey,
} from './jwks.js';
export { type Charset, ALPHABETS, randomString } from './rotators/charset.js';
export { randomSecretRotator } from './rotators/random-secret.js';
export { signingKeyPairRotator } from './rotators/signing-key-pair.js';
export { builtinRotators } from './rotators/builtin.js';
export { mapRotators, wrapRotator, type RotatorOverrides } from './rotators/wrap.js';
export * from './rotators/providers.js';
export {
  type ManualDeps,
  type ManualRotationInput,
  type ManualRotationResult,
  confirmRevoked,
  rotateManually,
} from './manual/manual.js';
