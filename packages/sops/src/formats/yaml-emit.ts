import type { Entry, MapNode, Node, SeqNode } from '../tree.js';
import { isBlock, mapSlots, ownLead, seqSlots, type Slot } from './yaml-comments.js';
import { renderScalar, renderString, type Rendered } from './yaml-scalar.js';

/**
 * Writes documents the way sops does through go-yaml v3 (`SetIndent(n)`):
 * block style only, sequences indented under their key, nested blocks at the
 * next multiple of n, list-item maps right after `- `, literal blocks for
 * multi-line strings, `{}`/`[]` for empty collections, `---` between
 * documents. The sops side: https://github.com/getsops/sops/blob/v3.13.2/stores/yaml/store.go
 * (emitting with go-yaml v3, https://github.com/yaml/go-yaml/blob/v3.0.4/emitterc.go).
 *
 * Comments follow libyaml's emitter, quirks included, because sops files
 * carry them: a foot comment (trailing comments of a block) whose last value
 * is itself a block is only written at the next place libyaml flushes foot
 * comments — after the next scalar or `key:` line, or at the end of the
 * document — so it can move (sops issue #1068), and a later foot comment
 * replaces one still waiting. A new line at the indentation of the foot
 * comment just written gets a blank line first.
 */
class Emitter {
  readonly lines: string[] = [];
  /** libyaml `foot_comment`: written at the next flush, replaced by a newer one. */
  pending: readonly string[] = [];
  /** libyaml `foot_indent`: indentation of the foot comment just written (-1: none). */
  footIndent = -1;
  constructor(readonly step: number) {}

  /** Indentation of a block nested under a mapping key of a block at `ind`. */
  next(ind: number): number {
    return this.step * Math.floor((ind + this.step) / this.step);
  }

  /** libyaml `write_indent` for a line starting at `ind`: a blank line after a foot comment at the same indentation. */
  breakBefore(ind: number): void {
    if (this.footIndent === ind) this.lines.push('');
    this.footIndent = -1;
  }

  line(ind: number, text: string): void {
    this.breakBefore(ind);
    this.lines.push(' '.repeat(ind) + text);
  }

  comments(ind: number, texts: readonly string[]): void {
    texts.forEach((t, i) => {
      if (i === 0) this.line(ind, `#${t}`);
      else this.lines.push(`${' '.repeat(ind)}#${t}`);
    });
  }

  /** libyaml `process_foot_comment` at the current indentation `ind`. */
  flushFoot(ind: number): void {
    if (this.pending.length === 0) return;
    this.comments(ind, this.pending);
    this.pending = [];
    this.footIndent = ind;
  }

  setFoot(foot: readonly string[]): void {
    if (foot.length > 0) this.pending = foot;
  }

  literal(r: Extract<Rendered, { kind: 'literal' }>, bodyInd: number): void {
    const pad = ' '.repeat(bodyInd);
    const body = r.body.endsWith('\n') ? r.body.slice(0, -1) : r.body;
    for (const l of body.split('\n')) this.lines.push(l === '' ? '' : pad + l);
  }

  /** Writes `lead` + a scalar (or `{}`/`[]`) with its line comments; a literal's body goes at `bodyInd`. */
  scalar(v: Node, lead: string, inline: readonly string[], bodyInd: number, parentInd: number): void {
    const tail = inline.map((c) => ` #${c}`).join('');
    if (v.kind === 'map' || v.kind === 'seq') {
      this.lines.push(`${lead} ${v.kind === 'map' ? '{}' : '[]'}${tail}`);
      return;
    }
    const r = renderScalar(v, bodyInd - parentInd, this.step);
    if (r.kind === 'inline') this.lines.push(`${lead} ${r.text}${tail}`);
    else {
      this.lines.push(`${lead} ${r.header}${tail}`);
      this.literal(r, bodyInd);
    }
  }

  /**
   * A block mapping at `ind`. With `prefix` (a list item's `- `), the first
   * key goes right after it; that item's head comments were written by the caller.
   */
  map(m: MapNode, ind: number, prefix?: string): void {
    mapSlots(m).slots.forEach((slot, i) => {
      const first = i === 0 && prefix !== undefined;
      if (!first) this.comments(ind, slot.head);
      this.entry(slot, ind, first ? prefix : undefined);
    });
  }

  entry(slot: Slot<Entry>, ind: number, prefix: string | undefined): void {
    const e = slot.item;
    const childInd = this.next(ind);
    if (prefix === undefined) this.breakBefore(ind);
    const start = prefix ?? ' '.repeat(ind);
    if (Buffer.byteLength(e.key) > 128 || /[\n\r\u0085\u2028\u2029]/.test(e.key)) {
      this.complexEntry(slot, ind, start);
      return;
    }
    const r = renderString(e.key, true, childInd - ind, this.step);
    this.value(slot, `${start}${r.kind === 'inline' ? r.text : r.body}:`, childInd, ind);
  }

