import { isDocugenError } from '@docugen-secrets/core';
import { reloadedBy } from '../schedule.js';
import { currentIsEmergency, promotedAtLatest, type VersionView } from '../planner/facts.js';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import { result, step, type Ctx } from './context.js';
import type { RotationResult } from './types.js';
import type { InUseVerdict } from '../rotators/port.js';

/**
 * Retires the previous version once its gate is open: asks the rotator
 * whether the old credential was used after every consumer should have
 * reloaded (skipped in an emergency: the old one is presumed compromised),
 * revokes it upstream ("already gone" is success), then drops it in the store.
 * Upstream first: a crash in between leaves it tracked as previous, and the
 * rerun revokes again and retires.
 */
export async function retirePrevious(
  ctx: Ctx,
  desc: SecretDescription,
  view: VersionView,
): Promise<RotationResult | undefined> {
  const { rotator, rctx, ref, store, manifest } = ctx;
  const previous = view.previous;
  if (!previous) return undefined;
  const id = previous.versionId;
  const value = await store.getVersion(ref, id);
  const emergency = ctx.emergency || currentIsEmergency(manifest, view);
  const stillInUse = rotator.stillInUse?.bind(rotator);
  if (!emergency && stillInUse) {
    const since = reloadedBy(manifest, promotedAtLatest(manifest, desc, view) ?? ctx.now);
    const answer = await step(
      ctx,
      'check-in-use',
      id,
      () => stillInUse(rctx, { previous: value, since }),
      (u) => ({ details: { inUse: verdictOf(u).kind } }),
    );
    const verdict = verdictOf(answer);
    if (verdict.kind === 'used')
      return result(
        ctx,
        'blocked',
        `the previous credential (version ${id}) was still used after ${since.toISOString()}, when every consumer should have reloaded; not revoking it${verdict.reason === '' ? '' : ` (${verdict.reason})`}`,
      );
    if (verdict.kind === 'unsettled')
      return result(ctx, 'waiting', `the previous credential (version ${id}) is not revoked yet: ${verdict.reason}`, {
        waitUntil: verdict.until,
      });
  }
  try {
    await step(ctx, 'retire-upstream', id, () => rotator.retire(rctx, { previous: value }));
  } catch (err) {
    // The rotator's last check before deleting saw a use: it put the credential back; a human decides.
    if (isDocugenError(err, 'ROTATION_PROVIDER_KEY_IN_USE'))
      return result(ctx, 'blocked', `the previous credential (version ${id}) was not revoked: ${err.message}`);
    throw err;
  }
  await step(ctx, 'retire-store', id, () => store.retire(ref, id));
  ctx.retired = id;
  return undefined;
}

function verdictOf(answer: boolean | InUseVerdict): InUseVerdict {
  if (answer === true) return { kind: 'used', reason: '' };
  return answer === false ? { kind: 'unused' } : answer;
}

/**
 * Discards (again) the upstream credential of versions whose test failed
 * after the current one was promoted: a crash between mark-failed and discard
 * would otherwise leak it. Idempotent; a store that dropped the value of a
 * failed version has nothing left to discard.
 */
export async function discardFailed(ctx: Ctx, view: VersionView): Promise<void> {
  for (const failed of view.failedSinceCurrent) {
    let value;
    try {
      value = await ctx.store.getVersion(ctx.ref, failed.versionId);
    } catch (err) {
      if (!isDocugenError(err, 'STORE_VERSION_NOT_FOUND')) throw err;
      ctx.deps.logger.warn('failed version no longer readable; nothing to discard', {
        secretId: ctx.manifest.id,
        versionId: failed.versionId,
      });
      continue;
    }
    const v = value;
    await step(ctx, 'discard', failed.versionId, () => ctx.rotator.discard(ctx.rctx, { pending: v }));
  }
  ctx.discarded = true;
}
