import { createHash } from 'node:crypto';

/**
 * A secret's shard: a stable hash of its id (SHA-256, first 32 bits) modulo
 * the shard count. Stable across runs and machines, so a secret always
 * belongs to the same parallel job for a given count, and shards never
 * overlap: two jobs can never rotate the same secret.
 */
export function shardOf(secretId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError('shardOf: shards must be a positive integer');
  return createHash('sha256').update(secretId).digest().readUInt32BE(0) % shards;
}

export interface ShardMatrix {
  readonly include: readonly { readonly shard: number; readonly secrets: string }[];
}

/**
 * A GitHub Actions matrix (`strategy.matrix: ${{ fromJSON(...) }}`): one
 * entry per non-empty shard, secrets comma-separated in id order, for
 * `rotate --secret <list>`.
 */
export function shardMatrix(secretIds: readonly string[], shards: number): ShardMatrix {
  const groups = new Map<number, string[]>();
  for (const id of [...new Set(secretIds)].sort()) {
    const s = shardOf(id, shards);
    groups.set(s, [...(groups.get(s) ?? []), id]);
  }
  const include = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([shard, ids]) => ({ shard, secrets: ids.join(',') }));
  return { include };
}
