import type { ComplianceReport } from '../types.js';
import { COLUMNS } from './fields.js';

/**
 * One cell (RFC 4180): quoted when it holds a comma, quote or line break,
 * quotes doubled. A cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return would be run as a formula by spreadsheet software (CSV
 * injection, OWASP): it gets a leading `'` so it stays text.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV: a header line, one record per secret, CRLF line ends (RFC 4180). */
export function formatCsv(report: ComplianceReport): string {
  const lines = [
    COLUMNS.map(([h]) => csvCell(h)),
    ...report.rows.map((r) => COLUMNS.map(([, cell]) => csvCell(cell(r)))),
  ];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
