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
import { scanFacts } from './scan-facts.js';

/** The manifest loader's own file selection, re-exported for the engine's callers. */
export { listManifestFiles };

export interface CollectedSet<T = LoadedManifest> {
  /** Manifests loaded and schema-checked in full (as `onLoaded` turned them). */
  readonly checked: readonly T[];
  /** Facts of every manifest, checked or not, in listing order. */
  readonly facts: readonly ManifestFacts[];
}

async function factsOnly(fs: ManifestFs, path: string, file: string): Promise<ManifestFacts> {
  try {
    const bytes = await fs.read(path, MAX_MANIFEST_BYTES);
    if (!(bytes instanceof Uint8Array)) return { file };
    const text = checkBytes(file, bytes);
    return typeof text === 'string' ? scanFacts(file, text) : { file };
  } catch {
    return { file };
  }
}

/**
 * Loads the set: files in `full` (all when omitted) get the full load; the
 * others only their facts through the cheap scanner, which is what makes
 * `check --changed` cost about one file read per unchanged manifest.
 */
export async function collectManifests(
  files: readonly string[],
  opts: { cwd: string; fs?: ManifestFs; full?: ReadonlySet<string> },
): Promise<CollectedSet>;
/** …passing each loaded manifest through `onLoaded` as soon as it is read, so its YAML document can be freed. */
export async function collectManifests<T>(
  files: readonly string[],
  opts: { cwd: string; fs?: ManifestFs; full?: ReadonlySet<string>; onLoaded: (m: LoadedManifest) => T },
): Promise<CollectedSet<T>>;
export async function collectManifests<T>(
  files: readonly string[],
  opts: { cwd: string; fs?: ManifestFs; full?: ReadonlySet<string>; onLoaded?: (m: LoadedManifest) => T },
): Promise<CollectedSet<T | LoadedManifest>> {
  const fs = opts.fs ?? nodeFs;
  const onLoaded = opts.onLoaded ?? ((m: LoadedManifest) => m);
  const entries = await mapLimit(files, 64, async (path) => {
    const file = displayPath(opts.cwd, path);
    if (opts.full && !opts.full.has(path)) return { facts: await factsOnly(fs, path, file) };
    const loaded = await loadManifestFile(fs, path, file);
    const facts = factsOf(loaded);
    return { checked: onLoaded(loaded), facts };
  });
  return { checked: entries.flatMap((e) => ('checked' in e ? [e.checked] : [])), facts: entries.map((e) => e.facts) };
}
