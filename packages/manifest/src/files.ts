import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Finding } from '@docugen-secrets/core';
import { MAX_MANIFEST_BYTES } from './codes.js';
import { checkBytes, loadManifestText, tooLarge, type LoadedManifest } from './load.js';

/** The file-system port the loader needs; `nodeFs` is the real one. */
export interface ManifestFs {
  kind(path: string): Promise<'file' | 'dir' | 'missing'>;
  /** Entries of a folder with their kinds (one call, no stat per entry). */
  list(dir: string): Promise<{ name: string; kind: 'file' | 'dir' | 'other' }[]>;
  /** The file's bytes, or its size alone when it exceeds `limit` (refused unread). */
  read(path: string, limit: number): Promise<Uint8Array | { tooLarge: number }>;
}

const CHUNK = 8 * 1024;

/**
 * Reads at most `limit + 1` bytes with plain reads on one handle: a typical
 * manifest costs open + one read + close (no fstat), and a huge file is
 * refused after reading just past the limit, never loaded whole.
 */
async function readLimited(path: string, limit: number): Promise<Uint8Array | { tooLarge: number }> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { tooLarge: (await fh.stat()).size };
    }
    return new Uint8Array(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total));
  } finally {
    await fh.close();
  }
}

export const nodeFs: ManifestFs = {
  kind: async (path) => {
    try {
      const s = await stat(path);
      return s.isDirectory() ? 'dir' : 'file';
    } catch {
      return 'missing';
    }
  },
  list: async (dir) =>
    (await readdir(dir, { withFileTypes: true }))
      .map((e) => ({ name: e.name, kind: e.isDirectory() ? ('dir' as const) : e.isFile() ? ('file' as const) : ('other' as const) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  read: readLimited,
};

export interface LoadResult {
  readonly manifests: readonly LoadedManifest[];
  /** Paths the user named that do not exist (a usage error: exit 2). */
  readonly missing: readonly string[];
}

const IS_MANIFEST = /\.ya?ml$/i;

/** Paths as shown in reports: relative to `cwd`, forward slashes. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
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

/** Reads and loads one file; read failures become findings, never exceptions. */
export async function loadManifestFile(fs: ManifestFs, path: string, file: string): Promise<LoadedManifest> {
  let bytes: Uint8Array;
  try {
    const read = await fs.read(path, MAX_MANIFEST_BYTES);
    if (!(read instanceof Uint8Array)) return { file, findings: [tooLarge(file, read.tooLarge)] };
    bytes = read;
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
    const f: Finding = { ruleId: 'MANIFEST_READ_ERROR', severity: 'error', message: `cannot read file (${reason})`, file, start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };
    return { file, findings: [f] };
  }
  return loadFromBytes(file, bytes);
}

function loadFromBytes(file: string, bytes: Uint8Array): LoadedManifest {
  const text = checkBytes(file, bytes);
  if (typeof text !== 'string') return { file, findings: [text] };
  return loadManifestText(file, text);
}

/**
 * Loads every manifest under the given files and folders (folders: `*.yaml`
 * and `*.yml`, recursively, hidden entries skipped). One bad file never hides
 * the others; missing paths are reported separately.
 */
/**
 * Every manifest file under the given files and folders (folders: `*.yaml`
 * and `*.yml`, recursively, hidden entries skipped), absolute and
 * de-duplicated; paths that do not exist are returned in `missing`.
 */
export async function listManifestFiles(paths: readonly string[], opts: { cwd: string; fs?: ManifestFs }): Promise<{ files: string[]; missing: string[] }> {
  const fs = opts.fs ?? nodeFs;
  const missing: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const found = await expand(fs, resolve(opts.cwd, p));
    if (found === undefined) missing.push(p);
    else files.push(...found);
  }
  return { files: [...new Set(files)], missing };
}

/**
 * Loads every manifest `listManifestFiles` selects. One bad file never hides
 * the others; missing paths are reported separately.
 */
export async function loadManifests(paths: readonly string[], opts: { cwd: string; fs?: ManifestFs }): Promise<LoadResult> {
  const fs = opts.fs ?? nodeFs;
  const { files, missing } = await listManifestFiles(paths, { cwd: opts.cwd, fs });
  const manifests = await Promise.all(files.map((f) => loadManifestFile(fs, f, displayPath(opts.cwd, f))));
  return { manifests, missing };
}
