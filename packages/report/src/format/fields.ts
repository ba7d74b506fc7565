import { restartSummary } from '../restarts.js';
import type { ComplianceRow, OpenAlert, WaiverFact } from '../types.js';

/** `YYYY-MM-DD` (UTC), or an empty string. */
export function day(d: Date | undefined): string {
  return d === undefined ? '' : d.toISOString().slice(0, 10);
}

function num(n: number | undefined): string {
  return n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function waiverText(w: WaiverFact): string {
  return `${w.rule} until ${w.expires} (${w.owner})`;
}

function alertText(a: OpenAlert): string {
  return a.id === undefined ? a.kind : `${a.kind} #${a.id}`;
}

/** The tabular columns shared by the markdown and CSV renderers: header → cell text (untrusted, escaped by each format). */
export const COLUMNS: readonly (readonly [header: string, cell: (r: ComplianceRow) => string])[] = [
  ['secret', (r) => r.secretId],
  ['class', (r) => r.classification],
  ['env', (r) => r.environment],
  ['owner', (r) => r.ownerTeam],
  ['backend', (r) => r.backend],
  ['status', (r) => r.status],
  ['age (days)', (r) => num(r.ageDays)],
  ['current since', (r) => day(r.currentSince)],
  ['last rotation', (r) => day(r.lastRotation?.at)],
  ['trigger', (r) => r.lastRotation?.trigger ?? ''],
  ['by', (r) => r.lastRotation?.by ?? ''],
  ['rotations (12 months)', (r) => String(r.rotationsLast12Months)],
  ['days overdue', (r) => String(r.daysOverdue)],
  ['cadence (days)', (r) => num(r.cadenceDays)],
  ['policy max (days)', (r) => num(r.policyMaxDays)],
  ['due', (r) => day(r.dueAt)],
  ['restarts (12 months)', (r) => String(r.restarts.length)],
  ['restarted consumers', (r) => restartSummary(r.restarts)],
  ['waivers', (r) => r.waivers.map(waiverText).join('; ')],
  ['open alerts', (r) => (r.openAlerts === undefined ? 'not known' : r.openAlerts.map(alertText).join('; '))],
];
