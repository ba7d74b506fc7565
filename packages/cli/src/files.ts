import { readFile, stat } from 'node:fs/promises';
import { DocugenError } from '@docugen-secrets/core';
import type { PathProblem } from '@docugen-secrets/manifest';
import { usageError } from './usage.js';

/** Codes meaning "the path the user gave names nothing readable as a file": a usage error. */
const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG']);

/**
 * Reads a file the user named. A path that names nothing is a usage error
 * (exit 2); anything else (permissions, I/O) is operational (CLI_IO, exit 3).
 * `shown` is how the message names the file (as the user typed it).
 */
export async function readUserFile(path: string, shown: string): Promise<string> {
  try {
    // A FIFO would block the read forever and a device reads as empty or endless.
    if (!(await stat(path)).isFile()) throw usageError(`${shown} is not a regular file`);
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof DocugenError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (NOT_THERE.has(code)) throw usageError(`cannot read ${shown} (${code})`);
    throw new DocugenError('CLI_IO', `cannot read ${shown} (${code})`, { cause: err });
  }
}

/**
 * The usage error (exit 2) naming every path the user gave that holds no
 * manifest — missing, a loop, a FIFO or device, a folder without manifests —
 * so that a typo in a CI path fails the gate instead of checking nothing.
 */
export async function assertManifestPaths(problems: readonly PathProblem[]): Promise<void> {
  if (problems.length === 0) return;
  const { describePathProblems } = await import('@docugen-secrets/manifest');
  throw usageError(describePathProblems(problems));
}
