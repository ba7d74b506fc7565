import { readFile } from 'node:fs/promises';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import type { StateData } from './model.js';
import { validateStateData } from './state-schema.js';

/**
 * The state file of a local server (`--state FILE`). It holds secret values in
 * clear (it is a local development stand-in for AWS), so it is written with
 * mode 0600, atomically (temp file + fsync + rename + folder fsync: a crash
 * leaves the old or the new file, never half of one), and a write request is
 * answered only after the save that holds it (see StateSaver).
 */
export const STATE_FORMAT = 'docugen-secrets/secrets-manager-server-state';
export const STATE_VERSION = 1;
const STATE_MODE = 0o600;

interface StateFile {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  secrets: StateData['secrets'];
}

/** Loads a state file; a missing file is an empty state. */
export async function loadState(path: string): Promise<StateData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { secrets: [] };
    throw serverError('SM_SERVER_STATE_IO', `cannot read state file ${path}: ${describeError(err)}`, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw serverError('SM_SERVER_STATE_INVALID', `state file ${path} is not JSON; fix or remove it`, err);
  }
  const problems = validateStateData(parsed, STATE_FORMAT, STATE_VERSION);
  if (problems.length > 0) {
    throw serverError(
      'SM_SERVER_STATE_INVALID',
      `state file ${path} is not a ${STATE_FORMAT} v${STATE_VERSION} file: ${problems.slice(0, 5).join('; ')}`,
    );
  }
  return { secrets: (parsed as StateFile).secrets };
}

export async function saveState(path: string, data: StateData): Promise<void> {
  const file: StateFile = { format: STATE_FORMAT, version: STATE_VERSION, secrets: data.secrets };
  try {
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, STATE_MODE);
  } catch (err) {
    throw serverError('SM_SERVER_STATE_IO', `cannot write state file ${path}: ${describeError(err)}`, err);
  }
}

/**
 * Makes writes durable before they are acknowledged, without one file write
 * per request: group commit. `persist()` resolves once a save that STARTED
 * after the call (so it holds the caller's change) has reached the disk
 * (temp file fsynced, renamed, folder fsynced); calls that arrive while a
 * save runs share the next one. Saves never overlap. A failed save rejects
 * every caller waiting on it, so none of them is acknowledged.
 */
export class StateSaver {
  readonly #path: string;
  readonly #read: () => StateData;
  #chain: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;

  constructor(path: string, read: () => StateData) {
    this.#path = path;
    this.#read = read;
  }

  persist(): Promise<void> {
    this.#next ??= this.#chain.then(() => {
      this.#next = undefined;
      return saveState(this.#path, this.#read());
    });
    const next = this.#next;
    this.#chain = next.catch(() => undefined);
    return next;
  }
}
