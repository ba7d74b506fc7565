import { terminalSafeJson } from '@docugen-secrets/core';
import type { PolicyReport } from '../report.js';

/** The report as stable, pretty JSON (what the golden test pins); no raw control character survives. */
export function formatJson(report: PolicyReport): string {
  return `${terminalSafeJson(JSON.stringify(report, null, 2))}\n`;
}
