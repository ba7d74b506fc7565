import { escapeTerminal } from '@docugen-secrets/core';
import type { PolicyReport, ReportNotification } from '../report.js';
import { propertySuffix } from './text.js';
import type { ReportedFinding } from '../waivers.js';
import { descriptorFor, type RuleDescriptor } from './descriptor.js';

/** Makes text safe inside a markdown table cell (and in the log that shows the summary). */
export function cell(s: string): string {
  return escapeTerminal(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ruleLink(rules: readonly RuleDescriptor[], id: string): string {
  const d = descriptorFor(rules, id);
  return d.helpUri ? `[${id}](${d.helpUri})` : `\`${id}\``;
}

function findingRows(
  findings: readonly ReportedFinding[],
  rules: readonly RuleDescriptor[],
  max: number,
  keys: readonly string[] | undefined,
): string[] {
  const rows = findings
    .slice(0, max)
    .map(
      (f) =>
        `| ${f.severity} | \`${cell(`${f.file}:${f.start.line}:${f.start.col}`)}\` | ${ruleLink(rules, f.ruleId)} | ${cell(f.message + propertySuffix(f, keys))} |`,
    );
  if (findings.length > max) rows.push(`| … | ${findings.length - max} more | | see the JSON or SARIF report |`);
  return ['| severity | location | rule | message |', '| --- | --- | --- | --- |', ...rows];
}

function waiverRows(findings: readonly ReportedFinding[], rules: readonly RuleDescriptor[]): string[] {
  const rows = findings.map((f) => {
    const w = f.waiver;
    return w
      ? `| ${ruleLink(rules, f.ruleId)} | \`${cell(`${f.file}:${f.start.line}`)}\` | ${cell(w.reason)} | ${cell(w.owner)} | ${w.expires} |`
      : '';
  });
  return ['| rule | location | reason | owner | until |', '| --- | --- | --- | --- | --- |', ...rows];
}

function notificationRows(notes: readonly ReportNotification[]): string[] {
  const where = (n: ReportNotification): string =>
    n.file === undefined
      ? ''
      : `\`${cell(n.start === undefined ? n.file : `${n.file}:${n.start.line}:${n.start.col}`)}\``;
  const rows = notes.map(
    (n) => `| ${n.level} | ${where(n)} | ${n.code === undefined ? '' : `\`${cell(n.code)}\``} | ${cell(n.message)} |`,
  );
  return ['| level | location | code | message |', '| --- | --- | --- | --- |', ...rows];
}

export interface SummaryOptions {
  /** Heading after `## ` (default `docugen-secrets check`). */
  readonly title?: string;
  /** Replaces `Checked N manifests (V schema-valid)` (e.g. `Scanned 12 files (1 allowlisted, 0 skipped)`). */
  readonly subject?: string;
  /** Findings (and notifications) left out of the annotations: noted under the tables. */
  readonly overflow?: number;
  readonly maxRows?: number;
  /** Finding `properties` to append to the message as ` [key value]`. */
  readonly properties?: readonly string[];
}

/**
 * The markdown job summary: verdict, raw-vs-waived counts, the findings that
 * count (capped at `maxRows`), the waived ones with their reasons, the
 * report's notifications, and a note when some findings did not fit GitHub's
 * annotation limit.
 */
export function formatMarkdownSummary(
  report: PolicyReport,
  rules: readonly RuleDescriptor[],
  opts: SummaryOptions = {},
): string {
  const s = report.summary;
  const subject =
    opts.subject ??
    `Checked ${s.files} ${s.mode === 'changed' ? 'changed ' : ''}manifest${s.files === 1 ? '' : 's'} (${s.valid} schema-valid)`;
  const notes = report.notifications ?? [];
  const open = report.findings.filter((f) => !f.waiver);
  const waived = report.findings.filter((f) => f.waiver);
  const out = [
    `## ${opts.title ?? 'docugen-secrets check'}: ${s.verdict === 'pass' ? '✅ passed' : '❌ failed'}`,
    '',
    `${subject}; fails on ${s.failOn}${s.failOn === 'warning' ? 's and errors' : 's'}.`,
    '',
    '| | errors | warnings | notes | waived | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    `| without waivers | ${s.raw.errors} | ${s.raw.warnings} | ${s.raw.notes} | – | ${s.rawVerdict} |`,
    `| with waivers | ${s.errors} | ${s.warnings} | ${s.notes} | ${s.waived} | ${s.verdict} |`,
  ];
  if (open.length > 0)
    out.push('', '### Findings', '', ...findingRows(open, rules, opts.maxRows ?? 200, opts.properties));
  if (waived.length > 0) out.push('', '### Waived', '', ...waiverRows(waived, rules));
  if (notes.length > 0) out.push('', '### Notes', '', ...notificationRows(notes));
  if ((opts.overflow ?? 0) > 0)
    out.push('', `> ${opts.overflow} finding(s) beyond GitHub's annotation limit are listed here only.`);
  return `${out.join('\n')}\n`;
}
