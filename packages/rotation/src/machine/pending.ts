import type { SecretDescription } from '@docugen-secrets/secret-store';
import type { RotatorCreateInput } from '../rotators/port.js';
import { publishDelayEndsAt } from '../schedule.js';
import { tokenFor, type RotationMode } from '../slot.js';
import type { VersionView } from '../planner/facts.js';
import { result, step, testStep, type Ctx } from './context.js';
import { createFirst } from './initial.js';
import type { RotationResult } from './types.js';

const OTHER_MODE: Readonly<Record<RotationMode, RotationMode>> = { scheduled: 'emergency', emergency: 'scheduled' };

/** The slot's token and the token the same slot has in the other mode (see RotatorCreateInput.slotTokens). */
function slotTokens(ctx: Ctx, view: VersionView): { token: string; other: string } {
  const mode: RotationMode = ctx.emergency ? 'emergency' : 'scheduled';
  const from = view.current?.versionId;
  return {
    token: tokenFor(ctx.manifest.id, mode, from, view.attemptsSinceCurrent),
    other: tokenFor(ctx.manifest.id, OTHER_MODE[mode], from, view.attemptsSinceCurrent),
  };
}

/**
 * (first value: see `createFirst`) create → store-pending: a new value from
 * the rotator (which may create the upstream credential), then staged as
 * pending under the rotation's token. The token comes from store state only,
 * so a rerun after a crash between the two passes the same token and the
 * rotator adopts (or deletes) what it made. Returns a result when the run
 * stops here.
 */
export async function startRotation(
  ctx: Ctx,
  view: VersionView,
  desc: SecretDescription,
): Promise<RotationResult | undefined> {
  const { rotator, rctx, ref, store } = ctx;
  const { token, other } = slotTokens(ctx, view);
  if (!view.current) return createFirst(ctx, desc, { token, slotTokens: [other] });
  const current = await store.getValue(ref, 'current');
  const previous = view.previous ? await store.getVersion(ref, view.previous.versionId) : undefined;
  const input: RotatorCreateInput = {
    token,
    slotTokens: [other],
    ...(current ? { current: current.value } : {}),
    ...(previous ? { previous } : {}),
  };
  const value = await step(ctx, 'create', token, () => rotator.create(rctx, input));
  await step(
    ctx,
    'store-pending',
    token,
    () => store.putPending(ref, value, token),
    (r) => ({ details: { created: r.created } }),
  );
  return undefined;
}

/**
 * When the pending version may become current. Signing keys wait for the
 * publish delay so verifiers fetch the new public key before anything is
 * signed with it — except the very first key: there is no current key to
 * keep signing with and no token a verifier must accept, so it is promoted
 * at once. Undefined: at once (nothing else has a delay; the store's clock,
 * which stamped the version, may run ahead of the run's and holds nothing).
 */
function promotableAt(ctx: Ctx, view: VersionView, pendingCreatedAt: Date): Date | undefined {
  return view.current ? publishDelayEndsAt(ctx.manifest, pendingCreatedAt) : undefined;
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
  const { rotator, rctx, ref, store } = ctx;
  const pending = view.pending;
  if (!pending) return undefined;
  if (!view.current) ctx.firstValue = true;
  const id = pending.versionId;
  const value = await store.getVersion(ref, id);
  const current = await store.getValue(ref, 'current');
  await step(ctx, 'set', id, () =>
    rotator.set(rctx, { pending: value, ...(current ? { current: current.value } : {}) }),
  );
  const outcome = await testStep(ctx, id, () => rotator.test(rctx, { pending: value }));
  if (!outcome.ok) {
    await step(ctx, 'mark-failed', id, () => store.markFailed(ref, id));
    await step(ctx, 'discard', id, () => rotator.discard(rctx, { pending: value }));
    const kept = view.current ? 'current is untouched' : 'there is still no current value';
    return result(
      ctx,
      'failed',
      `the new version failed its test: ${outcome.reason}; ${kept}, version ${id} marked failed`,
      { versionId: id },
    );
  }
  const finish = promotableAt(ctx, view, pending.createdAt);
  if (finish !== undefined && finish > ctx.now) {
    return result(
      ctx,
      'waiting',
      `new key published; promotion waits for the publish delay until ${finish.toISOString()}`,
      { versionId: id, waitUntil: finish },
    );
  }
  await step(ctx, 'finish', id, () => store.promote(ref, id));
  ctx.promoted = id;
  return undefined;
}
