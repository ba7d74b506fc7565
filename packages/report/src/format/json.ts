import type { ComplianceReport } from '../types.js';

/** Format version of the JSON report; bump on an incompatible change. */
export const REPORT_JSON_VERSION = 1;

/** The report as JSON (dates as ISO-8601 strings), stable key order, for other tools. */
export function formatJson(report: ComplianceReport): string {
  return `${JSON.stringify({ version: REPORT_JSON_VERSION, ...report }, null, 2)}\n`;
}
