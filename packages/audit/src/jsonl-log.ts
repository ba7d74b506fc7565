import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '@docugen-secrets/core';
import { AuditChain, recordHash } from './chain.js';
import { auditError } from './errors.js';
import type { Actor, AuditAnchor, AuditEvent, AuditRecord, AuditSink } from './event.js';
import { checkEvent } from './check-event.js';
import { isPlainObject, recordProblems } from './record.js';
import { splitTornTail, truncateTornTail, type TornTail } from './torn-tail.js';

/** Who and when for the recovery event a torn tail leaves on the trail. */
export interface OpenOptions {
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: `{ kind: 'local', user: 'docugen-secrets' }`. */
  readonly actor?: Actor;
}

/** The action of the event recording a torn tail cut on open. */
export const RECOVERED_ACTION = 'audit.recovered';

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
  /** Set when opening cut a torn last line (a crash mid-append); the recovery event is on the trail. */
  recovered?: TornTail;
  readonly #chain: AuditChain;
  #queue: Promise<void> = Promise.resolve();

  private constructor(path: string, chain: AuditChain) {
    this.path = path;
    this.#chain = chain;
  }

  /**
   * Opens (or prepares to create) the log at `path`, continuing its chain. A
   * torn tail — an incomplete final line without its newline, what a crash
   * mid-append leaves — is cut and an `audit.recovered` event (value-free:
   * the line number and how many bytes were dropped) is chained in its
   * place. Any other damage, including a complete last line that is not a
   * valid record, is AUDIT_MALFORMED naming the line (`audit repair`).
   */
  static async open(path: string, options: OpenOptions = {}): Promise<JsonlAuditLog> {
    const text = await readFile(path, 'utf8').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw auditError('AUDIT_WRITE_FAILED', `cannot read audit log ${path}`, { cause: err, details: { path } });
    });
    const { kept, tail } = splitTornTail(text);
    const log = new JsonlAuditLog(path, new AuditChain(lastRecordAnchor(kept, path)));
    if (tail) await log.#recover(tail, Buffer.byteLength(kept), options);
    return log;
  }

  async #recover(tail: TornTail, keptBytes: number, options: OpenOptions): Promise<void> {
    await truncateTornTail(this.path, keptBytes);
    await this.append({
      at: (options.clock ?? systemClock).now().toISOString(),
      actor: options.actor ?? { kind: 'local', user: 'docugen-secrets' },
      action: RECOVERED_ACTION,
      secretId: '',
      outcome: 'success',
      details: { reason: 'torn-tail', droppedBytes: tail.droppedBytes, line: tail.line },
    });
    this.recovered = tail;
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
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch (err) {
    throw auditError(
      'AUDIT_MALFORMED',
      `line ${lines.length} (the last) of audit log ${path} is not JSON; run "docugen-secrets audit verify ${path}", then "audit repair"`,
      { cause: err, details: { path, line: lines.length } },
    );
  }
  if (!isPlainObject(parsed) || recordProblems(parsed).length > 0 || recordHash(parsed) !== parsed['hash']) {
    throw auditError(
      'AUDIT_MALFORMED',
      `line ${lines.length} (the last) of audit log ${path} is not a valid record; run "docugen-secrets audit verify ${path}", then "audit repair"`,
      { details: { path, line: lines.length } },
    );
  }
  const rec = parsed as unknown as AuditRecord;
  return { seq: rec.seq, hash: rec.hash };
}
