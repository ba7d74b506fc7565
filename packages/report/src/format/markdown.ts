import type { ComplianceReport } from '../types.js';
import { COLUMNS, day } from './fields.js';

/** GitHub's job summary takes at most 1 MiB per step; stay well below it. */
export const MARKDOWN_LIMIT = 512 * 1024;

/**
 * Text for a markdown table cell: pipes, backslashes and HTML-significant
 * characters escaped, line breaks flattened, so untrusted text (ids, actor
 * names, reasons) cannot break the table or inject markup.
 */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([`*_[\]])/g, '\\$1');
}

/**
 * The report as markdown for a job summary: totals, then a table with one
 * row per secret. When the table would pass `limit` characters, the rows
 * that fit are kept and the rest are counted (the HTML and CSV have all).
 */
export function formatMarkdown(report: ComplianceReport, limit = MARKDOWN_LIMIT): string {
  const t = report.totals;
  const head = [
    '## Secrets compliance report',
    '',
    `Generated ${report.generatedAt.toISOString()} · ${t.secrets} secrets: ${t.ok} ok, ${t.overdue} overdue, ${t.missing} missing, ${t.unknown} unknown · ${t.waived} with waivers · ${report.alertsKnown ? `${t.withOpenAlerts} with open alerts` : 'open alerts not known'}`,
    `Audit trail: ${report.auditVerified === undefined ? 'not read' : report.auditVerified ? 'hash chain verified' : '**hash chain does NOT verify**'} · rotations counted since ${day(report.windowStart)}`,
    '',
    `| ${COLUMNS.map(([h]) => h).join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- |').join('')}`,
  ];
  const out = [...head];
  let size = out.join('\n').length;
  let shown = 0;
  for (const r of report.rows) {
    const line = `| ${COLUMNS.map(([, cell]) => mdCell(cell(r))).join(' | ')} |`;
    if (size + line.length + 200 > limit) break;
    out.push(line);
    size += line.length + 1;
    shown++;
  }
  if (shown < report.rows.length)
    out.push(
      '',
      `${report.rows.length - shown} more secrets are not shown here (size limit): see the HTML or CSV report.`,
    );
  if (report.sources.length > 0) out.push('', ...report.sources.map((s) => `- ${mdCell(s)}`));
  return `${out.join('\n')}\n`;
}
