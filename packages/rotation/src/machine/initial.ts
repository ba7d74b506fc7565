import type { TestOutcome } from '../rotator.js';
import { initialToken } from '../slot.js';
import { result, step, type Ctx } from './context.js';
import type { RotationResult } from './types.js';

/** Audit facts of a test step: a failed test is a recorded failure, not an exception. */
export const tested = (o: TestOutcome): { outcome: 'success' | 'failure'; details: { passed: boolean } } => ({ outcome: o.ok ? 'success' : 'failure', details: { passed: o.ok } });

/**
 * The first value of a secret the store does not hold yet: create → set →
 * test at the provider, then one store write that creates the secret with the
 * value as current. Nothing is stored before the test passes, so a crash
 * leaves either no secret (the rerun's `create` adopts or deletes the orphan
 * credential by the fixed initial token) or a complete one.
 */
export async function createInitial(ctx: Ctx): Promise<RotationResult> {
  const { rotator, rctx, ref, store, manifest } = ctx;
  const token = initialToken(manifest.id);
  const value = await step(ctx, 'create', token, () => rotator.create(rctx, { token }));
  await step(ctx, 'set', token, () => rotator.set(rctx, { pending: value }));
  const outcome = await step(ctx, 'test', token, () => rotator.test(rctx, { pending: value }), tested);
  if (!outcome.ok) {
    await step(ctx, 'discard', token, () => rotator.discard(rctx, { pending: value }));
    return result(ctx, 'failed', `the first value failed its test: ${outcome.reason}; nothing was stored`);
  }
  const tags = { 'docugen-secrets/id': manifest.id, 'docugen-secrets/owner': manifest.owner.team };
  await step(ctx, 'store-initial', token, () => store.create(ref, { initialValue: value, token, description: manifest.description, tags }));
  return result(ctx, 'created', 'created the first value', { versionId: token });
}

