/**
 * Line-level scanning helpers of the fast block-YAML reader: quoted scalars,
 * `key:` detection, indentation. Anything outside the block subset the reader
 * handles throws {@link Unsupported}, which sends the whole text to the
 * general parser.
 */
export class Unsupported extends Error {}

const DQ_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LEN: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Parses a double-quoted scalar that closes on this line; undefined when it does not. */
export function parseDoubleQuoted(s: string, start: number): { value: string; end: number } | undefined {
  let out = '';
  let from = start + 1;
  for (let j = from; j < s.length; j++) {
    const ch = s[j];
    if (ch === '"') return { value: out + s.slice(from, j), end: j + 1 };
    if (ch !== '\\') continue;
    out += s.slice(from, j);
    const esc = s[j + 1];
    if (esc === undefined) return undefined;
    const hex = HEX_LEN[esc];
    if (hex !== undefined) {
      const digits = s.slice(j + 2, j + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw new Unsupported();
      out += String.fromCodePoint(parseInt(digits, 16));
      j += 1 + hex;
    } else {
      const rep = DQ_ESCAPES[esc];
      if (rep === undefined) throw new Unsupported();
      out += rep;
      j += 1;
    }
    from = j + 1;
  }
  return undefined;
}

export function parseSingleQuoted(s: string, start: number): { value: string; end: number } | undefined {
  let out = '';
  let from = start + 1;
  for (let j = from; j < s.length; j++) {
    if (s[j] !== "'") continue;
    out += s.slice(from, j);
    if (s[j + 1] === "'") {
      out += "'";
      j++;
      from = j + 1;
      continue;
    }
    return { value: out, end: j + 1 };
  }
  return undefined;
}

export const TRAILER = /^ *(?:#(.*))?$/;
/** YAML white space is only spaces here (tabs send the text to the fallback); JS trim() would also eat NBSP, U+3000 … */
export function trimStartSpaces(s: string): string {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  return i === 0 ? s : s.slice(i);
}
export function trimEndSpaces(s: string): string {
  let i = s.length;
  while (i > 0 && s.charCodeAt(i - 1) === 32) i--;
  return i === s.length ? s : s.slice(0, i);
}
export const isSeqItem = (t: string): boolean => t === '-' || t.startsWith('- ');
/** `---` or `...` alone or followed by a space (checked by char codes: this runs for every line). */
export function isDocMarker(l: string, m: '---' | '...'): boolean {
  const c = m.charCodeAt(0);
  if (l.charCodeAt(0) !== c || l.charCodeAt(1) !== c || l.charCodeAt(2) !== c) return false;
  return l.length === 3 || l.charCodeAt(3) === 32;
}

/** go-yaml writes the string `<<` as `!!merge <<` (it re-reads a plain `<<` as a merge key). */
export const MERGE = '!!merge <<';

/** Finds a `key:` at the start of s; returns the key and the index after the colon. */
export function scanKey(s: string): { key: string; end: number } | undefined {
  const c = s[0];
  if (c === '!' && s.startsWith(MERGE)) {
    const m = /^ *:(?: |$)/.exec(s.slice(MERGE.length));
    return m ? { key: '<<', end: MERGE.length + m[0].trimEnd().length } : undefined;
  }
  if (c === '"' || c === "'") {
    const q = c === '"' ? parseDoubleQuoted(s, 0) : parseSingleQuoted(s, 0);
    if (!q) return undefined;
    let j = q.end;
    while (s[j] === ' ') j++;
    return s[j] === ':' && (j + 1 === s.length || s[j + 1] === ' ') ? { key: q.value, end: j + 1 } : undefined;
  }
  if (c === undefined || ',[]{}#&*!|>%@`'.includes(c) || ('-?:'.includes(c) && (s.length === 1 || s[1] === ' ')))
    return undefined;
  for (let j = 0; j < s.length; j++) {
    const ch = s[j];
    if (ch === ':' && (j + 1 === s.length || s[j + 1] === ' '))
      return { key: trimEndSpaces(s.slice(0, j)), end: j + 1 };
    if (ch === '#' && s[j - 1] === ' ') return undefined;
  }
  return undefined;
}

export function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}
