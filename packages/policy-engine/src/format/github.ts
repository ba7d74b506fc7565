import type { Severity } from '@docugen-secrets/core';
import type { PolicyReport } from '../report.js';
import type { ReportedFinding } from '../waivers.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations (and 10 notices)
 * per step; the rest are dropped silently, so we stop at the limit and list
 * the overflow in the job summary instead.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escapes a workflow-command message (data). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (file, title …). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` line. */
export function annotation(f: ReportedFinding): string {
  const props = [`file=${escapeProperty(f.file)}`, `line=${f.start.line}`, `col=${f.start.col}`, `endLine=${f.end.line}`, `endColumn=${f.end.col}`, `title=${escapeProperty(f.ruleId)}`];
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.ruleId} ${f.message}`)}`;
}

export interface GithubAnnotations {
  /** Workflow commands, one per line (empty when nothing to annotate). */
  readonly text: string;
  readonly annotated: readonly ReportedFinding[];
  /** Findings past the per-step limit: put them in the job summary. */
  readonly overflow: readonly ReportedFinding[];
}

/** Annotations for the findings that still count (waived ones are only in the summary), capped per level. */
export function formatGithubAnnotations(report: PolicyReport, opts: { perLevel?: number } = {}): GithubAnnotations {
  const limit = opts.perLevel ?? GITHUB_ANNOTATIONS_PER_LEVEL;
  const used: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const annotated: ReportedFinding[] = [];
  const overflow: ReportedFinding[] = [];
  for (const f of report.findings) {
    if (f.waiver) continue;
    if (used[f.severity] < limit) {
      used[f.severity] += 1;
      annotated.push(f);
    } else overflow.push(f);
  }
  return { text: annotated.map((f) => `${annotation(f)}\n`).join(''), annotated, overflow };
}
