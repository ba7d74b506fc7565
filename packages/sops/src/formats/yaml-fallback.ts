import { createRequire } from 'node:module';
import type * as YamlLib from 'yaml';
import { sopsError } from '../errors.js';
import { resolvePlain } from '../resolve.js';
import type { Comment, Entry, MapNode, Node } from '../tree.js';

/**
 * The general YAML path: the `yaml` package (loaded only when the fast reader
 * declines), failsafe schema so every scalar keeps its source text, then
 * go-yaml v3 typing applied here. Aliases are expanded and `<<` stays a plain
 * key, as in sops. Comment placement follows the library and may differ from
 * go-yaml's in unusual layouts (comments are never part of the MAC).
 */
const requireCjs = createRequire(import.meta.url);
let lib: typeof YamlLib | undefined;
const yaml = (): typeof YamlLib => (lib ??= requireCjs('yaml') as typeof YamlLib);

type Y = typeof YamlLib;
type Out = (Entry | Comment | Node)[];

/** Tags go-yaml resolves (`resolvableTag`); any other tag leaves the scalar a string. */
const RESOLVABLE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'bool', 'int', 'float', 'timestamp', 'null'].map((t) => `tag:yaml.org,2002:${t}`),
);

/**
 * Comment lines from the library's comment text: a blank line between
 * comments is '' there (not a comment at all), an empty comment line (`#`)
 * is ' ' (go-yaml: '').
 */
const comments = (text: string | null | undefined, inline = false): Comment[] =>
  text === null || text === undefined
    ? []
    : text
        .split('\n')
        .filter((t) => t !== '')
        .map((t) => ({ kind: 'comment', text: t === ' ' ? '' : t, ...(inline ? { inline: true } : {}) }));

class Converter {
  count = 0;
  constructor(
    readonly Y: Y,
    readonly doc: YamlLib.Document.Parsed,
    readonly file: string | undefined,
  ) {}

  /**
   * go-yaml `resolve(tag, text)`: quoted and `!!str` scalars are strings; a
   * custom tag (`!env x`) or `!!merge` keeps the text as a string; plain
   * scalars and the core tags get go-yaml's typing; `!!binary` is decoded
   * (sops walks `[]byte` as a string).
   */
  scalar(s: YamlLib.Scalar): Node {
    const v = s.value;
    if (v instanceof Uint8Array) return { kind: 'str', value: Buffer.from(v).toString('utf8') };
    const tag = s.tag;
    if (tag !== undefined && !RESOLVABLE_TAGS.has(tag))
      return { kind: 'str', value: s.source ?? (typeof v === 'string' ? v : '') };
    if (v === null || v === undefined) return { kind: 'null' };
    const text =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
          ? String(v)
          : JSON.stringify(v);
    if (tag === 'tag:yaml.org,2002:str' || (tag === undefined && s.type !== 'PLAIN'))
      return { kind: 'str', value: text };
    return resolvePlain(text);
  }

  /** `lead` = keep the collection's leading comments inside it (a list item's go before the item instead). */
  node(n: unknown, depth = 0, lead = true): Node {
    const Y = this.Y;
    if (depth > 200 || ++this.count > 1_000_000)
      throw sopsError('SOPS_PARSE_ERROR', 'YAML nesting (or alias expansion) is too deep', { file: this.file });
    if (n === null || n === undefined) return { kind: 'null' };
    if (Y.isAlias(n)) {
      const target = n.resolve(this.doc);
      if (target === undefined)
        throw sopsError('SOPS_PARSE_ERROR', `unknown YAML anchor "${n.source.slice(0, 64)}"`, { file: this.file });
      return this.node(target, depth + 1);
    }
    if (Y.isScalar(n)) return this.scalar(n);
    if (Y.isMap(n)) return this.map(n, depth, lead);
    if (Y.isSeq(n)) return this.seq(n, depth, lead);
    throw sopsError('SOPS_PARSE_ERROR', 'unsupported YAML node', { file: this.file });
  }

  key(k: unknown): string {
    const node = this.node(k);
    if (node.kind === 'str') return node.value;
    if (this.Y.isScalar(k) && k.value !== null && k.value !== undefined)
      return typeof k.value === 'string' ? k.value : JSON.stringify(k.value);
    throw sopsError('SOPS_UNSUPPORTED', 'only scalar map keys are supported', { file: this.file });
  }

  map(m: YamlLib.YAMLMap, depth: number, lead: boolean): MapNode {
    const items: (Entry | Comment)[] = lead ? comments(m.commentBefore) : [];
    for (const pair of m.items) {
      const k = pair.key as YamlLib.Scalar | undefined;
      const v = pair.value as YamlLib.Node | null;
      items.push(...comments(k?.commentBefore));
      const value = this.node(v, depth + 1);
      const scalarValue = v === null || this.Y.isScalar(v);
      if (scalarValue) items.push(...comments(v?.commentBefore));
      items.push({ kind: 'entry', key: this.key(k), value });
      items.push(...comments(k?.comment, true));
      if (scalarValue) items.push(...comments(v?.comment, true));
    }
    items.push(...comments(m.comment));
    return { kind: 'map', items };
  }

  seq(s: YamlLib.YAMLSeq, depth: number, lead: boolean): Node {
    const items: Out = lead ? comments(s.commentBefore) : [];
    for (const item of s.items) {
      const n = item as YamlLib.Node | null;
      const scalar = n === null || this.Y.isScalar(n);
      // go-yaml: comments before any list item (a map too) belong to the list.
      items.push(...comments(n?.commentBefore));
      items.push(this.node(n, depth + 1, false));
      if (scalar) items.push(...comments(n?.comment, true));
    }
    items.push(...comments(s.comment));
    return { kind: 'seq', items: items as Node[] };
  }
}

function checkErrors(doc: YamlLib.Document.Parsed, file: string | undefined): void {
  const err = doc.errors[0];
  if (!err) return;
  const pos = err.linePos?.[0];
  const at = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
  throw sopsError('SOPS_PARSE_ERROR', `invalid YAML at ${at} (${err.code})`, { file });
}

/** Parses any YAML the `yaml` package accepts into sops documents. */
export function parseYamlFallback(text: string, file?: string): MapNode[] {
  const Y = yaml();
  const docs = Y.parseAllDocuments(text, { schema: 'failsafe', merge: false, uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    checkErrors(doc, file);
    const conv = new Converter(Y, doc, file);
    const root = conv.node(doc.contents);
    if (root.kind === 'null') return { kind: 'map', items: [...comments(doc.commentBefore), ...comments(doc.comment)] };
    if (root.kind !== 'map')
      throw sopsError(
        'SOPS_PARSE_ERROR',
        'YAML documents must be mappings (sops refuses top-level lists and scalars)',
        { file },
      );
    return { kind: 'map', items: [...comments(doc.commentBefore), ...root.items, ...comments(doc.comment)] };
  });
}
