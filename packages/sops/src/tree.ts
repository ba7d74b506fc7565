/**
 * The ordered document tree sops works on (`TreeBranch` in sops.go). Order is
 * part of the MAC, so maps are lists of entries, never JS objects. A leaf's
 * `kind` is its Go type in sops and decides the `type:` tag and the exact
 * plaintext bytes.
 */
export type Scalar =
  | { readonly kind: 'str'; readonly value: string }
  /** Go int (64-bit). */
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** Go time.Time, kept as its RFC3339Nano text (what sops hashes and writes). */
  | { readonly kind: 'time'; readonly value: string }
  /** Raw bytes: the binary store's `data` leaf, or a `type:bytes` token. Encrypted as `type:str`. */
  | { readonly kind: 'bytes'; readonly value: Uint8Array };

/** A comment line (text without the leading `#`). `inline` = it followed a value on the same line. */
export interface Comment {
  readonly kind: 'comment';
  readonly text: string;
  readonly inline?: boolean;
}

export interface Entry {
  readonly kind: 'entry';
  readonly key: string;
  readonly value: Node;
}

export interface MapNode {
  readonly kind: 'map';
  readonly items: readonly (Entry | Comment)[];
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly (Node | Comment)[];
}

export type Node = Scalar | MapNode | SeqNode;

/** One path step: a map key or a list index. */
export type PathStep = string | number;

export const str = (value: string): Scalar => ({ kind: 'str', value });
export const NULL: Scalar = { kind: 'null' };

/** Builds a map node from entries (comments allowed). */
export function mapOf(items: readonly (Entry | Comment)[]): MapNode {
  return { kind: 'map', items };
}

export function entry(key: string, value: Node): Entry {
  return { kind: 'entry', key, value };
}

/** The value under `key` in a map (first match), if any. */
export function getEntry(map: MapNode, key: string): Node | undefined {
  for (const item of map.items) if (item.kind === 'entry' && item.key === key) return item.value;
  return undefined;
}

/** Renders a path in sops' `--extract` syntax: `["a"]["b"][0]`. Keys only, never values. */
export function formatPath(path: readonly PathStep[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `[${JSON.stringify(p)}]`)).join('');
}

/** Parses sops' `["a"][0]["b"]` path syntax; returns undefined when malformed. */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\[\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\d+))\s*\]/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(JSON.parse(`"${m[1]}"`) as string);
    else if (m[2] !== undefined) steps.push(m[2]);
    else steps.push(Number(m[3]));
    pos = re.lastIndex;
  }
  return steps.length === 0 ? undefined : steps;
}

/**
 * Converts a node to plain JS: maps → objects, lists → arrays, ints → number
 * (bigint beyond 2^53), time → string, comments dropped. For display and
 * comparisons; key order of integer-like keys is not kept by JS objects.
 */
export function toPlain(node: Node): unknown {
  switch (node.kind) {
    case 'str':
    case 'float':
    case 'bool':
    case 'time':
    case 'bytes':
      return node.value;
    case 'int':
      return node.value >= BigInt(Number.MIN_SAFE_INTEGER) && node.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(node.value)
        : node.value;
    case 'null':
      return null;
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const item of node.items) if (item.kind === 'entry') out[item.key] = toPlain(item.value);
      return out;
    }
    case 'seq':
      return node.items.filter((i) => i.kind !== 'comment').map((i) => toPlain(i));
  }
}

/**
 * Converts plain JS to a node: integers → int, other numbers → float,
 * bigint → int, Date → time, Uint8Array → bytes, arrays → seq, objects → map
 * (in property order). Throws TypeError for anything else (functions, symbols).
 */
export function fromPlain(value: unknown): Node {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return str(value);
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'bigint') return { kind: 'int', value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && !Object.is(value, -0)
      ? { kind: 'int', value: BigInt(value) }
      : { kind: 'float', value };
  if (value instanceof Date) return { kind: 'time', value: value.toISOString().replace(/\.?0*Z$/, 'Z') };
  if (value instanceof Uint8Array) return { kind: 'bytes', value };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(fromPlain) };
  if (typeof value === 'object') return mapOf(Object.entries(value).map(([k, v]) => entry(k, fromPlain(v))));
  throw new TypeError(`cannot convert a ${typeof value} to a sops value`);
}

/** True when the node is a scalar leaf. */
export function isScalar(node: Node): node is Scalar {
  return node.kind !== 'map' && node.kind !== 'seq';
}
