import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuditChain, recordHash } from './chain.js';
import { auditError } from './errors.js';
import type { AuditAnchor, AuditEvent, AuditRecord, AuditSink } from './event.js';
import { checkEvent } from './check-event.js';
import { isPlainObject, recordProblems } from './record.js';

/**
 * A file-backed, append-only, hash-chained audit log (one JSON record per line).
 *
 * Each append opens the file in append mode, writes one whole line and fsyncs
 * before resolving, so an acknowledged event survives a crash. Appends from
 * one instance are serialised; one process should own a log at a time (the
 * rotation workflow runs in a concurrency group). Opening a log whose last
 * line is damaged fails instead of chaining onto it: run `audit verify`.
 */
export class JsonlAuditLog implements AuditSink {
  readonly path: string;
  readonly #chain: AuditChain;
  #queue: Promise<void> = Promise.resolve();

  private constructor(path: string, chain: AuditChain) {
    this.path = path;
    this.#chain = chain;
  }

  /** Opens (or prepares to create) the log at `path`, continuing its chain. */
  static async open(path: string): Promise<JsonlAuditLog> {
    const text = await readFile(path, 'utf8').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw auditError('AUDIT_WRITE_FAILED', `cannot read audit log ${path}`, { cause: err, details: { path } });
    });
    return new JsonlAuditLog(path, new AuditChain(lastRecordAnchor(text, path)));
  }

  head(): AuditAnchor | undefined {
    return this.#chain.head();
  }

  append(event: AuditEvent): Promise<void> {
    const run = this.#queue.then(() => this.#write(event));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(event: AuditEvent): Promise<void> {
    checkEvent(event);
    const { record, line } = this.#chain.prepare(event);
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const fh = await open(this.path, 'a', 0o640);
      try {
        await fh.write(`${line}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      throw auditError(
        'AUDIT_WRITE_FAILED',
        `cannot append to audit log ${this.path} (action ${event.action}, secret ${event.secretId})`,
        {
          cause: err,
          details: { path: this.path },
        },
      );
    }
    this.#chain.commit(record);
  }
}

function lastRecordAnchor(text: string, path: string): AuditAnchor | undefined {
  if (text === '') return undefined;
  if (!text.endsWith('\n')) {
    throw auditError(
      'AUDIT_MALFORMED',
      `audit log ${path} ends with a partial line; run "docugen-secrets audit verify ${path}"`,
      { details: { path } },
    );
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch (err) {
    throw auditError(
      'AUDIT_MALFORMED',
      `the last line of audit log ${path} is not JSON; run "docugen-secrets audit verify ${path}"`,
      { cause: err, details: { path, line: lines.length } },
    );
  }
  if (!isPlainObject(parsed) || recordProblems(parsed).length > 0 || recordHash(parsed) !== parsed['hash']) {
    throw auditError(
      'AUDIT_MALFORMED',
      `the last line of audit log ${path} is not a valid record; run "docugen-secrets audit verify ${path}"`,
      { details: { path, line: lines.length } },
    );
  }
  const rec = parsed as unknown as AuditRecord;
  return { seq: rec.seq, hash: rec.hash };
}
