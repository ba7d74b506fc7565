import { sopsError } from '../errors.js';
import type { Comment, Entry, MapNode, Node } from '../tree.js';

/**
 * sops' dotenv store — not the `dotenv` package: split at the first `=`, no
 * trimming, no quotes, no `export`; `\n` is the only escape; `#` lines are
 * comments. All values are strings.
 */
export function parseDotenv(text: string, file?: string): MapNode {
  const items: (Entry | Comment)[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      items.push({ kind: 'comment', text: line.slice(1) });
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw sopsError('SOPS_PARSE_ERROR', `invalid dotenv line ${i + 1}: no "=" (value not shown)`, { file });
    items.push({
      kind: 'entry',
      key: line.slice(0, eq),
      value: { kind: 'str', value: line.slice(eq + 1).replaceAll('\\n', '\n') },
    });
  });
  return { kind: 'map', items };
}

function dotenvValue(v: Node, key: string, file: string | undefined): string {
  switch (v.kind) {
    case 'str':
    case 'time':
      return v.value;
    case 'int':
      return v.value.toString();
    case 'float':
    case 'bool':
      return String(v.value);
    case 'null':
      return '';
    case 'bytes':
      return Buffer.from(v.value).toString('utf8');
    case 'map':
    case 'seq':
      throw sopsError('SOPS_UNSUPPORTED', 'dotenv files can only hold flat string values', {
        file,
        path: `["${key}"]`,
      });
  }
}

/** Emits `key=value` lines (newlines as `\n`) and `#comment` lines. */
export function emitDotenv(doc: MapNode, file?: string): string {
  let out = '';
  for (const item of doc.items) {
    if (item.kind === 'comment') out += `#${item.text}\n`;
    else out += `${item.key}=${dotenvValue(item.value, item.key, file).replaceAll('\n', '\\n')}\n`;
  }
  return out;
}

const MAP_SEP = '__map_';
const LIST_SEP = '__list_';

/** Flattens the metadata tree into `sops_…` keys (MetadataFlattenFull), sorted by key. */
export function flattenMetadata(meta: MapNode, prefix = 'sops_'): Entry[] {
  const out: Entry[] = [];
  const walk = (key: string, v: Node): void => {
    if (v.kind === 'map')
      for (const i of v.items) {
        if (i.kind === 'entry') walk(`${key}${MAP_SEP}${i.key}`, i.value);
      }
    else if (v.kind === 'seq')
      v.items.forEach((i, n) => {
        if (i.kind !== 'comment') walk(`${key}${LIST_SEP}${n}`, i);
      });
    else if (v.kind !== 'null')
      out.push({ kind: 'entry', key, value: { kind: 'str', value: dotenvValue(v, key, undefined) } });
  };
  for (const i of meta.items) if (i.kind === 'entry') walk(prefix + i.key, i.value);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type Tree = { kind: 'map'; items: Map<string, Tree | Node> } | { kind: 'seq'; items: Map<number, Tree | Node> };

function toNode(t: Tree | Node): Node {
  if (t.kind === 'map' && t.items instanceof Map) {
    return { kind: 'map', items: [...t.items].map(([key, v]) => ({ kind: 'entry', key, value: toNode(v) })) };
  }
  if (t.kind === 'seq' && t.items instanceof Map) {
    return { kind: 'seq', items: [...t.items].sort((a, b) => a[0] - b[0]).map(([, v]) => toNode(v)) };
  }
  return t as Node;
}

/** Rebuilds the metadata tree from flattened `sops_…` entries (prefix already removed). */
export function unflattenMetadata(entries: readonly Entry[]): MapNode {
  const root: Tree = { kind: 'map', items: new Map() };
  for (const e of entries) {
    const parts = e.key.split(/(__map_|__list_)/);
    let node: Tree = root;
    for (let i = 0; i < parts.length; i += 2) {
      const name = parts[i] ?? '';
      const childSep = parts[i + 1];
      const step: string | number = i > 0 && parts[i - 1] === LIST_SEP ? Number(name) : name;
      const existing = (node.items as Map<string | number, Tree | Node>).get(step);
      let child: Tree | Node;
      if (childSep === undefined) child = e.value;
      else if (existing && 'items' in existing && existing.items instanceof Map) child = existing;
      else child = childSep === MAP_SEP ? { kind: 'map', items: new Map() } : { kind: 'seq', items: new Map() };
      (node.items as Map<string | number, Tree | Node>).set(step, child);
      if (childSep === undefined) break;
      node = child as Tree;
    }
  }
  return toNode(root) as MapNode;
}
