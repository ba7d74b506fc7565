import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { MAX_MANIFEST_BYTES } from './codes.js';
import { mapLimit, type Finding } from '@docugen-secrets/core';
import { checkBytes, loadManifestText, tooLarge, withoutDocument, type LoadedManifest } from './load.js';

/**
 * What a path is. Anything but `file` and `dir` cannot hold a manifest; the
 * distinctions exist so that the user is told the truth about a named path
 * (a FIFO would block a read forever, a device reads as empty or endless).
 */
export type PathKind =
  'file' | 'dir' | 'missing' | 'loop' | 'denied' | 'fifo' | 'char-device' | 'block-device' | 'socket';

/** The file-system port the loader needs; `nodeFs` is the real one. */
export interface ManifestFs {
  /** What `path` is, following symbolic links. */
  kind(path: string): Promise<PathKind>;
  /** Entries of a folder with their kinds (one call, no stat per entry). */
  list(dir: string): Promise<{ name: string; kind: 'file' | 'dir' | 'other' }[]>;
  /** The file's bytes, or its size alone when it exceeds `limit` (refused unread). */
  read(path: string, limit: number): Promise<Uint8Array | { tooLarge: number }>;
}

/** One reusable read buffer: reads are synchronous, so no two reads share it at once. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads at most `limit + 1` bytes with plain synchronous reads on one
 * descriptor into a reused buffer: a typical manifest costs open + one read +
 * close (no fstat), and a huge file is refused after reading just past the
 * limit, never loaded whole. Synchronous on purpose: for small local files
 * the promise API's FileHandle and thread-pool round trips cost about seven
 * times the CPU of the system calls themselves (3,000 manifests: ~300 ms vs
 * ~45 ms), more than the parse of a file.
 */
function readLimited(path: string, limit: number): Uint8Array | { tooLarge: number } {
  // O_NONBLOCK: should the path turn into a FIFO after it was listed, the
  // open (and a read: EAGAIN) fails instead of blocking; regular files ignore it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const bytesRead = readSync(fd, scratch, 0, Math.min(scratch.length, limit + 1 - total), null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(scratch.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > limit) return { tooLarge: fstatSync(fd).size };
    }
    return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const ERRNO_KIND: Readonly<Record<string, PathKind>> = { ELOOP: 'loop', EACCES: 'denied', EPERM: 'denied' };

async function kindOf(path: string): Promise<PathKind> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return 'dir';
    if (s.isFile()) return 'file';
    if (s.isFIFO()) return 'fifo';
    if (s.isCharacterDevice()) return 'char-device';
    return s.isBlockDevice() ? 'block-device' : 'socket';
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    return ERRNO_KIND[code] ?? 'missing';
  }
}

