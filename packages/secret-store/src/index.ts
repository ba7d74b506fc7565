export * from './port.js';
export { storeError, redact, type StoreError } from './errors.js';
export { rotationToken, checkToken } from './token.js';
export { sameValue, valueTexts } from './values.js';
export { recordStoreCall, traceStoreCalls, type StoreCall } from './trace.js';
export { InMemoryStore, type InMemoryStoreOptions } from './memory-store.js';
export { AuditedStore, type AuditedStoreOptions } from './audited-store.js';
export {
  type StagedSecret,
  type StagedVersion,
  applyMarkFailed,
  applyPromote,
  applyPutPending,
  applyRetire,
  describeState,
  findVersion,
  holder,
  isCreateReplay,
  newSecret,
  versionInfo,
} from './model/staged.js';
