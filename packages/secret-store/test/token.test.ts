import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rotationToken } from '../src/index.js';

describe('rotationToken', () => {
  it('is deterministic per secret and slot and UUID-shaped within AWS bounds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (id, slot) => {
        const t = rotationToken(id, slot);
        expect(t).toBe(rotationToken(id, slot));
        expect(t).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(t.length).toBeGreaterThanOrEqual(32);
        expect(t.length).toBeLessThanOrEqual(64);
      }),
    );
  });

  it('differs between secrets and slots (no separator ambiguity)', () => {
    expect(rotationToken('a', 'b')).not.toBe(rotationToken('a', 'c'));
    expect(rotationToken('a', 'b')).not.toBe(rotationToken('b', 'b'));
    expect(rotationToken('a\0b', 'c')).not.toBe(rotationToken('a', 'b\0c'));
  });

  it('is pinned: a newer release must derive the same token for a crashed run', () => {
    expect(rotationToken('db', '2025-01-01')).toBe('77e721d3-64c8-5bc4-b247-da2981bcbd68');
  });
});
