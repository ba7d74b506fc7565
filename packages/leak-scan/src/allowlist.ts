import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position } from './finding.js';
import { LEAK_RULES } from './rules/index.js';

export type AllowlistProblemCode =
  | 'LEAK_ALLOWLIST_SYNTAX'
  | 'LEAK_ALLOWLIST_SHAPE'
  | 'LEAK_ALLOWLIST_UNKNOWN_KEY'
  | 'LEAK_ALLOWLIST_MISSING_REASON'
  | 'LEAK_ALLOWLIST_NO_MATCHER'
  | 'LEAK_ALLOWLIST_UNKNOWN_RULE'
  | 'LEAK_ALLOWLIST_BAD_VALUE'
  | 'LEAK_ALLOWLIST_EXPIRED';

/** One problem in an allowlist file, with its 1-based position. Never fatal on its own: every problem is collected. */
export interface AllowlistProblem {
  readonly code: AllowlistProblemCode;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * One accepted entry. Every matcher present must match (AND); at least one is
 * present. `path` is a picomatch glob over scan-relative `/` paths, `rule` our
 * rule id, `fingerprint` a finding's `fingerprint`.
 */
export interface AllowlistEntry {
  readonly path?: string;
  readonly rule?: string;
  readonly fingerprint?: string;
  readonly reason: string;
  /** `YYYY-MM-DD`, last day the entry applies (UTC). */
  readonly expires?: string;
  /** Where the entry starts, for reports (`file:line:col`). */
  readonly source: { readonly file: string } & Position;
}

export interface LoadedAllowlist {
  readonly entries: readonly AllowlistEntry[];
  readonly problems: readonly AllowlistProblem[];
}

export interface LoadAllowlistOptions {
  /** When given, entries whose `expires` is before this day (UTC) are reported and dropped. */
  readonly now?: Date;
}

const ENTRY_KEYS = new Set(['path', 'rule', 'fingerprint', 'reason', 'expires']);
const RULE_IDS = new Set(LEAK_RULES.map((r) => r.id));
const FINGERPRINT = /^[0-9a-f]{12}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

class Collector {
  readonly problems: AllowlistProblem[] = [];
  constructor(
    readonly file: string,
    private readonly lc: LineCounter,
  ) {}

  at(node: Node | null | undefined): Position {
    const { line, col } = this.lc.linePos(node?.range?.[0] ?? 0);
    return { line, col };
  }

  add(code: AllowlistProblemCode, node: Node | null | undefined, message: string): void {
    const { line, col } = this.at(node);
    this.problems.push({ code, message: `${this.file}:${line}:${col}: ${message}`, file: this.file, line, col });
  }
}

function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function stringField(c: Collector, pair: Pair, key: string): string | undefined {
  const node = pair.value as Node | null;
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value.trim();
  if (key === 'reason')
    c.add(
      'LEAK_ALLOWLIST_MISSING_REASON',
      node ?? (pair.key as Node),
      '"reason" is empty: say why these matches are not live secrets',
    );
  else c.add('LEAK_ALLOWLIST_BAD_VALUE', node ?? (pair.key as Node), `"${key}" must be a non-empty string`);
  return undefined;
}

function checkField(c: Collector, key: string, value: string, node: Node): boolean {
  switch (key) {
    case 'rule':
      if (RULE_IDS.has(value)) return true;
      c.add(
        'LEAK_ALLOWLIST_UNKNOWN_RULE',
        node,
        `unknown rule "${value}" (rule ids look like LEAK-aws-access-token; see docs/policies/leak-scan.md)`,
      );
      return false;
    case 'fingerprint':
      if (FINGERPRINT.test(value)) return true;
      c.add('LEAK_ALLOWLIST_BAD_VALUE', node, '"fingerprint" must be the 12 hex characters a finding reports');
      return false;
    case 'expires':
      if (isRealDate(value)) return true;
      c.add('LEAK_ALLOWLIST_BAD_VALUE', node, '"expires" must be a date written YYYY-MM-DD');
      return false;
    default:
      return true;
  }
}

function readEntry(c: Collector, map: YAMLMap, now: Date | undefined): AllowlistEntry | undefined {
  const fields: Record<string, string> = {};
  let ok = true;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!ENTRY_KEYS.has(key)) {
      c.add(
        'LEAK_ALLOWLIST_UNKNOWN_KEY',
        pair.key as Node,
        `unknown key "${key}" (allowed: path, rule, fingerprint, reason, expires)`,
      );
      ok = false;
      continue;
    }
    const value = stringField(c, pair, key);
    if (value === undefined || !checkField(c, key, value, pair.value as Node)) ok = false;
    else fields[key] = value;
  }
  return finishEntry(c, map, fields, ok, now);
}

