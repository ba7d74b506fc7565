import type { Severity } from '../finding.js';

/**
 * Where a rule comes from upstream: the gitleaks rule id and the Go file that
 * generates it. `own`: not in gitleaks' default rules (ours, modelled on the
 * rules in `file`); the id is ours then.
 */
export interface GitleaksSource {
  readonly ruleId: string;
  readonly file: string;
  readonly own?: true;
}

/**
 * A rule-level allowlist, modelled on gitleaks' `[[rules.allowlists]]`: the
 * candidate is dropped when one of `regexes` matches the chosen target or the
 * secret contains one of `stopwords` (lower case).
 */
export interface RuleAllowlist {
  /** What the regexes test: the secret (gitleaks' default), the whole match, or the line(s) of the match. */
  readonly target: 'secret' | 'match' | 'line';
  readonly regexes: readonly RegExp[];
  readonly stopwords?: readonly string[];
}

/**
 * One leak rule: data, not code. `regex` has the `g` and `d` flags; its first
 * non-empty capture group is the secret (the whole match when there is none),
 * as in gitleaks.
 */
export interface LeakRule {
  /** Our stable id, `LEAK-<gitleaks id>`. */
  readonly id: string;
  readonly gitleaks: GitleaksSource;
  readonly title: string;
  readonly description: string;
  /** Documentation link (repo-relative anchor; SARIF writers may make it absolute). */
  readonly helpUri: string;
  readonly severity: Severity;
  /** Lower-case prefilter words: the regex runs only when one occurs in the lower-cased text. */
  readonly keywords: readonly string[];
  readonly regex: RegExp;
  /** Keep a candidate only when its Shannon entropy is strictly greater than this (gitleaks semantics). */
  readonly entropy?: number;
  /**
   * The regex starts at the key name; gitleaks' leading `[\w.-]{0,50}?` is
   * restored by walking back over name characters (JS backtracking would make
   * that prefix quadratic, RE2 does not care).
   */
  readonly keyPrefix?: boolean;
  /** Anchored pattern of the format's public prefix: the only part of a value `redacted` shows. */
  readonly publicPrefix?: RegExp;
  readonly allowlists?: readonly RuleAllowlist[];
  /** Files (scan-relative, `/`-separated) this rule never reports in (gitleaks' rule-level `paths` allowlist). */
  readonly exemptPaths?: readonly RegExp[];
  /** The only files this rule looks at (gitleaks' rule `path`), e.g. `\.ya?ml$` for Kubernetes manifests. */
  readonly paths?: RegExp;
  /** The file's name is the finding (gitleaks' path-only rules, e.g. PKCS#12 files): no content is read, binary files included. */
  readonly pathOnly?: true;
  /** A generic rule yields to a specific rule that found the same value on the same line (gitleaks' `filter`). */
  readonly generic?: boolean;
}

export type RuleSpec = Omit<LeakRule, 'id' | 'helpUri' | 'regex'> & {
  /** JavaScript regex source, translated from the gitleaks (RE2) pattern. */
  readonly source: string;
  /** Extra flags besides `g` and `d` (e.g. `i` for gitleaks' leading `(?i)`). */
  readonly flags?: string;
};

export const DOC_PATH = 'docs/policies/leak-scan.md';

/** Builds a rule from its spec: derives the id, the doc anchor and compiles the regex. */
export function defineRule(spec: RuleSpec): LeakRule {
  const { source, flags = '', ...rest } = spec;
  const id = `LEAK-${spec.gitleaks.ruleId}`;
  return Object.freeze({
    ...rest,
    id,
    helpUri: `${DOC_PATH}#${id.toLowerCase()}`,
    regex: new RegExp(source, `gd${flags}`),
  });
}

/**
 * Case-insensitive text without the `i` flag (`key` → `[kK][eE][yY]`): Node 20
 * has no inline `(?i:…)`/`(?-i:…)` groups, which gitleaks' patterns mix.
 */
export function ci(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charAt(i);
    out += c.toLowerCase() === c.toUpperCase() ? escape(c) : `[${c.toLowerCase()}${c.toUpperCase()}]`;
  }
  return out;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

/**
 * gitleaks' token terminator (`utils.GenerateUniqueTokenRegex` suffix): the
 * value must end at a quote, backtick, whitespace, `;`, an escaped `\n`/`\r`
 * or the end of the text.
 */
export const TOKEN_END = String.raw`(?:[\x60'"\s;]|\\[nr]|$)`;

/**
 * gitleaks' `utils.GenerateSemiGenericRegex` without its leading
 * `[\w.-]{0,50}?` (see `keyPrefix`): a key name, an assignment operator of any
 * common syntax (`=`, `:`, `:=`, `=>`, `||`, `?=`, `,` …), optional quotes,
 * then the secret as capture group 1.
 */
export function keyAssignment(identifier: string, secret: string, end = TOKEN_END): string {
  return String.raw`${identifier}(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(${secret})${end}`;
}
