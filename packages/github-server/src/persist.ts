import { readFile } from 'node:fs/promises';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import type { StateData } from './model.js';
import { validateStateData } from './state-schema.js';

/**
 * The state file (`--state FILE`): issues, comments, labels, refs. Written
 * atomically (temp file + fsync + rename) with mode 0600 — issue bodies are
 * the project's own text, but a local file need not be world-readable.
 */
export const STATE_FORMAT = 'docugen-secrets/github-server-state';
export const STATE_VERSION = 1;

/** Loads a state file; a missing file is `undefined` (start empty). */
export async function loadState(path: string): Promise<StateData | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw serverError('GH_SERVER_STATE_IO', `cannot read state file ${path}: ${describeError(err)}`, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw serverError('GH_SERVER_STATE_INVALID', `state file ${path} is not JSON; fix or remove it`, err);
  }
  const problems = validateStateData(parsed, STATE_FORMAT, STATE_VERSION);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw serverError(
      'GH_SERVER_STATE_INVALID',
      `state file ${path} is not a ${STATE_FORMAT} v${STATE_VERSION} file: ${shown}`,
    );
  }
  const { nextId, repos } = parsed as StateData;
  return { nextId, repos };
}

export async function saveState(path: string, data: StateData): Promise<void> {
  const file = { format: STATE_FORMAT, version: STATE_VERSION, ...data };
  try {
    await writeFileAtomic(path, `${JSON.stringify(file)}\n`, 0o600);
  } catch (err) {
    throw serverError('GH_SERVER_STATE_IO', `cannot write state file ${path}: ${describeError(err)}`, err);
  }
}

/**
 * Durable writes with group commit: `commit()` resolves once a save that
 * began after the call has reached the disk, so a write is acknowledged only
 * when it is durable; writes arriving while a save runs share the next one.
 */
export class StateFile {
  readonly #path: string;
  readonly #read: () => StateData;
  #next: Promise<void> | undefined;
  #last: Promise<void> = Promise.resolve();

  constructor(path: string, read: () => StateData) {
    this.#path = path;
    this.#read = read;
  }

  commit(): Promise<void> {
    if (this.#next) return this.#next;
    const next = this.#last
      .catch(() => undefined)
      .then(async () => {
        this.#next = undefined;
        await saveState(this.#path, this.#read());
      });
    this.#next = next;
    this.#last = next;
    return next;
  }
}
