import { isAscii } from 'node:buffer';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';

/**
 * Where `check --changed` keeps the facts of unchanged manifests between runs
 * (a JSON file in the git dir, see docs/policies/README.md). `load` gives
 * undefined for a missing or unreadable file; a failed `save` is the
 * caller's to ignore.
 */
export interface FactsCacheStore {
  load(file: string): Promise<string | undefined>;
  save(file: string, text: string): Promise<void>;
}

/**
 * The file system, written atomically (temp file, then rename) so a
 * concurrent run reads the old or the new cache, never half of one.
 */
export const fileFactsCacheStore: FactsCacheStore = {
  async load(file) {
    try {
      const bytes = await readFile(file);
      // The cache is written as ASCII (JSON escapes), and latin1 decodes that several times faster than utf8.
      return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
    } catch {
      return undefined;
    }
  },
  async save(file, text) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text, 0o600);
  },
};
