import type { Comment, Entry, MapNode, Node, SeqNode } from '../tree.js';

/**
 * Where sops' YAML store hangs comment items on go-yaml nodes before
 * encoding (`appendTreeBranch` / `appendSequence`): comments before the
 * first item become the collection's head comment, comments before a later
 * item that item's head comment, trailing comments the foot comment of the
 * last value. An inline comment (`key: v # c`) stays with the item it follows.
 */
export interface Slot<T> {
  readonly item: T;
  /** Comment lines written before the item (for the first item: the collection's leading comments). */
  readonly head: readonly string[];
  /** Line comments that followed the item on its line. */
  readonly inline: readonly string[];
  /** Foot comment: the collection's trailing comments, on its last item only. */
  readonly foot: readonly string[];
}

/** The slots of a collection, plus its comments when it has no item at all. */
export interface Slots<T> {
  readonly slots: readonly Slot<T>[];
  readonly onlyComments: readonly string[];
}

function split<T>(items: readonly (T | Comment)[], isComment: (i: T | Comment) => i is Comment): Slots<T> {
  const slots: { item: T; head: string[]; inline: string[]; foot: string[] }[] = [];
  let pending: string[] = [];
  let prev: (T | Comment) | undefined;
  for (const i of items) {
    const last = slots[slots.length - 1];
    if (!isComment(i)) {
      slots.push({ item: i, head: pending, inline: [], foot: [] });
      pending = [];
    } else if (i.inline === true && last !== undefined && prev === last.item) last.inline.push(i.text);
    else pending.push(i.text);
    prev = isComment(i) && i.inline === true ? prev : i;
  }
  const last = slots[slots.length - 1];
  if (last === undefined) return { slots: [], onlyComments: pending };
  last.foot.push(...pending);
  return { slots, onlyComments: [] };
}

const isComment = (i: Entry | Node | Comment): i is Comment => i.kind === 'comment';

/** The entries of a map with their comments. */
export function mapSlots(m: MapNode): Slots<Entry> {
  return split<Entry>(m.items, isComment);
}

/** The items of a list with their comments. */
export function seqSlots(s: SeqNode): Slots<Node> {
  return split<Node>(s.items, isComment);
}

/** True for a map or list with at least one item (written in block style; empty ones are `{}`/`[]`). */
export function isBlock(v: Node): v is MapNode | SeqNode {
  return (v.kind === 'map' || v.kind === 'seq') && v.items.some((i) => i.kind !== 'comment');
}

/** The leading comments a collection carries as its own head comment (none for scalars and empty ones). */
export function ownLead(v: Node): readonly string[] {
  if (!isBlock(v)) return [];
  const first = v.kind === 'map' ? mapSlots(v).slots[0] : seqSlots(v).slots[0];
  return first?.head ?? [];
}
