import type { Comment, Entry, MapNode, Node, SeqNode } from '../tree.js';
import { renderScalar, renderString, type Rendered } from './yaml-scalar.js';

/**
 * Writes documents the way sops does through go-yaml v3 (`SetIndent(n)`):
 * block style only, sequences indented under their key, nested blocks at the
 * next multiple of n, list-item maps right after `- `, literal blocks for
 * multi-line strings, `{}`/`[]` for empty collections, `---` between
 * documents. See FORMAT.md §5.1.
 */
class Emitter {
  readonly lines: string[] = [];
  constructor(readonly step: number) {}

  /** Indentation of a block nested under a mapping key of a block at `ind`. */
  next(ind: number): number {
    return this.step * Math.floor((ind + this.step) / this.step);
  }

  push(prefix: string, text: string): void {
    this.lines.push(prefix + text);
  }

  /** Appends ` #text` to the last line written (an inline comment). */
  inline(c: Comment): void {
    const last = this.lines.length - 1;
    if (last >= 0) this.lines[last] = `${this.lines[last] ?? ''} #${c.text}`;
  }

  literal(r: Extract<Rendered, { kind: 'literal' }>, bodyInd: number): void {
    const pad = ' '.repeat(bodyInd);
    const body = r.body.endsWith('\n') ? r.body.slice(0, -1) : r.body;
    for (const l of body.split('\n')) this.lines.push(l === '' ? '' : pad + l);
  }

  /** `prefix` replaces the indentation of the first line (e.g. `- ` of a list item). */
  map(m: MapNode, ind: number, prefix?: string): void {
    let first = prefix;
    for (const item of m.items) {
      if (item.kind === 'comment') {
        if (item.inline === true && this.lines.length > 0 && first === undefined) this.inline(item);
        else this.push(' '.repeat(commentColumn(first, ind)), `#${item.text}`);
        continue;
      }
      this.entry(item, ind, first ?? ' '.repeat(ind));
      first = undefined;
    }
    if (first !== undefined) this.push(first, '{}');
  }

  /**
   * A key is a "simple key" (`key: value`) unless it is multi-line or longer
   * than 128 bytes; then go-yaml writes the complex form `? key` / `: value`.
   */
  entry(e: Entry, ind: number, prefix: string): void {
    const simple = Buffer.byteLength(e.key) <= 128 && !/[\n\r\u0085\u2028\u2029]/.test(e.key);
    const childInd = this.next(ind);
    if (simple) {
      const r = renderString(e.key, true, childInd - ind);
      this.value(e.value, `${prefix}${r.kind === 'inline' ? r.text : r.body}:`, childInd, ind);
      return;
    }
    // Complex keys are rare (multi-line or > 128 bytes); the value block goes on the following lines.
    const r = renderString(e.key, false, childInd - ind);
    if (r.kind === 'inline') this.lines.push(`${prefix}? ${r.text}`);
    else {
      this.lines.push(`${prefix}? ${r.header}`);
      this.literal(r, childInd);
    }
    this.value(e.value, `${' '.repeat(ind)}:`, childInd, ind);
  }

  /**
   * Writes `lead` followed by the value: inline scalar, literal block, or
   * nested block at `childInd`. A literal's indentation indicator (needed when
   * the text starts with a space or newline) is relative to `parentInd`, so
   * it always matches where the body is written.
   */
  value(v: Node, lead: string, childInd: number, parentInd: number): void {
    if (v.kind === 'map' || v.kind === 'seq') {
      const empty = !v.items.some((i) => i.kind !== 'comment');
      if (empty) {
        this.lines.push(`${lead} ${v.kind === 'map' ? '{}' : '[]'}`);
        return;
      }
      this.lines.push(lead);
      if (v.kind === 'map') this.map(v, childInd);
      else this.seq(v, childInd);
      return;
    }
    const r = renderScalar(v, childInd - parentInd);
    if (r.kind === 'inline') this.lines.push(`${lead} ${r.text}`);
    else {
      this.lines.push(`${lead} ${r.header}`);
      this.literal(r, childInd);
    }
  }

  seq(s: SeqNode, ind: number, prefix?: string): void {
    let first = prefix;
    for (const item of s.items) {
      const p = first ?? ' '.repeat(ind);
      if (item.kind === 'comment') {
        if (item.inline === true && this.lines.length > 0 && first === undefined) this.inline(item);
        else this.push(' '.repeat(commentColumn(first, ind)), `#${item.text}`);
        continue;
      }
      first = undefined;
      this.item(item, p, ind);
    }
  }

  item(v: Node, p: string, ind: number): void {
    const nonEmpty = (v.kind === 'map' || v.kind === 'seq') && v.items.some((i) => i.kind !== 'comment');
    if (nonEmpty && v.kind === 'map') this.map(v, ind + 2, `${p}- `);
    else if (nonEmpty && v.kind === 'seq') this.seq(v, ind + 2, `${p}- `);
    else this.value(v, `${p}-`, ind + 2, ind);
  }
}

/**
 * Column of a comment line. Before the first item of a list-item block (whose
 * first line starts with `- `), the comment goes at the outermost dash's
 * column: never on the `- ` itself (that would add a null item) and never
 * deeper, where it would fall inside a preceding literal block.
 */
function commentColumn(pendingPrefix: string | undefined, ind: number): number {
  return pendingPrefix === undefined ? ind : pendingPrefix.length - pendingPrefix.trimStart().length;
}

/** Emits YAML documents as sops writes them (indent step n, default 4). */
export function emitYaml(docs: readonly MapNode[], indent = 4): string {
  return docs
    .map((doc) => {
      const e = new Emitter(indent);
      if (!doc.items.some((i) => i.kind === 'entry')) {
        for (const i of doc.items) if (i.kind === 'comment') e.lines.push(`#${i.text}`);
        e.lines.push('{}');
      } else e.map(doc, 0);
      return `${e.lines.join('\n')}\n`;
    })
    .join('---\n');
}
