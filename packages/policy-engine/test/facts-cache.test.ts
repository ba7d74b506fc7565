import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingFs } from '@docugen-secrets/manifest/testing';
import {
  FACTS_CACHE_VERSION,
  FactsSnapshot,
  collectManifests,
  factsCache,
  nameUnder,
  parseFactsCache,
} from '../src/index.js';
import { repoRoot } from './helpers.js';

const dir = `${repoRoot}/policies/test/fixtures/golden/secrets-manifests`;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(dir, f));
/** Made-up object and blob ids (any stable text works: the cache never interprets them). */
const blobsOf = (paths: readonly string[], salt = ''): Map<string, string> =>
  new Map(paths.map((p, i) => [p, `blob-${salt}${i}`.padEnd(12, '0')]));
const tree = (id: string): Map<string, string> => new Map([[dir, id]]);

async function factsWith(cacheText: string | undefined, objects: Map<string, string>, blobs?: Map<string, string>) {
  const fs = countingFs();
  const cache = factsCache(cacheText, objects);
  const misses = [...cache.misses];
  if (misses.length > 0 && blobs) cache.addBlobs(blobs);
  const set = await collectManifests(files, { cwd: repoRoot, fs, full: new Set(), factsCache: cache });
  return { facts: set.facts, reads: fs.reads, cache, misses };
}

describe('the facts cache', () => {
  it('gives the scanned facts back without reading the unchanged files while the folder is the same object', async () => {
    expect(files.length).toBeGreaterThan(3);
    const scanned = await collectManifests(files, { cwd: repoRoot, full: new Set() });
    const cold = await factsWith(undefined, tree('tree-a'), blobsOf(files));
    expect(cold.misses).toEqual([dir]);
    expect(cold.facts).toEqual(scanned.facts);
    expect(cold.reads).toHaveLength(files.length);
    expect(cold.cache.changed).toBe(true);
    const text = cold.cache.serialize();
    expect(text).not.toContain('"file"');
    expect(text).not.toContain('secrets-manifests');
    const warm = await factsWith(text, tree('tree-a'));
    expect(warm.misses).toEqual([]);
    expect(warm.facts).toEqual(scanned.facts);
    expect(warm.reads).toEqual([]);
    expect(warm.cache.changed).toBe(false);
  });

  it('for a new folder object reuses the facts of known blobs and reads only new, renamed-in or unlisted files', async () => {
    const text = (await factsWith(undefined, tree('tree-a'), blobsOf(files))).cache.serialize();
    const [changed, dropped, renamed] = files;
    const other = blobsOf(files);
    other.set(changed!, 'blob-new'.padEnd(12, '0'));
    other.delete(dropped!);
    // A rename: same content (blob), other name: reused by content.
    other.set(`${renamed!}.moved`, other.get(renamed!)!);
    other.delete(renamed!);
    const run = await factsWith(text, tree('tree-b'), other);
    expect(run.misses).toEqual([dir]);
    expect(run.reads.sort()).toEqual([changed, dropped, renamed].sort());
    expect(run.cache.changed).toBe(true);
    const snapshots = parseFactsCache(run.cache.serialize());
    expect([...snapshots.keys()]).toEqual(['tree-b']);
    const b = snapshots.get('tree-b')!;
    // The changed file was scanned now and recorded; the dropped one is not at the base, so never recorded.
    expect(b.facts(b.find(nameUnder(dir, changed!)!)!, 'x')).toBeDefined();
    expect(b.find(nameUnder(dir, dropped!)!)).toBeUndefined();
    const again = await factsWith(run.cache.serialize(), tree('tree-b'));
    expect(again.reads.sort()).toEqual([dropped, renamed].sort());
  });

  it('never records a file outside the folders it has objects for', async () => {
    const cold = await factsWith(undefined, new Map(), blobsOf(files));
    expect(cold.misses).toEqual([]);
    expect(cold.reads).toHaveLength(files.length);
    expect(cold.cache.changed).toBe(false);
    expect(parseFactsCache(cold.cache.serialize()).size).toBe(0);
  });

  it('ignores a corrupt or other-version cache and rewrites it', async () => {
    const good = (await factsWith(undefined, tree('tree-a'), blobsOf(files))).cache.serialize();
    const stored = JSON.parse(good) as { snapshots: Record<string, unknown>[] };
    const wrongColumn = JSON.stringify({
      version: FACTS_CACHE_VERSION,
      snapshots: [{ ...stored.snapshots[0], columns: { id: [7] } }],
    });
    const shortBlobs = JSON.stringify({
      version: FACTS_CACHE_VERSION,
      snapshots: [{ ...stored.snapshots[0], blobs: 'abc' }],
    });
    for (const bad of [
      '{',
      '[]',
      'null',
      good.replace(`"version":${FACTS_CACHE_VERSION}`, '"version":99'),
      wrongColumn,
      shortBlobs,
    ]) {
      expect(parseFactsCache(bad).size).toBe(0);
      const run = await factsWith(bad, tree('tree-a'), blobsOf(files));
      expect(run.reads).toHaveLength(files.length);
      expect(run.cache.changed).toBe(true);
    }
    expect(parseFactsCache(good).get('tree-a')?.size).toBe(files.length);
  });

  it('places a path under its checked folder', () => {
    expect(nameUnder('/r/m', '/r/m/a.yaml')).toBe('a.yaml');
    expect(nameUnder('/r/m', '/r/m/x/a.yaml')).toBe('x/a.yaml');
    expect(nameUnder('/r/m', '/r/m')).toBe('');
    expect(nameUnder('/r/m', '/r/mm/a.yaml')).toBeUndefined();
    expect(nameUnder('/', '/a.yaml')).toBe('a.yaml');
  });
});

