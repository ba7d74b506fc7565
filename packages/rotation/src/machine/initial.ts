import type { SecretDescription } from '@docugen-secrets/secret-store';
import type { RotatorCreateInput } from '../rotators/port.js';
import { result, step, testStep, type Ctx } from './context.js';
import type { RotationResult } from './types.js';

/**
 * The tag that marks a secret the state machine created empty to claim its
 * first rotation, after the rotator's preflight found no untracked upstream
 * credential. It is what lets a rerun delete the orphan of an interrupted
 * first attempt (IAM and HMAC secrets cannot be adopted) without ever
 * deleting a credential someone made by hand: an empty secret created by
 * anyone else (Terraform, the console) carries no claim.
 */
export const CLAIM_TAG = 'docugen-secrets/claim';
export const CLAIM_VALUE = 'first-rotation';

/**
 * Claims a secret's first rotation in the store: the rotator's preflight
 * (refuses when the upstream already holds credentials nobody tracks), then
 * the secret is created empty with the claim tag — one step, so a crash right
 * after it is a checkpoint like any other. Returns whether the first rotation
 * is claimed (by this run or an interrupted one).
 */
export async function claimFirst(ctx: Ctx, desc: SecretDescription, token: string): Promise<boolean> {
  if (desc.exists) return desc.tags[CLAIM_TAG] === CLAIM_VALUE;
  const { manifest, rotator, rctx, store, ref } = ctx;
  const tags = {
    'docugen-secrets/id': manifest.id,
    'docugen-secrets/owner': manifest.owner.team,
    [CLAIM_TAG]: CLAIM_VALUE,
  };
  const preflight = rotator.preflight?.bind(rotator);
  await step(ctx, 'store-initial', token, async () => {
    if (preflight) await preflight(rctx, { token });
    await store.create(ref, { description: manifest.description, tags });
  });
  return true;
}

/**
 * The first value of a secret: claim → create → set → test at the provider,
 * then store-pending → finish. The value is tested before it is staged
 * because a store may make the first version of a secret current at once
 * (AWS: "If this operation creates the first version for the secret, then
 * Secrets Manager automatically attaches the staging label AWSCURRENT",
 * PutSecretValue) — nothing may depend on an untested value. A failed test
 * discards the credential and stores nothing; a crash before store-pending
 * is healed by the rerun's `create` (same token: adopt, or delete the orphan
 * of the claimed slot), one after it by resuming the pending version.
 */
export async function createFirst(
  ctx: Ctx,
  desc: SecretDescription,
  input: RotatorCreateInput,
): Promise<RotationResult | undefined> {
  const { rotator, rctx, ref, store } = ctx;
  const token = input.token;
  ctx.firstValue = true;
  const claimed = await claimFirst(ctx, desc, token);
  const value = await step(ctx, 'create', token, () => rotator.create(rctx, { ...input, claimed }));
  await step(ctx, 'set', token, () => rotator.set(rctx, { pending: value }));
  const outcome = await testStep(ctx, token, () => rotator.test(rctx, { pending: value }));
  if (!outcome.ok) {
    await step(ctx, 'discard', token, () => rotator.discard(rctx, { pending: value }));
    return result(ctx, 'failed', `the first value failed its test: ${outcome.reason}; nothing was stored`);
  }
  await step(
    ctx,
    'store-pending',
    token,
    () => store.putPending(ref, value, token),
    (r) => ({ details: { created: r.created } }),
  );
  await step(ctx, 'finish', token, async () => {
    // Already current when the store made the first version current itself (AWS).
    const staged = (await store.describe(ref)).versions.find((v) => v.versionId === token);
    if (staged?.stages.includes('current') !== true) await store.promote(ref, token);
  });
  ctx.promoted = token;
  return undefined;
}
