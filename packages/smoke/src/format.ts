import { CHECK_TITLES, type SmokeReport } from './report.js';

/** Where the smoke test ran, for the report's heading. */
export interface SmokeContext {
  readonly env: string;
  /** Value-free lines: where the store and the consumer's source live. */
  readonly notes: readonly string[];
}

/** Text for a terminal: one line per check. Details come from ids, codes and times only. */
export function smokeText(report: SmokeReport, ctx: SmokeContext): string {
  const lines = [`smoke test of ${report.secretId} (${ctx.env}), simulated ${report.startedAt} → ${report.endedAt}`];
  for (const c of report.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${CHECK_TITLES[c.name]}: ${c.detail}`);
  lines.push(...ctx.notes.map((n) => `  note: ${n}`));
  lines.push(report.ok ? 'smoke test passed' : `smoke test FAILED (${failedCount(report)} of 8 checks not passed)`);
  return `${lines.join('\n')}\n`;
}

/** JSON for machines: the report plus where it ran. */
export function smokeJson(report: SmokeReport, ctx: SmokeContext): string {
  return `${JSON.stringify({ env: ctx.env, ...report, notes: ctx.notes }, null, 2)}\n`;
}

/** Markdown for a GitHub job summary. Table cells are escaped: details may carry provider error names. */
export function smokeMarkdown(report: SmokeReport, ctx: SmokeContext): string {
  const head = `## Smoke test ${report.ok ? 'passed' : 'FAILED'}: \`${report.secretId}\` (${ctx.env})\n\n`;
  const rows = report.checks.map(
    (c) => `| ${c.ok ? '✅' : '❌'} | ${cell(CHECK_TITLES[c.name])} | ${cell(c.detail)} |`,
  );
  const table = ['| | check | detail |', '| --- | --- | --- |', ...rows].join('\n');
  const time = `\n\nSimulated time ${report.startedAt} → ${report.endedAt}; refresh interval ${report.refreshIntervalMs / 1000}s, observed within ${report.observeBoundMs / 1000}s required.\n`;
  return `${head}${table}${time}${ctx.notes.map((n) => `- ${cell(n)}\n`).join('')}`;
}

function failedCount(report: SmokeReport): number {
  return 8 - report.checks.filter((c) => c.ok).length;
}

function cell(text: string): string {
  return text.replace(/[|\\`*_<>[\]\r\n]/g, (ch) => (ch === '\n' || ch === '\r' ? ' ' : `\\${ch}`));
}
