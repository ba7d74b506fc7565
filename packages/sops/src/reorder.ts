import { createHash, type Hash } from 'node:crypto';
import type { RuleMatcher } from './rules.js';
import type { MapNode, PathStep } from './tree.js';
import { plaintextOf, toBytes } from './values.js';
import { walkDocuments } from './walk.js';

/**
 * Tells "keys were reordered" apart from "a value was changed" after a MAC
 * mismatch. The MAC is a hash of the values in document order, so a
 * reordering is proven (not guessed) when some permutation of one map's
 * entries, or one list's items, reproduces the stored MAC exactly. Only run on
 * the failure path, with a bounded amount of hashing.
 */
interface Leaf {
  /** Document index, then the path with list indices. */
  readonly where: readonly PathStep[];
  readonly bytes: Uint8Array;
}

const MAX_CANDIDATES = 5000;
const MAX_LEAVES = 5000;
const MAX_ALL_PERMUTATIONS = 6;
const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest();

function macLeaves(docs: readonly MapNode[], rule: RuleMatcher, macOnlyEncrypted: boolean): Leaf[] {
  const out: Leaf[] = [];
  docs.forEach((doc, d) => {
    walkDocuments([doc], (leaf, ctx) => {
      if (leaf.kind === 'null' || leaf.kind === 'comment') return leaf;
      if (!macOnlyEncrypted || rule.shouldEncrypt(ctx.path, ctx.comments))
        out.push({ where: [d, ...ctx.where], bytes: toBytes(plaintextOf(leaf).text) });
      return leaf;
    });
  });
  return out;
}

const startsWith = (where: readonly PathStep[], prefix: readonly PathStep[]): boolean =>
  prefix.every((p, i) => where[i] === p);

/** Contiguous runs of leaves sharing the step right after `prefix`: the entries of one collection. */
function segments(
  leaves: readonly Leaf[],
  prefix: readonly PathStep[],
): { start: number; runs: [number, number][] } | undefined {
  const runs: [number, number][] = [];
  let start = -1;
  leaves.forEach((l, i) => {
    if (!startsWith(l.where, prefix) || l.where.length <= prefix.length) return;
    if (start < 0) start = i;
    const last = runs[runs.length - 1];
    const lastStep = last === undefined ? undefined : leaves[last[0]]?.where[prefix.length];
    if (last !== undefined && lastStep === l.where[prefix.length] && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  });
  return runs.length < 2 ? undefined : { start, runs };
}

function* orders(n: number): Generator<number[]> {
  const id = [...Array(n).keys()];
  if (n <= MAX_ALL_PERMUTATIONS) {
    const perm = (rest: number[], acc: number[]): number[][] =>
      rest.length === 0
        ? [acc]
        : rest.flatMap((x, i) => perm([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, x]));
    yield* perm(id, []);
    return;
  }
  for (let i = 0; i + 1 < n; i++) yield [...id.slice(0, i), i + 1, i, ...id.slice(i + 2)];
  yield [...id].reverse();
}

function prefixes(leaves: readonly Leaf[]): PathStep[][] {
  const seen = new Map<string, PathStep[]>();
  for (const l of leaves)
    for (let k = 0; k < l.where.length; k++) seen.set(JSON.stringify(l.where.slice(0, k)), l.where.slice(0, k));
  return [...seen.values()];
}

function digest(h: Hash): string {
  return h.digest('hex').toUpperCase();
}

/**
 * The path of the map or list whose entries were reordered, if reordering
 * them back reproduces `storedMac`; undefined otherwise (a value changed).
 */
export function findReorder(
  docs: readonly MapNode[],
  rule: RuleMatcher,
  macOnlyEncrypted: boolean,
  storedMac: string,
): readonly PathStep[] | undefined {
  const leaves = macLeaves(docs, rule, macOnlyEncrypted);
  if (leaves.length > MAX_LEAVES) return undefined;
  let budget = MAX_CANDIDATES;
  for (const prefix of prefixes(leaves)) {
    const seg = segments(leaves, prefix);
    if (!seg) continue;
    const head = createHash('sha512');
    if (macOnlyEncrypted) head.update(MAC_ONLY_ENCRYPTED_INIT);
    for (const l of leaves.slice(0, seg.start)) head.update(l.bytes);
    const end = seg.runs[seg.runs.length - 1]?.[1] ?? seg.start;
    for (const order of orders(seg.runs.length)) {
      if (--budget < 0) return undefined;
      const h = head.copy();
      for (const r of order) for (const l of leaves.slice(seg.runs[r]?.[0], seg.runs[r]?.[1])) h.update(l.bytes);
      for (const l of leaves.slice(end)) h.update(l.bytes);
      if (digest(h) === storedMac) return prefix.slice(1);
    }
  }
  return undefined;
}
