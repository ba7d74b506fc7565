import { escapeTerminal } from '@docugen-secrets/core';
import type { RunReport } from '@docugen-secrets/runner';

/**
 * Untrusted text (a secret id, a provider's error message, the emergency
 * reason) as one markdown table cell: control characters made visible, HTML
 * and markdown syntax that could change the page (tags, links, emphasis,
 * code spans, pipes) escaped, so the summary shows the text and nothing else.
 */
export function markdownCell(text: string): string {
  return escapeTerminal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function resultsTable(report: RunReport): string[] {
  if (report.results.length === 0) return ['No secret needed work.'];
  const rows = report.results.map((r) => {
    const step = r.failedStep === undefined ? '' : ` (step ${r.failedStep})`;
    const reason = `${r.errorCode === undefined ? '' : `${r.errorCode}: `}${r.reason}${step}`;
    const version = r.versionId ?? '';
    return `| ${markdownCell(r.secretId)} | ${r.kind} | ${r.steps.join(' → ')} | ${markdownCell(version)} | ${markdownCell(reason)} |`;
  });
  return ['| secret | result | steps | version | reason |', '| --- | --- | --- | --- | --- |', ...rows];
}

function planTable(report: RunReport): string[] {
  const rows = report.before.map((e) => `| ${markdownCell(e.secretId)} | ${e.status} |`);
  return rows.length === 0 ? ['No manifests.'] : ['| secret | status |', '| --- | --- |', ...rows];
}

function publishedLines(report: RunReport): string[] {
  const p = report.published;
  if (!p) return [];
  switch (p.kind) {
    case 'nothing':
      return ['No SOPS file changed: nothing committed.'];
    case 'pushed':
      return [`Committed \`${p.commit}\` to \`${markdownCell(p.branch)}\` (${p.attempts} push attempt(s)).`];
    case 'pull-request':
      return [`Pull request #${p.number} ${p.created ? 'opened' : 'updated'}: ${markdownCell(p.url)}.`];
    case 'conflict':
      return [`Nothing committed: every change conflicted upstream (${p.conflicts.map(markdownCell).join(', ')}).`];
  }
}

function alertsLines(report: RunReport): string[] {
  const a = report.alerts;
  if (!a) return [];
  const ids = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.map(markdownCell).join(', '));
  const more = [
    a.escalated?.length ? `; escalated ${ids(a.escalated)}` : '',
    a.reopened?.length ? `; reopened ${ids(a.reopened)}` : '',
    a.notDone?.length ? `; not done (next sync retries) ${ids(a.notDone)}` : '',
  ].join('');
  return [`Alerts: opened ${ids(a.opened)}; updated ${ids(a.updated)}; closed ${ids(a.closed)}${more}.`];
}

/**
 * The job summary of a run, value-free by construction (the report carries
 * ids, statuses, steps and version ids, never a value) and escaped.
 */
export function summaryMarkdown(report: RunReport, extra: { readonly emergencyReason?: string } = {}): string {
  const title = `## docugen-secrets ${report.command} (${report.trigger})`;
  const lines = [title, '', `As of ${report.now.toISOString()}; manifest check: ${report.check}.`, ''];
  if (extra.emergencyReason !== undefined)
    lines.push(`Emergency rotation — reason: ${markdownCell(extra.emergencyReason)}`, '');
  if (report.command === 'rotate') lines.push(...resultsTable(report), '');
  else lines.push(...planTable(report), '');
  if (report.matrix) lines.push(`Matrix: ${report.matrix.include.length} shard(s).`, '');
  for (const l of [...publishedLines(report), ...alertsLines(report)]) lines.push(l, '');
  if (report.audit) lines.push(`Audit trail: ${report.audit.ok ? 'verified' : 'DOES NOT VERIFY'}.`, '');
  if (report.notes.length > 0) lines.push('<details><summary>Where state lives</summary>', '');
  for (const n of report.notes) lines.push(`- ${markdownCell(n)}`);
  if (report.notes.length > 0) lines.push('', '</details>', '');
  return `${lines.join('\n')}\n`;
}
