import { shannonEntropy } from './entropy.js';
import type { LeakRule, RuleAllowlist } from './rules/define.js';
import { GLOBAL_SECRET_ALLOW } from './rules/global.js';
import { GLOBAL_STOPWORDS } from './rules/stopwords.js';
import type { TextIndex } from './text-index.js';

/** Inline markers that silence every finding on their line (gitleaks' own and ours). */
export const INLINE_ALLOW_MARKERS = ['gitleaks:allow', 'docugen-secrets:allow'] as const;

/** A value one rule matched and kept, before it becomes a finding. Offsets are UTF-16 indices. */
export interface Candidate {
  readonly rule: LeakRule;
  readonly secret: string;
  readonly start: number;
  readonly end: number;
  /** 0-based line of `start`. */
  readonly line: number;
}

/** gitleaks' leading `[\w.-]{0,50}?`: how far a key name extends left of the keyword. */
const MAX_KEY_PREFIX = 50;

function isNameChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 46 ||
    code === 45
  );
}

function keyStart(text: string, at: number, floor: number): number {
  let p = at;
  while (p > floor && at - p < MAX_KEY_PREFIX && isNameChar(text.charCodeAt(p - 1))) p--;
  return p;
}

/** The secret's span: the first non-empty capture group, else the whole match (gitleaks' rule). */
function secretSpan(m: RegExpExecArray): readonly [number, number] | undefined {
  const indices = m.indices;
  if (!indices) return undefined;
  for (let g = 1; g < indices.length; g++) {
    const span = indices[g];
    if (span && span[1] > span[0]) return span;
  }
  return indices[0];
}

function containsStopword(secret: string, words: readonly string[]): boolean {
  const lower = secret.toLowerCase();
  return words.some((w) => lower.includes(w));
}

function allowedBy(a: RuleAllowlist, secret: string, match: string, line: () => string): boolean {
  const target = a.target === 'secret' ? secret : a.target === 'match' ? match : line();
  return a.regexes.some((r) => r.test(target)) || (a.stopwords !== undefined && containsStopword(secret, a.stopwords));
}

function globallyAllowed(secret: string): boolean {
  return GLOBAL_SECRET_ALLOW.some((r) => r.test(secret)) || containsStopword(secret, GLOBAL_STOPWORDS);
}

function inlineAllowed(lines: string): boolean {
  return INLINE_ALLOW_MARKERS.some((m) => lines.includes(m));
}

/**
 * Runs one rule over a text with gitleaks' filter order: regex → secret
 * group → entropy (strictly greater than the threshold) → global allowlist →
 * rule allowlists → inline `gitleaks:allow`.
 */
export function ruleCandidates(text: string, rule: LeakRule, index: () => TextIndex): Candidate[] {
  const out: Candidate[] = [];
  let floor = 0;
  for (const m of text.matchAll(rule.regex)) {
    const span = secretSpan(m);
    if (!span || span[1] === span[0]) continue;
    const secret = text.slice(span[0], span[1]);
    const matchStart = rule.keyPrefix ? keyStart(text, m.index, floor) : m.index;
    const matchEnd = m.index + m[0].length;
    floor = matchEnd;
    if (rule.entropy !== undefined && shannonEntropy(secret) <= rule.entropy) continue;
    if (globallyAllowed(secret)) continue;
    const lines = (): string => index().linesAround(matchStart, matchEnd);
    const match = text.slice(matchStart, matchEnd);
    if (rule.allowlists?.some((a) => allowedBy(a, secret, match, lines))) continue;
    if (inlineAllowed(lines())) continue;
    out.push({ rule, secret, start: span[0], end: span[1], line: index().lineOf(span[0]) });
  }
  return out;
}

/**
 * gitleaks' `filter`: a generic finding is dropped when a specific rule found
 * a value containing it on the same line (`token: ghp_…` is one GitHub
 * finding, not two), or an earlier generic rule did (`password = …` is one
 * password finding, not also a generic key).
 */
export function dropShadowedGeneric(all: readonly Candidate[]): Candidate[] {
  const kept = all.filter((c) => c.rule.generic !== true);
  const shadowed = (c: Candidate): boolean =>
    kept.some((s) => s.line === c.line && s.rule !== c.rule && s.secret.includes(c.secret));
  for (const c of all) if (c.rule.generic === true && !shadowed(c)) kept.push(c);
  return all.filter((c) => kept.includes(c));
}
