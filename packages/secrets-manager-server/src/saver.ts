import { open, rm } from 'node:fs/promises';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import { baseOf, journalHeader, journalLine, journalPathOf } from './journal.js';
import type { StateData } from './model.js';
import { STATE_MODE, stateText } from './persist.js';
import type { StateChange } from './table.js';

/** The file operations of a saver (a test counts the bytes going through them). */
export interface StateFileIo {
  /** Writes the file atomically (temp + fsync + rename + folder fsync), mode 0600. */
  replace(path: string, text: string): Promise<void>;
  /** Appends to an existing file and syncs its data. */
  append(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
}

export const fsStateFileIo: StateFileIo = {
  replace: (path, text) => writeFileAtomic(path, text, STATE_MODE),
  append: async (path, text) => {
    const handle = await open(path, 'a', STATE_MODE);
    try {
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  },
  remove: (path) => rm(path, { force: true }),
};

/** A journal smaller than this is never worth a full save. */
const MIN_JOURNAL_BYTES = 1 << 20;

/**
 * Makes writes durable before they are acknowledged, without a full save per
 * request: group commit onto a journal. `record` takes each change as the
 * state makes it; `persist()` resolves once a save that STARTED after the
 * call (so it holds the caller's change) has reached the disk; calls that
 * arrive while a save runs share the next one. Saves never overlap. A save
 * appends the recorded changes to the journal, or, for the first save of
 * the server's life, after a failed save, and once the journal outgrows the
 * state file, writes the whole state and drops the journal: amortised, a
 * write costs the size of its change. A failed save rejects every caller
 * waiting on it, so none of them is acknowledged.
 */
export class StateSaver {
  readonly #path: string;
  readonly #journalPath: string;
  readonly #read: () => StateData;
  readonly #io: StateFileIo;
  #pending: string[] = [];
  /** Hash of the state file the journal continues; undefined: the next save is a full one. */
  #base: string | undefined;
  #journalBytes = 0;
  #stateBytes = 0;
  #chain: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;
  #fullRequested = false;

  constructor(path: string, read: () => StateData, io: StateFileIo = fsStateFileIo) {
    this.#path = path;
    this.#journalPath = journalPathOf(path);
    this.#read = read;
    this.#io = io;
  }

  /** Takes a change as it happens (serialised now: later changes to the record are later entries). */
  record(change: StateChange): void {
    this.#pending.push(journalLine(change));
  }

  persist(): Promise<void> {
    return this.#enqueue(false);
  }

  /** A last full save (the state in one file again, no journal left). */
  close(): Promise<void> {
    return this.#enqueue(true);
  }

  #enqueue(full: boolean): Promise<void> {
    if (full) this.#fullRequested = true;
    this.#next ??= this.#chain.then(() => {
      this.#next = undefined;
      return this.#save();
    });
    const next = this.#next;
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #save(): Promise<void> {
    const lines = this.#pending.join('');
    this.#pending = [];
    const base = this.#fullRequested ? undefined : this.#base;
    const fits = this.#journalBytes + lines.length <= Math.max(MIN_JOURNAL_BYTES, this.#stateBytes);
    this.#fullRequested = false;
    try {
      if (base === undefined || !fits) await this.#saveAll();
      else if (lines.length > 0) await this.#append(lines, base);
    } catch (err) {
      this.#base = undefined;
      throw serverError('SM_SERVER_STATE_IO', `cannot write state file ${this.#path}: ${describeError(err)}`, err);
    }
  }

  async #saveAll(): Promise<void> {
    this.#base = undefined;
    const text = stateText(this.#read());
    await this.#io.replace(this.#path, text);
    await this.#io.remove(this.#journalPath);
    this.#base = baseOf(text);
    this.#stateBytes = text.length;
    this.#journalBytes = 0;
  }

  async #append(lines: string, base: string): Promise<void> {
    if (this.#journalBytes === 0) {
      const text = journalHeader(base) + lines;
      await this.#io.replace(this.#journalPath, text);
      this.#journalBytes = text.length;
    } else {
      await this.#io.append(this.#journalPath, lines);
      this.#journalBytes += lines.length;
    }
  }
}
