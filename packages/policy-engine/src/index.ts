/**
 * The policy engine: rules as small objects (id, severity, docs, options
 * schema, pure check over one manifest or the whole set), a validated config,
 * waivers with reasons and expiry, `--changed` support through cheap facts,
 * and report formats (text, JSON, SARIF 2.1.0, GitHub annotations, markdown
 * summary) as pure functions over core `Finding`s that other checks (the leak
 * scanner) reuse.
 */
export type { PolicyErrorCode } from './codes.js';
export {
  type JsonSchema,
  type RuleMeta,
  type Violation,
  type SetViolation,
  type RuleContext,
  type ManifestRule,
  type SetRule,
  type Rule,
  manifestRule,
  setRule,
} from './rule.js';
export { type ManifestFacts, type BackendFacts, factsFromSource, factsOf } from './facts.js';
export { scanFacts, scanFactsFast, lineScalar } from './scan-facts.js';
export { type SchemaCheck, type LoadedYaml, loadYamlFile } from './yaml-file.js';
export {
  type FailOn,
  type RuleSetting,
  type PolicyConfig,
  type RawConfig,
  DEFAULT_DOCS_BASE,
  loadPolicyConfig,
  resolveRules,
} from './config.js';
export {
  type Waiver,
  type WaiverNote,
  type ReportedFinding,
  loadWaivers,
  applyWaivers,
  unusedWaivers,
  waiverEnd,
} from './waivers.js';
export { type EvaluateInput, type CheckedManifest, evaluateRules, checkManifest } from './evaluate.js';
export {
  type SeverityCounts,
  type Verdict,
  type ReportSummary,
  type ReportNotification,
  type PolicyReport,
  type BuildReportInput,
  buildReport,
} from './report.js';
export { type CollectedSet, type CollectOptions, listManifestFiles, collectManifests } from './collect.js';
export {
  type ContentFacts,
  type FactsLookup,
  type FactsCache,
  FACTS_CACHE_VERSION,
  factsCache,
  nameUnder,
  parseFactsCache,
} from './facts-cache.js';
export { FactsSnapshot } from './facts-snapshot.js';
export { type CheckContext, type CheckSetInput, checkSet, reportFor } from './check.js';
export { type RuleDescriptor, describeRules } from './format/descriptor.js';
export { type TextOptions, formatText } from './format/text.js';
export { formatJson } from './format/json.js';
export { type SarifTool, formatSarif, sarifUri } from './format/sarif.js';
export {
  type GithubAnnotations,
  formatGithubAnnotations,
  annotation,
  notificationAnnotation,
  escapeData,
  escapeProperty,
} from './format/github.js';
export { type SummaryOptions, formatMarkdownSummary } from './format/summary.js';
export { default as policyConfigSchema } from './schema/policy-config.v1.schema.json' with { type: 'json' };
export { default as waiversSchema } from './schema/waivers.v1.schema.json' with { type: 'json' };
/** Runtime helpers for ajv standalone validators generated against this engine (see scripts/generate-validators.mjs). */
export { ucs2length, equal } from './generated/runtime.js';
