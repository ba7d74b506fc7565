import { finishAt } from '../schedule.js';
import { tokenFor } from '../slot.js';
import type { VersionView } from '../planner/facts.js';
import { result, step, type Ctx } from './context.js';
import { tested } from './initial.js';
import type { RotationResult } from './types.js';

/**
 * create → store-pending: a new value from the rotator (which may create the
 * upstream credential), then staged as pending under the rotation's token.
 * The token comes from store state only, so a rerun after a crash between the
 * two passes the same token and the rotator adopts what it made.
 */
export async function startRotation(ctx: Ctx, view: VersionView): Promise<void> {
  const { rotator, rctx, ref, store, manifest } = ctx;
  const token = tokenFor(manifest.id, ctx.emergency ? 'emergency' : 'scheduled', view.current?.versionId, view.failedCount);
  const current = view.current ? await store.getValue(ref, 'current') : undefined;
  const value = await step(ctx, 'create', token, () => rotator.create(rctx, { token, ...(current ? { current: current.value } : {}) }));
  await step(ctx, 'store-pending', token, () => store.putPending(ref, value, token), (r) => ({ details: { created: r.created } }));
}

/**
 * set → test → finish on the pending version. Set and test are idempotent and
 * always rerun on resume (the store cannot tell whether they ran). A failed
 * test marks the version failed first — so the store keeps tracking the
 * credential — then discards it upstream; a crash in between is healed by
 * `discardFailed` on the next run. Returns a result when the run stops here,
 * undefined when the version was promoted and the run goes on.
 */
export async function resumePending(ctx: Ctx, view: VersionView): Promise<RotationResult | undefined> {
  const { rotator, rctx, ref, store, manifest } = ctx;
  const pending = view.pending;
  if (!pending) return undefined;
  const id = pending.versionId;
  const value = await store.getVersion(ref, id);
  const current = await store.getValue(ref, 'current');
  await step(ctx, 'set', id, () => rotator.set(rctx, { pending: value, ...(current ? { current: current.value } : {}) }));
  const outcome = await step(ctx, 'test', id, () => rotator.test(rctx, { pending: value }), tested);
  if (!outcome.ok) {
    await step(ctx, 'mark-failed', id, () => store.markFailed(ref, id));
    await step(ctx, 'discard', id, () => rotator.discard(rctx, { pending: value }));
    return result(ctx, 'failed', `the new version failed its test: ${outcome.reason}; current is untouched, version ${id} marked failed`, { versionId: id });
  }
  const finish = finishAt(manifest, pending.createdAt);
  if (finish > ctx.now) {
    return result(ctx, 'waiting', `new key published; promotion waits for the publish delay until ${finish.toISOString()}`, { versionId: id, waitUntil: finish });
  }
  await step(ctx, 'finish', id, () => store.promote(ref, id));
  ctx.promoted = id;
  return undefined;
}
