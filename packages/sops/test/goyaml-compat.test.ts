import { describe, expect, it } from 'vitest';
import {
  encryptDocument,
  isSopsError,
  parseDocuments,
  resolvePlain,
  toPlain,
  type Comment,
  type Entry,
  type MapNode,
  type Node,
} from '../src/index.js';
import { emitYaml } from '../src/formats/yaml-emit.js';
import { parseYamlFallback } from '../src/formats/yaml-fallback.js';
import { seededRandom } from './helpers.js';

/**
 * Regressions found by differential testing against go-yaml v3 (the library
 * sops writes and reads YAML with). Every expected text below is what
 * go-yaml's encoder produced for the same tree, driven the way sops' YAML
 * store drives it (scalars through `Node.Encode`, comments as head/foot
 * comments, `SetIndent(4)`).
 */
const s = (value: string): Node => ({ kind: 'str', value });
const e = (key: string, value: Node): Entry => ({ kind: 'entry', key, value });
const c = (text: string): Comment => ({ kind: 'comment', text });
const m = (...items: (Entry | Comment)[]): MapNode => ({ kind: 'map', items });
const l = (...items: (Node | Comment)[]): Node => ({ kind: 'seq', items });
const yaml = (doc: MapNode): string => emitYaml([doc], 4);
const both = (text: string): unknown[] => [
  parseDocuments(text, 'yaml').map(toPlain),
  parseYamlFallback(text).map(toPlain),
];

describe('go-yaml scalar styles', () => {
  it('writes the string "<<" as `!!merge <<` (go-yaml re-reads a plain << as a merge key) and reads it back', () => {
    const text = yaml(m(e('<<', m(e('a', s('x')))), e('k', s('<<'))));
    expect(text).toBe('!!merge <<:\n    a: x\nk: !!merge <<\n');
    for (const docs of both(text)) expect(docs).toEqual([{ '<<': { a: 'x' }, k: '<<' }]);
  });

  it('escapes every character of a string that starts with a BOM (go-yaml is_bom looks at the start)', () => {
    expect(yaml(m(e('k', s('\ufeffab c'))))).toBe('k: "\\uFEFF\\x61\\x62\\x20\\x63"\n');
  });

  it('uses the indent setting as the indicator of a literal made of line breaks only', () => {
    expect(yaml(m(e('l', l(s('\n'), s('\n\n')))))).toBe('l:\n    - |4+\n\n    - |4+\n\n\n');
  });

  it('starts the block of a long (complex) key on the `:` line when there is room', () => {
    const k = 'k'.repeat(130);
    expect(yaml(m(e(k, m(e('a', s('1'))))))).toBe(`? ${k}\n:   a: "1"\n`);
    expect(yaml(m(e('top', m(e(k, l(s('x')))))))).toBe(`top:\n    ? ${k}\n    :   - x\n`);
  });

  it('quotes `.5_0`-style text, which Go ParseFloat reads as a float', () => {
    expect(resolvePlain('.51_000')).toEqual({ kind: 'float', value: 0.51 });
    expect(resolvePlain('.5__0')).toEqual({ kind: 'str', value: '.5__0' });
    expect(yaml(m(e('k', s('.51_000'))))).toBe('k: ".51_000"\n');
  });
});

describe('go-yaml foot comments (where sops files put trailing comments)', () => {
  it('separates a trailing comment after a nested block at the end of the document by a blank line', () => {
    expect(yaml(m(e('db', m(e('user', s('x')))), c(' trailing')))).toBe('db:\n    user: x\n\n# trailing\n');
    expect(yaml(m(e('db', s('x')), c(' trailing')))).toBe('db: x\n# trailing\n');
  });

  it('moves a trailing comment of a block ending in a block to after the next scalar (sops #1068)', () => {
    const doc = m(e('a', m(e('b', m(e('c', s('x')))), c(' T'))), e('d', s('y')), e('e', s('z')));
    expect(yaml(doc)).toBe('a:\n    b:\n        c: x\nd: "y"\n# T\n\ne: z\n');
  });

  it('writes a waiting foot comment after the next `key:` line, e.g. under `sops:` in an encrypted file', () => {
    const inner = m(e('b', m(e('c', s('x')))), c(' T'));
    expect(yaml(m(e('a', inner), e('k', l(s('s')))))).toBe('a:\n    b:\n        c: x\nk:\n# T\n    - s\n');
    expect(yaml(m(e('a', inner), e('sops', m(e('version', s('3.13.2'))))))).toBe(
      'a:\n    b:\n        c: x\nsops:\n# T\n    version: 3.13.2\n',
    );
  });

  it('writes a waiting foot comment after the dash of the next list item', () => {
    const doc = m(e('l', l(m(e('a', m(e('b', s('x')))), c(' T')), m(e('c', s('y'))))));
    expect(yaml(doc)).toBe('l:\n    - a:\n        b: x\n    -\n    # T\n      c: "y"\n');
  });

  it('keeps only the latest of two waiting foot comments, and a list item map replaces the list head comment', () => {
    const doc = m(e('a', m(e('b', m(e('c', m(e('d', s('x')))), c(' lost'))), c(' kept'))));
    expect(yaml(doc)).toBe('a:\n    b:\n        c:\n            d: x\n\n# kept\n');
    expect(yaml(m(e('l', l(c(' list lead'), m(c(' item lead'), e('a', s('x')))))))).toBe(
      'l:\n    # item lead\n    - a: x\n',
    );
  });
});

