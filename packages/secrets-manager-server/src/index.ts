export {
  startSecretsManagerServer,
  type SecretsManagerServerOptions,
  type RunningSecretsManagerServer,
} from './server.js';
export { SecretsManagerState, type SecretsManagerStateOptions } from './state.js';
export { SM_OPERATIONS, type SmOperation, type QuotaGroup, quotaGroupOf, isWriteOperation } from './operations.js';
export { type FaultRule, parseFaultSpec, DEFAULT_LATENCY_MS } from './faults.js';
export { type AwsErrorType, type AwsServiceError, type SmServerErrorCode, isAwsServiceError } from './errors.js';
export type { ServerSnapshot, SecretSnapshot, VersionSnapshot } from './snapshot.js';
export type { StateData, SecretRecord, VersionRecord, SecretValue } from './model.js';
export { loadState, saveState, STATE_FORMAT, STATE_VERSION } from './persist.js';