function finishEntry(
  c: Collector,
  map: YAMLMap,
  f: Record<string, string>,
  ok: boolean,
  now: Date | undefined,
): AllowlistEntry | undefined {
  if (f['reason'] === undefined && !map.has('reason')) {
    c.add('LEAK_ALLOWLIST_MISSING_REASON', map, 'entry has no "reason": say why these matches are not live secrets');
    ok = false;
  }
  if (!map.has('path') && !map.has('rule') && !map.has('fingerprint')) {
    c.add('LEAK_ALLOWLIST_NO_MATCHER', map, 'entry needs at least one of "path", "rule" or "fingerprint"');
    ok = false;
  }
  const expires = f['expires'];
  if (ok && expires !== undefined && now !== undefined && now.toISOString().slice(0, 10) > expires) {
    c.add(
      'LEAK_ALLOWLIST_EXPIRED',
      map.get('expires', true),
      `entry expired on ${expires}: remove it or renew it with a new reason`,
    );
    ok = false;
  }
  if (!ok || f['reason'] === undefined) return undefined;
  const { line, col } = c.at(map);
  return {
    reason: f['reason'],
    ...(f['path'] !== undefined && { path: f['path'] }),
    ...(f['rule'] !== undefined && { rule: f['rule'] }),
    ...(f['fingerprint'] !== undefined && { fingerprint: f['fingerprint'] }),
    ...(expires !== undefined && { expires }),
    source: { file: c.file, line, col },
  };
}

/**
 * Parses and validates an allowlist file (`policies/leak-allowlist.yaml`):
 * a map with `entries:`, a list of `{ path?, rule?, fingerprint?, reason,
 * expires? }`. Returns every valid entry and every problem with its position;
 * an invalid or expired entry is left out rather than half-applied.
 */
export function loadAllowlist(text: string, file: string, options: LoadAllowlistOptions = {}): LoadedAllowlist {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const c = new Collector(file, lc);
  for (const e of doc.errors) {
    const { line, col } = lc.linePos(e.pos[0]);
    c.problems.push({
      code: 'LEAK_ALLOWLIST_SYNTAX',
      message: `${file}:${line}:${col}: ${e.code}: invalid YAML`,
      file,
      line,
      col,
    });
  }
  if (doc.errors.length > 0) return { entries: [], problems: c.problems };
  return { entries: readRoot(c, doc.contents, options.now), problems: c.problems };
}

function readRoot(c: Collector, root: Node | null, now: Date | undefined): AllowlistEntry[] {
  if (root === null) return [];
  if (!isMap(root)) {
    c.add('LEAK_ALLOWLIST_SHAPE', root, 'the allowlist must be a map with an "entries" list');
    return [];
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'entries')
      c.add(
        'LEAK_ALLOWLIST_UNKNOWN_KEY',
        pair.key as Node,
        `unknown key "${key}" (only "entries" is allowed at the top)`,
      );
  }
  const list = root.get('entries', true) as Node | undefined;
  if (list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) {
    c.add('LEAK_ALLOWLIST_SHAPE', list, '"entries" must be a list');
    return [];
  }
  const entries: AllowlistEntry[] = [];
  for (const item of list.items as (Node | null)[]) {
    if (!isMap(item)) {
      c.add('LEAK_ALLOWLIST_SHAPE', item ?? list, 'each entry must be a map (path/rule/fingerprint, reason, expires)');
      continue;
    }
    const entry = readEntry(c, item, now);
    if (entry) entries.push(entry);
  }
  return entries;
}