describe('YAML readers agree with go-yaml', () => {
  it('keeps non-ASCII spaces at the ends of plain scalars and keys (JS trim would eat them)', () => {
    const text = 'k\u3000: \u00a0x\u3000\nn: \u00a0\n';
    for (const docs of both(text)) expect(docs).toEqual([{ 'k\u3000': '\u00a0x\u3000', n: '\u00a0' }]);
  });

  it('reads CR and CRLF line breaks as line feeds, also in the general parser', () => {
    for (const text of ['a: [x]\r', 'a:\r\n    - x\r\n', 'a:\r    - x\r'])
      expect(parseDocuments(text, 'yaml').map(toPlain)).toEqual([{ a: ['x'] }]);
  });

  it('types explicitly tagged scalars as go-yaml does', () => {
    const [doc] = parseDocuments('a: !env 12\nb: !!int "7"\nc: !!binary aGk=\nd: !!str 1\n', 'yaml');
    expect(toPlain(doc as MapNode)).toEqual({ a: '12', b: 7, c: 'hi', d: '1' });
  });

  it('refuses an alias to an unknown anchor', () => {
    expect(() => parseDocuments('a: *nope\nb: [1]\n', 'yaml')).toThrow(
      expect.objectContaining({ code: 'SOPS_PARSE_ERROR' }) as Error,
    );
  });

  it('reads an empty comment line as an empty comment in both readers, and list item comments stay in the list', () => {
    const text = '#\na:\n    # c\n    - {}\n    - !!merge <<\n';
    const expected = m(c(''), e('a', l(c(' c'), { kind: 'map', items: [] }, s('<<'))));
    expect(parseDocuments(text, 'yaml')).toEqual([expected]);
    expect(parseYamlFallback(text)).toEqual([expected]);
  });
});

describe('comment placement when reading', () => {
  it("a comment on the dash above a nested block becomes that block's first comment (as go-yaml reads it)", () => {
    const [doc] = parseDocuments('l:\n    - # c\n      - x\n', 'yaml');
    expect(doc).toEqual(m(e('l', l(l(c(' c'), s('x'))))));
  });

  it('the general parser turns no blank line into a comment', () => {
    const text = '# a\n\n# b\nk: [1]\n\n# c\n\nj: 2\n';
    expect(parseYamlFallback(text)).toEqual([
      m(c(' a'), c(' b'), e('k', l({ kind: 'int', value: 1n })), c(' c'), e('j', { kind: 'int', value: 2n })),
    ]);
  });
});

describe('values sops cannot store', () => {
  it('refuses an integer beyond int64 (go-yaml makes it a uint64, which sops cannot walk)', async () => {
    const err = await encryptDocument('a:\n    b: 9223372036854775808\n', {
      format: 'yaml',
      recipients: ['age1djllw2pzuprrqc0en5m8vc8k5ge3tm0f6g7cj0c0glfzp44vdc4ql8ngvu'],
      now: new Date('2025-01-01T00:00:00Z'),
      random: seededRandom(1),
    }).catch((x: unknown) => x);
    expect(isSopsError(err, 'SOPS_INVALID_VALUE')).toBe(true);
    expect((err as Error).message).toContain('["a"]["b"]');
    expect((err as Error).message).not.toContain('9223372036854775808');
  });
});
