import { sopsError } from '../errors.js';
import { resolvePlain } from '../resolve.js';
import type { Comment, Entry, MapNode, Node, SeqNode } from '../tree.js';
import { parseYamlFallback } from './yaml-fallback.js';
import {
  indentOf,
  isDocMarker,
  isSeqItem,
  MERGE,
  parseDoubleQuoted,
  parseSingleQuoted,
  scanKey,
  TRAILER,
  trimEndSpaces,
  trimStartSpaces,
  Unsupported,
} from './yaml-scan.js';

interface Pending {
  readonly text: string;
  readonly col: number;
}

interface Cur {
  readonly ind: number;
  readonly text: string;
}

/**
 * A fast reader for block YAML — everything go-yaml (hence sops) writes, and
 * most hand-written files. Anything beyond it (flow collections, anchors,
 * tags, multi-line plain or quoted scalars, tabs) throws `Unsupported` and
 * the whole text goes to the `yaml` package instead. Decrypting is dominated
 * by YAML parsing, so this path is what makes it fast.
 */
class FastYaml {
  readonly lines: string[];
  i = 0;
  vcol = -1;
  pending: Pending[] = [];

  constructor(text: string) {
    this.lines = text.split('\n');
    if (text.endsWith('\n')) this.lines.pop();
  }

  line(k = this.i): string {
    return this.lines[k] ?? '';
  }

  atEnd(): boolean {
    return this.i >= this.lines.length;
  }

  atMarker(): boolean {
    const l = this.line();
    return this.vcol < 0 && (isDocMarker(l, '---') || isDocMarker(l, '...'));
  }

  /** Skips blank lines and collects comment lines (only at a line start). */
  skipTrivia(): void {
    if (this.vcol >= 0) return;
    while (!this.atEnd()) {
      const l = this.line();
      const ind = indentOf(l);
      if (ind === l.length) this.i++;
      else if (l[ind] === '#') {
        this.pending.push({ text: l.slice(ind + 1), col: ind });
        this.i++;
      } else return;
    }
  }

  peek(): Cur | undefined {
    this.skipTrivia();
    if (this.atEnd() || this.atMarker()) return undefined;
    const l = this.line();
    const ind = this.vcol >= 0 ? this.vcol : indentOf(l);
    return { ind, text: l.slice(ind) };
  }

  flush(into: (Entry | Comment | Node)[]): void {
    for (const p of this.pending) into.push({ kind: 'comment', text: p.text });
    this.pending = [];
  }

  /** Trailing comments that belong to a block at indentation `ind`. */
  takeTrailing(into: (Entry | Comment | Node)[], ind: number): void {
    let k = 0;
    while (k < this.pending.length && (this.pending[k]?.col ?? -1) >= ind)
      into.push({ kind: 'comment', text: this.pending[k++]?.text ?? '' });
    this.pending = this.pending.slice(k);
  }

  map(ind: number): MapNode {
    const items: (Entry | Comment)[] = [];
    const seen = new Set<string>();
    for (let cur = this.peek(); cur && cur.ind >= ind; cur = this.peek()) {
      if (cur.ind > ind || isSeqItem(cur.text)) throw new Unsupported();
      const k = scanKey(cur.text);
      if (!k || seen.has(k.key)) throw new Unsupported();
      seen.add(k.key);
      this.flush(items);
      const at = this.i;
      this.vcol = -1;
      const { node, comment } = this.value(ind, at, cur.ind + k.end, true);
      items.push({ kind: 'entry', key: k.key, value: node });
      if (comment !== undefined) items.push({ kind: 'comment', text: comment, inline: true });
    }
    this.takeTrailing(items, ind);
    return { kind: 'map', items };
  }

