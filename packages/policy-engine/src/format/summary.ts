import type { PolicyReport } from '../report.js';
import type { ReportedFinding } from '../waivers.js';
import { descriptorFor, type RuleDescriptor } from './descriptor.js';

/** Makes text safe inside a markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ruleLink(rules: readonly RuleDescriptor[], id: string): string {
  const d = descriptorFor(rules, id);
  return d.helpUri ? `[${id}](${d.helpUri})` : `\`${id}\``;
}

function findingRows(findings: readonly ReportedFinding[], rules: readonly RuleDescriptor[], max: number): string[] {
  const rows = findings.slice(0, max).map((f) => `| ${f.severity} | \`${cell(`${f.file}:${f.start.line}:${f.start.col}`)}\` | ${ruleLink(rules, f.ruleId)} | ${cell(f.message)} |`);
  if (findings.length > max) rows.push(`| … | ${findings.length - max} more | | see the JSON or SARIF report |`);
  return ['| severity | location | rule | message |', '| --- | --- | --- | --- |', ...rows];
}

function waiverRows(findings: readonly ReportedFinding[], rules: readonly RuleDescriptor[]): string[] {
  const rows = findings.map((f) => {
    const w = f.waiver;
    return w ? `| ${ruleLink(rules, f.ruleId)} | \`${cell(`${f.file}:${f.start.line}`)}\` | ${cell(w.reason)} | ${cell(w.owner)} | ${w.expires} |` : '';
  });
  return ['| rule | location | reason | owner | until |', '| --- | --- | --- | --- | --- |', ...rows];
}

/**
 * The markdown job summary: verdict, raw-vs-waived counts, the findings that
 * count (capped at `maxRows`), the waived ones with their reasons, and a note
 * when some findings did not fit GitHub's annotation limit.
 */
export function formatMarkdownSummary(report: PolicyReport, rules: readonly RuleDescriptor[], opts: { title?: string; overflow?: number; maxRows?: number } = {}): string {
  const s = report.summary;
  const open = report.findings.filter((f) => !f.waiver);
  const waived = report.findings.filter((f) => f.waiver);
  const out = [
    `## ${opts.title ?? 'docugen-secrets check'}: ${s.verdict === 'pass' ? '✅ passed' : '❌ failed'}`,
    '',
    `Checked ${s.files} ${s.mode === 'changed' ? 'changed ' : ''}manifest${s.files === 1 ? '' : 's'} (${s.valid} schema-valid); fails on ${s.failOn}${s.failOn === 'warning' ? 's and errors' : 's'}.`,
    '',
    '| | errors | warnings | notes | waived | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    `| without waivers | ${s.raw.errors} | ${s.raw.warnings} | ${s.raw.notes} | – | ${s.rawVerdict} |`,
    `| with waivers | ${s.errors} | ${s.warnings} | ${s.notes} | ${s.waived} | ${s.verdict} |`,
  ];
  if (open.length > 0) out.push('', '### Findings', '', ...findingRows(open, rules, opts.maxRows ?? 200));
  if (waived.length > 0) out.push('', '### Waived', '', ...waiverRows(waived, rules));
  if ((opts.overflow ?? 0) > 0) out.push('', `> ${opts.overflow} finding(s) beyond GitHub's annotation limit are listed here only.`);
  return `${out.join('\n')}\n`;
}
