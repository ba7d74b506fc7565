/**
 * Go's number and time text, byte for byte: sops hashes and writes values the
 * way Go's strconv and time packages print them, and JS prints them
 * differently (`String(1e21)` is `1e+21`, Go's `FormatFloat('f')` is
 * `1000000000000000000000`).
 */

interface Digits {
  readonly neg: boolean;
  /** Shortest round-trip decimal digits, no leading/trailing zeros ("" for zero). */
  readonly digits: string;
  /** Decimal point position: value = 0.digits × 10^dp. */
  readonly dp: number;
}

function decompose(x: number): Digits {
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return { neg, digits: '', dp: 0 };
  // toExponential() without an argument yields the shortest round-trip digits, like Go's 'shortest'.
  const [mant = '', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '').replace(/0+$/, '');
  return { neg, digits, dp: Number(exp) + 1 };
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return undefined;
}

function fixed(d: Digits): string {
  const sign = d.neg ? '-' : '';
  if (d.digits === '') return `${sign}0`;
  if (d.dp <= 0) return `${sign}0.${'0'.repeat(-d.dp)}${d.digits}`;
  if (d.dp >= d.digits.length) return sign + d.digits + '0'.repeat(d.dp - d.digits.length);
  return `${sign}${d.digits.slice(0, d.dp)}.${d.digits.slice(d.dp)}`;
}

function expo(d: Digits, minExpDigits: number): string {
  const sign = d.neg ? '-' : '';
  const frac = d.digits.length > 1 ? `.${d.digits.slice(1)}` : '';
  const e = d.dp - 1;
  const eAbs = String(Math.abs(e)).padStart(minExpDigits, '0');
  return `${sign}${d.digits[0] ?? '0'}${frac}e${e < 0 ? '-' : '+'}${eAbs}`;
}

/** Go `strconv.FormatFloat(f, 'f', -1, 64)`: what sops encrypts and hashes for a float. */
export function formatFloatF(x: number): string {
  return special(x) ?? fixed(decompose(x));
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)`: how go-yaml writes a float (before `.inf`/`.nan` mapping). */
export function formatFloatG(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const d = decompose(x);
  const exp = d.dp - 1;
  if (d.digits !== '' && (exp < -4 || exp >= 6)) return expo(d, 2);
  return fixed(d);
}

/** How go-yaml v3 writes a float64 scalar. */
export function formatYamlFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  return formatFloatG(x);
}

/** Go encoding/json's float64 text; undefined for NaN/Inf (which Go refuses). */
export function formatJsonFloat(x: number): string | undefined {
  if (!Number.isFinite(x)) return undefined;
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return expo(decompose(x), 2).replace(/e-0(\d)$/, 'e-$1');
  return formatFloatF(x);
}

/** Go `strconv.ParseFloat(s, 64)` for the forms sops writes; undefined if invalid or out of range. */
export function parseGoFloat(s: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return special[1] === '' ? NaN : undefined;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go `strconv.Atoi` on 64-bit: decimal with optional sign, int64 range. */
export function parseGoInt(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

export function inInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** Go `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** A parsed instant with the offset it was written in (Go time.Time keeps it). */
export interface GoTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fraction digits, at most 9, as written (may have trailing zeros). */
  readonly frac: string;
  /** Offset in minutes east of UTC. */
  readonly offset: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validTime(t: GoTime): boolean {
  return (
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysIn(t.year, t.month) &&
    t.hour < 24 &&
    t.minute < 60 &&
    t.second < 60
  );
}

function offsetText(offset: number): string {
  if (offset === 0) return 'Z';
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Go `time.RFC3339Nano` text (`time.MarshalText`): fraction without trailing zeros, `Z` for offset 0. */
export function formatRfc3339Nano(t: GoTime): string {
  const frac = t.frac.replace(/0+$/, '');
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${frac === '' ? '' : `.${frac}`}${offsetText(t.offset)}`;
}

/** Go `time.RFC3339` text: no fraction. */
export function formatRfc3339(t: GoTime): string {
  return formatRfc3339Nano({ ...t, frac: '' });
}

function parseOffset(z: string | undefined): number | undefined {
  if (z === undefined || z === '') return 0;
  if (z === 'Z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(z);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 24 || min >= 60) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

function build(m: RegExpExecArray, zone: string | undefined): GoTime | undefined {
  const offset = parseOffset(zone);
  if (offset === undefined) return undefined;
  const t: GoTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    frac: (m[7] ?? '').slice(0, 9),
    offset,
  };
  return validTime(t) ? t : undefined;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Go `time.Parse(time.RFC3339, s)` (fraction accepted, as Go does). */
export function parseRfc3339(s: string): GoTime | undefined {
  const m = RFC3339.exec(s);
  return m ? build(m, m[8]) : undefined;
}

const YAML_TS_ZONED = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/;
const YAML_TS_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$/;
const YAML_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * go-yaml v3 `parseTimestamp`: the four layouts it tries on an unquoted
 * scalar. Returns the RFC3339Nano text sops would hash, or undefined.
 */
export function parseYamlTimestamp(s: string): string | undefined {
  if (s.length < 8 || s.charCodeAt(4) !== 45 /* - */) return undefined;
  let m = YAML_TS_ZONED.exec(s);
  let t = m ? build(m, m[8]) : undefined;
  if (!t && (m = YAML_TS_LOCAL.exec(s))) t = build(m, undefined);
  if (!t && (m = YAML_DATE.exec(s))) t = build(m, undefined);
  return t ? formatRfc3339Nano(t) : undefined;
}

/** Formats a JS Date as Go RFC3339 UTC, seconds precision (`lastmodified`). */
export function dateToRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}
