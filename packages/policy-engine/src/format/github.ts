import { escapeTerminal, type Severity } from '@docugen-secrets/core';
import type { PolicyReport, ReportNotification } from '../report.js';
import type { ReportedFinding } from '../waivers.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations (and 10 notices)
 * per step; the rest are dropped silently, so we stop at the limit and list
 * the overflow in the job summary instead.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/**
 * Escapes a workflow-command message (data): GitHub's `%`/CR/LF encoding,
 * after `escapeTerminal` has made every other control character visible (the
 * log would otherwise render ESC sequences, and `##[` is a command anywhere).
 */
export function escapeData(s: string): string {
  return escapeTerminal(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escapes a workflow-command property value (file, title …). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` line. */
export function annotation(f: ReportedFinding): string {
  const props = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.start.line}`,
    `col=${f.start.col}`,
    `endLine=${f.end.line}`,
    `endColumn=${f.end.col}`,
    `title=${escapeProperty(f.ruleId)}`,
  ];
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.ruleId} ${f.message}`)}`;
}

/** A notification as a workflow command; file and position only when it has them. */
export function notificationAnnotation(n: ReportNotification): string {
  const where =
    n.file === undefined
      ? []
      : [
          `file=${escapeProperty(n.file)}`,
          ...(n.start === undefined ? [] : [`line=${n.start.line}`, `col=${n.start.col}`]),
        ];
  const props = [...where, ...(n.code === undefined ? [] : [`title=${escapeProperty(n.code)}`])];
  return `::${COMMAND[n.level]}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(n.message)}`;
}

export interface GithubAnnotations {
  /** Workflow commands, one per line (empty when nothing to annotate). */
  readonly text: string;
  readonly annotated: readonly ReportedFinding[];
  /** Findings past the per-step limit: put them in the job summary. */
  readonly overflow: readonly ReportedFinding[];
  /** Notifications past the limit (they share it with the findings, after them); the summary lists every notification. */
  readonly overflowNotifications: readonly ReportNotification[];
}

/** Splits items into those within the per-level budget (`used` is updated) and the rest. */
function withinLimit<T>(
  items: readonly T[],
  levelOf: (t: T) => Severity,
  used: Record<Severity, number>,
  limit: number,
): { kept: T[]; rest: T[] } {
  const kept: T[] = [];
  const rest: T[] = [];
  for (const t of items) {
    const level = levelOf(t);
    if (used[level] < limit) {
      used[level] += 1;
      kept.push(t);
    } else rest.push(t);
  }
  return { kept, rest };
}

/**
 * Annotations for the findings that still count (waived ones are only in the
 * summary), then for the report's notifications, capped per level.
 */
export function formatGithubAnnotations(report: PolicyReport, opts: { perLevel?: number } = {}): GithubAnnotations {
  const limit = opts.perLevel ?? GITHUB_ANNOTATIONS_PER_LEVEL;
  const used: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const findings = withinLimit(
    report.findings.filter((f) => !f.waiver),
    (f) => f.severity,
    used,
    limit,
  );
  const notes = withinLimit(report.notifications ?? [], (n) => n.level, used, limit);
  const lines = [...findings.kept.map(annotation), ...notes.kept.map(notificationAnnotation)];
  return {
    text: lines.map((l) => `${l}\n`).join(''),
    annotated: findings.kept,
    overflow: findings.rest,
    overflowNotifications: notes.rest,
  };
}
