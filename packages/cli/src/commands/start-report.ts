import type { AuditVerification } from '@docugen-secrets/audit';
import { escapeTerminal } from '@docugen-secrets/core';
import type { PlanEntry, RestartOutcome, RotationResult } from '@docugen-secrets/rotation';
import type { AlertsSummary, PublishOutcome } from '@docugen-secrets/runner';

/** Where the run's SOPS commit went: the outcome, the remote and the commits that landed there. */
export interface StartPublished {
  readonly outcome: PublishOutcome;
  /** The bare remote, relative to the working directory. */
  readonly remote: string;
  readonly landed: readonly { readonly id: string; readonly subject: string }[];
}

/** Everything the local job's report shows: statuses, actions and outcomes, never a value. */
export interface StartReport {
  readonly now: Date;
  /** The plan at the start of the run. */
  readonly before: readonly PlanEntry[];
  /** The plan after the rotations (for "next due"). */
  readonly after: readonly PlanEntry[];
  readonly results: readonly RotationResult[];
  /** undefined: no audit record exists yet. */
  readonly audit: { readonly path: string; readonly verification: AuditVerification | undefined };
  /** Where state lives (backend notes). */
  readonly notes: readonly string[];
  /** What the alerts sync changed (issue numbers, ids, kinds); absent: no alerts port. */
  readonly alerts?: AlertsSummary;
  /** The SOPS publish; absent: the store committed each change itself. */
  readonly published?: StartPublished;
}

const OUTCOME_ORDER = [
  'created',
  'rotated',
  'retired',
  'waiting',
  'blocked',
  'skipped',
  'failed',
  'error',
  'not-due',
  'dry-run',
] as const;

function outcomeOf(r: RotationResult | undefined): string {
  if (!r) return '-';
  const steps = r.steps.length > 0 ? ` [${r.steps.join(' → ')}]` : '';
  switch (r.kind) {
    case 'created':
    case 'rotated':
    case 'retired':
      return `${r.kind}${steps}`;
    case 'waiting':
    case 'blocked':
    case 'skipped':
    case 'failed':
    case 'error':
    case 'not-due':
    case 'dry-run':
      return `${r.kind}: ${r.reason}${steps}`;
  }
}

function table(report: StartReport): string[] {
  const byId = new Map(report.results.map((r) => [r.secretId, r]));
  const rows = report.before.map((e) => [e.secretId, e.status, e.action, outcomeOf(byId.get(e.secretId))] as const);
  const w = [0, 1, 2].map((i) =>
    Math.max(...[['secret', 'status', 'action'][i] ?? '', ...rows.map((r) => r[i] ?? '')].map((s) => s.length)),
  );
  const line = (c: readonly string[]): string =>
    c
      .map((s, i) => (i < 3 ? s.padEnd(w[i] ?? 0) : s))
      .join('  ')
      .trimEnd();
  return [line(['secret', 'status', 'action', 'outcome']), ...rows.map(line)];
}

function totals(report: StartReport): string {
  const count = (k: RotationResult['kind']): number => report.results.filter((r) => r.kind === k).length;
  const parts = OUTCOME_ORDER.filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
  const n = report.before.length;
  return `${n} secret${n === 1 ? '' : 's'}: ${report.results.length === 0 ? 'nothing due, nothing rotated' : parts.join(', ')}`;
}

function attention(report: StartReport): string[] {
  const human = report.after.filter((e) => e.action === 'manual' || e.status === 'expired' || e.status === 'unknown');
  const nextDue = report.after
    .filter((e) => e.dueAt !== undefined && e.action === 'none')
    .sort((a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0))[0];
  const waiting = report.after.filter(
    (e) => e.action === 'wait' || e.status === 'retire-due' || (e.retireAt !== undefined && e.retireAt > report.now),
  );
  return [
    ...human.map((e) => `needs a human: ${e.secretId} (${e.status}): ${e.reason}`),
    ...waiting.map((e) => `later: ${e.secretId}: ${e.reason}`),
    ...(nextDue?.dueAt ? [`next due: ${nextDue.secretId} at ${nextDue.dueAt.toISOString()}`] : []),
  ];
}

