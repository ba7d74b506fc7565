import type { LedgerChange, RestartLedger, RestartRecord } from './port.js';

/** The ledger in memory: for tests and dry runs (a real run persists it, see the CLI's composition root). */
export class MemoryRestartLedger implements RestartLedger {
  records: readonly RestartRecord[] = [];

  read(): Promise<readonly RestartRecord[]> {
    return Promise.resolve(this.records);
  }

  update<T>(change: (records: readonly RestartRecord[]) => LedgerChange<T>): Promise<T> {
    const next = change(this.records);
    this.records = next.records;
    return Promise.resolve(next.result);
  }
}
