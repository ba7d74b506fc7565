import type { AuditEvent } from '@docugen-secrets/audit';

/** What the audit trail says the tool did to one secret. */
export interface SecretHistory {
  /** Version ids the tool wrote (create with a first value, putPending, promote), with when it first wrote each. */
  readonly written: ReadonlyMap<string, Date>;
  /** When each version was made current (promote; else its put, for stores that make a first version current). */
  readonly promoted: ReadonlyMap<string, Date>;
  /** Versions rotated as an emergency (their retire time uses the emergency overlap). */
  readonly emergency: ReadonlySet<string>;
  /** Git commits the tool made to the secret's SOPS file. */
  readonly commits: ReadonlySet<string>;
}

/** Store operations that write a version: a version id they name is one the tool put there. */
const WRITES = new Set(['store.create', 'store.putPending', 'store.promote', 'manual.store-pending', 'manual.finish']);
/** Operations after which a version counts as made current. */
const PROMOTES = new Set(['store.promote']);

/** Most secrets have no emergency version, no commit and one or two writes: collections are made when first needed. */
interface Mutable {
  written: Map<string, Date>;
  promoted: Map<string, Date>;
  emergency: Set<string>;
  commits: Set<string>;
}

const NO_DATES: ReadonlyMap<string, Date> = new Map();
const NO_IDS: ReadonlySet<string> = new Set();
const EMPTY: SecretHistory = { written: NO_DATES, promoted: NO_DATES, emergency: NO_IDS, commits: NO_IDS };

function entry(index: Map<string, Mutable>, id: string): Mutable {
  let e = index.get(id);
  if (!e) {
    // The shared empty collections are replaced (never changed) on the first addition.
    e = { written: NO_DATES, promoted: NO_DATES, emergency: NO_IDS, commits: NO_IDS } as Mutable;
    index.set(id, e);
  }
  return e;
}

function note(e: Mutable, ev: AuditEvent, at: Date): void {
  const commit = ev.correlation?.['commit'];
  if (commit !== undefined) (e.commits = e.commits === NO_IDS ? new Set<string>() : e.commits).add(commit);
  const v = ev.versionId;
  if (v === undefined) return;
  if (ev.details?.['emergency'] === true)
    (e.emergency = e.emergency === NO_IDS ? new Set<string>() : e.emergency).add(v);
  if (!WRITES.has(ev.action)) return;
  if (!e.written.has(v)) (e.written = e.written === NO_DATES ? new Map<string, Date>() : e.written).set(v, at);
  if (PROMOTES.has(ev.action) && !e.promoted.has(v))
    (e.promoted = e.promoted === NO_DATES ? new Map<string, Date>() : e.promoted).set(v, at);
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
  readonly #index = new Map<string, Mutable>();

  add(ev: AuditEvent): void {
    if (ev.outcome !== 'success' || !relevant(ev)) return;
    const at = new Date(ev.at);
    if (Number.isNaN(at.getTime())) return;
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

/** When `versionId` became current by the trail: its promote, else its first write (AWS makes a first put current). */
export function promotedAt(h: SecretHistory, versionId: string): Date | undefined {
  return h.promoted.get(versionId) ?? h.written.get(versionId);
}
