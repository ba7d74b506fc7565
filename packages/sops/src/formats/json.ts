import { sopsError } from '../errors.js';
import { formatJsonFloat, inInt64 } from '../gofmt.js';
import type { Entry, MapNode, Node } from '../tree.js';

/**
 * JSON store: an order-preserving reader (JS objects would move integer-like
 * keys first and break the MAC) and Go's output layout — sops' encoder, then
 * `json.Indent` with a tab (or n spaces), `<>&` escaped as Go does.
 */
class JsonReader {
  pos = 0;
  constructor(
    readonly s: string,
    readonly file: string | undefined,
  ) {}

  fail(what: string): never {
    const before = this.s.slice(0, this.pos);
    const line = before.split('\n').length;
    const col = this.pos - before.lastIndexOf('\n');
    throw sopsError('SOPS_PARSE_ERROR', `invalid JSON at line ${line}, column ${col}: ${what}`, { file: this.file });
  }

  ws(): void {
    const s = this.s;
    let p = this.pos;
    for (let c = s.charCodeAt(p); c === 32 || c === 10 || c === 13 || c === 9; c = s.charCodeAt(++p));
    this.pos = p;
  }

  string(): string {
    const s = this.s;
    const start = this.pos;
    let p = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(p);
      if (Number.isNaN(c) || c < 0x20) this.fail('unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        p++;
      }
      p++;
    }
    this.pos = p + 1;
    if (!escaped) return s.slice(start + 1, p);
    try {
      return JSON.parse(s.slice(start, p + 1)) as string;
    } catch {
      return this.fail('invalid escape in string');
    }
  }

  number(): Node {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (!r) this.fail('unexpected character');
    this.pos = m.lastIndex;
    const text = r[0];
    if (r[1] === undefined && r[2] === undefined && inInt64(BigInt(text))) return { kind: 'int', value: BigInt(text) };
    return { kind: 'float', value: Number(text) };
  }

  literal(word: string, node: Node): Node {
    if (!this.s.startsWith(word, this.pos)) this.fail('unexpected character');
    this.pos += word.length;
    return node;
  }

  value(depth: number): Node {
    if (depth > 500) this.fail('nesting too deep');
    this.ws();
    const c = this.s[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { kind: 'str', value: this.string() };
      case 't':
        return this.literal('true', { kind: 'bool', value: true });
      case 'f':
        return this.literal('false', { kind: 'bool', value: false });
      case 'n':
        return this.literal('null', { kind: 'null' });
      default:
        return this.number();
    }
  }

  object(depth: number): MapNode {
    this.pos++;
    const items: Entry[] = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { kind: 'map', items };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s[this.pos++] !== ':') this.fail('expected ":"');
      items.push({ kind: 'entry', key, value: this.value(depth + 1) });
      this.ws();
      const sep = this.s[this.pos++];
      if (sep === '}') return { kind: 'map', items };
      if (sep !== ',') this.fail('expected "," or "}"');
    }
  }

  array(depth: number): Node {
    this.pos++;
    const items: Node[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { kind: 'seq', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const sep = this.s[this.pos++];
      if (sep === ']') return { kind: 'seq', items };
      if (sep !== ',') this.fail('expected "," or "]"');
    }
  }
}

/** Parses a JSON document (top level must be an object). Ints that fit int64 are ints (sops ≥3.13.2). */
export function parseJson(text: string, file?: string): MapNode {
  const r = new JsonReader(text.startsWith('\ufeff') ? text.slice(1) : text, file);
  r.ws();
  if (r.s[r.pos] !== '{') r.fail('the top level must be an object');
  const doc = r.object(0);
  r.ws();
  if (r.pos < r.s.length) r.fail('unexpected content after the document');
  return doc;
}

/** Go `json.Marshal` of a string: `<`, `>`, `&`, U+2028/2029 escaped. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

function scalarJson(v: Node, file: string | undefined): string {
  switch (v.kind) {
    case 'str':
    case 'time':
      return goJsonString(v.value);
    case 'int':
      return v.value.toString();
    case 'float': {
      const f = formatJsonFloat(v.value);
      if (f === undefined) throw sopsError('SOPS_UNSUPPORTED', 'JSON cannot represent NaN or Infinity', { file });
      return f;
    }
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'bytes':
      return goJsonString(Buffer.from(v.value).toString('base64'));
    case 'map':
    case 'seq':
      return '';
  }
}

function emitValue(v: Node, level: number, indent: string, file: string | undefined, out: string[]): void {
  if (v.kind !== 'map' && v.kind !== 'seq') {
    out.push(scalarJson(v, file));
    return;
  }
  const isMap = v.kind === 'map';
  const items = v.items.filter((i) => i.kind !== 'comment');
  if (items.length === 0) {
    out.push(isMap ? '{}' : '[]');
    return;
  }
  const pad = `\n${indent.repeat(level + 1)}`;
  out.push(isMap ? '{' : '[');
  items.forEach((item, i) => {
    out.push(i === 0 ? pad : `,${pad}`);
    if (item.kind === 'entry') {
      out.push(`${goJsonString(item.key)}: `);
      emitValue(item.value, level + 1, indent, file, out);
    } else emitValue(item, level + 1, indent, file, out);
  });
  out.push(`\n${indent.repeat(level)}${isMap ? '}' : ']'}`);
}

/** Emits a document as sops' JSON store does; `indent` is '\t' (default) or spaces. */
export function emitJson(doc: MapNode, indent = '\t', finalNewline = true, file?: string): string {
  const out: string[] = [];
  emitValue(doc, 0, indent, file, out);
  return out.join('') + (finalNewline ? '\n' : '');
}