describe('the facts cache file', () => {
  it('is ASCII whatever the facts hold, and reads back the same', () => {
    const cache = factsCache(undefined, tree('tree-a'));
    cache.addBlobs(new Map([[join(dir, 'a.yaml'), 'blob-a'.padEnd(12, '0')]]));
    cache.put(join(dir, 'a.yaml'), { id: 'clé-🔑', ownerTeam: 'équipe', backend: { kind: 'sops', path: 'ç/x' } });
    const text = cache.serialize();
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    const back = factsCache(text, tree('tree-a'));
    expect(back.get(join(dir, 'a.yaml'), 'a.yaml')).toEqual({
      file: 'a.yaml',
      id: 'clé-🔑',
      ownerTeam: 'équipe',
      backend: { kind: 'sops', path: 'ç/x' },
    });
  });
});

describe('a facts snapshot', () => {
  it('finds names asked in its order, past a few skipped ones, and out of order', () => {
    const names = Array.from({ length: 30 }, (_, i) => `m-${String(i).padStart(2, '0')}.yaml`);
    const snapshot = FactsSnapshot.fresh(
      'tree',
      names.map((n) => [n, 'b'.repeat(40)] as const),
    );
    const asked = [0, 1, 2, 5, 6, 29, 3, 4, 7];
    expect(asked.map((i) => snapshot.find(names[i]!))).toEqual(asked);
    expect(snapshot.find('missing.yaml')).toBeUndefined();
    expect(snapshot.find(names[8]!)).toBe(8);
  });
});

describe('finding a path in a snapshot', () => {
  it('agrees with nameUnder + find for paths in and out of the folder', () => {
    const names = ['a.yaml', 'b.yaml', 'sub/c.yaml'];
    const fresh = () =>
      FactsSnapshot.fresh(
        'tree',
        names.map((n) => [n, 'b'.repeat(40)] as const),
      );
    for (const root of ['/r/m', '/r/m/'])
      for (const path of ['/r/m/a.yaml', '/r/m/sub/c.yaml', '/r/m/b.yaml', '/r/ma.yaml', '/r/m', '/x/a.yaml']) {
        const name = nameUnder(root, path);
        const expected = name === undefined ? undefined : fresh().find(name);
        expect(fresh().findPath(root, path), `${root} ${path}`).toBe(expected);
      }
  });
});
