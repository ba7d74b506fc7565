import { isAbsolute, posix, relative, sep } from 'node:path';
import { leakError } from './errors.js';
import type { ScanIo } from './io.js';

/** Folders a walk never enters: dependencies, git's store, build and cache output. */
export const WALK_SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  '.nx',
  'out-tsc',
  'coverage',
]);

/**
 * A path the user typed, as the scan names it: relative to `root` when it
 * lies inside (`$PWD/README.md` → `README.md`, so allowlist globs match),
 * otherwise as given (`../shared/x`, `/etc/app.conf`), like gitleaks, which
 * scans any path it is handed.
 */
export function toScanPath(root: string, raw: string): string {
  if (!isAbsolute(raw)) return raw;
  const rel = relative(root, raw);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? raw : rel.split(sep).join('/');
}

/** `./a/b/` → `a/b`, `.` → `` (the root); backslashes become `/`; absolute and `../` paths stay so. */
export function normalizePath(path: string): string {
  const p = posix.normalize(path.replaceAll('\\', '/'));
  const trimmed = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
  return trimmed === '.' ? '' : trimmed.replace(/^\.\//, '');
}

async function walk(io: ScanIo, dir: string, out: string[]): Promise<void> {
  const names = [...(await io.readDir(dir))].sort();
  for (const name of names) {
    const path = dir === '' ? name : `${dir}/${name}`;
    const { kind } = await io.stat(path);
    if (kind === 'file') out.push(path);
    else if (kind === 'dir' && !WALK_SKIP_DIRS.has(name)) await walk(io, path, out);
  }
}

/** Expands user paths: files as given, folders walked (skipping `WALK_SKIP_DIRS`). A missing path is an error. */
export async function expandPaths(io: ScanIo, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    const { kind } = await io.stat(path);
    if (kind === 'missing') throw leakError('LEAK_PATH_NOT_FOUND', `${raw}: no such file or folder`);
    if (kind === 'file') out.push(path);
    else if (kind === 'dir') await walk(io, path, out);
  }
  return [...new Set(out)].sort();
}

/** Keeps the changed files that lie under one of the user's paths (all of them when none is given). */
export function underPaths(files: Iterable<string>, paths: readonly string[]): string[] {
  const roots = paths.map(normalizePath);
  const inside = (f: string): boolean =>
    roots.length === 0 || roots.some((r) => r === '' || f === r || f.startsWith(`${r}/`));
  return [...files].filter(inside).sort();
}
