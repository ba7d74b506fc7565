export { type AuditErrorCode, type AuditProblemCode, type AuditError } from './errors.js';
export {
  type Actor,
  type AuditAnchor,
  type AuditDetail,
  type AuditEvent,
  type AuditOutcome,
  type AuditRecord,
  type AuditSink,
  formatAnchor,
  parseAnchor,
} from './event.js';
export { canonicalJson, type Json } from './canonical.js';
export { AuditChain, GENESIS_HASH, recordHash } from './chain.js';
export { JsonlAuditLog, RECOVERED_ACTION, type OpenOptions } from './jsonl-log.js';
export type { TornTail } from './torn-tail.js';
export { planRepair, applyRepair, type RepairPlan, type RepairOptions } from './repair.js';
export { MemoryAuditLog } from './memory-log.js';
export { verifyAuditLog, type AuditProblem, type AuditVerification, type VerifyOptions } from './verify.js';
export { actorFromEnv, describeActor, type Env } from './actor.js';
