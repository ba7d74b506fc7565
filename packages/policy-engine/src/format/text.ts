import { escapeTerminal as safe, type Severity } from '@docugen-secrets/core';
import type { PolicyReport, ReportNotification } from '../report.js';
import type { ReportedFinding } from '../waivers.js';

const ANSI = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  green: '\u001b[32m',
  reset: '\u001b[0m',
};
type Paint = (style: keyof typeof ANSI, s: string) => string;

const SEVERITY_STYLE: Readonly<Record<Severity, keyof typeof ANSI>> = { error: 'red', warning: 'yellow', note: 'cyan' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface TextOptions {
  readonly color?: boolean;
  /** Replaces `checked N manifests` in the summary line (e.g. `scanned 12 files (1 allowlisted)`). */
  readonly subject?: string;
  /** Finding `properties` to append as ` [key value]` (e.g. the leak scanner's `fingerprint`). */
  readonly properties?: readonly string[];
}

/** ` [key value]` for each asked property the finding has. */
export function propertySuffix(f: ReportedFinding, keys: readonly string[] = []): string {
  return keys.map((k) => (f.properties?.[k] === undefined ? '' : ` [${k} ${safe(f.properties[k])}]`)).join('');
}

function line(f: ReportedFinding, paint: Paint, keys: readonly string[] | undefined): string {
  const where = `${safe(f.file)}:${f.start.line}:${f.start.col}`;
  if (f.waiver) {
    const w = f.waiver;
    return paint(
      'dim',
      `${where}: waived ${safe(f.ruleId)} ${safe(f.message)} (${f.severity} waived by ${safe(w.file)}:${w.line} until ${safe(w.expires)}, owner ${safe(w.owner)}: ${safe(w.reason)})`,
    );
  }
  return `${where}: ${paint(SEVERITY_STYLE[f.severity], f.severity)} ${safe(f.ruleId)} ${safe(f.message)}${propertySuffix(f, keys)}`;
}

function notificationLine(n: ReportNotification, paint: Paint): string {
  return `${paint(SEVERITY_STYLE[n.level], n.level)}: ${safe(n.message)}${n.code === undefined ? '' : ` [${safe(n.code)}]`}`;
}

function groups(findings: readonly ReportedFinding[]): Map<string, ReportedFinding[]> {
  const out = new Map<string, ReportedFinding[]>();
  for (const f of findings) out.set(f.file, [...(out.get(f.file) ?? []), f]);
  return out;
}

function summaryLine(report: PolicyReport, paint: Paint, subject: string | undefined): string {
  const s = report.summary;
  const what = s.mode === 'changed' ? 'changed manifest' : 'manifest';
  const head = `${subject ?? `checked ${plural(s.files, what)}`}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  const waived =
    s.waived > 0
      ? `, ${s.waived} waived (without waivers: ${plural(s.raw.errors, 'error')}, ${plural(s.raw.warnings, 'warning')})`
      : '';
  const verdict = s.verdict === 'pass' ? paint('green', 'pass') : paint('red', 'FAIL');
  return `${head}${waived} — ${verdict} (fail on ${s.failOn})`;
}

/**
 * Human output: findings grouped by file under a header line, each as
 * `file:line:col: severity RULE message` (clickable in editors and
 * terminals), waived ones dimmed with their waiver, the report's
 * notifications (`level: message [code]`), then one summary line.
 * Colour only when asked (a TTY). Untrusted text (paths, messages quoting
 * manifest keys, waiver fields) goes through `escapeTerminal`.
 */
export function formatText(report: PolicyReport, opts: TextOptions = {}): string {
  const paint: Paint = opts.color ? (style, s) => `${ANSI[style]}${s}${ANSI.reset}` : (_style, s) => s;
  const out: string[] = [];
  for (const [file, list] of groups(report.findings)) {
    const open = list.filter((f) => !f.waiver).length;
    out.push(
      paint(
        'bold',
        `${safe(file)} (${plural(open, 'finding')}${list.length > open ? `, ${list.length - open} waived` : ''})`,
      ),
    );
    out.push(...list.map((f) => line(f, paint, opts.properties)), '');
  }
  const notes = report.notifications ?? [];
  if (notes.length > 0) out.push(...notes.map((n) => notificationLine(n, paint)), '');
  out.push(summaryLine(report, paint, opts.subject));
  return `${out.join('\n')}\n`;
}
