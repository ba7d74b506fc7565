import { readFile } from 'node:fs/promises';
import { describeError, writeFileAtomic, type Logger } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import type { StateData } from './model.js';
import { validateStateData } from './state-schema.js';

/**
 * The state file of a local server (`--state FILE`). It holds secret values in
 * clear (it is a local development stand-in for AWS), so it is written with
 * mode 0600, atomically (temp file + fsync + rename: a crash leaves the old or
 * the new file, never half of one).
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
    throw serverError('SM_SERVER_STATE_INVALID', `state file ${path} is not a ${STATE_FORMAT} v${STATE_VERSION} file: ${problems.slice(0, 5).join('; ')}`);
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
 * Saves after writes without a file write per request: `schedule()` marks the
 * state dirty and saves after `debounceMs`; saves never overlap; `flush()`
 * (on close) waits for everything pending and reports a failure.
 */
export class StateSaver {
  readonly #path: string;
  readonly #read: () => StateData;
  readonly #logger: Logger;
  readonly #debounceMs: number;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(path: string, read: () => StateData, logger: Logger, debounceMs = 25) {
    this.#path = path;
    this.#read = read;
    this.#logger = logger;
    this.#debounceMs = debounceMs;
  }

  schedule(): void {
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((err: unknown) => {
        this.#logger.error('state file save failed', { path: this.#path, error: describeError(err) });
      });
    }, this.#debounceMs);
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.#chain.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      await saveState(this.#path, this.#read());
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Marks the state dirty so the next flush writes even without a write request (first save of a new file). */
  markDirty(): void {
    this.#dirty = true;
  }
}
