import fc from 'fast-check';
import type { Comment, Entry, MapNode, Node } from '../src/index.js';

const INT64 = 2n ** 63n;

export interface TreeOptions {
  readonly comments?: boolean;
  readonly nonFinite?: boolean;
  /**
   * Keys that sops-age can handle: it drops purely numeric path steps from the AAD, and its YAML
   * parser merges a `!!merge <<` key (which is how go-yaml, hence sops, writes the key `<<`).
   */
  readonly sopsAgeSafe?: boolean;
}

/** Strings mixing ASCII, YAML-significant characters and full Unicode. */
export const textArb = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      ' ',
      '\n',
      '\t',
      ':',
      '#',
      '-',
      '"',
      "'",
      '{',
      '[',
      '&',
      '*',
      '!',
      '|',
      '>',
      '%',
      '@',
      '`',
      ',',
      '?',
      'a',
      '0',
      '.',
      '\\',
      'é',
      '😀',
      '\r',
    ),
    maxLength: 12,
  }),
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'Off',
    'y',
    'N',
    'null',
    '~',
    'true',
    'False',
    '123',
    '0x1F',
    '0o17',
    '0777',
    '08',
    '1_000',
    '1e3',
    '.5',
    '-.inf',
    '.NaN',
    '2024-01-01',
    '2001-12-14 21:59:43.10',
    '1:20',
    '<<',
    '---',
    '...',
    '- a',
    ': b',
    'a: b',
    'a #b',
    ' lead',
    'trail ',
    'multi\nline\n',
    'x\n\n',
    '\nlead',
    'ENC[AES256_GCM,data:x]',
  ),
);

export function keyArb(o: TreeOptions): fc.Arbitrary<string> {
  return textArb.filter(
    (k) =>
      k !== 'sops' &&
      !k.endsWith('_unencrypted') &&
      (!o.sopsAgeSafe ||
        (!/^\d+$/.test(k) && k !== '' && k !== '<<' && !k.includes('.') && !k.includes('[') && !k.includes(']'))),
  );
}

export function scalarArb(o: TreeOptions): fc.Arbitrary<Node> {
  return fc.oneof(
    textArb.map((value): Node => ({ kind: 'str', value })),
    fc
      .bigInt({
        min: o.sopsAgeSafe === true ? -(2n ** 53n - 1n) : -INT64,
        max: o.sopsAgeSafe === true ? 2n ** 53n - 1n : INT64 - 1n,
      })
      .map((value): Node => ({ kind: 'int', value })),
    fc
      .double({ noNaN: o.nonFinite !== true, noDefaultInfinity: o.nonFinite !== true })
      .map((value): Node => ({ kind: 'float', value })),
    fc.boolean().map((value): Node => ({ kind: 'bool', value })),
    fc.constant<Node>({ kind: 'null' }),
  );
}

const commentArb = fc
  .string({ maxLength: 15 })
  .filter((t) => !t.includes('\n') && !t.includes('\r'))
  .map((text): Comment => ({ kind: 'comment', text }));

function uniqueEntries(entries: readonly Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.key) && Boolean(seen.add(e.key)));
}

/** Random ordered documents: nested maps and lists of typed scalars (and comments). */
export function docArb(o: TreeOptions = {}): fc.Arbitrary<MapNode> {
  const { node } = fc.letrec<{ node: Node; map: MapNode; seq: Node }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb(o), tie('map'), tie('seq')),
    map: fc
      .array(
        fc.tuple(keyArb(o), tie('node'), o.comments === true ? fc.option(commentArb, { freq: 4 }) : fc.constant(null)),
        { maxLength: 4 },
      )
      .map((items): MapNode => {
        const entries = uniqueEntries(items.map(([key, value]) => ({ kind: 'entry', key, value })));
        const comments = new Map(items.map(([key, , c]) => [key, c]));
        return {
          kind: 'map',
          items: entries.flatMap((e) => {
            const c = comments.get(e.key);
            return c ? [c, e] : [e];
          }),
        };
      }),
    seq: fc.array(tie('node'), { maxLength: 4 }).map((items): Node => ({ kind: 'seq', items })),
  }));
  return fc.array(fc.tuple(keyArb(o), node), { minLength: 1, maxLength: 5 }).map((items): MapNode => ({
    kind: 'map',
    items: uniqueEntries(items.map(([key, value]) => ({ kind: 'entry', key, value }))),
  }));
}

/** A comparable form: comments dropped, NaN and -0 made explicit. */
export function norm(n: Node | Comment): unknown {
  switch (n.kind) {
    case 'map':
      return n.items.filter((i) => i.kind === 'entry').map((e) => [e.key, norm(e.value)]);
    case 'seq':
      return n.items.filter((i) => i.kind !== 'comment').map((i) => norm(i));
    case 'float':
      return ['float', Object.is(n.value, -0) ? '-0' : String(n.value)];
    case 'int':
      return ['int', n.value.toString()];
    case 'bytes':
      return ['bytes', Buffer.from(n.value).toString('hex')];
    case 'comment':
      return ['comment', n.text];
    case 'str':
    case 'bool':
    case 'time':
      return [n.kind, n.value];
    case 'null':
      return ['null'];
  }
}
