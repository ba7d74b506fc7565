import type { SecretDescription } from '@docugen-secrets/secret-store';
import { evaluate } from '../planner/evaluate.js';
import { previousRetireAt, viewOf, type VersionView } from '../planner/facts.js';
import type { Ctx } from './context.js';
import { restartWanted, retireGateOf } from './restart.js';
import type { RotationResultKind } from './types.js';

/** The next thing a run does, derived from the store's state and what this run already did. */
export type Phase =
  | { readonly kind: 'discard-failed'; readonly view: VersionView }
  | { readonly kind: 'resume'; readonly view: VersionView }
  | { readonly kind: 'retire'; readonly view: VersionView }
  | { readonly kind: 'start'; readonly view: VersionView }
  | { readonly kind: 'restart'; readonly view: VersionView }
  | { readonly kind: 'stop'; readonly result: RotationResultKind; readonly reason: string; readonly waitUntil?: Date };

/** When the previous version may go: its schedule, held back by consumers' restarts (see `retireGateOf`). */
type RetireGate =
  | { readonly kind: 'open' | 'closed'; readonly at: Date }
  | { readonly kind: 'restarts'; readonly services: readonly string[] }
  | { readonly kind: 'none' };

function retireGate(ctx: Ctx, desc: SecretDescription, view: VersionView): RetireGate {
  const scheduled = previousRetireAt(ctx.manifest, desc, view, ctx.emergency);
  if (!view.previous || !scheduled) return { kind: 'none' };
  const restarts = retireGateOf(ctx, view);
  if (restarts.kind === 'pending') return { kind: 'restarts', services: restarts.services };
  const at = restarts.kind === 'at' && restarts.at > scheduled ? restarts.at : scheduled;
  return { kind: at <= ctx.now ? 'open' : 'closed', at };
}

/** What a run that cannot retire yet says about the previous version. */
function heldBack(gate: RetireGate, what: string): { reason: string; at?: Date } {
  switch (gate.kind) {
    case 'restarts':
      return {
        reason: `${what}: the previous version waits until the restart of ${gate.services.join(', ')} is triggered`,
      };
    case 'open':
    case 'closed':
      return { reason: `${what}; the previous version retires after ${gate.at.toISOString()}`, at: gate.at };
    case 'none':
      return { reason: what };
  }
}

const ROTATE_STATUSES = new Set(['expired', 'overdue', 'due', 'expiring']);

/**
 * Whether the schedule (or an emergency) asks for a new version now. A
 * `wait` entry still wants one: the previous version's overlap is the
 * machine's own gate (see `decide`). A `manual` entry (notAfter pinned) does not.
 */
function rotationWanted(ctx: Ctx, desc: SecretDescription): boolean {
  if (ctx.promoted !== undefined) return false;
  if (ctx.emergency) return true;
  const e = evaluate(ctx.manifest, desc, ctx.now, ctx.opts);
  return ROTATE_STATUSES.has(e.status) && (e.action === 'rotate' || e.action === 'wait' || e.action === 'create');
}

function stop(ctx: Ctx, reason: string, waitUntil?: Date): Phase {
  const done: RotationResultKind = ctx.promoted
    ? ctx.firstValue
      ? 'created'
      : 'rotated'
    : ctx.retired
      ? 'retired'
      : waitUntil
        ? 'waiting'
        : 'not-due';
  const proved = ctx.promoted && ctx.testDetail !== undefined ? `; test: ${ctx.testDetail}` : '';
  return { kind: 'stop', result: done, reason: `${reason}${proved}`, ...(waitUntil ? { waitUntil } : {}) };
}

/**
 * A secret the store does not hold yet starts like any rotation (its first
 * slot is claimed in the store first, see `claimFirst`).
 * Order matters: a pending version is always finished (or failed) first; a
 * leftover failed credential is discarded; the previous version is retired
 * when its gate is open — before a new rotation, since stores keep one
 * previous and promoting would silently drop it; only then a new rotation
 * starts, if one is wanted and none finished in this run.
 */
export function decide(ctx: Ctx, desc: SecretDescription): Phase {
  if (!desc.exists && ctx.steps.length > 0) return stop(ctx, 'the secret disappeared during the run');
  const view = viewOf(desc);
  if (view.pending) return { kind: 'resume', view };
  if (!ctx.discarded && view.failedSinceCurrent.length > 0) return { kind: 'discard-failed', view };
  if (restartWanted(ctx, view)) return { kind: 'restart', view };
  const gate = retireGate(ctx, desc, view);
  if (gate.kind === 'open') return { kind: 'retire', view };
  const wanted = rotationWanted(ctx, desc);
  if (wanted && gate.kind !== 'none') return held(ctx, gate, 'rotation waits for the previous version');
  if (wanted) return { kind: 'start', view };
  if (ctx.promoted && ctx.firstValue) return stop(ctx, 'created the first value');
  if (ctx.promoted) return stop(ctx, restartNote(ctx, heldBack(gate, 'rotated').reason));
  if (ctx.retired) return stop(ctx, 'retired the previous version');
  return held(ctx, gate, 'not due');
}

/** The end of a run that leaves the previous version in place: waiting on a date or a restart, blocked without an adapter. */
function held(ctx: Ctx, gate: RetireGate, what: string): Phase {
  const h = heldBack(gate, what);
  const reason = restartNote(ctx, h.reason);
  const kinds = [...new Set(ctx.restarts.filter((r) => r.kind === 'unavailable').map((r) => r.trigger))];
  if (kinds.length > 0)
    return {
      kind: 'stop',
      result: 'blocked',
      reason: `${reason}; no ${kinds.join('/')} restart adapter is configured here`,
    };
  const deferred = ctx.restarts.flatMap((r) => (r.kind === 'deferred' && r.until ? [r.until] : []));
  const until = deferred.reduce<Date | undefined>((a, d) => (a === undefined || d < a ? d : a), undefined);
  if (until) return stop(ctx, reason, until);
  if (what === 'not due' && ctx.restarts.length === 0) return stop(ctx, reason);
  return stop(ctx, reason, h.at);
}

/** The restarts of this run, one clause per consumer (ids and times only). */
function restartNote(ctx: Ctx, reason: string): string {
  if (ctx.restarts.length === 0) return reason;
  const parts = ctx.restarts.map((r) => {
    switch (r.kind) {
      case 'triggered':
      case 'resent':
      case 'done':
        return `${r.service} restart ${r.kind === 'done' ? 'triggered earlier' : r.kind}, rolled out by ${r.until?.toISOString() ?? '?'}`;
      case 'deferred':
        return `${r.service} restart deferred by restartsPerHour until ${r.until?.toISOString() ?? '?'}`;
      case 'unavailable':
        return `${r.service} restart not sent (no ${r.trigger} adapter)`;
    }
  });
  return `${reason} (${parts.join('; ')})`;
}
