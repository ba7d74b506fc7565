import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingFs } from '@docugen-secrets/manifest/testing';
import { FACTS_CACHE_VERSION, collectManifests, factsCache, parseFactsCache } from '../src/index.js';
import { repoRoot } from './helpers.js';

const dir = `${repoRoot}/policies/test/fixtures/golden/secrets-manifests`;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(dir, f));
/** A made-up blob id per file (any stable text works: the cache never interprets it). */
const blobsOf = (paths: readonly string[], salt = ''): Map<string, string> =>
  new Map(paths.map((p, i) => [p, `blob-${salt}${i}`]));

async function factsWith(cacheText: string | undefined, blobs: Map<string, string>) {
  const fs = countingFs();
  const cache = factsCache(cacheText, blobs);
  const set = await collectManifests(files, { cwd: repoRoot, fs, full: new Set(), factsCache: cache });
  return { facts: set.facts, reads: fs.reads, cache };
}

describe('the facts cache', () => {
  it('gives the scanned facts back without reading the unchanged files', async () => {
    expect(files.length).toBeGreaterThan(3);
    const scanned = await collectManifests(files, { cwd: repoRoot, full: new Set() });
    const blobs = blobsOf(files);
    const cold = await factsWith(undefined, blobs);
    expect(cold.facts).toEqual(scanned.facts);
    expect(cold.reads).toHaveLength(files.length);
    expect(cold.cache.changed).toBe(true);
    const text = cold.cache.serialize();
    expect(text).not.toContain('"file"');
    expect(text).not.toContain('secrets-manifests');
    const warm = await factsWith(text, blobs);
    expect(warm.facts).toEqual(scanned.facts);
    expect(warm.reads).toEqual([]);
    expect(warm.cache.changed).toBe(false);
  });

  it('misses for a changed blob id and for files without one', async () => {
    const blobs = blobsOf(files);
    const text = (await factsWith(undefined, blobs)).cache.serialize();
    const other = blobsOf(files);
    other.set(files[0]!, 'blob-new');
    other.delete(files[1]!);
    const run = await factsWith(text, other);
    expect(run.reads.sort()).toEqual([files[0], files[1]].sort());
    expect(run.cache.changed).toBe(true);
    expect(parseFactsCache(run.cache.serialize()).has('blob-new')).toBe(true);
  });

  it('ignores a corrupt or other-version cache and rewrites it', async () => {
    const blobs = blobsOf(files);
    const good = (await factsWith(undefined, blobs)).cache.serialize();
    const wrongFacts = JSON.stringify({ version: FACTS_CACHE_VERSION, entries: { 'blob-0': { id: 7 } } });
    for (const bad of [
      '{',
      '[]',
      'null',
      good.replace(`"version":${FACTS_CACHE_VERSION}`, '"version":99'),
      wrongFacts,
    ]) {
      expect(parseFactsCache(bad).size).toBe(0);
      const run = await factsWith(bad, blobs);
      expect(run.reads).toHaveLength(files.length);
      expect(run.cache.changed).toBe(true);
    }
    expect(parseFactsCache(good).size).toBe(files.length);
  });
});
