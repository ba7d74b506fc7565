import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import { emulatorError, type EmulatorError } from './errors.js';

/**
 * Optional persistence of an emulator's upstream state (keys, users, their
 * secrets), so local runs survive restarts the way a real provider does. The
 * file holds local stand-in credentials in clear, so it is written with mode
 * 0600 (its folder 0700), atomically: temp file, fsync, rename — a crash
 * leaves the old or the new file, never half of one.
 */
const STATE_MODE = 0o600;

/** The header every state file carries, checked on load. */
export interface StateFormat {
  readonly format: string;
  readonly version: number;
}

/** Reads a state file's body; undefined when it does not exist yet (a first run). */
export async function readStateFile(path: string, expected: StateFormat): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw emulatorError(
      'EMULATOR_STATE_IO',
      `cannot read emulator state ${path}: ${describeError(err)}`,
      { path },
      err,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidState(path, 'it is not JSON', err);
  }
  if (!isRecord(parsed) || parsed['format'] !== expected.format || parsed['version'] !== expected.version) {
    throw invalidState(path, `it is not a ${expected.format} v${expected.version} file`);
  }
  return parsed;
}

/** Saves snapshots one after another (never two writes of the file at once). */
export class StateWriter {
  readonly path: string;
  readonly #header: StateFormat;
  #chain: Promise<void> = Promise.resolve();

  constructor(path: string, header: StateFormat) {
    this.path = path;
    this.#header = header;
  }

  /** Serialises `body` now (so later changes are not mixed in) and writes it after any earlier save. */
  save(body: Record<string, unknown>): Promise<void> {
    const text = `${JSON.stringify({ format: this.#header.format, version: this.#header.version, ...body }, null, 2)}\n`;
    const run = this.#chain.then(() => this.#write(text));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #write(text: string): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, text, STATE_MODE);
    } catch (err) {
      throw emulatorError(
        'EMULATOR_STATE_IO',
        `cannot write emulator state ${this.path}: ${describeError(err)}`,
        { path: this.path },
        err,
      );
    }
  }
}

export function invalidState(path: string, why: string, cause?: unknown): EmulatorError {
  return emulatorError(
    'EMULATOR_STATE_INVALID',
    `emulator state ${path} cannot be used: ${why}; fix it or delete it (the emulator then starts empty)`,
    { path },
    cause,
  );
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Typed reads of a parsed state file; the first wrong field throws
 * EMULATOR_STATE_INVALID naming the file and the field's path (never a value).
 */
export class StateReader {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  record(v: unknown, at: string): Record<string, unknown> {
    if (!isRecord(v)) throw this.#wrong(at, 'an object');
    return v;
  }

  array(v: unknown, at: string): unknown[] {
    if (!Array.isArray(v)) throw this.#wrong(at, 'an array');
    return v as unknown[];
  }

  string(v: unknown, at: string): string {
    if (typeof v !== 'string') throw this.#wrong(at, 'a string');
    return v;
  }

  count(v: unknown, at: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw this.#wrong(at, 'a whole number');
    return v;
  }

  date(v: unknown, at: string): Date {
    const d = new Date(this.string(v, at));
    if (Number.isNaN(d.getTime())) throw this.#wrong(at, 'an ISO-8601 time');
    return d;
  }

  optionalDate(v: unknown, at: string): Date | undefined {
    return v === undefined ? undefined : this.date(v, at);
  }

  oneOf<const T extends string>(v: unknown, at: string, allowed: readonly T[]): T {
    const s = this.string(v, at);
    const found = allowed.find((a) => a === s);
    if (found === undefined) throw this.#wrong(at, `one of ${allowed.join(', ')}`);
    return found;
  }

  /** The items of the array at `at`, each read by `item`. */
  list<T>(v: unknown, at: string, item: (x: Record<string, unknown>, at: string) => T): T[] {
    return this.array(v, at).map((x, i) => item(this.record(x, `${at}[${i}]`), `${at}[${i}]`));
  }

  #wrong(at: string, what: string): EmulatorError {
    return invalidState(this.#path, `${at} must be ${what}`);
  }
}
