import { createHash } from 'node:crypto';
import type { ComplianceReport, ComplianceRow } from '../types.js';
import { COLUMNS, day } from './fields.js';
import { escapeHtml as e } from './escape.js';
import { ageChart, timeline } from './svg.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.meta{color:#59636e}.totals span{display:inline-block;margin-right:1rem}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #d1d9e0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}tr.overdue td{background:#ffebe9}tr.missing td,tr.unknown td{background:#fff8c5}
.label,.axis{font-size:12px;fill:#1f2328}.axis{fill:#59636e}
.bar.ok{fill:#1a7f37}.bar.overdue{fill:#cf222e}.bar.none{fill:#9a6700}
.limit{stroke:#1f2328;stroke-width:2}.cadence{stroke:#0969da;stroke-width:2;stroke-dasharray:3 2}
.track{stroke:#d1d9e0;stroke-width:2}.mark{stroke:#fff;stroke-width:1}
.mark.scheduled{fill:#1a7f37}.mark.emergency{fill:#cf222e}.mark.manual{fill:#8250df}.mark.initial{fill:#59636e}
.legend span{margin-right:1rem}.swatch{display:inline-block;width:10px;height:10px;margin-right:4px}
.swatch.ok{background:#1a7f37}.swatch.overdue{background:#cf222e}.swatch.none{background:#9a6700}.swatch.limit{background:#1f2328;width:3px}.swatch.cadence{background:#0969da;width:3px}
.swatch.emergency{background:#cf222e}.swatch.manual{background:#8250df}.swatch.initial{background:#59636e}.swatch.scheduled{background:#1a7f37}
`.trim();

/**
 * The Content-Security-Policy of the page: nothing may be fetched or run —
 * no scripts, images, fonts, frames or connections — and only the page's
 * own stylesheet (by hash) applies. The page is mailed to auditors and
 * opened from disk; it must not phone home or run anything smuggled in.
 */
export function reportCsp(css = CSS): string {
  const hash = createHash('sha256').update(css).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; font-src 'none'; connect-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'`;
}

function tableHtml(report: ComplianceReport): string {
  const head = `<tr>${COLUMNS.map(([h]) => `<th scope="col">${e(h)}</th>`).join('')}</tr>`;
  const row = (r: ComplianceRow): string =>
    `<tr class="${r.status}" data-secret="${e(r.secretId)}">${COLUMNS.map(([, cell]) => `<td>${e(cell(r))}</td>`).join('')}</tr>`;
  return `<table id="secrets"><thead>${head}</thead><tbody>\n${report.rows.map(row).join('\n')}\n</tbody></table>`;
}

function legend(items: readonly (readonly [cls: string, text: string])[]): string {
  return `<p class="legend">${items.map(([c, t]) => `<span><i class="swatch ${c}"></i>${e(t)}</span>`).join('')}</p>`;
}

function summary(report: ComplianceReport): string {
  const t = report.totals;
  const audit =
    report.auditVerified === undefined
      ? 'audit trail not read'
      : report.auditVerified
        ? 'audit trail hash chain verified'
        : 'audit trail hash chain does NOT verify';
  const parts = [
    `${t.secrets} secrets`,
    `${t.ok} ok`,
    `${t.overdue} overdue`,
    `${t.missing} missing`,
    `${t.unknown} unknown`,
    `${t.waived} with waivers`,
    report.alertsKnown ? `${t.withOpenAlerts} with open alerts` : 'open alerts not known',
    audit,
  ];
  return `<p class="totals">${parts.map((p) => `<span>${e(p)}</span>`).join('')}</p>`;
}

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts
 * (age against the policy maximum, the 12-month rotation timeline) and the
 * full table. No script, no external request (a strict CSP forbids both),
 * every text escaped, never a value.
 */
export function formatHtml(report: ComplianceReport): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Secrets compliance report ${e(day(report.generatedAt))}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Secrets compliance report</h1>
<p class="meta">Generated ${e(report.generatedAt.toISOString())}; rotations counted since ${e(day(report.windowStart))}. No secret value appears in this report.</p>
${summary(report)}
<h2>Age of the current value against the policy maximum</h2>
${legend([
  ['ok', 'within its limit'],
  ['overdue', 'overdue'],
  ['none', 'no current value / unknown'],
  ['limit', 'policy maximum (NFR5)'],
  ['cadence', 'manifest cadence'],
])}
${ageChart(report)}
<h2>Rotation timeline (12 months)</h2>
${legend([
  ['scheduled', 'scheduled'],
  ['emergency', 'emergency'],
  ['manual', 'manual'],
  ['initial', 'initial value'],
])}
${timeline(report)}
<h2>Secrets</h2>
${tableHtml(report)}
${report.sources.length > 0 ? `<h2>Sources</h2>\n<ul>${report.sources.map((s) => `<li>${e(s)}</li>`).join('')}</ul>` : ''}
</body>
</html>
`;
}