export const nodeFs: ManifestFs = {
  kind: kindOf,
  list: async (dir) =>
    (await readdir(dir, { withFileTypes: true }))
      .map((e) => ({
        name: e.name,
        kind: e.isDirectory() ? ('dir' as const) : e.isFile() ? ('file' as const) : ('other' as const),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  // The executor runs at once: the read is synchronous, a throw becomes the rejection.
  read: (path, limit) =>
    new Promise((done) => {
      done(readLimited(path, limit));
    }),
};

/** A path the user named that yields no manifest, and why (a usage error: exit 2). */
export interface PathProblem {
  readonly path: string;
  readonly kind: Exclude<PathKind, 'file' | 'dir'> | 'no-manifests';
}

export interface LoadResult {
  readonly manifests: readonly LoadedManifest[];
  /** Paths the user named that hold no manifest: missing, unusable or empty. */
  readonly pathProblems: readonly PathProblem[];
}

const PROBLEM_TEXT: Readonly<Record<PathProblem['kind'], (path: string) => string>> = {
  missing: (p) => `path not found: ${p}`,
  loop: (p) => `${p}: a symbolic link loop (too many levels of links)`,
  denied: (p) => `${p}: permission denied`,
  fifo: (p) => `${p} is a FIFO (named pipe), not a manifest file`,
  'char-device': (p) => `${p} is a character device, not a manifest file`,
  'block-device': (p) => `${p} is a block device, not a manifest file`,
  socket: (p) => `${p} is a socket, not a manifest file`,
  'no-manifests': (p) => `no manifest (*.yaml, *.yml) under ${p}`,
};

/**
 * One sentence naming every problem path, e.g. `path not found: a; no
 * manifest (*.yaml, *.yml) under b; c is a FIFO (named pipe), not a manifest file`.
 */
export function describePathProblems(problems: readonly PathProblem[]): string {
  return problems.map(({ path, kind }) => PROBLEM_TEXT[kind](path)).join('; ');
}

const IS_MANIFEST = /\.ya?ml$/i;

/** Paths as shown in reports: relative to `cwd`, forward slashes. */
export function displayPath(cwd: string, path: string): string {
  // The common case, a path under cwd, without path.relative (a tenth of the cost; it runs once per manifest).
  const prefix = cwd.endsWith(sep) ? cwd : `${cwd}${sep}`;
  if (path.startsWith(prefix) && !path.includes(`${sep}.`) && !path.includes(`${sep}${sep}`)) {
    const rel = path.slice(prefix.length);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

async function expand(fs: ManifestFs, path: string): Promise<string[] | PathProblem['kind']> {
  const kind = await fs.kind(path);
  if (kind === 'file') return [path];
  if (kind !== 'dir') return kind;
  const out: string[] = [];
  for (const entry of await fs.list(path)) {
    if (entry.name.startsWith('.')) continue;
    // `path` is normalised (resolve) and a listed name holds no separator: join's answer, without its parsing.
    const child = path.endsWith(sep) ? `${path}${entry.name}` : `${path}${sep}${entry.name}`;
    if (entry.kind === 'dir') {
      const inner = await expand(fs, child);
      if (Array.isArray(inner)) out.push(...inner);
    } else if (entry.kind === 'file' && IS_MANIFEST.test(entry.name)) out.push(child);
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
    const f: Finding = {
      ruleId: 'MANIFEST_READ_ERROR',
      severity: 'error',
      message: `cannot read file (${reason})`,
      file,
      start: { line: 1, col: 1 },
      end: { line: 1, col: 1 },
    };
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
 * Every manifest file under the given files and folders (folders: `*.yaml`
 * and `*.yml`, recursively, hidden entries and non-regular files skipped),
 * absolute and de-duplicated. A named path that yields none — missing, a
 * loop, a FIFO or device, a folder without manifests — is in `pathProblems`:
 * a typo in a CI path must not pass the gate as "0 manifests checked".
 */
export async function listManifestFiles(
  paths: readonly string[],
  opts: { cwd: string; fs?: ManifestFs },
): Promise<{ files: string[]; pathProblems: PathProblem[] }> {
  const fs = opts.fs ?? nodeFs;
  const pathProblems: PathProblem[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const found = await expand(fs, resolve(opts.cwd, p));
    if (!Array.isArray(found)) pathProblems.push({ path: p, kind: found });
    else if (found.length === 0) pathProblems.push({ path: p, kind: 'no-manifests' });
    else files.push(...found);
  }
  // One folder's walk never lists a file twice (links are not followed): only several paths can overlap.
  return { files: paths.length > 1 ? [...new Set(files)] : files, pathProblems };
}

/** Files read and parsed at once: enough to keep the disk busy, few enough that buffers do not pile up. */
const LOAD_CONCURRENCY = 64;

/**
 * Loads every manifest `listManifestFiles` selects. One bad file never hides
 * the others; path problems are reported separately. Valid manifests come back
 * without their YAML documents (see `withoutDocument`).
 */
export async function loadManifests(
  paths: readonly string[],
  opts: { cwd: string; fs?: ManifestFs },
): Promise<LoadResult> {
  const fs = opts.fs ?? nodeFs;
  const { files, pathProblems } = await listManifestFiles(paths, { cwd: opts.cwd, fs });
  const manifests = await mapLimit(files, LOAD_CONCURRENCY, async (f) =>
    withoutDocument(await loadManifestFile(fs, f, displayPath(opts.cwd, f))),
  );
  return { manifests, pathProblems };
}
