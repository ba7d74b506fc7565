import { createHash } from 'node:crypto';
import { canonicalJson, type Json } from './canonical.js';
import type { AuditAnchor, AuditEvent, AuditRecord } from './event.js';

/**
 * The `prev` of the first record: SHA-256 of a fixed label, so an empty
 * prefix can't be forged by pointing the first line at an arbitrary hash.
 */
export const GENESIS_HASH = createHash('sha256').update('docugen-secrets audit log v1 genesis').digest('hex');

/** Hash of a record: SHA-256 hex of the canonical JSON of every member except `hash`. */
export function recordHash(record: Omit<AuditRecord, 'hash'> | Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = record as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalJson(rest as Json))
    .digest('hex');
}

/**
 * The pure part of an append-only log: turns events into chained records and
 * their line text. Writers keep one per log and feed it in append order.
 */
export class AuditChain {
  #seq: number;
  #head: string;

  /** Continue after `anchor` (the last record of an existing log), or start a new chain. */
  constructor(anchor?: AuditAnchor) {
    this.#seq = anchor?.seq ?? 0;
    this.#head = anchor?.hash ?? GENESIS_HASH;
  }

  /** Position of the last record, or undefined for an empty chain. */
  head(): AuditAnchor | undefined {
    return this.#seq === 0 ? undefined : { seq: this.#seq, hash: this.#head };
  }

  /** Chains one event. Does not advance until `commit` so a failed write can be retried. */
  prepare(event: AuditEvent): { record: AuditRecord; line: string } {
    const unhashed = { ...event, seq: this.#seq + 1, prev: this.#head };
    const record: AuditRecord = { ...unhashed, hash: recordHash(unhashed) };
    return { record, line: canonicalJson(record as unknown as Json) };
  }

  commit(record: AuditRecord): void {
    this.#seq = record.seq;
    this.#head = record.hash;
  }
}
