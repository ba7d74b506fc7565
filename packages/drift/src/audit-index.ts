import type { AuditEvent } from '@docugen-secrets/audit';
import { History, type SecretHistory } from './history.js';

export type { SecretHistory } from './history.js';

/** Store operations that write a version: a version id they name is one the tool put there. */
const WRITES = new Set(['store.create', 'store.putPending', 'store.promote', 'manual.store-pending', 'manual.finish']);
/** Operations after which a version counts as made current. */
const PROMOTES = new Set(['store.promote']);

const EMPTY: SecretHistory = new History();

function entry(index: Map<string, History>, id: string): History {
  let e = index.get(id);
  if (!e) {
    e = new History();
    index.set(id, e);
  }
  return e;
}

function note(e: History, ev: AuditEvent, at: number): void {
  const commit = ev.correlation?.['commit'];
  if (commit !== undefined) e.noteCommit(commit);
  const v = ev.versionId;
  if (v === undefined) return;
  if (ev.details?.['emergency'] === true) e.noteEmergency(v);
  if (!WRITES.has(ev.action)) return;
  e.noteWrite(v, at);
  if (PROMOTES.has(ev.action)) e.notePromote(v, at);
}

/** Whether an event can change a history: a commit, an emergency mark or a version write. */
function relevant(ev: AuditEvent): boolean {
  return (
    ev.correlation?.['commit'] !== undefined ||
    (ev.versionId !== undefined && (WRITES.has(ev.action) || ev.details?.['emergency'] === true))
  );
}

/** The audit trail indexed per secret id: what drift reads of it (`indexAudit`, `AuditIndexBuilder`). */
export type AuditIndex = ReadonlyMap<string, SecretHistory>;

/**
 * Indexes the audit trail per secret, one event at a time in log order, so
 * a reader can stream the trail without keeping its events: successful
 * events only (a failed write changed nothing the tool can vouch for); the
 * first record of a version wins; only the events that can change a
 * history are dated; an event whose time does not parse is skipped.
 */
export class AuditIndexBuilder {
  readonly #index = new Map<string, History>();

  add(ev: AuditEvent): void {
    if (ev.outcome !== 'success' || !relevant(ev)) return;
    const at = Date.parse(ev.at);
    if (Number.isNaN(at)) return;
    note(entry(this.#index, ev.secretId), ev, at);
  }

  /** The index so far (the builder's own map: add nothing after reading it). */
  get index(): AuditIndex {
    return this.#index;
  }
}

/** Indexes events held in memory (see `AuditIndexBuilder`). */
export function indexAudit(events: Iterable<AuditEvent>): AuditIndex {
  const builder = new AuditIndexBuilder();
  for (const ev of events) builder.add(ev);
  return builder.index;
}

/** The history of one secret; empty when the trail never mentions it. */
export function historyOf(index: AuditIndex, secretId: string): SecretHistory {
  return index.get(secretId) ?? EMPTY;
}
