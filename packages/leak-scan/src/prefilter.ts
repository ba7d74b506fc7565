import type { LeakRule } from './rules/define.js';

const MAX_CACHED = 512;

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * gitleaks' keyword prefilter: which rules have one of their keywords in the
 * text (ASCII case-insensitive)? Only those rules run their regex.
 *
 * gitleaks answers with one Aho–Corasick pass. In V8 a JavaScript automaton
 * costs about as much as the literal-prefixed rule regexes it should save, so
 * this uses the engine's own literal search instead: one alternation of the
 * keywords of the rules still undecided, run over the lower-cased text. Each
 * hit decides its rules, and the search resumes *at the same offset* with the
 * alternation of the rules still undecided (so overlapping and prefix keywords
 * are not missed). The text is thus scanned once, with at most one `exec` per
 * rule found; the few alternations a repository produces are cached.
 */
export class KeywordPrefilter {
  private readonly byKeyword = new Map<string, number[]>();
  private readonly patterns = new Map<string, RegExp | null>();

  constructor(private readonly rules: readonly LeakRule[]) {
    rules.forEach((rule, r) => {
      for (const kw of rule.keywords) {
        const k = kw.toLowerCase();
        this.byKeyword.set(k, [...(this.byKeyword.get(k) ?? []), r]);
      }
    });
  }

  /** For each rule (same order as given), whether one of its keywords occurs in `text`. */
  present(text: string): boolean[] {
    const found = this.rules.map((r) => r.keywords.length === 0);
    const lower = text.toLowerCase();
    let at = 0;
    for (let re = this.pattern(found); re !== null; re = this.pattern(found)) {
      re.lastIndex = at;
      const m = re.exec(lower);
      if (m === null) break;
      for (const r of this.byKeyword.get(m[0]) ?? []) found[r] = true;
      at = m.index;
    }
    return found;
  }

  /** The cached alternation of the keywords of rules not yet found; null when none is left. */
  private pattern(found: readonly boolean[]): RegExp | null {
    const key = found.map((f) => (f ? '1' : '0')).join('');
    let re = this.patterns.get(key);
    if (re === undefined) {
      const words = [...this.byKeyword].filter(([, rules]) => rules.some((r) => found[r] !== true)).map(([k]) => k);
      // longest first, so a keyword that is a prefix of another does not hide it
      words.sort((a, b) => b.length - a.length);
      re = words.length === 0 ? null : new RegExp(words.map(escapeLiteral).join('|'), 'g');
      if (this.patterns.size >= MAX_CACHED) this.patterns.clear();
      this.patterns.set(key, re);
    }
    return re;
  }
}

const cache = new WeakMap<readonly LeakRule[], KeywordPrefilter>();

/** The prefilter for a rule list, built once per list. */
export function prefilterFor(rules: readonly LeakRule[]): KeywordPrefilter {
  let p = cache.get(rules);
  if (!p) {
    p = new KeywordPrefilter(rules);
    cache.set(rules, p);
  }
  return p;
}
