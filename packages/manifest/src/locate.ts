import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position } from '@docugen-secrets/core';
import { positionAt, type YamlSource } from './yaml-source.js';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Splits a JSON pointer (`/a/0/b~1c`) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Each mapping's pairs by key, built once per mapping on first use: locating
 * N findings in a mapping of N keys costs O(N), not O(N²) (27,135 unknown
 * keys once took 90 s). The first pair wins, as duplicate keys are already
 * reported by the parser. Weak, so the index goes with the document.
 */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function indexOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items)
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index;
}

function pairOf(node: unknown, key: string): Pair | undefined {
  return isMap(node) ? indexOf(node).get(key) : undefined;
}

function child(node: unknown, segment: string): { pair?: Pair; node?: unknown } {
  if (isSeq(node)) return { node: node.items[Number(segment)] };
  const pair = pairOf(node, segment);
  return pair ? { pair, node: pair.value } : {};
}

function rangeOf(src: YamlSource, node: unknown): Range | undefined {
  const r = (node as Node | null | undefined)?.range;
  if (!r) return undefined;
  return { start: positionAt(src.lineCounter, r[0]), end: positionAt(src.lineCounter, r[1]) };
}

/**
 * Where a path points in the source. `target: 'key'` points at the key of the
 * last segment (unknown fields), `'value'` at its value (wrong values); when
 * the path runs out early (missing nodes) it falls back to the deepest node
 * that exists, and for a key to the pair's key. Never fails: the document
 * start is the last resort.
 */
export function locate(src: YamlSource, segments: readonly string[], target: 'key' | 'value' = 'value'): Range {
  let node: unknown = src.doc.contents;
  let best: Range | undefined = rangeOf(src, node);
  let lastKey: Range | undefined;
  for (const [i, segment] of segments.entries()) {
    const next = child(node, segment);
    if (next.pair === undefined && next.node === undefined) break;
    lastKey = next.pair ? rangeOf(src, next.pair.key) : undefined;
    node = next.node;
    const here = i === segments.length - 1 && target === 'key' ? lastKey : (rangeOf(src, node) ?? lastKey);
    if (here) best = here;
  }
  return best ?? { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };
}

/** Range of the key that introduces the node at `segments` (or the node itself for list items / the root). */
export function locateKey(src: YamlSource, segments: readonly string[]): Range {
  return locate(src, segments, 'key');
}
