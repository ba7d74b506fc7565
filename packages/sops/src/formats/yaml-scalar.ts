import { formatYamlFloat } from '../gofmt.js';
import { stringCanBePlain } from '../resolve.js';
import type { Scalar } from '../tree.js';

/**
 * How go-yaml v3 (libyaml's emitter, ported) writes one scalar: the style
 * the encoder asks for (plain / double-quoted / literal), then the emitter's
 * `analyze_scalar` + `select_scalar_style` veto. Width is unlimited.
 */

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;

/** libyaml `is_printable` (on code points). */
export function isPrintable(c: number): boolean {
  return (
    c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

/** `# , [ ] { } & * ! | > ' " % @ \`` — indicators that forbid a plain scalar when first. */
const FIRST_INDICATORS = new Set([
  0x23, 0x2c, 0x5b, 0x5d, 0x7b, 0x7d, 0x26, 0x2a, 0x21, 0x7c, 0x3e, 0x27, 0x22, 0x25, 0x40, 0x60,
]);

/** Strings that need no character analysis: no spaces, breaks, indicators at the start, or `: `/` #`. */
const SIMPLE = /^[A-Za-z0-9_/+=(][A-Za-z0-9_./+=@$%^()~:,[\]-]*$/;
const ALL_ALLOWED: Analysis = { multiline: false, blockPlain: true, singleQuoted: true, block: true };

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i) ?? 0;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

/** libyaml `is_blank` (or the end of the string): what may follow `:`/`?`/`-` for them to be indicators. */
const isBlankOrEnd = (c: number | undefined): boolean => c === undefined || c === 0x20 || c === 0x09;
/** libyaml `is_blankz`: what may precede `#` for it to start a comment. */
const isBlankZ = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0 || isBreak(c);

/** libyaml `yaml_emitter_analyze_scalar` (block context; the emitter is in unicode mode). */
function analyze(s: string): Analysis {
  if (SIMPLE.test(s) && !s.endsWith(':')) return ALL_ALLOWED;
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  const cps = codePoints(s);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] ?? 0;
    const followedByWs = isBlankOrEnd(cps[i + 1]);
    if (i === 0) {
      if (FIRST_INDICATORS.has(c)) blockInd = true;
      else if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWs) blockInd = true;
    } else if (c === 0x3a && followedByWs) blockInd = true;
    else if (c === 0x23 && precededByWs) blockInd = true;
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    const last = i === cps.length - 1;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankZ(c);
  }
  const singleQuoted = !(breakSpace || spaceBreak || tabs || special);
  const blockPlain =
    singleQuoted && !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockInd);
  const block = !(trailingSpace || spaceBreak || special);
  return { multiline: lineBreaks, blockPlain, singleQuoted, block };
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function hex(c: number, width: number): string {
  return c.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * libyaml's double-quoted writer (no line wrapping). go-yaml's `is_bom`
 * looks at the start of the string whatever the position, so a string that
 * starts with U+FEFF has every character escaped.
 */
export function doubleQuoted(s: string): string {
  let out = '"';
  const escapeAll = s.startsWith('\ufeff');
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (escapeAll || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
      const e = ESCAPES[c];
      out +=
        e !== undefined
          ? `\\${e}`
          : c <= 0xff
            ? `\\x${hex(c, 2)}`
            : c <= 0xffff
              ? `\\u${hex(c, 4)}`
              : `\\U${hex(c, 8)}`;
    } else out += ch;
  }
  return `${out}"`;
}

const singleQuoted = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** A rendered scalar: inline text, or a literal block (header + body). */
export type Rendered =
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'literal'; readonly header: string; readonly body: string };

/**
 * Renders a string in the style go-yaml would choose; `simpleKey` = it is a
 * mapping key. `indentStep` is the literal body's offset from its parent and
 * `bestIndent` the emitter's indent (see {@link literalHeader}).
 */
export function renderString(s: string, simpleKey: boolean, indentStep: number, bestIndent = indentStep): Rendered {
  const requested = s.includes('\n') ? 'literal' : stringCanBePlain(s) ? 'plain' : 'double';
  const a = analyze(s);
  let style: 'plain' | 'single' | 'double' | 'literal' = requested;
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlain || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  switch (style) {
    case 'plain':
      // go-yaml re-parses a plain `<<` as a merge key and then writes its tag explicitly.
      return { kind: 'inline', text: s === '<<' ? '!!merge <<' : s };
    case 'single':
      return { kind: 'inline', text: singleQuoted(s) };
    case 'double':
      return { kind: 'inline', text: doubleQuoted(s) };
    case 'literal':
      return { kind: 'literal', header: literalHeader(s, indentStep, bestIndent), body: s };
  }
}

/**
 * `|` + indentation indicator + chomping. go-yaml always writes its indent
 * setting as the indicator, which is wrong (and unreadable, even by sops)
 * when the body is not exactly one indent deeper than the parent, e.g. in a
 * list item's map. We write the true offset then — except for a body made of
 * line breaks only, where any indicator reads back the same and go-yaml's
 * bytes are kept.
 */
function literalHeader(s: string, indentStep: number, bestIndent: number): string {
  const first = s.codePointAt(0) ?? 0;
  const onlyBreaks = /^[\n\u2028\u2029]*$/.test(s);
  const hint = first === 0x20 || isBreak(first) ? String(onlyBreaks ? bestIndent : indentStep) : '';
  let chomp = '';
  const cps = Array.from(s, (c) => c.codePointAt(0) ?? 0);
  const last = cps[cps.length - 1];
  if (last === undefined || !isBreak(last)) chomp = '-';
  else if (cps.length === 1 || isBreak(cps[cps.length - 2] ?? 0)) chomp = '+';
  return `|${hint}${chomp}`;
}

/** Renders any scalar leaf as go-yaml writes it. */
export function renderScalar(v: Scalar, indentStep: number, bestIndent = indentStep): Rendered {
  switch (v.kind) {
    case 'str':
      return renderString(v.value, false, indentStep, bestIndent);
    case 'int':
      return { kind: 'inline', text: v.value.toString() };
    case 'float':
      return { kind: 'inline', text: formatYamlFloat(v.value) };
    case 'bool':
      return { kind: 'inline', text: v.value ? 'true' : 'false' };
    case 'null':
      return { kind: 'inline', text: 'null' };
    case 'time':
      return { kind: 'inline', text: v.value };
    case 'bytes':
      return { kind: 'inline', text: `!!binary ${Buffer.from(v.value).toString('base64')}` };
  }
}
