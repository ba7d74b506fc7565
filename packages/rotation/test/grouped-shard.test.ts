import type { SecretManifest } from '@docugen-secrets/manifest';
import { describe, expect, it } from 'vitest';
import { groupedShardMatrix, MAX_MATRIX_JOBS, quotaGroupOf } from '../src/index.js';
import { manifest, randomRotation } from './fixtures.js';

function estate(n: number): SecretManifest[] {
  const regions = ['eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'ap-south-1'];
  return Array.from({ length: n }, (_, i) => {
    const id = `secret-${String(i).padStart(5, '0')}`;
    if (i % 10 === 0)
      return manifest(id, randomRotation(), { backend: { kind: 'sops', path: `secrets/${id}.sops.yaml` } });
    return manifest(id, randomRotation(), {
      backend: {
        kind: 'aws-secrets-manager',
        name: `docugen/${id}`,
        region: regions[i % regions.length] ?? 'eu-west-1',
      },
    });
  });
}

function groupsOf(secrets: string, byId: Map<string, SecretManifest>): Set<string> {
  return new Set(secrets.split(',').map((id) => quotaGroupOf(byId.get(id) ?? manifest(id, randomRotation()))));
}

describe('groupedShardMatrix', () => {
  it('keeps a 10,000-secret estate within 256 jobs, one quota group per job, sized to each group', () => {
    const all = estate(10_000);
    const byId = new Map(all.map((m) => [m.id, m]));
    const matrix = groupedShardMatrix(all, MAX_MATRIX_JOBS);
    expect(matrix.include.length).toBeLessThanOrEqual(256);
    const ids = matrix.include.flatMap((e) => e.secrets.split(','));
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    for (const e of matrix.include) expect(groupsOf(e.secrets, byId).size).toBe(1);
    const jobs = (g: string): number => matrix.include.filter((e) => groupsOf(e.secrets, byId).has(g)).length;
    expect(jobs('aws-secrets-manager/eu-west-1')).toBeGreaterThan(jobs('aws-secrets-manager/us-east-1'));
    const sizes = matrix.include.map((e) => e.secrets.split(',').length);
    expect(Math.max(...sizes)).toBeLessThan(80);
    expect(matrix.include.map((e) => e.shard)).toEqual(matrix.include.map((_, i) => i));
  });

  it('is stable under input order, and merges groups when there are more groups than shards', () => {
    const all = estate(200);
    expect(groupedShardMatrix([...all].reverse(), 8)).toEqual(groupedShardMatrix(all, 8));
    const two = groupedShardMatrix(all, 2);
    expect(two.include).toHaveLength(2);
    expect(two.include.flatMap((e) => e.secrets.split(',')).sort()).toEqual(all.map((m) => m.id).sort());
  });

  it('omits empty work and rejects a count outside 1..256', () => {
    expect(groupedShardMatrix([], 4)).toEqual({ include: [] });
    expect(() => groupedShardMatrix(estate(3), 0)).toThrow(RangeError);
    expect(() => groupedShardMatrix(estate(3), 257)).toThrow(RangeError);
  });
});
