export type { LeakFinding, Position, Severity, SkipReason, SkippedFile } from './finding.js';
export type { GitleaksSource, LeakRule, RuleAllowlist } from './rules/define.js';
export { LEAK_RULES, findRule } from './rules/index.js';
export { GLOBAL_SECRET_ALLOW, DEFAULT_EXCLUDED_PATHS } from './rules/global.js';
export { GENERIC_STOPWORDS, GLOBAL_STOPWORDS } from './rules/stopwords.js';
export { shannonEntropy } from './entropy.js';
export { redact } from './redact.js';
export { INLINE_ALLOW_MARKERS } from './candidates.js';
export { scanText, scanTextDetailed, type ScanTextOptions, type TextScan } from './scan-text.js';
export { LEFTOVER_RULE_ID, leftoverFindings } from './leftovers.js';
export { scanFiles, DEFAULT_MAX_FILE_BYTES, type ScanFilesOptions, type ScanResult } from './scan-files.js';
export type { DiffMode, PathKind, ScanIo, ScanMode } from './io.js';
export { WALK_SKIP_DIRS, normalizePath, toScanPath } from './select-files.js';
export { createNodeScanIo, addedLinesFromDiff } from './node-io.js';
export {
  loadAllowlist,
  type AllowlistEntry,
  type AllowlistProblem,
  type AllowlistProblemCode,
  type LoadAllowlistOptions,
  type LoadedAllowlist,
} from './allowlist.js';
export { compileAllowlist, EMPTY_ALLOWLIST, type AllowlistMatcher } from './allowlist-match.js';
export { type LeakScanErrorCode } from './errors.js';
