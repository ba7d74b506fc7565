import type { SecretManifest } from '@docugen-secrets/manifest';
import { shardOf, type ShardMatrix } from './shard.js';

/** GitHub's limit on the jobs one matrix may generate. */
export const MAX_MATRIX_JOBS = 256;

/**
 * A secret's quota group: the budget its rotation spends. Secrets Manager
 * request quotas are per account and region, so each AWS region is a group;
 * SOPS secrets share the repository's push budget.
 */
export function quotaGroupOf(manifest: SecretManifest): string {
  const b = manifest.backend;
  return b.kind === 'aws-secrets-manager' ? `aws-secrets-manager/${b.region}` : 'sops';
}

/** Shards per group, proportional to its size, at least one each, `total` in all (largest remainders). */
function allot(sizes: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const count = [...sizes.values()].reduce((a, b) => a + b, 0);
  const groups = [...sizes.keys()].sort();
  const exact = groups.map((g) => ({ g, share: ((sizes.get(g) ?? 0) * (total - groups.length)) / Math.max(1, count) }));
  const out = new Map(exact.map(({ g, share }) => [g, 1 + Math.floor(share)]));
  let left = total - [...out.values()].reduce((a, b) => a + b, 0);
  for (const { g } of [...exact].sort(
    (a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || a.g.localeCompare(b.g),
  )) {
    if (left <= 0) break;
    out.set(g, (out.get(g) ?? 0) + 1);
    left -= 1;
  }
  return out;
}

/**
 * A GitHub Actions matrix for `rotate`, at most `shards` (≤ 256) jobs, where
 * every job draws on one quota group: a group gets shards in proportion to
 * its secrets (at least one), and its secrets spread over them by a stable
 * hash of the id. So each job's client-side rate limiter sees the only
 * traffic its job sends to that group, and a 10,000-secret estate runs as at
 * most 256 bounded jobs. When there are more groups than shards, the
 * smallest groups share a shard (in name order).
 */
export function groupedShardMatrix(manifests: readonly SecretManifest[], shards: number): ShardMatrix {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_MATRIX_JOBS)
    throw new RangeError(`groupedShardMatrix: shards must be 1 to ${MAX_MATRIX_JOBS}`);
  const byGroup = new Map<string, string[]>();
  for (const m of [...new Map(manifests.map((x) => [x.id, x])).values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const g = quotaGroupOf(m);
    byGroup.set(g, [...(byGroup.get(g) ?? []), m.id]);
  }
  const groups = [...byGroup.keys()].sort();
  const buckets: string[][] = [];
  if (groups.length > shards) {
    const bySize = [...groups].sort(
      (a, b) => (byGroup.get(b)?.length ?? 0) - (byGroup.get(a)?.length ?? 0) || a.localeCompare(b),
    );
    bySize.forEach((g, i) => (buckets[i % shards] ??= []).push(...(byGroup.get(g) ?? [])));
  } else {
    const counts = allot(
      new Map(groups.map((g) => [g, byGroup.get(g)?.length ?? 0])),
      Math.min(
        shards,
        [...byGroup.values()].reduce((a, v) => a + v.length, 0),
      ),
    );
    for (const g of groups) {
      const n = counts.get(g) ?? 1;
      const local: string[][] = Array.from({ length: n }, () => []);
      for (const id of byGroup.get(g) ?? []) local[shardOf(id, n)]?.push(id);
      buckets.push(...local);
    }
  }
  const include = buckets.filter((b) => b.length > 0).map((b, shard) => ({ shard, secrets: [...b].sort().join(',') }));
  return { include };
}
