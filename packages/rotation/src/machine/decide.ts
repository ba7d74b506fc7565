import type { SecretDescription } from '@docugen-secrets/secret-store';
import { evaluate } from '../planner/evaluate.js';
import { previousRetireAt, viewOf, type VersionView } from '../planner/facts.js';
import type { Ctx } from './context.js';
import type { RotationResultKind } from './types.js';

/** The next thing a run does, derived from the store's state and what this run already did. */
export type Phase =
  | { readonly kind: 'discard-failed'; readonly view: VersionView }
  | { readonly kind: 'resume'; readonly view: VersionView }
  | { readonly kind: 'retire'; readonly view: VersionView }
  | { readonly kind: 'start'; readonly view: VersionView }
  | { readonly kind: 'stop'; readonly result: RotationResultKind; readonly reason: string; readonly waitUntil?: Date };

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
  const retireAt = previousRetireAt(ctx.manifest, desc, view, ctx.emergency);
  if (view.previous && retireAt && retireAt <= ctx.now) return { kind: 'retire', view };
  const wanted = rotationWanted(ctx, desc);
  if (wanted && view.previous && retireAt)
    return stop(
      ctx,
      `the previous version is still in its overlap until ${retireAt.toISOString()}; rotation waits`,
      retireAt,
    );
  if (wanted) return { kind: 'start', view };
  if (ctx.promoted && ctx.firstValue) return stop(ctx, 'created the first value');
  if (ctx.promoted)
    return stop(ctx, retireAt ? `rotated; the previous version retires after ${retireAt.toISOString()}` : 'rotated');
  if (ctx.retired) return stop(ctx, 'retired the previous version');
  return stop(ctx, retireAt ? `not due; the previous version retires after ${retireAt.toISOString()}` : 'not due');
}
