import { escapeTerminal, terminalSafeJson } from '@docugen-secrets/core';
import type { PlanEntry, PlanStatus } from './types.js';

/** The JSON form of a plan (`plan --json`): dates as ISO-8601 UTC, stable field order. */
export interface PlanReport {
  readonly version: 1;
  readonly now: string;
  readonly summary: Readonly<Partial<Record<PlanStatus, number>>>;
  readonly secrets: readonly PlanEntry[];
}

export function planReport(entries: readonly PlanEntry[], now: Date): PlanReport {
  const summary: Partial<Record<PlanStatus, number>> = {};
  for (const e of entries) summary[e.status] = (summary[e.status] ?? 0) + 1;
  return { version: 1, now: now.toISOString(), summary, secrets: entries };
}

/** JSON text; Date fields serialise as ISO strings through Date#toJSON. */
export function planJson(entries: readonly PlanEntry[], now: Date): string {
  return `${terminalSafeJson(JSON.stringify(planReport(entries, now), null, 2))}\n`;
}

function next(e: PlanEntry): string {
  const at = e.waitUntil ?? e.retireAt ?? e.dueAt;
  return at ? at.toISOString() : '-';
}

/** A fixed-width table: secret, status, action, next date, reason (which may quote a store's error: escaped). */
export function planText(entries: readonly PlanEntry[], now: Date): string {
  const rows = entries.map((e) => [escapeTerminal(e.secretId), e.status, e.action, next(e), escapeTerminal(e.reason)]);
  const head = ['SECRET', 'STATUS', 'ACTION', 'NEXT', 'WHY'];
  const widths = head.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  const counts = Object.entries(planReport(entries, now).summary).map(([s, n]) => `${n} ${s}`);
  return `${[line(head), ...rows.map(line)].join('\n')}\n\nplan at ${now.toISOString()}: ${entries.length} secret${entries.length === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}\n`;
}
