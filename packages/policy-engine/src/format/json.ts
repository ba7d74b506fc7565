import type { PolicyReport } from '../report.js';

/** The report as stable, pretty JSON (what the golden test pins). */
export function formatJson(report: PolicyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
