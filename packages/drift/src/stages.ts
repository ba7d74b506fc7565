import type { SecretManifest } from '@docugen-secrets/manifest';
import { promotedAt, type SecretHistory } from './audit-index.js';
import type { DriftFact } from './finding.js';
import { pendingDeadline, plus, previousDeadline } from './timing.js';

/**
 * The stage facts of one stored secret, whatever the store: who holds
 * current, pending and previous, and when things happened (from the store
 * when it says, else from the audit trail).
 */
export interface StageView {
  readonly current?: string;
  readonly pending?: string;
  readonly previous?: string;
  /** When the pending version was put (store or audit). */
  readonly pendingAt?: Date;
  /** When the current version became current, by the store (SOPS `rotated_at`); the audit trail is asked otherwise. */
  readonly promotedAt?: Date;
  /** Fallback time for both: the store's last change. */
  readonly changedAt?: Date;
  readonly createdAt?: Date;
  /** The secret carries the claim tag of a first rotation. */
  readonly claimed: boolean;
}

export interface StageContext {
  readonly history: SecretHistory;
  readonly now: Date;
  readonly grace: string;
}

type Base = Pick<DriftFact, 'file' | 'backend' | 'location' | 'secretId'>;

function noCurrent(m: SecretManifest, v: StageView, ctx: StageContext, base: Base): DriftFact[] {
  const since = v.createdAt ?? v.changedAt;
  if (since !== undefined && plus(since, ctx.grace) > ctx.now) return [];
  if (v.claimed) {
    const message = `secret ${m.id}: its first rotation was claimed (tag docugen-secrets/claim) but no version is current: the interrupted attempt may have left an upstream key that no stored version references; run rotate to resume it (it adopts or deletes that key)`;
    return [{ ...base, code: 'DRIFT004', detail: 'claimed-unreferenced', message }];
  }
  return [
    {
      ...base,
      code: 'DRIFT004',
      detail: 'no-current',
      message: `secret ${m.id}: the store holds the secret but no version is current`,
    },
  ];
}

function pendingLeft(m: SecretManifest, v: StageView, ctx: StageContext, base: Base): DriftFact[] {
  if (v.pending === undefined) return [];
  const at = ctx.history.written.get(v.pending) ?? v.pendingAt ?? v.changedAt;
  if (at === undefined) return [];
  const deadline = pendingDeadline(m, at, ctx.grace);
  if (ctx.now <= deadline) return [];
  const message = `secret ${m.id}: pending version ${v.pending} (staged ${at.toISOString()}) was left behind; it should have been promoted or discarded by ${deadline.toISOString()} — run rotate to resume the rotation`;
  return [{ ...base, code: 'DRIFT004', detail: 'pending-left-behind', versionId: v.pending, message }];
}

function previousOverdue(m: SecretManifest, v: StageView, ctx: StageContext, base: Base): DriftFact[] {
  if (v.previous === undefined || v.current === undefined) return [];
  const at = promotedAt(ctx.history, v.current) ?? v.promotedAt ?? v.changedAt;
  if (at === undefined) return [];
  const deadline = previousDeadline(m, at, ctx.history.emergency.has(v.current), ctx.grace);
  if (deadline === undefined || ctx.now <= deadline) return [];
  const message = `secret ${m.id}: previous version ${v.previous} is past its retire time (current since ${at.toISOString()}, retire by ${deadline.toISOString()} with the grace); run rotate to retire it`;
  return [{ ...base, code: 'DRIFT004', detail: 'previous-past-retire', versionId: v.previous, message }];
}

/** Pending left behind, previous past its retire time, no current version (claimed or not). */
export function stageFacts(m: SecretManifest, v: StageView, ctx: StageContext, base: Base): DriftFact[] {
  if (v.current === undefined) return [...noCurrent(m, v, ctx, base), ...pendingLeft(m, v, ctx, base)];
  return [...pendingLeft(m, v, ctx, base), ...previousOverdue(m, v, ctx, base)];
}

/** Current and pending versions the audit trail never saw written: changed outside the tool (`where` names the store place, asked only for a fact). */
export function outOfBandFacts(
  m: SecretManifest,
  v: StageView,
  history: SecretHistory,
  base: Base,
  where: () => string,
): DriftFact[] {
  const out: DriftFact[] = [];
  for (const [stage, id] of [
    ['current', v.current],
    ['pending', v.pending],
  ] as const) {
    if (id === undefined || history.written.has(id)) continue;
    const message = `secret ${m.id}: the ${stage} version ${id} ${where()} was never recorded in the audit trail: it was written outside the tool${v.changedAt ? ` (last change ${v.changedAt.toISOString()})` : ''}; find who changed it, then rotate through the tool`;
    out.push({ ...base, code: 'DRIFT003', detail: `out-of-band-${stage}`, versionId: id, message });
  }
  return out;
}
