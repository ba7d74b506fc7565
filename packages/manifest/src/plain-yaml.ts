/**
 * A reader for the plain block style manifests are written in, several times
 * faster than building a YAML document: no nodes, no positions, only the data.
 * It returns `undefined` — "not sure, use the real parser" — on anything
 * outside a small subset whose meaning it knows exactly as YAML 1.2's core
 * schema reads it: block mappings with plain keys, block sequences indented
 * under their key, one-line scalars (plain, or quoted without escapes),
 * one-line flow sequences of such scalars, and `>` `>-` `|` `|-` block scalars
 * of equally indented lines. Duplicate or forbidden keys, anchors, aliases,
 * tags, tabs, control characters, documents markers, multi-line plain
 * scalars and anything else make it give up, so every problem is still found
 * (with its position) by the real parser. Tests check that whatever it reads,
 * `yaml` reads the same, on every fixture and on generated variants.
 */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  const reader = new Reader();
  const lines = text.split('\n');
  for (const line of lines) if (!reader.line(line)) return undefined;
  return reader.end(text.endsWith('\n'));
}

/** Characters the reader leaves to the parser: tabs, CR, controls, NEL, line/paragraph separators, BOM. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const UNSAFE_TEXT = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|^(?:---|\.\.\.|%)/m;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const DOUBLE = /^"([^"\\]*)"(?: +#.*)? *$/;
const SINGLE = /^'([^']*)'(?: +#.*)? *$/;
const PLAIN = /^[A-Za-z][A-Za-z0-9 ._/=+@:,;()'"?%#-]*$/;
const FLOW_SEQ = /^\[([^[\]{}#]*)\](?: +#.*)? *$/;
const FLOW_PLAIN = /^[A-Za-z][A-Za-z0-9._/=+@-]*$/;
const FLOW_QUOTED = /^(?:"([^"\\]*)"|'([^']*)')$/;
const BLOCK_HEADER = /^([>|])(-?)(?: +#.*)? *$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
/** Words the core schema reads as null or booleans; as keys they would not be strings. */
const WORDS: ReadonlyMap<string, null | boolean> = new Map<string, null | boolean>([
  ...['null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['true', 'True', 'TRUE'].map((w) => [w, true] as const),
  ...['false', 'False', 'FALSE'].map((w) => [w, false] as const),
]);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** A plain word as the core schema resolves it: string, null, boolean or a small decimal integer. */
function resolvePlain(v: string, pattern: RegExp): unknown {
  if (INTEGER.test(v)) return Number(v);
  if (!pattern.test(v)) return undefined;
  const word = WORDS.get(v);
  return word === undefined ? v : word;
}

function flowSequence(inner: string): unknown[] | undefined {
  if (inner.trim() === '') return [];
  const out: unknown[] = [];
  for (const raw of inner.split(',')) {
    const item = raw.trim();
    const q = FLOW_QUOTED.exec(item);
    const v = q ? (q[1] ?? q[2]) : resolvePlain(item, FLOW_PLAIN);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** A one-line value (not a block scalar), or undefined when unsure. */
function scalar(rest: string): unknown {
  const first = rest[0];
  if (first === '"') return DOUBLE.exec(rest)?.[1];
  if (first === "'") return SINGLE.exec(rest)?.[1];
  if (first === '[') {
    const m = FLOW_SEQ.exec(rest);
    return m ? flowSequence(m[1] ?? '') : undefined;
  }
  const hash = rest.indexOf(' #');
  const v = (hash === -1 ? rest : rest.slice(0, hash)).trimEnd();
  if (v.includes(': ') || v.endsWith(':')) return undefined;
  return resolvePlain(v, PLAIN);
}

function isEmptyValue(rest: string | undefined): boolean {
  return rest === undefined || rest === '' || rest.startsWith('#') || rest.trim() === '';
}

type Assign = (value: unknown) => void;
type Frame =
  | { readonly kind: 'map'; readonly indent: number; readonly obj: Record<string, unknown>; readonly keys: Set<string> }
  | { readonly kind: 'seq'; readonly indent: number; readonly items: unknown[] };

interface Block {
  readonly parentIndent: number;
  readonly folded: boolean;
  readonly strip: boolean;
  readonly assign: Assign;
  readonly lines: string[];
  indent: number;
  sawEmpty: boolean;
}

class Reader {
  private readonly stack: Frame[] = [];
  private root: Record<string, unknown> | undefined;
  /** A key with no value on its line: a nested collection may follow, else it is null. */
  private pending: { parentIndent: number; assign: Assign } | undefined;
  private block: Block | undefined;

  line(line: string): boolean {
    if (this.block) {
      const consumed = this.blockLine(line);
      if (consumed !== 'ended') return consumed;
    }
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) return true;
    const indent = line.length - body.length;
    if (this.pending) {
      const { parentIndent, assign } = this.pending;
      this.pending = undefined;
      if (indent > parentIndent) return this.open(body, indent, assign);
      assign(null);
    }
    return this.content(body, indent);
  }

  end(endsWithNewline: boolean): Record<string, unknown> | undefined {
    if (this.block && !this.finishBlock(endsWithNewline)) return undefined;
    this.pending?.assign(null);
    return this.root;
  }

  private open(body: string, indent: number, assign: Assign): boolean {
    if (this.stack.length >= MAX_DEPTH) return false;
    if (body === '-' || body.startsWith('- ')) {
      const items: unknown[] = [];
      assign(items);
      this.stack.push({ kind: 'seq', indent, items });
    } else {
      const obj: Record<string, unknown> = {};
      assign(obj);
      this.stack.push({ kind: 'map', indent, obj, keys: new Set() });
    }
    return this.content(body, indent);
  }

  private content(body: string, indent: number): boolean {
    if (this.root === undefined) {
      if (indent !== 0) return false;
      this.root = {};
      this.stack.push({ kind: 'map', indent: 0, obj: this.root, keys: new Set() });
    }
    let top = this.stack.at(-1);
    while (top && top.indent > indent) {
      this.stack.pop();
      top = this.stack.at(-1);
    }
    if (!top || top.indent !== indent) return false;
    return top.kind === 'map' ? this.keyLine(top, body, indent) : this.item(top, body, indent);
  }

  private item(seq: Extract<Frame, { kind: 'seq' }>, body: string, indent: number): boolean {
    if (!body.startsWith('- ') || body[2] === ' ' || body[2] === '-') return false;
    const rest = body.slice(2);
    if (KEY_LINE.test(rest)) {
      const obj: Record<string, unknown> = {};
      seq.items.push(obj);
      const map = { kind: 'map', indent: indent + 2, obj, keys: new Set<string>() } as const;
      this.stack.push(map);
      return this.stack.length <= MAX_DEPTH && this.keyLine(map, rest, indent + 2);
    }
    const v = scalar(rest);
    if (v === undefined || BLOCK_HEADER.test(rest)) return false;
    seq.items.push(v);
    return true;
  }

  private keyLine(map: Extract<Frame, { kind: 'map' }>, body: string, indent: number): boolean {
    const m = KEY_LINE.exec(body);
    const key = m?.[1];
    if (key === undefined || map.keys.has(key) || FORBIDDEN_KEYS.has(key) || WORDS.has(key)) return false;
    map.keys.add(key);
    const rest = m?.[2];
    const assign: Assign = (v) => {
      map.obj[key] = v;
    };
    if (isEmptyValue(rest)) {
      this.pending = { parentIndent: indent, assign };
      return true;
    }
    const header = BLOCK_HEADER.exec(rest ?? '');
    if (header) {
      const [, style, chomp] = header;
      this.block = {
        parentIndent: indent,
        folded: style === '>',
        strip: chomp === '-',
        assign,
        lines: [],
        indent: -1,
        sawEmpty: false,
      };
      return true;
    }
    const v = scalar(rest ?? '');
    if (v === undefined) return false;
    assign(v);
    return true;
  }

  /** A line while in a block scalar: true/false as `line`, or 'ended' when this line is past the scalar. */
  private blockLine(line: string): boolean | 'ended' {
    const block = this.block as Block;
    const body = line.trimStart();
    if (body === '') {
      block.sawEmpty = block.lines.length > 0;
      return block.lines.length > 0;
    }
    const indent = line.length - body.length;
    if (block.lines.length === 0) {
      if (indent <= block.parentIndent) return false;
      block.indent = indent;
    }
    if (indent >= block.indent) {
      if (block.sawEmpty || indent > block.indent || line.endsWith(' ')) return false;
      block.lines.push(line.slice(indent));
      return true;
    }
    return this.finishBlock(true) ? 'ended' : false;
  }

  private finishBlock(lineBreakAfter: boolean): boolean {
    const block = this.block as Block;
    this.block = undefined;
    if (block.lines.length === 0 || (!block.strip && !lineBreakAfter)) return false;
    const joined = block.lines.join(block.folded ? ' ' : '\n');
    block.assign(block.strip ? joined : `${joined}\n`);
    return true;
  }
}