  seq(ind: number): SeqNode {
    const items: (Node | Comment)[] = [];
    for (let cur = this.peek(); cur && cur.ind === ind && isSeqItem(cur.text); cur = this.peek()) {
      this.flush(items);
      const after = cur.text.slice(1);
      const s = trimStartSpaces(after);
      const c = ind + 1 + after.length - s.length;
      let node: Node;
      let comment: string | undefined;
      if (s !== '' && !s.startsWith('#') && (isSeqItem(s) || scanKey(s))) {
        this.vcol = c;
        node = isSeqItem(s) ? this.seq(c) : this.map(c);
      } else {
        ({ node, comment } = this.value(ind, this.i, ind + 1, false));
        // `- # c` above a nested block: go-yaml makes the comment the block's first (head) comment.
        if (comment !== undefined && (node.kind === 'map' || node.kind === 'seq') && node.items.length > 0) {
          node =
            node.kind === 'map'
              ? { kind: 'map', items: [{ kind: 'comment', text: comment }, ...node.items] }
              : { kind: 'seq', items: [{ kind: 'comment', text: comment }, ...node.items] };
          comment = undefined;
        }
      }
      items.push(node);
      if (comment !== undefined) items.push({ kind: 'comment', text: comment, inline: true });
    }
    const next = this.peek();
    if (next && next.ind > ind) throw new Unsupported();
    this.takeTrailing(items, ind);
    return { kind: 'seq', items };
  }

