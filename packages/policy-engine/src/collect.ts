import { join, resolve } from 'node:path';
import { MAX_MANIFEST_BYTES, checkBytes, displayPath, loadManifestFile, nodeFs, type LoadedManifest, type ManifestFs } from '@docugen-secrets/manifest';
import { factsOf, type ManifestFacts } from './facts.js';
import { scanFacts } from './scan-facts.js';

const IS_MANIFEST = /\.ya?ml$/i;

/** Runs `fn` over `items` with at most `limit` in flight (10,000 files must not mean 10,000 open handles). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function expand(fs: ManifestFs, path: string): Promise<string[] | undefined> {
  const kind = await fs.kind(path);
  if (kind === 'missing') return undefined;
  if (kind === 'file') return [path];
  const out: string[] = [];
  for (const entry of await fs.list(path)) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.kind === 'dir') out.push(...((await expand(fs, child)) ?? []));
    else if (entry.kind === 'file' && IS_MANIFEST.test(entry.name)) out.push(child);
  }
  return out;
}

/**
 * Every manifest file under the given files and folders, absolute and
 * de-duplicated — the same selection as the manifest loader (`*.yaml` and
 * `*.yml`, recursively, hidden entries skipped).
 */
export async function listManifestFiles(paths: readonly string[], opts: { cwd: string; fs?: ManifestFs }): Promise<{ files: string[]; missing: string[] }> {
  const fs = opts.fs ?? nodeFs;
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const found = await expand(fs, resolve(opts.cwd, p));
    if (found === undefined) missing.push(p);
    else files.push(...found);
  }
  return { files: [...new Set(files)], missing };
}

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
export async function collectManifests(files: readonly string[], opts: { cwd: string; fs?: ManifestFs; full?: ReadonlySet<string> }): Promise<CollectedSet>;
/** …passing each loaded manifest through `onLoaded` as soon as it is read, so its YAML document can be freed. */
export async function collectManifests<T>(files: readonly string[], opts: { cwd: string; fs?: ManifestFs; full?: ReadonlySet<string>; onLoaded: (m: LoadedManifest) => T }): Promise<CollectedSet<T>>;
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
