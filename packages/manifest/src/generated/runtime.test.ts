import { describe, expect, it } from 'vitest';
import { dateTimeFormat, equal, ucs2length } from './runtime.js';

describe('validator runtime helpers', () => {
  it('counts code points', () => {
    expect(ucs2length('abc')).toBe(3);
    expect(ucs2length('a😀b')).toBe(3);
  });
  it('compares JSON deeply', () => {
    expect(equal({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(equal({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
  it.each([
    ['2027-06-30T00:00:00Z', true],
    ['2028-02-29T12:30:00.5+02:00', true],
    ['2027-02-29T00:00:00Z', false],
    ['2027-06-30T00:00:00', false],
    ['2027-06-30', false],
    ['2027-13-01T00:00:00Z', false],
    ['2016-12-31T23:59:60Z', false],
    ['2026-06-30T23:59:60Z', false],
    ['2026-06-30T23:59:59Z', true],
  ])('date-time %s → %s', (s, ok) => {
    expect(dateTimeFormat.validate(s)).toBe(ok);
  });
});
