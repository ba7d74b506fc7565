import type { ManifestFacts } from './facts.js';
import { FactsSnapshot, nameUnder, readSnapshot, type ContentFacts } from './facts-snapshot.js';

export { nameUnder } from './facts-snapshot.js';

export type { ContentFacts } from './facts-snapshot.js';

/** The cache file's format version; a file of any other version is ignored and rewritten. */
export const FACTS_CACHE_VERSION = 2;

/**
 * Facts of unchanged manifests, remembered by content. Manifests hold no
 * secret values, and facts are only ids, owner teams and backend targets.
 */
export interface FactsLookup {
  /** Remembered facts of `path`'s content as the facts of `file` (its display path), or undefined (unknown). */
  get(path: string, file: string): ManifestFacts | undefined;
  /** Records facts just scanned from `path`'s (unchanged) content. */
  put(path: string, facts: ContentFacts): void;
}

/**
 * A loaded cache for one run. Each checked path (a manifest folder, or a
 * file) has, at the base revision, a git object id; a snapshot stored under
 * that id lists every file there with its blob id and facts, so a run whose
 * folders did not change at the base needs nothing more from git. The paths
 * in `misses` have no snapshot for their object: `addBlobs` gives the blob id
 * of each of their files (from `git ls-tree`), facts of blobs any stored
 * snapshot knows are reused, and the others are scanned and recorded.
 */
export interface FactsCache extends FactsLookup {
  /** Whether this run added to the cache (or found it corrupt): it should be written back. */
  readonly changed: boolean;
  /** Checked paths whose base object has no snapshot yet. */
  readonly misses: readonly string[];
  /** Blob ids at the base revision of the files under `misses` (absolute path → blob id). */
  addBlobs(blobs: ReadonlyMap<string, string>): void;
  /** The cache as file text (JSON), for writing back. */
  serialize(): string;
}

/** Snapshots of a cache file's text by object id; empty for a missing, corrupt or other-version file. */
export function parseFactsCache(text: string | undefined): Map<string, FactsSnapshot> {
  const snapshots = new Map<string, FactsSnapshot>();
  if (text === undefined) return snapshots;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return snapshots;
  }
  const top = data as { version?: unknown; snapshots?: unknown } | null;
  if (top === null || typeof top !== 'object' || top.version !== FACTS_CACHE_VERSION) return snapshots;
  if (!Array.isArray(top.snapshots)) return snapshots;
  for (const raw of top.snapshots) {
    const stored = readSnapshot(raw);
    if (!stored) return new Map();
    snapshots.set(stored.object, FactsSnapshot.fromStored(stored));
  }
  return snapshots;
}

/** JSON with every non-ASCII character escaped (`\\uXXXX`): the same value, and ASCII text reads back fastest. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Facts of the blobs that stored snapshots know, by blob id. */
function factsByBlob(snapshots: Iterable<FactsSnapshot>): Map<string, ContentFacts> {
  const out = new Map<string, ContentFacts>();
  for (const s of snapshots)
    for (let i = 0; i < s.size; i++) {
      const facts = s.isKnown(i) ? s.facts(i, '') : undefined;
      if (facts) out.set(s.blob(i), facts);
    }
  return out;
}

/**
 * A cache over `text` (the cache file, or undefined) for a run checking the
 * paths in `objects`: each checked path (absolute) with its object id at the
 * base revision; paths absent there are left out and never cached.
 */
export function factsCache(text: string | undefined, objects: ReadonlyMap<string, string>): FactsCache {
  const stored = parseFactsCache(text);
  // A corrupt or other-version file is rewritten even when nothing new was scanned.
  let changed = text !== undefined && stored.size === 0 && objects.size > 0;
  const used = new Map<string, FactsSnapshot>();
  const misses: string[] = [];
  for (const [root, object] of objects) {
    const hit = stored.get(object);
    if (hit) used.set(root, hit);
    else misses.push(root);
  }
  // An array beside the map: the lookups run once per manifest and must not make an iterator each.
  let roots: { root: string; snapshot: FactsSnapshot }[] = [];
  const indexRoots = (): void => {
    roots = [...used].map(([root, snapshot]) => ({ root, snapshot }));
  };
  indexRoots();
  /** The snapshot holding `path`, its entry number left in `at`. */
  let at = -1;
  const locate = (path: string): FactsSnapshot | undefined => {
    for (const { root, snapshot } of roots) {
      const i = snapshot.findPath(root, path);
      if (i !== undefined) {
        at = i;
        return snapshot;
      }
    }
    return undefined;
  };
  return {
    get changed() {
      return changed;
    },
    misses,
    addBlobs(blobs) {
      const reuse = factsByBlob(stored.values());
      for (const root of misses) {
        const object = objects.get(root);
        if (object === undefined || used.has(root)) continue;
        const entries: [string, string][] = [];
        for (const [path, blob] of blobs) {
          const name = nameUnder(root, path);
          if (name !== undefined) entries.push([name, blob]);
        }
        const snapshot = FactsSnapshot.fresh(object, entries);
        entries.forEach(([, blob], i) => {
          const facts = reuse.get(blob);
          if (facts) snapshot.setFacts(i, facts);
        });
        used.set(root, snapshot);
        changed = true;
      }
      indexRoots();
    },
    get(path, file) {
      return locate(path)?.facts(at, file);
    },
    put(path, facts) {
      const snapshot = locate(path);
      if (!snapshot || snapshot.isKnown(at)) return;
      snapshot.setFacts(at, facts);
      changed = true;
    },
    serialize() {
      const snapshots = new Map([...used.values()].map((s) => [s.object, s.toStored()]));
      return asciiJson({ version: FACTS_CACHE_VERSION, snapshots: [...snapshots.values()] });
    },
  };
}
