import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import { contentHash, repositoryError, type ChangeIntent } from './repository.js';

const ENTRY = /^[0-9a-f]{64}\.json$/;

/**
 * The durable record of changes written and not yet committed: one small
 * JSON file per path in a folder of the git directory (never in the working
 * tree, so it is neither committed nor seen by `git status`). Each entry is
 * written atomically with its file and folder synced before the SOPS file is
 * written, so a crash at any point leaves either no entry (nothing written)
 * or an entry that names the step's commit message.
 */
export class IntentJournal {
  readonly #dir: () => Promise<string>;

  /** `dir` resolves the journal folder on first use (the git directory is asked lazily). */
  constructor(dir: () => Promise<string>) {
    this.#dir = dir;
  }

  async record(intent: ChangeIntent): Promise<void> {
    const dir = await this.#dir();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(dir, entryName(intent.path)), `${JSON.stringify(intent)}\n`, 0o600);
  }

  async has(path: string): Promise<boolean> {
    return (await this.#read(join(await this.#dir(), entryName(path)))) !== undefined;
  }

  async remove(path: string): Promise<void> {
    await rm(join(await this.#dir(), entryName(path)), { force: true });
  }

  /** Every open intent, in a stable order (each is independent of the others). */
  async list(): Promise<ChangeIntent[]> {
    const dir = await this.#dir();
    const names = await readdir(dir).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    });
    const out: ChangeIntent[] = [];
    for (const name of names.filter((n) => ENTRY.test(n)).sort()) {
      const intent = await this.#read(join(dir, name));
      if (intent) out.push(intent);
    }
    return out;
  }

  async #read(file: string): Promise<ChangeIntent | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const intent = parseIntent(text);
    if (!intent)
      throw repositoryError(
        'REPO_JOURNAL_CORRUPT',
        `change journal entry ${file} is not a recorded change: inspect the repository (git status), then delete the entry and rerun`,
        { details: { file } },
      );
    return intent;
  }
}

function entryName(path: string): string {
  return `${contentHash(path)}.json`;
}

function parseIntent(text: string): ChangeIntent | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const { path, sha256, message } = v;
    if (
      typeof path === 'string' &&
      typeof message === 'string' &&
      typeof sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(sha256)
    )
      return { path, sha256, message };
  } catch {
    /* reported by the caller */
  }
  return undefined;
}
