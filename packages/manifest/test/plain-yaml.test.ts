import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadManifestText, parseYamlSource } from '../src/index.js';
import { readPlainYaml } from '../src/plain-yaml.js';
import { repoRoot, validText } from './helpers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

/**
 * The contract: whenever the plain reader answers, the real parser finds no
 * problem in the text and reads the same data. (It may give up on anything.)
 */
function agrees(text: string): boolean {
  const fast = readPlainYaml(text);
  if (fast === undefined) return false;
  const { source, findings } = parseYamlSource('m.yaml', text);
  expect(findings, text).toEqual([]);
  expect(fast, text).toEqual(source.doc.toJS({ maxAliasCount: 0 }));
  return true;
}

describe('the plain YAML reader', () => {
  it('reads every real and fixture manifest like the parser', () => {
    const files = [
      ...yamlFiles(join(repoRoot, 'secrets-manifests')),
      ...yamlFiles(join(repoRoot, 'policies/test/fixtures/golden/secrets-manifests')),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(agrees(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it.each([
    ['a duplicate key', `${validText()}id: other\n`],
    ['an anchor and alias', 'a: &x b\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a tab', 'a:\n\tb: c\n'],
    ['a document marker', '---\na: b\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a quoted key', '"a": b\n'],
    ['an escape', 'a: "b\\u0062"\n'],
    ['a forbidden key', 'a:\n  __proto__: b\n'],
    ['a flow mapping', 'a: {b: c}\n'],
    ['a float', 'a: 1.5\n'],
    ['a leading zero', 'a: 012\n'],
    ['a sequence at its key indent', 'a:\n- b\n'],
    ['a more-indented folded line', 'a: >-\n  b\n    c\n'],
    ['an empty line inside a block scalar', 'a: |\n  b\n\n  c\n'],
    ['a clipped block scalar at the end without a newline', 'a: >\n  b'],
    ['a colon and space in a plain scalar', 'a: b: c\n'],
    ['a top-level list', '- a\n'],
    ['a key read as a boolean', 'true: a\n'],
    ['inconsistent indentation', 'a:\n    b: c\n  d: e\n'],
  ])('gives up on %s', (_name, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it.each([
    ['words', 'a: null\nb: True\nc: FALSE\nd: 0\ne: 42\nf: Null\n'],
    ['comments', '# c\na: b # c\nc: # c\n  d: e\n'],
    ['flow sequences', 'a: []\nb: [x, "y z", \'w\', 3, true]\n'],
    ['block scalars', 'a: >-\n  b\n  c\nd: |\n  e\n  # f\ng: |-\n  h\ni: >\n  j\n\n'],
    ['nested sequences of mappings', 'a:\n  - b: c\n    d:\n      - e\n      - f: g\n  - h\n'],
    ['an empty value', 'a:\nb: c\n'],
    ['a hash without a space before it', 'a: b#c\nb: docs/x.md#y # c\n'],
  ])('reads %s like the parser', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it('agrees with the parser on generated documents (property)', () => {
    const key = fc.constantFrom('a', 'b', 'id', 'kind', 'x-y', '_z', 'k2', 'a', 'b', 'true', '__proto__', 'a b');
    const token = fc.constantFrom(
      ...['b', 'P30D', 'two words', 'a:b', 'x # c', 'x#c', '"q"', '"q # r"', "'s'", '[a, b]', '[]', '0', '7', 'true'],
      ...['Null', 'docs/a.md#b', '"@x/y"', '[P1D, "x y"]', 'a: b', 'a:', "'it''s'", '"a\\"b"', '[a,]', '{}', '~'],
      ...[
        '00',
        '-1',
        '1.5',
        '.inf',
        'yes',
        '&a b',
        '*a',
        '!t b',
        '@x',
        '`x',
        'é',
        'b ',
        '%x',
        '?x',
        'x]',
        '2026-12-01',
      ],
    );
    type Tree = { kind: 'scalar'; token: string } | { kind: 'block'; head: string; lines: string[] } | Node;
    type Node = { kind: 'map' | 'seq'; entries: [string, Tree][] };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree; node: Node }>((tie) => ({
      tree: fc.oneof(
        { weight: 5, arbitrary: token.map((t) => ({ kind: 'scalar' as const, token: t })) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('block' as const),
            head: fc.constantFrom('>-', '>', '|', '|-', '>+', '>2'),
            lines: fc.array(fc.constantFrom('text', 'more text', '# not a comment', '', ' indented', 'é'), {
              maxLength: 3,
            }),
          }),
        },
        { weight: 2, depthSize: 'small', arbitrary: tie('node') },
      ),
      node: fc.record({
        kind: fc.constantFrom('map' as const, 'seq' as const),
        entries: fc.array(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 4 }),
      }),
    })).tree;
    const render = (t: Tree, pad: string, step: string): string[] => {
      if (t.kind === 'scalar') return [` ${t.token}`];
      if (t.kind === 'block') return [` ${t.head}`, ...t.lines.map((l) => (l === '' ? '' : `${pad}${step}${l}`))];
      return ['', ...t.entries.flatMap(([k, v]) => entry(t.kind, k, v, `${pad}${step}`, step))];
    };
    const entry = (kind: 'map' | 'seq', k: string, v: Tree, pad: string, step: string): string[] => {
      const [first = '', ...rest] = render(v, kind === 'seq' ? `${pad}  ` : pad, step);
      if (kind === 'map') return [`${pad}${k}:${first}`, ...rest];
      if (v.kind === 'scalar') return [`${pad}-${first}`];
      return [`${pad}- ${k}:${first}`, ...rest];
    };
    const doc = fc
      .tuple(fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }), fc.constantFrom('  ', '  ', '    ', ' '))
      .map(([entries, step]) => entries.flatMap(([k, v]) => entry('map', k, v, '', step)).join('\n'));
    let answered = 0;
    fc.assert(
      fc.property(doc, fc.boolean(), (text, newline) => {
        if (agrees(newline ? `${text}\n` : text)) answered++;
      }),
      { numRuns: 3000 },
    );
    // The reader must not just give up on everything.
    expect(answered).toBeGreaterThan(50);
  });

  it('loads a valid manifest without a document and still locates on demand', () => {
    const loaded = loadManifestText('webhook-hmac-secret.yaml', validText());
    expect(loaded.manifest?.id).toBe('webhook-hmac-secret');
    expect(loaded.findings).toEqual([]);
    expect(loaded.source?.doc.get('id')).toBe('webhook-hmac-secret');
  });
});
