import { readFile } from 'node:fs/promises';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import type { LedgerChange, RestartLedger, RestartRecord } from '@docugen-secrets/rotation';
import { reloadError } from './errors.js';

export const LEDGER_FORMAT = 'docugen-secrets/restart-ledger';
export const LEDGER_VERSION = 1;

const STRING_FIELDS = [
  'secretId',
  'versionId',
  'service',
  'deployment',
  'trigger',
  'deliveryId',
  'reservedAt',
  'attemptedAt',
] as const;

function recordProblems(r: unknown, i: number): string[] {
  if (typeof r !== 'object' || r === null) return [`records[${i}] must be an object`];
  const rec = r as Record<string, unknown>;
  const missing = STRING_FIELDS.filter((f) => typeof rec[f] !== 'string').map((f) => `records[${i}].${f}`);
  if (rec['triggeredAt'] !== undefined && typeof rec['triggeredAt'] !== 'string')
    missing.push(`records[${i}].triggeredAt`);
  return missing.map((m) => `${m} must be a string`);
}

function parse(text: string, path: string): RestartRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw reloadError(
      'RELOAD_LEDGER_INVALID',
      `restart ledger ${path} is not JSON; restore it from a backup`,
      { path },
      err,
    );
  }
  const file = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const records = Array.isArray(file['records']) ? (file['records'] as unknown[]) : undefined;
  const problems =
    file['format'] !== LEDGER_FORMAT || file['version'] !== LEDGER_VERSION || records === undefined
      ? [`must be a ${LEDGER_FORMAT} v${LEDGER_VERSION} file with a records list`]
      : records.flatMap(recordProblems);
  if (problems.length > 0)
    throw reloadError('RELOAD_LEDGER_INVALID', `restart ledger ${path}: ${problems.slice(0, 5).join('; ')}`, { path });
  return records as RestartRecord[];
}

/**
 * The restart ledger as a JSON file (ids and times only, mode 0600): read
 * whole, changed through a queue so one process never interleaves two
 * updates, and written atomically (temp file, fsync, rename) before an
 * update resolves — a restart is reserved on disk before it is sent. One
 * process owns the file at a time (the rotation job runs in a concurrency group).
 */
export class JsonFileRestartLedger implements RestartLedger {
  readonly path: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  async read(): Promise<readonly RestartRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw reloadError(
        'RELOAD_LEDGER_IO',
        `cannot read restart ledger ${this.path}: ${describeError(err)}`,
        { path: this.path },
        err,
      );
    }
    return parse(text, this.path);
  }

  update<T>(change: (records: readonly RestartRecord[]) => LedgerChange<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const next = change(await this.read());
      await this.#write(next.records);
      return next.result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(records: readonly RestartRecord[]): Promise<void> {
    const file = { format: LEDGER_FORMAT, version: LEDGER_VERSION, records };
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 1)}\n`, 0o600);
    } catch (err) {
      throw reloadError(
        'RELOAD_LEDGER_IO',
        `cannot write restart ledger ${this.path}: ${describeError(err)}`,
        { path: this.path },
        err,
      );
    }
  }
}
