import { shortHash } from '@docugen-secrets/core';
import type { AllowlistMatcher } from './allowlist-match.js';
import { dropShadowedGeneric, ruleCandidates, type Candidate } from './candidates.js';
import type { LeakFinding } from './finding.js';
import { prefilterFor } from './prefilter.js';
import { redact } from './redact.js';
import type { LeakRule } from './rules/define.js';
import { LEAK_RULES } from './rules/index.js';
import { TextIndex } from './text-index.js';

export interface ScanTextOptions {
  /** Rules to run (default: `LEAK_RULES`). */
  readonly rules?: readonly LeakRule[];
  /**
   * Keyword prefilter (default on): a rule's regex runs only when one of its
   * keywords occurs in the text (ASCII case-insensitive), as in gitleaks. Turning it off
   * gives the same findings, slower; the benchmark uses it as the baseline.
   */
  readonly prefilter?: boolean;
  /** Keep only findings touching one of these 1-based lines (the added lines of `--staged` / `--diff`). */
  readonly lines?: ReadonlySet<number>;
  /** The allowlist file's entries; matching findings are counted, not returned. */
  readonly allowlist?: AllowlistMatcher;
}

export interface TextScan {
  readonly findings: LeakFinding[];
  /** Findings an allowlist entry covered. */
  readonly allowlisted: number;
}

function exempt(rule: LeakRule, file: string): boolean {
  return rule.exemptPaths?.some((p) => p.test(file)) === true || (rule.paths !== undefined && !rule.paths.test(file));
}

/** Findings of path-only rules for `file` (position 1:1, the file name as the value); they need no content. */
export function pathFindings(file: string, rules: readonly LeakRule[] = LEAK_RULES): LeakFinding[] {
  return rules
    .filter((r) => r.pathOnly === true && !exempt(r, file))
    .map((r) => ({
      ruleId: r.id,
      severity: r.severity,
      message: `${r.title}: remove the file from the repository and replace what it protects (or allowlist it with a reason if it is test material)`,
      file,
      start: { line: 1, col: 1 },
      end: { line: 1, col: 1 },
      redacted: '(file)',
      fingerprint: shortHash(file),
    }));
}

function toFinding(c: Candidate, file: string, index: TextIndex): LeakFinding {
  const redacted = redact(c.secret, c.rule.publicPrefix);
  return {
    ruleId: c.rule.id,
    severity: c.rule.severity,
    message: `${c.rule.title} ${redacted}: rotate it and remove it from the file (or allowlist it with a reason if it is test material)`,
    file,
    start: index.position(c.start),
    end: index.position(c.end),
    redacted,
    fingerprint: shortHash(c.secret),
  };
}

function touches(f: LeakFinding, lines: ReadonlySet<number>): boolean {
  for (let l = f.start.line; l <= f.end.line; l++) if (lines.has(l)) return true;
  return false;
}

function byPosition(a: LeakFinding, b: LeakFinding): number {
  return a.start.line - b.start.line || a.start.col - b.start.col || a.ruleId.localeCompare(b.ruleId);
}

/** `scanText` with the count of allowlisted findings, for reports. */
export function scanTextDetailed(text: string, file: string, options: ScanTextOptions = {}): TextScan {
  const rules = options.rules ?? LEAK_RULES;
  const present = options.prefilter === false ? undefined : prefilterFor(rules).present(text);
  let index: TextIndex | undefined;
  const getIndex = (): TextIndex => (index ??= new TextIndex(text));
  const candidates: Candidate[] = [];
  rules.forEach((rule, i) => {
    if (rule.pathOnly !== true && (present === undefined || present[i] === true) && !exempt(rule, file))
      candidates.push(...ruleCandidates(text, rule, getIndex));
  });
  const byPath = pathFindings(file, rules);
  if (candidates.length === 0 && byPath.length === 0) return { findings: [], allowlisted: 0 };
  let findings = dropShadowedGeneric(candidates).map((c) => toFinding(c, file, getIndex()));
  const { lines, allowlist } = options;
  if (lines) findings = findings.filter((f) => touches(f, lines));
  // A path-only finding is about the file, not a line: it stands in diff scans too.
  findings = [...byPath, ...findings];
  const kept = allowlist ? findings.filter((f) => allowlist.allows(f) === undefined) : findings;
  return { findings: kept.sort(byPosition), allowlisted: findings.length - kept.length };
}

/**
 * Finds leaked-looking secrets in one text. Pure: no I/O, no clock; the same
 * input gives the same findings. `file` is only used for reports and for
 * path-scoped rule exemptions and allowlist entries.
 */
export function scanText(text: string, file: string, options: ScanTextOptions = {}): LeakFinding[] {
  return scanTextDetailed(text, file, options).findings;
}