/** One consumer restart (ids and times only), as `start` and `rotate --manual` report it. */
export function restartLine(secretId: string, x: RestartOutcome): string {
  const when = x.until ? (x.kind === 'deferred' ? `, retried after ` : `, rolled out by `) + x.until.toISOString() : '';
  return `restart ${x.kind}: ${x.service} (${x.trigger}) for ${secretId} version ${x.versionId}${when}`;
}

/** One line per consumer restart the run triggered, deferred or could not send. */
function restartLines(report: StartReport): string[] {
  return report.results.flatMap((r) =>
    (r.restarts ?? []).filter((x) => x.kind !== 'done').map((x) => restartLine(r.secretId, x)),
  );
}

const ALERT_SECTIONS = ['opened', 'escalated', 'reopened', 'updated', 'closed', 'notDone'] as const;
const ALERT_LABELS: Record<(typeof ALERT_SECTIONS)[number], string> = {
  opened: 'alert opened',
  escalated: 'alert escalated',
  reopened: 'alert reopened',
  updated: 'alert updated',
  closed: 'alert closed',
  notDone: 'alert not done',
};

/** One line per issue the sync touched, then the totals; nothing when alerts are not part of the run. */
function alertLines(report: StartReport): string[] {
  const a = report.alerts;
  if (!a) return [];
  const lines = ALERT_SECTIONS.flatMap((k) => (a[k] ?? []).map((ref) => `${ALERT_LABELS[k]}: ${ref}`));
  const counts = ALERT_SECTIONS.map((k) => `${(a[k] ?? []).length} ${k === 'notDone' ? 'not done' : k}`);
  return [...lines, `alerts (local GitHub issues): ${counts.join(', ')}`];
}

function auditLines(report: StartReport): string[] {
  const v = report.audit.verification;
  if (!v) return [`audit log: ${report.audit.path}: no records yet`];
  const head = v.head ? `, head ${v.head.seq}:${v.head.hash.slice(0, 12)}…` : '';
  if (v.ok)
    return [`audit log: ${report.audit.path}: hash chain ok, ${v.lines} record${v.lines === 1 ? '' : 's'}${head}`];
  return [
    `audit log: ${report.audit.path}: ${v.problems.length} problem(s) — the chain does not verify`,
    ...v.problems.slice(0, 5).map((p) => `  line ${p.line}: ${p.code} ${p.message}`),
  ];
}

/**
 * The text report of `docugen-secrets start`. Every line goes through
 * `escapeTerminal`: ids, reasons and audit problems may quote untrusted text,
 * and no line of ours contains a control character.
 */
function publishedLines(report: StartReport): string[] {
  const p = report.published;
  if (!p) return [];
  const left = (ids: readonly string[]): string[] =>
    ids.length > 0 ? [`  left out, changed upstream (the next run redoes them): ${ids.join(', ')}`] : [];
  switch (p.outcome.kind) {
    case 'nothing':
      return [`published: nothing new for ${p.remote}`];
    case 'conflict':
      return [`published: nothing, every change conflicted with ${p.remote}`, ...left(p.outcome.conflicts)];
    case 'pushed':
    case 'pull-request': {
      const n = p.landed.length;
      const where = p.outcome.kind === 'pull-request' ? ` (pull request #${p.outcome.number})` : '';
      return [
        `published: ${n} commit${n === 1 ? '' : 's'} landed in ${p.remote} ${p.outcome.branch}${where}`,
        ...p.landed.map((c) => `  ${c.id} ${c.subject}`),
        ...left(p.outcome.conflicts),
      ];
    }
  }
}

export function startReportText(report: StartReport): string {
  return [
    `== 2/4 plan and rotate (as of ${report.now.toISOString()}) ==`,
    ...table(report),
    '',
    '== 3/4 audit ==',
    ...auditLines(report),
    '',
    '== 4/4 summary ==',
    totals(report),
    ...restartLines(report),
    ...publishedLines(report),
    ...alertLines(report),
    ...attention(report),
    ...report.notes.map((n) => `state: ${n}`),
    'reset: delete .local/ to start over (rm -rf .local); nothing outside it is written',
    '',
  ]
    .map(escapeTerminal)
    .join('\n');
}
