import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The marker in the name of every temporary file `writeFileAtomic` makes: `.NAME.docugen-tmp-<12 hex>`. */
export const TEMP_FILE_MARKER = '.docugen-tmp-';
/** Another file's temporary file older than this (by the file system's clock) cannot be a write in progress. */
export const STALE_TEMP_MS = 60_000;
const TEMP_NAME = /^\.(.+)\.docugen-tmp-[0-9a-f]{12}$/;
/** The name earlier versions used (`.NAME.<12 hex>.tmp`), still recognised so their leftovers are cleaned and reported. */
const LEGACY_TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/**
 * The target name when `name` is a temporary file of an atomic write (ours or
 * an earlier version's), else undefined. A leftover of an interrupted write
 * may hold anything the write held — a plaintext included — so `scan`
 * reports them and the next write into their folder removes them.
 */
export function atomicWriteTarget(name: string): string | undefined {
  return TEMP_NAME.exec(name)?.[1] ?? LEGACY_TEMP_NAME.exec(name)?.[1];
}

/**
 * Writes a file atomically and durably: a temp file in the same folder
 * (`.NAME.docugen-tmp-<hex>`, mode `mode` from its creation), fsync, rename,
 * then fsync of the folder (so the rename itself survives a crash or power
 * loss: once this resolves, the new content is on disk). Readers see the old
 * content or the new, never half of it; on failure the temp file is removed
 * and the old file is untouched. Afterwards, temp files that earlier
 * interrupted writes left in the folder are removed (see `sweepTempFiles`).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}${TEMP_FILE_MARKER}${randomBytes(6).toString('hex')}`);
  const fh = await open(tmp, 'wx', mode);
  let now: number;
  try {
    await fh.writeFile(data);
    await fh.sync();
    now = (await fh.stat()).mtimeMs;
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await syncFolder(dirname(path));
  await sweepTempFiles(dirname(path), basename(path), now);
}

/**
 * Removes leftovers of interrupted atomic writes in `dir`: every temp file of
 * `name` (writes of one file are serialised by their callers, so none of
 * those is in progress) and other files' temp files older than STALE_TEMP_MS
 * than `nowMs` (the file system's time of our own temp file, so no clock is
 * needed). Best effort: a failure here never fails the write.
 */
async function sweepTempFiles(dir: string, name: string, nowMs: number): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const entry of names) {
    const target = atomicWriteTarget(entry);
    if (target === undefined) continue;
    const p = join(dir, entry);
    const stale =
      target === name ||
      (await stat(p).then(
        (s) => s.isFile() && nowMs - s.mtimeMs > STALE_TEMP_MS,
        () => false,
      ));
    if (stale) await rm(p, { force: true }).catch(() => undefined);
  }
}

/**
 * Replaces a file's content in place (O_TRUNC), with `mode` set before any
 * byte is written, then fsync. Not atomic: for content that must not be
 * staged in a second file — a decrypted plaintext — so that a crash can
 * leave it only in the file the user asked for, never in a temp file beside
 * it. Write only content already verified.
 */
export async function overwriteFile(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const fh = await open(path, 'w', mode);
  try {
    await fh.chmod(mode);
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync of a folder (its entries: a rename or a new file). Platforms that cannot open a folder for it (Windows) skip it. */
async function syncFolder(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch (err) {
    if (!['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh.close();
  }
}
