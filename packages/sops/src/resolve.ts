import { inInt64, parseYamlTimestamp } from './gofmt.js';
import type { Scalar } from './tree.js';

/**
 * go-yaml v3's resolver (resolve.go) for an unquoted scalar: decides the Go
 * type sops stores, hence the `type:` tag and the MAC bytes. It differs from
 * YAML 1.2 JS libraries: `yes/on` are strings, `1_000` is an int, `0777` is
 * octal, `08` is a float, unquoted dates are timestamps.
 */

const RESOLVE_MAP: ReadonlyMap<string, Scalar> = new Map<string, Scalar>([
  ...['true', 'True', 'TRUE'].map((s) => [s, { kind: 'bool', value: true }] as const),
  ...['false', 'False', 'FALSE'].map((s) => [s, { kind: 'bool', value: false }] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, { kind: 'null' }] as const),
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, { kind: 'float', value: NaN }] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, { kind: 'float', value: Infinity }] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, { kind: 'float', value: -Infinity }] as const),
]);

type Hint = 'S' | 'D' | 'M' | '.' | undefined;

function hintOf(c: string | undefined): Hint {
  if (c === undefined) return 'M';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

const UINT64_MAX = 2n ** 64n - 1n;
const DIGITS: Readonly<Record<number, RegExp>> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^\d+$/, 16: /^[0-9a-fA-F]+$/ };

/** Go strconv.ParseUint(s, 0, 64)'s digits after the sign; undefined if invalid. */
function parseBase0(body: string): bigint | undefined {
  if (body === '') return undefined;
  let base = 10;
  let digits = body;
  if (body[0] === '0' && body.length > 1) {
    const p = body[1]?.toLowerCase();
    if (body.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      digits = body.slice(2);
    } else {
      base = 8;
      digits = body.slice(1);
    }
  }
  if (!DIGITS[base]?.test(digits)) return undefined;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  return BigInt(prefix + digits);
}

/** ParseInt(s, 0, 64), then ParseUint(s, 0, 64), as go-yaml tries them. */
function resolveInt(plain: string): bigint | undefined {
  const sign = plain[0] === '-' || plain[0] === '+' ? plain[0] : '';
  const v = parseBase0(plain.slice(sign.length));
  if (v === undefined) return undefined;
  const signed = sign === '-' ? -v : v;
  if (inInt64(signed)) return signed;
  return sign === '' && v <= UINT64_MAX ? v : undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function finiteFloat(s: string): number | undefined {
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

function resolveNumeric(text: string): Scalar | undefined {
  const ts = parseYamlTimestamp(text);
  if (ts !== undefined) return { kind: 'time', value: ts };
  const plain = text.replaceAll('_', '');
  const i = resolveInt(plain);
  if (i !== undefined) return { kind: 'int', value: i };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = finiteFloat(plain);
    if (f !== undefined) return { kind: 'float', value: f };
  }
  return undefined;
}

/** Go strconv `underscoreOK` for a decimal number: every `_` sits between two digits. */
function underscoresOk(s: string): boolean {
  return !/(^|\D)_|_(\D|$)/.test(s);
}

/** Resolves an unquoted (plain) scalar the way go-yaml v3 `resolve("", text)` does. */
export function resolvePlain(text: string): Scalar {
  const hint = hintOf(text[0]);
  if (hint !== undefined) {
    const known = RESOLVE_MAP.get(text);
    if (known) return known;
    if (hint === '.') {
      // Go ParseFloat on the raw text: digit-separating underscores are allowed (`.5_0`).
      const plain = underscoresOk(text) ? text.replaceAll('_', '') : text;
      if (/^\.\d+([eE][-+]?\d+)?$/.test(plain)) {
        const f = finiteFloat(plain);
        if (f !== undefined) return { kind: 'float', value: f };
      }
    } else if (hint === 'S' || hint === 'D') {
      const n = resolveNumeric(text);
      if (n) return n;
    }
  }
  return { kind: 'str', value: text };
}

const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * go-yaml's encoder: may this string be written unquoted? Only if it reads
 * back as a string, and is not a YAML 1.1 bool or base-60 float (quoted for
 * other parsers' sake).
 */
export function stringCanBePlain(s: string): boolean {
  return resolvePlain(s).kind === 'str' && !OLD_BOOLS.has(s) && !BASE60_FLOAT.test(s);
}
