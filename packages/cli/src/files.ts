import { readFile } from 'node:fs/promises';
import { DocugenError } from '@docugen-secrets/core';
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
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (NOT_THERE.has(code)) throw usageError(`cannot read ${shown} (${code})`);
    throw new DocugenError('CLI_IO', `cannot read ${shown} (${code})`, { cause: err });
  }
}
