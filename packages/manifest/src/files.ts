import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Finding } from '@docugen-secrets/core';
import { MAX_MANIFEST_BYTES } from './codes.js';
import { checkBytes, loadManifestText, tooLarge, type LoadedManifest } from './load.js';

/** The file-system port the loader needs; `nodeFs` is the real one. */
export interface ManifestFs {
  kind(path: string): Promise<'file' | 'dir' | 'missing'>;
  /** Size in bytes, read before the content so huge files are refused unread. */
  size(path: string): Promise<number>;
  list(dir: string): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
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
  size: async (path) => (await stat(path)).size,
  list: async (dir) => (await readdir(dir)).sort(),
  read: async (path) => new Uint8Array(await readFile(path)),
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
  for (const name of await fs.list(path)) {
    if (name.startsWith('.')) continue;
    const child = join(path, name);
    const k = await fs.kind(child);
    if (k === 'dir') out.push(...((await expand(fs, child)) ?? []));
    else if (k === 'file' && IS_MANIFEST.test(name)) out.push(child);
  }
  return out;
}

/** Reads and loads one file; read failures become findings, never exceptions. */
export async function loadManifestFile(fs: ManifestFs, path: string, file: string): Promise<LoadedManifest> {
  let bytes: Uint8Array;
  try {
    const size = await fs.size(path);
    if (size > MAX_MANIFEST_BYTES) return { file, findings: [tooLarge(file, size)] };
    bytes = await fs.read(path);
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
export async function loadManifests(paths: readonly string[], opts: { cwd: string; fs?: ManifestFs }): Promise<LoadResult> {
  const fs = opts.fs ?? nodeFs;
  const missing: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const found = await expand(fs, resolve(opts.cwd, p));
    if (found === undefined) missing.push(p);
    else files.push(...found);
  }
  const unique = [...new Set(files)];
  const manifests = await Promise.all(unique.map((f) => loadManifestFile(fs, f, displayPath(opts.cwd, f))));
  return { manifests, missing };
}
