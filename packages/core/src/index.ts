export { DocugenError, isDocugenError, describeError } from './errors.js';
export { type Clock, systemClock, FixedClock } from './clock.js';
export { type RandomSource, cryptoRandom } from './random.js';
export { type Logger, type LogFields, type LogLevel, type LogRecord, silentLogger, MemoryLogger } from './logger.js';
export {
  type Duration,
  type DurationErrorCode,
  ISO_DURATION_PATTERN,
  tryParseDuration,
  parseDuration,
  durationMs,
  addDuration,
  formatDuration,
  humanDuration,
  humanMs,
  MS,
} from './duration.js';
export { keyedFingerprint, shortHash } from './fingerprint.js';
export { writeFileAtomic } from './fs.js';
export { type Severity, type Position, type Finding, ORIGIN, compareFindings } from './findings.js';
export { type FaultRuleOf, type FaultDecisionOf, FaultBook as RuleFaultBook } from './fault-book.js';
