import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretHistory } from './history.js';
import type { DriftFact } from './finding.js';
import { pendingDeadline, plus, previousDeadline } from './timing.js';

/**
 * The stage facts of one stored secret, whatever the store: who holds
 * current, pending and previous, and when things happened (from the store
 * when it says, else from the audit trail).
 */
export interface StageView {
  // Every field is always present (undefined when unknown): views are built as one literal of one shape, which
  // V8 allocates in one step; adding optional properties one by one cost ~1.5 µs per property over 10,000 secrets.
  readonly current: string | undefined;
  readonly pending: string | undefined;
  readonly previous: string | undefined;
  // Times are epoch milliseconds: a Date is made only when a check needs one (a Date kept per secret cost young-gen
  // GC time in a 10,000-secret listing).
  /** When the pending version was put (store or audit). */
  readonly pendingAt: number | undefined;
  /** When the current version became current, by the store (SOPS `rotated_at`); the audit trail is asked otherwise. */
  readonly promotedAt: number | undefined;
  /** Fallback time for both: the store's last change. */
  readonly changedAt: number | undefined;
  readonly createdAt: number | undefined;
  /** The secret carries the claim tag of a first rotation. */
  readonly claimed: boolean;
}

/** When the checks run and how much slack the schedule gets (CheckContext satisfies it: no object per secret). */
export interface StageContext {
  readonly now: Date;
  readonly grace: string;
}

type Base = Pick<DriftFact, 'file' | 'backend' | 'location' | 'secretId'>;

const dateOf = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

// The checks run once per stored secret (10,000 in the drift benchmark): a fact is pushed into the caller's array
// when there is one, and nothing is allocated when there is none (no empty arrays, tuples or spreads per secret).

function noCurrent(m: SecretManifest, v: StageView, ctx: StageContext, base: Base): DriftFact | undefined {
  const since = v.createdAt ?? v.changedAt;
  if (since !== undefined && plus(new Date(since), ctx.grace) > ctx.now) return undefined;
  if (v.claimed) {
    const message = `secret ${m.id}: its first rotation was claimed (tag docugen-secrets/claim) but no version is current: the interrupted attempt may have left an upstream key that no stored version references; run rotate to resume it (it adopts or deletes that key)`;
    return { ...base, code: 'DRIFT004', detail: 'claimed-unreferenced', message };
  }
  return {
    ...base,
    code: 'DRIFT004',
    detail: 'no-current',
    message: `secret ${m.id}: the store holds the secret but no version is current`,
  };
}

function pendingLeft(
  m: SecretManifest,
  v: StageView,
  history: SecretHistory,
  ctx: StageContext,
  base: Base,
): DriftFact | undefined {
  if (v.pending === undefined) return undefined;
  const at = history.writtenAt(v.pending) ?? dateOf(v.pendingAt ?? v.changedAt);
  if (at === undefined) return undefined;
  const deadline = pendingDeadline(m, at, ctx.grace);
  if (ctx.now <= deadline) return undefined;
  const message = `secret ${m.id}: pending version ${v.pending} (staged ${at.toISOString()}) was left behind; it should have been promoted or discarded by ${deadline.toISOString()} — run rotate to resume the rotation`;
  return { ...base, code: 'DRIFT004', detail: 'pending-left-behind', versionId: v.pending, message };
}

function previousOverdue(
  m: SecretManifest,
  v: StageView,
  history: SecretHistory,
  ctx: StageContext,
  base: Base,
): DriftFact | undefined {
  if (v.previous === undefined || v.current === undefined) return undefined;
  const at = history.promotedAt(v.current) ?? dateOf(v.promotedAt ?? v.changedAt);
  if (at === undefined) return undefined;
  const deadline = previousDeadline(m, at, history.isEmergency(v.current), ctx.grace);
  if (deadline === undefined || ctx.now <= deadline) return undefined;
  const message = `secret ${m.id}: previous version ${v.previous} is past its retire time (current since ${at.toISOString()}, retire by ${deadline.toISOString()} with the grace); run rotate to retire it`;
  return { ...base, code: 'DRIFT004', detail: 'previous-past-retire', versionId: v.previous, message };
}

function push(out: DriftFact[], fact: DriftFact | undefined): void {
  if (fact !== undefined) out.push(fact);
}

/** Pushes onto `out`: pending left behind, previous past its retire time, no current version (claimed or not). */
export function stageFacts(
  out: DriftFact[],
  m: SecretManifest,
  v: StageView,
  history: SecretHistory,
  ctx: StageContext,
  base: Base,
): void {
  if (v.current === undefined) push(out, noCurrent(m, v, ctx, base));
  push(out, pendingLeft(m, v, history, ctx, base));
  if (v.current !== undefined) push(out, previousOverdue(m, v, history, ctx, base));
}

function outOfBand(
  m: SecretManifest,
  v: StageView,
  stage: 'current' | 'pending',
  history: SecretHistory,
  base: Base,
  where: () => string,
): DriftFact | undefined {
  const id = v[stage];
  if (id === undefined || history.wrote(id)) return undefined;
  const message = `secret ${m.id}: the ${stage} version ${id} ${where()} was never recorded in the audit trail: it was written outside the tool${v.changedAt === undefined ? '' : ` (last change ${new Date(v.changedAt).toISOString()})`}; find who changed it, then rotate through the tool`;
  return { ...base, code: 'DRIFT003', detail: `out-of-band-${stage}`, versionId: id, message };
}

/**
 * Pushes onto `out` the current and pending versions the audit trail never
 * saw written: changed outside the tool (`where` names the store place,
 * asked only for a fact).
 */
export function outOfBandFacts(
  out: DriftFact[],
  m: SecretManifest,
  v: StageView,
  history: SecretHistory,
  base: Base,
  where: () => string,
): void {
  push(out, outOfBand(m, v, 'current', history, base, where));
  push(out, outOfBand(m, v, 'pending', history, base, where));
}
