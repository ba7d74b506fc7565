import { describe, expect, it } from 'vitest';
import {
  emitDocuments,
  formatFloatF,
  formatFloatG,
  parseDocuments,
  resolvePlain,
  type MapNode,
  type Node,
} from '../src/index.js';
import { formatJsonFloat, parseYamlTimestamp } from '../src/gofmt.js';

const doc = (value: Node, key = 'k'): MapNode => ({ kind: 'map', items: [{ kind: 'entry', key, value }] });
const yaml = (value: Node, key = 'k', indent = 4): string =>
  emitDocuments([doc(value, key)], 'yaml', { yamlIndent: indent, jsonIndent: '\t', finalNewline: true });
const s = (value: string): Node => ({ kind: 'str', value });

describe('Go number text', () => {
  it.each([
    [1e21, '1000000000000000000000'],
    [1, '1'],
    [1234.56789, '1234.56789'],
    [-0, '-0'],
    [1e-7, '0.0000001'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('FormatFloat(%s, f, -1) = %s', (x, want) => {
    expect(formatFloatF(x)).toBe(want);
  });

  it.each([
    [1234567, '1.234567e+06'],
    [100000, '100000'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e300, '1.5e+300'],
  ])('FormatFloat(%s, g, -1) = %s', (x, want) => {
    expect(formatFloatG(x)).toBe(want);
  });

  it('encoding/json floats', () => {
    expect(formatJsonFloat(1e21)).toBe('1e+21');
    expect(formatJsonFloat(1e-7)).toBe('1e-7');
    expect(formatJsonFloat(12345)).toBe('12345');
    expect(formatJsonFloat(NaN)).toBeUndefined();
  });
});

describe('go-yaml v3 scalar resolution', () => {
  it.each<[string, Node]>([
    ['yes', s('yes')],
    ['on', s('on')],
    ['12345_54321', { kind: 'int', value: 1234554321n }],
    ['0777', { kind: 'int', value: 511n }],
    ['08', { kind: 'float', value: 8 }],
    ['0x1F', { kind: 'int', value: 31n }],
    ['0o17', { kind: 'int', value: 15n }],
    ['-0b101', { kind: 'int', value: -5n }],
    ['1e3', { kind: 'float', value: 1000 }],
    ['.5', { kind: 'float', value: 0.5 }],
    ['1e999', s('1e999')],
    ['9223372036854775808', { kind: 'int', value: 9223372036854775808n }],
    ['18446744073709551616', { kind: 'float', value: 18446744073709551616 }],
    ['2024-01-01', { kind: 'time', value: '2024-01-01T00:00:00Z' }],
    ['2006-01-02T15:04:05+07:06', { kind: 'time', value: '2006-01-02T15:04:05+07:06' }],
    ['2001-12-14 21:59:43.10', { kind: 'time', value: '2001-12-14T21:59:43.1Z' }],
    ['2024-02-30', s('2024-02-30')],
    ['~', { kind: 'null' }],
    ['Null', { kind: 'null' }],
    ['TRUE', { kind: 'bool', value: true }],
    ['.Inf', { kind: 'float', value: Infinity }],
    ['<<', s('<<')],
    ['ENC[AES256_GCM,data:x]', s('ENC[AES256_GCM,data:x]')],
  ])('%s', (text, want) => {
    expect(resolvePlain(text)).toEqual(want);
  });

  it('timestamps with offset 0 print as Z', () => {
    expect(parseYamlTimestamp('2024-01-01T10:00:00+00:00')).toBe('2024-01-01T10:00:00Z');
  });
});

describe('YAML writer follows go-yaml v3 (as sops stores/yaml/store.go emits)', () => {
  it.each([
    ['null', 'k: "null"\n'],
    ['true', 'k: "true"\n'],
    ['123', 'k: "123"\n'],
    ['', 'k: ""\n'],
    ['yes', 'k: "yes"\n'],
    ['1:20', 'k: "1:20"\n'],
    ['2024-11-12T13:33:42Z', 'k: "2024-11-12T13:33:42Z"\n'],
    ['- a', "k: '- a'\n"],
    [' lead', "k: ' lead'\n"],
    ["it's: here", "k: 'it''s: here'\n"],
    ['a #b', "k: 'a #b'\n"],
    ['a#b', 'k: a#b\n'],
    ['http://x:80/p?q=1', 'k: http://x:80/p?q=1\n'],
    ['tab\there', 'k: "tab\\there"\n'],
    ['smile 😀', 'k: "smile \\U0001F600"\n'],
    ['é ü', 'k: é ü\n'],
    ['cr\r', 'k: "cr\\r"\n'],
    ['line1\nline2\n', 'k: |\n    line1\n    line2\n'],
    ['line1\nline2', 'k: |-\n    line1\n    line2\n'],
    ['line1\n\n', 'k: |+\n    line1\n\n'],
    [' indented\nx\n', 'k: |4\n     indented\n    x\n'],
    ['trailing \nx', 'k: "trailing \\nx"\n'],
  ])('%j', (value, want) => {
    expect(yaml(s(value))).toBe(want);
  });

  it('keys are quoted by the same rules; long keys use the complex form', () => {
    expect(yaml(s('v'), 'null')).toBe('"null": v\n');
    expect(yaml(s('v'), '123')).toBe('"123": v\n');
    expect(yaml(s('v'), 'x'.repeat(129))).toBe(`? ${'x'.repeat(129)}\n: v\n`);
  });

  it('numbers, bools, nulls, empty collections', () => {
    const d: MapNode = {
      kind: 'map',
      items: [
        { kind: 'entry', key: 'i', value: { kind: 'int', value: -12n } },
        { kind: 'entry', key: 'f', value: { kind: 'float', value: 1234567 } },
        { kind: 'entry', key: 'one', value: { kind: 'float', value: 1 } },
        { kind: 'entry', key: 'inf', value: { kind: 'float', value: -Infinity } },
        { kind: 'entry', key: 'b', value: { kind: 'bool', value: false } },
        { kind: 'entry', key: 'n', value: { kind: 'null' } },
        { kind: 'entry', key: 'm', value: { kind: 'map', items: [] } },
        { kind: 'entry', key: 'l', value: { kind: 'seq', items: [] } },
      ],
    };
    expect(emitDocuments([d], 'yaml')).toBe(
      'i: -12\nf: 1.234567e+06\none: 1\ninf: -.inf\nb: false\n"n": null\nm: {}\nl: []\n',
    );
  });

  it('nesting: indented sequences, list-item maps, literal bodies (indent 4 and 2)', () => {
    const text =
      'a:\n    b:\n        - name: x\n          data:\n            k: |\n                v\n        - - 1\n          - 2\n    c: d\n';
    expect(emitDocuments(parseDocuments(text, 'yaml'), 'yaml')).toBe(text);
    const two = 'a:\n  b:\n    - name: x\n      data:\n        k: v\n';
    expect(
      emitDocuments(parseDocuments(two, 'yaml'), 'yaml', { yamlIndent: 2, jsonIndent: '\t', finalNewline: true }),
    ).toBe(two);
  });

  it('multiple documents and comments', () => {
    const text = '# head\na: 1 #inline\nb:\n    # inner\n    c: 2\n---\nd: 3\n';
    expect(emitDocuments(parseDocuments(text, 'yaml'), 'yaml')).toBe(text);
  });

  it('reads flow collections, anchors and folded scalars through the general parser', () => {
    const [d] = parseDocuments('base: &b {x: 1, y: [a, "b"]}\ncopy: *b\nfold: >\n  one\n  two\n', 'yaml');
    expect(emitDocuments([d as MapNode], 'yaml')).toBe(
      'base:\n    x: 1\n    "y":\n        - a\n        - b\ncopy:\n    x: 1\n    "y":\n        - a\n        - b\nfold: |\n    one two\n',
    );
  });

  it('JSON output escapes like Go', () => {
    expect(emitDocuments([doc(s('<a & b>'))], 'json')).toBe('{\n\t"k": "\\u003ca \\u0026 b\\u003e"\n}\n');
  });
});
