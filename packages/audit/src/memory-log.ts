import { AuditChain } from './chain.js';
import { checkEvent } from './check-event.js';
import type { AuditAnchor, AuditEvent, AuditRecord, AuditSink } from './event.js';

/**
 * The same chained log, kept in memory: for tests (canary scans read `text()`)
 * and for runs that upload the log as an artifact at the end.
 */
export class MemoryAuditLog implements AuditSink {
  readonly records: AuditRecord[] = [];
  readonly lines: string[] = [];
  readonly #chain = new AuditChain();

  append(event: AuditEvent): Promise<void> {
    checkEvent(event);
    const { record, line } = this.#chain.prepare(event);
    this.#chain.commit(record);
    this.records.push(record);
    this.lines.push(line);
    return Promise.resolve();
  }

  head(): AuditAnchor | undefined {
    return this.#chain.head();
  }

  /** The log as it would be on disk (JSONL, newline-terminated). */
  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}
