import { markerOf, stateLineOf, ALERT_LABEL } from './marker.js';
import type { Crossing, DesiredAlert } from './types.js';

/** Where the issue links point: the repository's web URL and the ref its files are read at. */
export interface RenderLinks {
  /** e.g. `https://github.com/docugen/secrets`; without it paths are shown as code. */
  readonly repoWebUrl?: string;
  readonly ref?: string;
}

/** An issue as this tool writes it. */
export interface RenderedIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

const KIND_TITLE: Readonly<Record<DesiredAlert['kind'], string>> = {
  expiring: 'expiring',
  overdue: 'rotation overdue',
  expired: 'EXPIRED',
  'rotation-failed': 'rotation failed',
  'manual-rotation-needed': 'manual rotation needed',
  drift: 'drift',
};

const day = (d: Date): string => d.toISOString().slice(0, 10);
const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

function linkTo(path: string, links: RenderLinks): string {
  const clean = path.replace(/^\.?\//, '');
  if (links.repoWebUrl === undefined) return `\`${clean}\``;
  return `[${clean}](${links.repoWebUrl}/blob/${links.ref ?? 'main'}/${clean})`;
}

/** The labels of an alert: the alert label, the secret, the severity, the kind. */
export function labelsOf(a: DesiredAlert): string[] {
  return [ALERT_LABEL, `secret:${a.secretId}`, `severity:${a.severity}`, `kind:${a.kind}`];
}

export function titleOf(a: DesiredAlert): string {
  return `[secret-alert] ${a.secretId}: ${KIND_TITLE[a.kind]}${a.deadline ? ` (deadline ${day(a.deadline)})` : ''}`;
}

function failureLines(a: DesiredAlert): string[] {
  const f = a.failure;
  if (!f) return [];
  return [
    '',
    '### Failure',
    ...(f.step ? [`- Failed step: \`${f.step}\``] : []),
    ...(f.code ? [`- Error code: \`${f.code}\``] : []),
    ...(f.message ? [`- Message (sanitized): \`${f.message}\``] : []),
    ...(f.attempt === undefined ? [] : [`- Attempt: ${f.attempt}`]),
    ...(f.runUrl ? [`- Run: ${f.runUrl}`] : []),
  ];
}

function escalationLines(crossings: readonly Crossing[]): string[] {
  if (crossings.length === 0) return [];
  return ['', '### Escalations', ...crossings.map((c) => `- ${iso(c.at)}: ${c.what}${c.team ? ` — ${c.team}` : ''}`)];
}

/**
 * The issue body. Deterministic in the alert (no "now", no countdown), so a
 * rerun with no change renders the same text and writes nothing. Value-free:
 * ids, dates, codes and sanitized messages only.
 */
export function bodyOf(a: DesiredAlert, links: RenderLinks): string {
  const who = [a.team, ...a.assignees].filter((x): x is string => x !== undefined);
  return [
    markerOf(a.secretId, a.kind),
    stateLineOf(a.level),
    `## \`${a.secretId}\`: ${KIND_TITLE[a.kind]}`,
    '',
    `**What is wrong:** \`${a.secretId}\` ${a.summary}.`,
    ...(a.since.getTime() === 0 ? [] : [`**Since:** ${iso(a.since)}`]),
    ...(a.deadline ? [`**Deadline:** ${iso(a.deadline)}`] : []),
    `**Severity:** ${a.severity}${a.level > 0 ? ` (escalation level ${a.level})` : ''}`,
    `**On-call:** ${who.length > 0 ? who.join(' ') : '(none in the manifest)'}`,
    '',
    '### What to do',
    a.todo,
    ...failureLines(a),
    ...escalationLines(a.crossings),
    '',
    '### References',
    `- Runbook: ${linkTo(a.runbook, links)}`,
    `- Secrets reference: ${linkTo(`docs/secrets.md#${a.secretId}`, links)}`,
    '',
    '_Opened and kept up to date by `docugen-secrets alerts sync`; it closes itself when the problem is gone. It never contains a secret value._',
    '',
  ].join('\n');
}

export function renderIssue(a: DesiredAlert, links: RenderLinks): RenderedIssue {
  return {
    title: titleOf(a),
    body: bodyOf(a, links),
    labels: labelsOf(a),
    assignees: a.assignees.map((h) => h.replace(/^@/, '')).filter((h) => !h.includes('/')),
  };
}

/** The one comment of an escalation: the crossings since the level the issue showed, mentioning who is escalated to. */
export function escalationComment(a: DesiredAlert, fromLevel: number): string {
  const crossed = a.crossings.slice(fromLevel);
  const teams = [...new Set(crossed.flatMap((c) => (c.team ? [c.team] : [])))];
  const mention = teams.length > 0 ? teams.join(' ') : (a.team ?? '');
  return [
    `**Escalated** to severity \`${a.severity}\`:`,
    ...crossed.map((c) => `- ${iso(c.at)}: ${c.what}`),
    '',
    `${mention} please take a look.`.trim(),
  ].join('\n');
}

export function reopenComment(a: DesiredAlert): string {
  return `**Reopened:** the problem is back — \`${a.secretId}\` ${a.summary}.`;
}

export function closeComment(secretId: string, kind: DesiredAlert['kind']): string {
  return `**Resolved:** \`${secretId}\` is no longer ${KIND_TITLE[kind]} (rotated, fixed or removed). Closing; it reopens if the problem returns.`;
}

export function duplicateComment(keep: number): string {
  return `Duplicate of #${keep} (two syncs raced); closing this one.`;
}
