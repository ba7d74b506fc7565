import { DocugenError } from './errors.js';

/** An ISO-8601 duration (`P1Y2M3W4DT5H6M7S`), kept by component so calendar units stay calendar units. */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export type DurationErrorCode = 'DURATION_INVALID';

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** The same pattern as a JSON-Schema-friendly string (used by schemas). */
export const ISO_DURATION_PATTERN = PATTERN.source;

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s.replace(',', '.')));

/** Parses an ISO-8601 duration or returns undefined. */
export function tryParseDuration(text: string): Duration | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  return {
    years: num(m[1]),
    months: num(m[2]),
    weeks: num(m[3]),
    days: num(m[4]),
    hours: num(m[5]),
    minutes: num(m[6]),
    seconds: num(m[7]),
  };
}

export function parseDuration(text: string): Duration {
  const d = tryParseDuration(text);
  if (!d)
    throw new DocugenError<DurationErrorCode>(
      'DURATION_INVALID',
      `"${text}" is not an ISO-8601 duration (e.g. P30D, PT12H)`,
    );
  return d;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function fixedMs(d: Duration): number {
  return d.weeks * 7 * DAY + d.days * DAY + d.hours * HOUR + d.minutes * MINUTE + Math.round(d.seconds * SECOND);
}

/**
 * Length in milliseconds. Calendar units have no fixed length, so the caller
 * picks a bound: `max` (a month is 31 days, a year 366) for "at most" policies,
 * `min` (28 and 365) for "at least" ones. Days are always 24 h (UTC).
 */
export function durationMs(d: Duration, bound: 'min' | 'max' = 'max'): number {
  const month = bound === 'max' ? 31 * DAY : 28 * DAY;
  const year = bound === 'max' ? 366 * DAY : 365 * DAY;
  return d.years * year + d.months * month + fixedMs(d);
}

/**
 * Adds a duration to an instant on the UTC calendar: years and months move the
 * calendar date (clamped to the month's last day: Jan 31 + P1M = Feb 28/29),
 * everything else is exact elapsed time. UTC means no DST surprises.
 */
export function addDuration(at: Date, d: Duration, sign: 1 | -1 = 1): Date {
  const t = new Date(at.getTime());
  if (d.years || d.months) {
    const totalMonths = t.getUTCFullYear() * 12 + t.getUTCMonth() + sign * (d.years * 12 + d.months);
    const year = Math.floor(totalMonths / 12);
    const month = totalMonths - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    t.setUTCFullYear(year, month, Math.min(t.getUTCDate(), lastDay));
  }
  return new Date(t.getTime() + sign * fixedMs(d));
}

/** Canonical text of a duration (zero components omitted; `PT0S` for zero). */
export function formatDuration(d: Duration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  if (!date && !time) return 'PT0S';
  return `P${date}${time ? `T${time}` : ''}`;
}

/** Human text for reports: "30 days", "12 hours", "1 year 2 months". */
export function humanDuration(d: Duration): string {
  const parts: string[] = [];
  const push = (n: number, unit: string): void => {
    if (n) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  };
  push(d.years, 'year');
  push(d.months, 'month');
  push(d.weeks, 'week');
  push(d.days, 'day');
  push(d.hours, 'hour');
  push(d.minutes, 'minute');
  push(d.seconds, 'second');
  return parts.join(' ') || '0 seconds';
}

/** Human text for a millisecond span, largest whole unit first ("3 days 4 hours"). */
export function humanMs(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const units: [number, string][] = [
    [DAY, 'day'],
    [HOUR, 'hour'],
    [MINUTE, 'minute'],
    [SECOND, 'second'],
  ];
  const parts: string[] = [];
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n && parts.length < 2) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return sign + (parts.join(' ') || '0 seconds');
}

export const MS = { SECOND, MINUTE, HOUR, DAY } as const;