  /** The value after `key:` (or `-`) at column `col` of line `at`; `ind` is the parent block's indentation. */
  value(ind: number, at: number, col: number, inMap: boolean): { node: Node; comment?: string } {
    const rest = this.line(at).slice(col);
    const s = trimStartSpaces(rest);
    this.i = at + 1;
    this.vcol = -1;
    const trailer = TRAILER.exec(s);
    if (trailer) return { node: this.nested(ind, inMap), ...(trailer[1] === undefined ? {} : { comment: trailer[1] }) };
    const c = s[0] ?? '';
    if (c === '|') return this.block(ind, s);
    if (c === '"' || c === "'") return this.quoted(s, c);
    if (c === '!' && s.startsWith(MERGE)) {
      const t = TRAILER.exec(s.slice(MERGE.length));
      if (t && (s.length === MERGE.length || s[MERGE.length] === ' '))
        return { node: { kind: 'str', value: '<<' }, ...(t[1] === undefined ? {} : { comment: t[1] }) };
    }
    if (c === '{' || c === '[') {
      const m = /^(\{ *\}|\[ *\]) *(?:#(.*))?$/.exec(s);
      if (!m) throw new Unsupported();
      return {
        node: c === '{' ? { kind: 'map', items: [] } : { kind: 'seq', items: [] },
        ...(m[2] === undefined ? {} : { comment: m[2] }),
      };
    }
    if ('>&*!?%@`,]}#'.includes(c) || (c === '-' && (s.length === 1 || s[1] === ' ')) || (c === ':' && s[1] === ' '))
      throw new Unsupported();
    return this.plain(ind, s);
  }

  nested(ind: number, inMap: boolean): Node {
    const cur = this.peek();
    if (cur && cur.ind > ind) {
      if (isSeqItem(cur.text)) return this.seq(cur.ind);
      if (scanKey(cur.text)) return this.map(cur.ind);
      throw new Unsupported();
    }
    if (cur && inMap && cur.ind === ind && isSeqItem(cur.text)) return this.seq(ind);
    return { kind: 'null' };
  }

  quoted(s: string, q: string): { node: Node; comment?: string } {
    const r = q === '"' ? parseDoubleQuoted(s, 0) : parseSingleQuoted(s, 0);
    const trailer = r ? TRAILER.exec(s.slice(r.end)) : null;
    if (!r || !trailer) throw new Unsupported();
    return { node: { kind: 'str', value: r.value }, ...(trailer[1] === undefined ? {} : { comment: trailer[1] }) };
  }

  plain(ind: number, s: string): { node: Node; comment?: string } {
    const hash = s.indexOf(' #');
    const text = trimEndSpaces(hash < 0 ? s : s.slice(0, hash));
    if (text.includes(': ') || text.endsWith(':')) throw new Unsupported();
    // A more-indented non-comment line right after a plain scalar continues it (multi-line plain).
    let k = this.i;
    while (k < this.lines.length && indentOf(this.line(k)) === this.line(k).length) k++;
    if (k < this.lines.length) {
      const l = this.line(k);
      const li = indentOf(l);
      if (li > ind && l[li] !== '#') throw new Unsupported();
    }
    return { node: resolvePlain(text), ...(hash < 0 ? {} : { comment: s.slice(hash + 2) }) };
  }

  block(ind: number, s: string): { node: Node; comment?: string } {
    const m = /^\|([1-9])?([+-])?([1-9])?( +#.*)?$/.exec(s);
    if (!m || (m[1] !== undefined && m[3] !== undefined)) throw new Unsupported();
    const digit = m[1] ?? m[3];
    const chomp = m[2] ?? '';
    let contentInd = digit === undefined ? -1 : ind + Number(digit);
    const body: string[] = [];
    while (!this.atEnd()) {
      const l = this.line();
      const li = indentOf(l);
      const blank = li === l.length;
      if (contentInd < 0 && !blank) contentInd = li > ind ? li : Infinity;
      if (!blank && li < contentInd) break;
      body.push(blank && l.length <= contentInd ? '' : l.slice(contentInd < 0 ? l.length : contentInd));
      this.i++;
    }
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const core = body.slice(0, end).join('\n');
    const trailing = body.length - end;
    let value: string;
    if (chomp === '-') value = core;
    else if (chomp === '+') value = end === 0 ? '\n'.repeat(trailing) : `${core}\n${'\n'.repeat(trailing)}`;
    else value = end === 0 ? '' : `${core}\n`;
    const comment = m[4] === undefined ? undefined : trimStartSpaces(m[4]).slice(1);
    return { node: { kind: 'str', value }, ...(comment === undefined ? {} : { comment }) };
  }

  document(): MapNode {
    const cur = this.peek();
    if (!cur) {
      const items: Comment[] = [];
      this.flush(items);
      return { kind: 'map', items };
    }
    if (isSeqItem(cur.text) || !scanKey(cur.text)) throw new Unsupported();
    const doc = this.map(cur.ind);
    if (this.peek()) throw new Unsupported();
    if (this.pending.length === 0) return doc;
    const items = [...doc.items];
    this.flush(items);
    return { kind: 'map', items };
  }

  marker(m: '---' | '...'): boolean {
    const l = this.line();
    if (!isDocMarker(l, m)) return false;
    if (!TRAILER.test(l.slice(3))) throw new Unsupported();
    this.i++;
    return true;
  }

  stream(): MapNode[] {
    if (this.lines.some((l) => l.includes('\t') || l.startsWith('%'))) throw new Unsupported();
    const docs: MapNode[] = [];
    this.skipTrivia();
    if (this.atEnd()) return this.pending.length === 0 ? [] : [this.document()];
    this.marker('---');
    for (;;) {
      docs.push(this.document());
      this.skipTrivia();
      if (this.marker('...')) this.skipTrivia();
      if (this.atEnd()) return docs;
      if (!this.marker('---')) throw new Unsupported();
    }
  }
}

/**
 * Parses YAML into sops documents (one map per YAML document), with go-yaml
 * v3 scalar typing and comments kept as items. Throws SOPS_PARSE_ERROR.
 */
export function parseYaml(text: string, file?: string): MapNode[] {
  const noBom = text.startsWith('\ufeff') ? text.slice(1) : text;
  // libyaml reads CRLF and a lone CR as a line feed everywhere (scalars included).
  const src = noBom.includes('\r') ? noBom.replace(/\r\n?/g, '\n') : noBom;
  try {
    return new FastYaml(src).stream();
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  try {
    return parseYamlFallback(src, file);
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('SOPS_')) throw err;
    throw sopsError('SOPS_PARSE_ERROR', 'cannot parse YAML', { file }, err);
  }
}
