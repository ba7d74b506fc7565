/**
 * The compliance report: per secret, from the audit trail, the stores'
 * version metadata, the SOPS repository's git history, the manifests, the
 * policy configuration, the waivers and the open alerts — the age of the
 * current value, the last rotation and who or what did it, rotations in the
 * last 12 months, days overdue, the policy maximum, waivers and alerts.
 * Pure: the CLI reads the inputs and writes the output. Never a value.
 */
export type {
  AlertKind,
  ComplianceReport,
  ComplianceRow,
  ComplianceStatus,
  GitChange,
  MaxCadence,
  OpenAlert,
  ReportInput,
  RotationEvent,
  RestartEvent,
  RotationTrigger,
  WaiverFact,
} from './types.js';
export { buildComplianceReport, waiverApplies } from './rows.js';
export { rotationEvents } from './rotations.js';
export { csvCell, formatCsv } from './format/csv.js';
export { MARKDOWN_LIMIT, formatMarkdown, mdCell } from './format/markdown.js';
export { REPORT_JSON_VERSION, formatJson } from './format/json.js';
export { formatHtml, reportCsp } from './format/html.js';
export { escapeHtml } from './format/escape.js';
export { type ReportErrorCode, GIT_LOG_FORMAT, parseAlerts, parseGitLog } from './inputs.js';
