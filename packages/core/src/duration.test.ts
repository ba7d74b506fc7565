import { describe, expect, it } from 'vitest';
import {
  addDuration,
  durationMs,
  formatDuration,
  isDocugenError,
  parseDuration,
  tryParseDuration,
  MS,
} from './index.js';

describe('ISO-8601 durations', () => {
  it.each([
    ['P30D', { days: 30 }],
    ['PT12H', { hours: 12 }],
    ['P1Y2M3W4DT5H6M7.5S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 }],
    ['PT0S', {}],
  ])('parses %s', (text, parts) => {
    expect(parseDuration(text)).toMatchObject(parts);
  });

  it.each(['', 'P', 'PT', '30D', 'P-1D', 'P1DT', 'p1d', 'P1.5D'])('rejects %j', (text) => {
    expect(tryParseDuration(text)).toBeUndefined();
    try {
      parseDuration(text);
      expect.unreachable();
    } catch (err) {
      expect(isDocugenError(err, 'DURATION_INVALID')).toBe(true);
    }
  });

  it('bounds calendar units', () => {
    expect(durationMs(parseDuration('P1M'), 'max')).toBe(31 * MS.DAY);
    expect(durationMs(parseDuration('P1M'), 'min')).toBe(28 * MS.DAY);
    expect(durationMs(parseDuration('P1W'))).toBe(7 * MS.DAY);
  });

  it('adds months on the UTC calendar, clamping to month end and leap days', () => {
    expect(addDuration(new Date('2026-01-31T00:00:00Z'), parseDuration('P1M')).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(addDuration(new Date('2028-01-31T00:00:00Z'), parseDuration('P1M')).toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(addDuration(new Date('2028-02-29T00:00:00Z'), parseDuration('P1Y')).toISOString()).toBe(
      '2029-02-28T00:00:00.000Z',
    );
    expect(addDuration(new Date('2026-03-28T12:00:00Z'), parseDuration('P1D')).toISOString()).toBe(
      '2026-03-29T12:00:00.000Z',
    );
    expect(addDuration(new Date('2026-03-01T00:00:00Z'), parseDuration('P1M'), -1).toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
  });

  it('formats canonically', () => {
    expect(formatDuration(parseDuration('P0D'))).toBe('PT0S');
    expect(formatDuration(parseDuration('P1DT2H'))).toBe('P1DT2H');
  });
});
