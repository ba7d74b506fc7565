import type { ComplianceReport, ComplianceRow, RotationTrigger } from '../types.js';
import { day } from './fields.js';
import { escapeHtml as e } from './escape.js';

const LABEL_W = 260;
const PLOT_W = 560;
const ROW_H = 22;
const TOP = 28;

const n = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * Bar chart: one bar per secret, its current value's age in days, with a
 * tick at the policy maximum (NFR5) and one at the manifest's cadence. Bars
 * past the limit are drawn as overdue. Inline SVG with presentation through
 * classes only (the page's CSP allows no inline style attributes).
 */
export function ageChart(report: ComplianceReport): string {
  const rows = report.rows;
  const scale = Math.max(1, ...rows.flatMap((r) => [r.ageDays ?? 0, r.policyMaxDays ?? 0, r.cadenceDays ?? 0]));
  const x = (days: number): number => LABEL_W + (days / scale) * PLOT_W;
  const h = TOP + rows.length * ROW_H + 10;
  const body = rows.map((r, i) => chartRow(r, TOP + i * ROW_H, x)).join('\n');
  return [
    `<svg id="age-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="age-chart-title" viewBox="0 0 ${LABEL_W + PLOT_W + 20} ${h}" width="100%">`,
    '<title id="age-chart-title">Age of each secret\'s current value against its policy maximum, in days</title>',
    `<text class="axis" x="${LABEL_W}" y="16">0 days</text><text class="axis" x="${n(x(scale))}" y="16" text-anchor="end">${n(scale)} days</text>`,
    body,
    '</svg>',
  ].join('\n');
}

function chartRow(r: ComplianceRow, y: number, x: (days: number) => number): string {
  const age = r.ageDays ?? 0;
  const cls = r.status === 'overdue' ? 'bar overdue' : r.status === 'ok' ? 'bar ok' : 'bar none';
  const tip = `${r.secretId}: ${r.ageDays === undefined ? 'no current value' : `${age} days old`}${r.policyMaxDays === undefined ? '' : `, policy maximum ${n(r.policyMaxDays)} days`}${r.cadenceDays === undefined ? '' : `, cadence ${n(r.cadenceDays)} days`}`;
  const ticks = [
    r.cadenceDays === undefined
      ? ''
      : `<line class="cadence" x1="${n(x(r.cadenceDays))}" x2="${n(x(r.cadenceDays))}" y1="${y}" y2="${y + ROW_H - 6}"/>`,
    r.policyMaxDays === undefined
      ? ''
      : `<line class="limit" x1="${n(x(r.policyMaxDays))}" x2="${n(x(r.policyMaxDays))}" y1="${y - 2}" y2="${y + ROW_H - 4}"/>`,
  ].join('');
  return `<g class="chart-row"><text class="label" x="${LABEL_W - 8}" y="${y + 13}" text-anchor="end">${e(r.secretId)}</text><rect class="${cls}" data-secret="${e(r.secretId)}" x="${LABEL_W}" y="${y}" width="${n(Math.max(1, x(age) - LABEL_W))}" height="${ROW_H - 6}"><title>${e(tip)}</title></rect>${ticks}</g>`;
}

const MARK: Readonly<Record<RotationTrigger, string>> = {
  initial: 'initial',
  scheduled: 'scheduled',
  emergency: 'emergency',
  manual: 'manual',
};

/**
 * Rotation timeline over the report's 12-month window: one line per secret,
 * one mark per value change, shaped by trigger (scheduled, emergency,
 * manual, initial value).
 */
export function timeline(report: ComplianceReport): string {
  const start = report.windowStart.getTime();
  const span = Math.max(1, report.generatedAt.getTime() - start);
  const x = (at: Date): number => LABEL_W + ((at.getTime() - start) / span) * PLOT_W;
  const rows = report.rows.map((r, i) => {
    const y = TOP + i * ROW_H + 8;
    const marks = r.history.map(
      (ev) =>
        `<circle class="mark ${MARK[ev.trigger]}" cx="${n(x(ev.at))}" cy="${y}" r="5"><title>${e(`${r.secretId}: ${ev.trigger} ${day(ev.at)} by ${ev.by}${ev.reason ? ` (${ev.reason})` : ''}`)}</title></circle>`,
    );
    return `<g class="timeline-row" data-secret="${e(r.secretId)}"><text class="label" x="${LABEL_W - 8}" y="${y + 4}" text-anchor="end">${e(r.secretId)}</text><line class="track" x1="${LABEL_W}" x2="${LABEL_W + PLOT_W}" y1="${y}" y2="${y}"/>${marks.join('')}</g>`;
  });
  const h = TOP + report.rows.length * ROW_H + 10;
  return [
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="timeline-title" viewBox="0 0 ${LABEL_W + PLOT_W + 20} ${h}" width="100%">`,
    '<title id="timeline-title">Rotations of each secret over the last 12 months</title>',
    `<text class="axis" x="${LABEL_W}" y="16">${day(report.windowStart)}</text><text class="axis" x="${LABEL_W + PLOT_W}" y="16" text-anchor="end">${day(report.generatedAt)}</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
