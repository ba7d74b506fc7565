import { sopsError, type ErrorWhere } from './errors.js';

/**
 * Which leaves get encrypted (sops.go `shouldBeEncrypted`). At most one rule
 * per file; with none, sops uses (and writes) `unencrypted_suffix: _unencrypted`.
 * The rule is tested against every component of the leaf's key path.
 */
export type EncryptionRule =
  | { readonly kind: 'unencrypted_suffix'; readonly value: string }
  | { readonly kind: 'encrypted_suffix'; readonly value: string }
  | { readonly kind: 'unencrypted_regex'; readonly value: string }
  | { readonly kind: 'encrypted_regex'; readonly value: string }
  | { readonly kind: 'unencrypted_comment_regex'; readonly value: string }
  | { readonly kind: 'encrypted_comment_regex'; readonly value: string };

export type RuleKind = EncryptionRule['kind'];

export const RULE_KINDS: readonly RuleKind[] = [
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
];

export const DEFAULT_RULE: EncryptionRule = { kind: 'unencrypted_suffix', value: '_unencrypted' };

/**
 * Translates a Go RE2 pattern to a JS RegExp. RE2 has no look-around or
 * back-references; JS accepts them, so they are refused to keep both
 * implementations selecting the same leaves. `(?i)` at the start becomes the
 * `i` flag; `(?P<n>` becomes `(?<n>`; `\A`/`\z` become `^`/`$`.
 */
export function compileRe2(pattern: string, where: ErrorWhere = {}): RegExp {
  let src = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (/[mU]/.test(lead[1] ?? ''))
      throw sopsError('SOPS_INVALID_RULE', `regex flags (?${lead[1]}) are not supported`, where);
    flags = (lead[1] ?? '').replaceAll('U', '');
    src = src.slice(lead[0].length);
  }
  if (/\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</.test(src)) {
    throw sopsError(
      'SOPS_INVALID_RULE',
      `regex "${pattern}" uses look-around or back-references, which Go's RE2 does not support`,
      where,
    );
  }
  if (/\(\?[a-zA-Z]/.test(src.replaceAll('(?P<', '(?<')))
    throw sopsError('SOPS_INVALID_RULE', `regex "${pattern}" uses inline flags that are not supported`, where);
  src = src.replaceAll('(?P<', '(?<').replaceAll('\\A', '^').replaceAll('\\z', '$');
  try {
    return new RegExp(src, flags);
  } catch (err) {
    throw sopsError('SOPS_INVALID_RULE', `regex "${pattern}" is invalid`, where, err);
  }
}

/** A compiled rule: decides per key path (and the comments above it). */
export interface RuleMatcher {
  readonly rule: EncryptionRule;
  shouldEncrypt(path: readonly string[], comments: readonly string[]): boolean;
}

export function compileRule(rule: EncryptionRule, where: ErrorWhere = {}): RuleMatcher {
  switch (rule.kind) {
    case 'unencrypted_suffix':
      return { rule, shouldEncrypt: (path) => !path.some((p) => p.endsWith(rule.value)) };
    case 'encrypted_suffix':
      return { rule, shouldEncrypt: (path) => path.some((p) => p.endsWith(rule.value)) };
    case 'unencrypted_regex': {
      const re = compileRe2(rule.value, where);
      return { rule, shouldEncrypt: (path) => !path.some((p) => re.test(p)) };
    }
    case 'encrypted_regex': {
      const re = compileRe2(rule.value, where);
      return { rule, shouldEncrypt: (path) => path.some((p) => re.test(p)) };
    }
    case 'unencrypted_comment_regex': {
      const re = compileRe2(rule.value, where);
      return { rule, shouldEncrypt: (_path, comments) => !comments.some((c) => re.test(c)) };
    }
    case 'encrypted_comment_regex': {
      const re = compileRe2(rule.value, where);
      return { rule, shouldEncrypt: (_path, comments) => comments.some((c) => re.test(c)) };
    }
  }
}

/** Reads the single rule from a record of optional fields; two or more is an error (as in sops). */
export function ruleFromFields(
  fields: Readonly<Record<string, unknown>>,
  where: ErrorWhere,
  code: 'SOPS_INVALID_RULE' | 'SOPS_MALFORMED_METADATA' | 'SOPS_CONFIG_INVALID',
): EncryptionRule | undefined {
  const set = RULE_KINDS.filter((k) => fields[k] !== undefined && fields[k] !== null && fields[k] !== '');
  if (set.length > 1) throw sopsError(code, `only one of ${set.join(', ')} may be set`, where);
  const kind = set[0];
  if (kind === undefined) return undefined;
  const value = fields[kind];
  if (typeof value !== 'string') throw sopsError(code, `${kind} must be a string`, where);
  return { kind, value };
}
