export { DocugenError, isDocugenError, describeError } from './errors.js';
export { type Clock, systemClock } from './clock.js';
export { type RandomSource, cryptoRandom } from './random.js';
export { type Logger, type LogFields, silentLogger } from './logger.js';
export {
  type Duration,
  type DurationErrorCode,
  tryParseDuration,
  parseDuration,
  durationMs,
  addDuration,
  formatDuration,
  humanDuration,
  MS,
} from './duration.js';
export { keyedFingerprint, shortHash } from './fingerprint.js';
export { writeFileAtomic, overwriteFile, atomicWriteTarget, TEMP_FILE_MARKER } from './fs.js';
export { type Severity, type Position, type Finding, compareFindings } from './findings.js';
export { type FaultRuleOf, type FaultDecisionOf, FaultBook as RuleFaultBook } from './fault-book.js';
export { mapLimit } from './map-limit.js';
export { escapeTerminal, terminalSafeJson } from './terminal.js';
export { type PrivateJwk, type PublicJwk, publicJwk, parsePrivateJwk } from './jwk.js';
