import type { AlertActionKind } from './reconcile.js';
import type { AlertKind } from './types.js';

/** An issue the sync touched. */
export interface IssueRef {
  readonly secretId: string;
  readonly alertKind: AlertKind;
  readonly number: number;
  readonly url?: string;
}

/** An action the sync did not do (budget ran out, or the call failed): the next run does it. */
export interface NotDone {
  readonly action: AlertActionKind;
  readonly secretId: string;
  readonly alertKind: AlertKind;
  readonly number?: number;
  readonly code: string;
}

export interface EventFailure {
  readonly sink: string;
  readonly secretId: string;
  readonly alertKind: AlertKind;
  readonly code: string;
}

/** What a sync did, value-free: issue numbers, ids, kinds and codes. */
export interface SyncReport {
  readonly opened: IssueRef[];
  readonly updated: IssueRef[];
  readonly escalated: IssueRef[];
  readonly reopened: IssueRef[];
  readonly closed: IssueRef[];
  readonly duplicatesClosed: IssueRef[];
  readonly unchanged: IssueRef[];
  readonly notDone: NotDone[];
  readonly events: { sent: number; readonly failed: EventFailure[] };
  /** Set when the sync stopped early (rate-limit budget exhausted). */
  stoppedBy?: string;
}

export function emptyReport(): SyncReport {
  return {
    opened: [],
    updated: [],
    escalated: [],
    reopened: [],
    closed: [],
    duplicatesClosed: [],
    unchanged: [],
    notDone: [],
    events: { sent: 0, failed: [] },
  };
}

const SECTIONS = [
  ['opened', 'opened'],
  ['escalated', 'escalated'],
  ['reopened', 'reopened'],
  ['updated', 'updated'],
  ['closed', 'closed'],
  ['duplicatesClosed', 'closed as duplicates'],
] as const;

const refText = (r: IssueRef): string => `#${r.number} ${r.secretId} (${r.alertKind})`;

/** Totals in one line, e.g. "1 opened, 0 updated, … 3 unchanged, 0 not done". */
export function summaryLine(r: SyncReport): string {
  return `alerts: ${r.opened.length} opened, ${r.updated.length} updated, ${r.escalated.length} escalated, ${r.closed.length + r.duplicatesClosed.length} closed, ${r.reopened.length} reopened, ${r.unchanged.length} unchanged, ${r.notDone.length} not done`;
}

/** The text report: one line per touched issue, the totals, what was not done, event failures. */
export function syncReportText(r: SyncReport): string {
  const lines = SECTIONS.flatMap(([key, label]) => r[key].map((ref) => `${label.padEnd(20)} ${refText(ref)}`));
  const notDone = r.notDone.map(
    (n) =>
      `not done             ${n.action} ${n.secretId} (${n.alertKind})${n.number === undefined ? '' : ` #${n.number}`}: ${n.code}`,
  );
  const events = r.events.failed.map((f) => `event not delivered  ${f.sink} ${f.secretId} (${f.alertKind}): ${f.code}`);
  const stop = r.stoppedBy ? [`stopped early: ${r.stoppedBy}; the next run finishes the rest`] : [];
  const sent = r.events.sent > 0 ? [`events sent: ${r.events.sent}`] : [];
  return `${[...lines, ...notDone, ...events, ...stop, ...sent, summaryLine(r)].join('\n')}\n`;
}

/** The markdown report for a job summary. */
export function syncReportMarkdown(r: SyncReport): string {
  const rows = SECTIONS.flatMap(([key, label]) =>
    r[key].map(
      (ref) =>
        `| ${label} | ${ref.url ? `[#${ref.number}](${ref.url})` : `#${ref.number}`} | \`${ref.secretId}\` | ${ref.alertKind} |`,
    ),
  );
  const nd = r.notDone.map(
    (n) =>
      `| not done: ${n.action} | ${n.number === undefined ? '' : `#${n.number}`} | \`${n.secretId}\` | ${n.alertKind} (\`${n.code}\`) |`,
  );
  const table =
    rows.length + nd.length > 0
      ? ['| change | issue | secret | kind |', '| --- | --- | --- | --- |', ...rows, ...nd, '']
      : [];
  const ev = r.events.failed.length > 0 ? [`${r.events.failed.length} incident event(s) not delivered.`, ''] : [];
  return [
    '### Secret alerts',
    '',
    ...table,
    ...ev,
    `${summaryLine(r)}${r.stoppedBy ? ` — stopped early: ${r.stoppedBy}` : ''}`,
    '',
  ].join('\n');
}
