import type { AllowlistProblem, LeakFinding, LeakRule, ScanResult, SkippedFile } from '@docugen-secrets/leak-scan';
import type * as PolicyEngine from '@docugen-secrets/policy-engine';
import type {
  FailOn,
  PolicyReport,
  ReportedFinding,
  ReportNotification,
  RuleDescriptor,
} from '@docugen-secrets/policy-engine';

/** SARIF `partialFingerprints` key: the value hash, so code scanning keeps one alert per value across moves. */
export const LEAK_FINGERPRINT_KEY = 'leakFingerprint/v1';

/** Finding properties the text and summary formats show after the message (the redacted prefix is in the message). */
export const SHOWN_PROPERTIES = ['fingerprint'] as const;

/** Skips worth telling a person about; allowlisted and default-excluded files are expected. */
const NOTABLE: ReadonlySet<SkippedFile['reason']> = new Set(['binary', 'too-large', 'unreadable']);

/** Leak rules as report formats describe rules: docs anchors made absolute against `docsBaseUri`. */
export function leakRuleDescriptors(rules: readonly LeakRule[], docsBaseUri: string): RuleDescriptor[] {
  return rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/^LEAK-/, ''),
    title: r.title,
    description: r.description,
    severity: r.severity,
    helpUri: new URL(r.helpUri, docsBaseUri).href,
    tags: ['security', 'secret'],
  }));
}

/**
 * A leak finding as the shared formats take it. Fields are copied one by one
 * (not spread) so that nothing but the redacted preview and the fingerprint
 * ever reaches a report, whatever a `LeakFinding` may carry later.
 */
export function reportedLeak(f: LeakFinding): ReportedFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    start: f.start,
    end: f.end,
    properties: { redacted: f.redacted, fingerprint: f.fingerprint },
    partialFingerprints: { [LEAK_FINGERPRINT_KEY]: f.fingerprint },
  };
}

/** Allowlist problems (errors: the run is broken) and unusual skips (notes). */
export function scanNotifications(
  skipped: readonly SkippedFile[],
  problems: readonly AllowlistProblem[],
): ReportNotification[] {
  const errors = problems.map((p): ReportNotification => ({
    level: 'error',
    message: p.message,
    code: p.code,
    file: p.file,
    start: { line: p.line, col: p.col },
  }));
  const notes = skipped
    .filter((s) => NOTABLE.has(s.reason))
    .map((s): ReportNotification => ({ level: 'note', message: `skipped ${s.file} (${s.reason})`, file: s.file }));
  return [...errors, ...notes];
}

/** The scan as a policy report: every scanned file counts as checked; allowlisted findings are only counted. */
export function scanReport(
  engine: typeof PolicyEngine,
  result: ScanResult,
  problems: readonly AllowlistProblem[],
  failOn: FailOn,
): PolicyReport {
  return engine.buildReport({
    files: result.filesScanned,
    valid: result.filesScanned,
    findings: result.findings.map(reportedLeak),
    failOn,
    counts: { bytesScanned: result.bytesScanned, allowlisted: result.allowlisted, skipped: result.skipped.length },
    notifications: scanNotifications(result.skipped, problems),
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What the text and summary formats say was checked, e.g. `scanned 12 files for secrets (1 allowlisted, 0 skipped)`. */
export function scanSubject(result: ScanResult): string {
  return `scanned ${plural(result.filesScanned, 'file')} for secrets (${result.allowlisted} allowlisted, ${result.skipped.length} skipped)`;
}
