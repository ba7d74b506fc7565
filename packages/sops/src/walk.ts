import type { Comment, Entry, MapNode, Node, SeqNode } from './tree.js';

/** Where a leaf sits: its key path (list indices omitted, as in the AAD) and the comments above it. */
export interface LeafContext {
  /** Map keys from the root; for comments, the path of the containing map/list. */
  readonly path: readonly string[];
  /** sops' comment stack, flattened: comments preceding this item at each open level. */
  readonly comments: readonly string[];
  /** Full path with list indices, for messages only. */
  readonly where: readonly (string | number)[];
  /** True when the leaf is an element of a list (a list comment is stored as a list element). */
  readonly inSeq: boolean;
}

/** Replaces a leaf (scalar or comment); return the same object to keep it. */
export type LeafVisitor = (leaf: Exclude<Node, MapNode | SeqNode> | Comment, ctx: LeafContext) => Node | Comment;

/** A leaf's context; the comment stack is flattened only if a comment-regex rule asks for it. */
class Ctx implements LeafContext {
  constructor(
    readonly walker: Walker,
    readonly inSeq: boolean,
  ) {}
  get path(): readonly string[] {
    return this.walker.path;
  }
  get where(): readonly (string | number)[] {
    return this.walker.where;
  }
  get comments(): readonly string[] {
    return this.walker.stack.flat();
  }
}

class Walker {
  readonly path: string[] = [];
  readonly where: (string | number)[] = [];
  readonly stack: string[][] = [];
  constructor(readonly visit: LeafVisitor) {}

  ctx(inSeq: boolean): LeafContext {
    return new Ctx(this, inSeq);
  }

  map(node: MapNode): MapNode {
    this.stack.push([]);
    const items: (Entry | Comment)[] = [];
    for (const item of node.items) {
      if (item.kind === 'comment') {
        this.stack[this.stack.length - 1]?.push(item.text);
        const out = this.visit(item, this.ctx(false));
        items.push(
          out.kind === 'comment'
            ? out
            : {
                kind: 'comment',
                text: out.kind === 'str' ? out.value : item.text,
                ...(item.inline === true ? { inline: true } : {}),
              },
        );
        continue;
      }
      this.path.push(item.key);
      this.where.push(item.key);
      const value = this.value(item.value, false);
      this.path.pop();
      this.where.pop();
      items.push(value === item.value ? item : { kind: 'entry', key: item.key, value: value as Node });
      this.stack[this.stack.length - 1] = [];
    }
    this.stack.pop();
    return { kind: 'map', items };
  }

  seq(node: SeqNode): SeqNode {
    if (this.stack.length === 0) this.stack.push([]);
    const items: (Node | Comment)[] = [];
    node.items.forEach((item, i) => {
      const isComment = item.kind === 'comment';
      if (isComment) this.stack[this.stack.length - 1]?.push(item.text);
      this.where.push(i);
      items.push(this.value(item, true));
      this.where.pop();
      if (!isComment) this.stack[this.stack.length - 1] = [];
    });
    return { kind: 'seq', items };
  }

  value(node: Node | Comment, inSeq: boolean): Node | Comment {
    if (node.kind === 'map') return this.map(node);
    if (node.kind === 'seq') return this.seq(node);
    return this.visit(node, this.ctx(inSeq));
  }
}

/**
 * Walks every document depth-first in document order (the MAC order),
 * calling `visit` on each leaf and comment, and returns the rebuilt documents.
 */
export function walkDocuments(docs: readonly MapNode[], visit: LeafVisitor): MapNode[] {
  return docs.map((doc) => new Walker(visit).map(doc));
}

/** The AAD of a leaf: its key path joined by `:` plus a final `:`. */
export function aadOf(path: readonly string[]): string {
  return `${path.join(':')}:`;
}
