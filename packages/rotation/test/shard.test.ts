import { describe, expect, it } from 'vitest';
import { shardMatrix, shardOf } from '../src/index.js';

const ids = Array.from({ length: 500 }, (_, i) => `secret-${i}`);

describe('sharding', () => {
  it('puts every secret in exactly one shard, stably, and spreads them', () => {
    const matrix = shardMatrix(ids, 8);
    const all = matrix.include.flatMap((e) => e.secrets.split(','));
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(ids.length);
    for (const e of matrix.include) for (const id of e.secrets.split(',')) expect(shardOf(id, 8)).toBe(e.shard);
    expect(shardMatrix([...ids].reverse(), 8)).toEqual(matrix);
    const sizes = matrix.include.map((e) => e.secrets.split(',').length);
    expect(Math.min(...sizes)).toBeGreaterThan(30);
  });

  it('omits empty shards and rejects a bad count', () => {
    expect(shardMatrix(['only'], 4).include).toHaveLength(1);
    expect(shardMatrix([], 4)).toEqual({ include: [] });
    expect(() => shardOf('x', 0)).toThrow(RangeError);
  });
});
