import { mapLimit } from '@docugen-secrets/core';
import {
  MAX_MANIFEST_BYTES,
  checkBytes,
  displayPath,
  listManifestFiles,
  loadManifestFile,
  nodeFs,
  type LoadedManifest,
  type ManifestFs,
} from '@docugen-secrets/manifest';
import { factsOf, type ManifestFacts } from './facts.js';
import type { FactsLookup } from './facts-cache.js';
import { scanFacts } from './scan-facts.js';

/** The manifest loader's own file selection, re-exported for the engine's callers. */
export { listManifestFiles };

/** Where and how to collect. */
export interface CollectOptions {
  readonly cwd: string;
  readonly fs?: ManifestFs;
  /** Files to load in full; the others give only facts. Omitted: every file in full. */
  readonly full?: ReadonlySet<string>;
  /** Facts of files not loaded in full, remembered by content: hits skip the read. */
  readonly factsCache?: FactsLookup;
}

export interface CollectedSet<T = LoadedManifest> {
  /** Manifests loaded and schema-checked in full (as `onLoaded` turned them). */
  readonly checked: readonly T[];
  /** Facts of every manifest, checked or not, in listing order. */
  readonly facts: readonly ManifestFacts[];
}

/** Facts of a file not loaded in full, scanned from its text (and remembered when a cache is given). */
async function factsOnly(fs: ManifestFs, path: string, file: string, cache?: FactsLookup): Promise<ManifestFacts> {
  try {
    const bytes = await fs.read(path, MAX_MANIFEST_BYTES);
    if (!(bytes instanceof Uint8Array)) return { file };
    const text = checkBytes(file, bytes);
    if (typeof text !== 'string') return { file };
    const facts = scanFacts(file, text);
    cache?.put(path, facts);
    return facts;
  } catch {
    return { file };
  }
}

/** Facts the cache knows, at once: no promise per file for the (usually) thousands of hits. */
function cacheHits(files: readonly string[], opts: CollectOptions): (ManifestFacts | undefined)[] {
  const { full, factsCache: cache } = opts;
  if (!full || !cache) return new Array<undefined>(files.length);
  return files.map((path) => (full.has(path) ? undefined : cache.get(path, displayPath(opts.cwd, path))));
}

/**
 * Loads the set: files in `full` (all when omitted) get the full load; the
 * others only their facts through the cheap scanner, which is what makes
 * `check --changed` cost about one file read per unchanged manifest (none
 * when `factsCache` knows the file's content).
 */
export async function collectManifests(files: readonly string[], opts: CollectOptions): Promise<CollectedSet>;
/** …passing each loaded manifest through `onLoaded` as soon as it is read, so its YAML document can be freed. */
export async function collectManifests<T>(
  files: readonly string[],
  opts: CollectOptions & { onLoaded: (m: LoadedManifest) => T },
): Promise<CollectedSet<T>>;
export async function collectManifests<T>(
  files: readonly string[],
  opts: CollectOptions & { onLoaded?: (m: LoadedManifest) => T },
): Promise<CollectedSet<T | LoadedManifest>> {
  const fs = opts.fs ?? nodeFs;
  const onLoaded = opts.onLoaded ?? ((m: LoadedManifest) => m);
  const facts = cacheHits(files, opts);
  // Loaded manifests by listing position, kept apart from the facts: no wrapper object per file.
  const checked = new Array<T | LoadedManifest>(files.length);
  const isChecked = new Uint8Array(files.length);
  const rest = files.flatMap((_, i) => (facts[i] ? [] : [i]));
  await mapLimit(rest, 64, async (i) => {
    const path = files[i] ?? '';
    const file = displayPath(opts.cwd, path);
    if (opts.full && !opts.full.has(path)) {
      facts[i] = await factsOnly(fs, path, file, opts.factsCache);
      return;
    }
    const loaded = await loadManifestFile(fs, path, file);
    checked[i] = onLoaded(loaded);
    isChecked[i] = 1;
    facts[i] = factsOf(loaded);
  });
  return {
    checked: checked.filter((_, i) => isChecked[i] === 1),
    facts: facts.filter((f) => f !== undefined),
  };
}
