import { execFile } from 'node:child_process';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { leakError } from './errors.js';
import type { DiffMode, PathKind, ScanIo } from './io.js';

const MAX_GIT_OUTPUT = 512 * 1024 * 1024;

function git(root: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd: root, encoding: 'buffer', maxBuffer: MAX_GIT_OUTPUT },
      (err, stdout, stderr) => {
        if (!err) {
          resolve(stdout);
          return;
        }
        const first =
          stderr
            .toString('utf8')
            .split('\n')
            .find((l) => l.trim() !== '') ?? err.message;
        reject(leakError('LEAK_GIT_FAILED', `git ${args[0] ?? ''} failed in ${root}: ${first.trim()}`, err));
      },
    );
  });
}

function nulSeparated(out: Buffer): string[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '');
}

/** The 1-based added line numbers of a `-U0` diff, from its hunk headers (`@@ -a,b +c,d @@`). */
export function addedLinesFromDiff(diff: string): number[] {
  const lines: number[] = [];
  for (const m of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < count; i++) lines.push(start + i);
  }
  return lines;
}

function diffArgs(mode: DiffMode): string[] {
  const common = ['--no-color', '--no-ext-diff', '--no-renames', '--relative', '--diff-filter=AM'];
  return mode.kind === 'staged' ? ['diff', '--cached', ...common] : ['diff', ...common, mode.base];
}

async function addedLines(root: string, mode: DiffMode): Promise<Map<string, number[]>> {
  const args = diffArgs(mode);
  const files = nulSeparated(await git(root, [...args, '--name-only', '-z']));
  const out = new Map<string, number[]>();
  for (const file of files) {
    const diff = await git(root, [...args, '-U0', '--', `:(literal)${file}`]);
    out.set(file, addedLinesFromDiff(diff.toString('utf8')));
  }
  return out;
}

async function kindOf(path: string): Promise<{ kind: PathKind; size: number }> {
  try {
    const st = await lstat(path);
    const kind: PathKind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
    return { kind, size: st.size };
  } catch {
    return { kind: 'missing', size: 0 };
  }
}

/**
 * The real `ScanIo`: the file system under `root` (symlinks are not
 * followed) and the `git` CLI run in `root`. Git paths are relative to `root`
 * (`--relative`, `:./path`), so scanning from a sub-folder works.
 */
export function createNodeScanIo(root: string): ScanIo {
  // resolve, not join: a path the user gave may be absolute or lead outside the root.
  const abs = (p: string): string => (p === '' ? root : resolve(root, p));
  return {
    stat: (p) => kindOf(abs(p)),
    readDir: async (p) => readdir(abs(p)),
    readFile: async (p) => readFile(abs(p)),
    listTracked: async () => nulSeparated(await git(root, ['ls-files', '-z', '--cached'])),
    listUntracked: async () => nulSeparated(await git(root, ['ls-files', '-z', '--others', '--exclude-standard'])),
    addedLines: (mode) => addedLines(root, mode),
    readStaged: async (p) => git(root, ['show', `:./${p}`]),
  };
}
