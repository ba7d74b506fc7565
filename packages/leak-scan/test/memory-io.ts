import type { PathKind, ScanIo } from '../src/index.js';

/** An in-memory `ScanIo`: a map of path → content; folders are implied by paths. */
export function memoryIo(
  files: Record<string, string | Uint8Array>,
  git: {
    tracked?: string[];
    untracked?: string[];
    added?: Record<string, number[]>;
    staged?: Record<string, string>;
  } = {},
): ScanIo & { reads: string[] } {
  const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const paths = Object.keys(files);
  const under = (p: string, f: string): boolean => p === '' || f.startsWith(`${p}/`);
  const reads: string[] = [];
  const stat = (p: string): { kind: PathKind; size: number } => {
    const v = files[p];
    if (v !== undefined) return { kind: 'file', size: bytes(v).length };
    return { kind: paths.some((f) => under(p, f)) ? 'dir' : 'missing', size: 0 };
  };
  const readFile = (p: string): Promise<Uint8Array> => {
    reads.push(p);
    const v = files[p];
    return v === undefined ? Promise.reject(new Error(`ENOENT ${p}`)) : Promise.resolve(bytes(v));
  };
  return {
    reads,
    stat: (p) => Promise.resolve(stat(p)),
    readDir: (p) =>
      Promise.resolve([
        ...new Set(
          paths.filter((f) => under(p, f)).map((f) => f.slice(p === '' ? 0 : p.length + 1).split('/')[0] ?? ''),
        ),
      ]),
    readFile,
    listTracked: () => Promise.resolve(git.tracked ?? paths),
    listUntracked: () => Promise.resolve(git.untracked ?? []),
    addedLines: () => Promise.resolve(new Map(Object.entries(git.added ?? {}))),
    readStaged: (p) => Promise.resolve(bytes(git.staged?.[p] ?? '')),
  };
}
