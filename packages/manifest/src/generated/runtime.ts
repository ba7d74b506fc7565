import { isDeepStrictEqual } from 'node:util';

/**
 * The three runtime helpers ajv's standalone code needs, as local ESM so the
 * generated validator has no `require` and bundles cleanly. Behaviour matches
 * ajv/dist/runtime/{ucs2length,equal} and ajv-formats' full "date-time"
 * (RFC 3339 with a mandatory time zone).
 */

/** Length in Unicode code points (a surrogate pair counts once), as JSON Schema defines string length. */
export function ucs2length(str: string): number {
  let length = 0;
  for (let i = 0; i < str.length; i++) {
    length++;
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const next = str.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
  }
  return length;
}

/** Deep equality of JSON values (for enum/const/uniqueItems). */
export function equal(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

function validDate(str: string): boolean {
  const m = DATE.exec(str);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS[month] ?? 0));
}

function validTime(str: string): boolean {
  const m = TIME.exec(str);
  if (!m?.[4]) return false;
  const [hr, min, sec] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const sign = m[5] === '-' ? -1 : 1;
  const [tzH, tzM] = [Number(m[6] ?? 0), Number(m[7] ?? 0)];
  if (tzH > 23 || tzM > 59) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * sign;
  const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

/**
 * RFC 3339 date-time with a time zone, e.g. 2027-06-30T00:00:00Z, that is
 * also a time `Date.parse` understands: every date the schema accepts is one
 * the planner can compute with. That rules out leap seconds (`23:59:60`,
 * which RFC 3339 allows and ajv-formats accepts, but a JavaScript clock cannot
 * hold: the planner read it as "no expiry") and the lower-case `t`/`z` forms.
 */
export const dateTimeFormat = {
  validate(str: string): boolean {
    const parts = str.split(/t|\s/i);
    return parts.length === 2 && validDate(parts[0] ?? '') && validTime(parts[1] ?? '') && !Number.isNaN(Date.parse(str));
  },
};