  /**
   * `lead` (`key:`) and the value: a scalar on the same line, or a nested
   * block below it. The foot comment waiting is flushed after the scalar, or
   * after the `key:` line of a block (which is how comments move).
   */
  value(slot: Slot<Entry>, lead: string, childInd: number, ind: number): void {
    const v = slot.item.value;
    if (!isBlock(v)) {
      this.setFoot(slot.foot);
      this.scalar(v, lead, slot.inline, childInd, ind);
      this.flushFoot(ind);
      return;
    }
    this.lines.push(lead + slot.inline.map((c) => ` #${c}`).join(''));
    this.flushFoot(ind);
    if (v.kind === 'map') this.map(v, childInd);
    else this.seq(v, childInd);
    this.setFoot(slot.foot);
  }

  /** A key that is multi-line or longer than 128 bytes: go-yaml writes `? key` then `: value`. */
  complexEntry(slot: Slot<Entry>, ind: number, start: string): void {
    const childInd = this.next(ind);
    const r = renderString(slot.item.key, false, childInd - ind, this.step);
    if (r.kind === 'inline') this.lines.push(`${start}? ${r.text}`);
    else {
      this.lines.push(`${start}? ${r.header}`);
      this.literal(r, childInd);
    }
    const v = slot.item.value;
    const lead = `${' '.repeat(ind)}:`;
    // libyaml starts a nested block on the `:` line, padded to its indentation, when there is room.
    if (!isBlock(v) || lead.length >= childInd) {
      this.value(slot, lead, childInd, ind);
      return;
    }
    if (v.kind === 'map') this.map(v, childInd, lead.padEnd(childInd));
    else this.seq(v, childInd, lead.padEnd(childInd), true);
    this.setFoot(slot.foot);
  }

  /**
   * A block sequence at `ind`. `prefix` replaces the indentation of the first
   * line; `headDone` = the first item's head comments were written by the caller.
   */
  seq(s: SeqNode, ind: number, prefix?: string, headDone = false): void {
    seqSlots(s).slots.forEach((slot, i) => {
      const head = itemHead(slot, i, headDone);
      if (i === 0 && prefix !== undefined && head.length > 0) {
        // libyaml pads to the inner list's column and writes the comment on the enclosing `- ` line.
        this.lines.push(`${prefix}#${head[0] ?? ''}`);
        for (const c of head.slice(1)) this.lines.push(`${' '.repeat(ind)}#${c}`);
        this.item(slot, ind, undefined);
        return;
      }
      this.comments(ind, head);
      this.item(slot, ind, i === 0 ? prefix : undefined);
    });
  }

  item(slot: Slot<Node>, ind: number, prefix: string | undefined): void {
    const v = slot.item;
    if (prefix === undefined) this.breakBefore(ind);
    const dash = `${prefix ?? ' '.repeat(ind)}-`;
    if (!isBlock(v)) {
      this.setFoot(slot.foot);
      this.scalar(v, dash, slot.inline, ind + 2, ind);
      this.flushFoot(ind);
      return;
    }
    if (this.pending.length > 0) {
      // libyaml writes the waiting foot comment after the dash, then the item's block below it.
      this.lines.push(dash);
      this.flushFoot(ind);
      if (v.kind === 'map') this.map(v, ind + 2);
      else this.seq(v, ind + 2);
    } else if (v.kind === 'map') this.map(v, ind + 2, `${dash} `);
    else this.seq(v, ind + 2, `${dash} `, true);
    this.setFoot(slot.foot);
  }

  /** A whole document: the root map, then the foot comment still waiting, after a blank line. */
  document(doc: MapNode): void {
    const slots = mapSlots(doc);
    if (slots.slots.length === 0) {
      for (const c of slots.onlyComments) this.lines.push(`#${c}`);
      this.lines.push('{}');
      return;
    }
    this.map(doc, 0);
    this.footIndent = 0;
    this.flushFoot(0);
  }
}

/**
 * The head comment libyaml writes before a list item: the comments before
 * it, then its own leading comments if it is a block. For the first item the
 * list's leading comments are replaced by the item's own, if it has any
 * (go-yaml keeps one pending head comment); `headDone` = the list's leading
 * comments were already written before an enclosing dash.
 */
function itemHead(slot: Slot<Node>, index: number, headDone: boolean): readonly string[] {
  const own = ownLead(slot.item);
  if (index > 0) return [...slot.head, ...own];
  return own.length > 0 || headDone ? own : slot.head;
}

/** Emits YAML documents as sops writes them (indent step n, default 4). */
export function emitYaml(docs: readonly MapNode[], indent = 4): string {
  return docs
    .map((doc) => {
      const e = new Emitter(indent);
      e.document(doc);
      return `${e.lines.join('\n')}\n`;
    })
    .join('---\n');
}
