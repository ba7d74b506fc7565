import type { SecretValue } from '@docugen-secrets/secret-store';
import type { Rotator, RotatorContext, TestOutcome } from '../port.js';
import { isDocugenError } from '@docugen-secrets/core';
import { providerError } from '../upstream/errors.js';
import { defaultPropagationRetry, probeUntilSettled, type ProbeResult, type RetryPolicy } from '../upstream/retry.js';
import { classifyKeys } from '../upstream/untracked.js';
import { jsonValue, readJsonValue, rotationOf } from '../upstream/values.js';
import type { IamKeysPort } from './port.js';
import { DEFAULT_LAST_USED_WINDOW_MS, provablyUnused, retireGate, usedRecently } from './last-used.js';

const KIND = 'aws-iam-access-key';
const FIELDS = ['accessKeyId', 'secretAccessKey', 'userName'] as const;
/** AWS's quota of access keys per IAM user. */
const KEYS_PER_USER = 2;

export type IamKeyValue = Record<(typeof FIELDS)[number], string>;

export interface IamRotatorOptions {
  /** How long `test` waits for a new key to be accepted (IAM is eventually consistent). */
  readonly propagation?: RetryPolicy;
  /**
   * How long IAM may take to report a key's use (DEFAULT_LAST_USED_WINDOW_MS,
   * 8 h): an old key is revoked only when no use is reported this long after
   * every consumer should have reloaded, and an untracked key counts as an
   * unused orphan only once it is this old.
   */
  readonly lastUsedWindowMs?: number;
}

/**
 * Rotates an IAM user's access key (two-key strategy). The stored value is
 * `{"accessKeyId","secretAccessKey","userName"}`. The secret half is shown
 * only by CreateAccessKey, so a key whose store write was lost can never be
 * adopted: `create` deletes such orphans (see `classifyKeys`) before and
 * after creating, which keeps AWS's two-keys-per-user quota free and leaves
 * exactly one untracked new key. It never deletes a key it cannot prove it
 * made: a first rotation of a user that already has keys refuses with
 * ROTATION_PROVIDER_UNTRACKED_KEY (`preflight`, and `create` when unclaimed),
 * and a quota full of tracked or foreign keys refuses with
 * ROTATION_PROVIDER_KEY_LIMIT / UNTRACKED_KEY. Revocation deactivates before
 * it deletes: an inactive key can be reactivated if it turns out to be in use.
 */
export function iamAccessKeyRotator(port: IamKeysPort, options: IamRotatorOptions = {}): Rotator<'aws-iam-access-key'> {
  const propagation = options.propagation ?? defaultPropagationRetry;
  const windowMs = options.lastUsedWindowMs ?? DEFAULT_LAST_USED_WINDOW_MS;
  return {
    kind: KIND,
    async preflight(ctx, { token }) {
      const { userName } = rotationOf(ctx.manifest, KIND);
      await sweep(ctx, port, { userName, token, keep: [], first: true, claimed: false, windowMs });
    },
    async create(ctx, input) {
      const { userName } = rotationOf(ctx.manifest, KIND);
      const s: Sweep = {
        userName,
        token: input.token,
        keep: [],
        first: input.current === undefined,
        claimed: input.claimed === true,
        windowMs,
        ...(input.current ? { currentId: read(ctx, input.current).accessKeyId } : {}),
        ...(input.previous ? { previousId: read(ctx, input.previous).accessKeyId } : {}),
      };
      const kept = await sweep(ctx, port, s);
      const created = await createOnce(ctx, port, s, kept);
      // A create retried after a dropped response may have made a twin: keep only ours.
      await sweep(ctx, port, { ...s, keep: [created.accessKeyId], claimed: true });
      ctx.logger.info('iam access key created', {
        secretId: ctx.manifest.id,
        userName,
        accessKeyId: created.accessKeyId,
        token: input.token,
      });
      return jsonValue({ accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey, userName });
    },
    async set(ctx, { pending }) {
      const key = read(ctx, pending);
      const done = await port.setAccessKeyStatus(key.userName, key.accessKeyId, 'Active');
      if (done === 'not-found') throw missing(ctx, key);
    },
    async test(ctx, { pending }) {
      return testKey(ctx, port, read(ctx, pending), propagation);
    },
    async stillInUse(ctx, { previous, since }) {
      return retireGate(port, read(ctx, previous).accessKeyId, { since, now: ctx.now, windowMs });
    },
    async retire(ctx, { previous }) {
      const key = read(ctx, previous);
      // The last look, after deactivating: a use reported late puts the key back (not in an emergency).
      const recheck = ctx.emergency ? undefined : () => usedRecently(port, key.accessKeyId, ctx.now, windowMs);
      const outcome = await deactivateThenDelete(port, key.userName, key.accessKeyId, recheck);
      if (outcome.kind === 'reactivated') throw stillUsed(ctx, key, outcome.used);
      ctx.logger.info('iam access key retired', {
        secretId: ctx.manifest.id,
        userName: key.userName,
        accessKeyId: key.accessKeyId,
      });
    },
    async discard(ctx, { pending }) {
      // The pending key served only our own test calls: nothing to recheck.
      const key = read(ctx, pending);
      await deactivateThenDelete(port, key.userName, key.accessKeyId);
      ctx.logger.info('iam access key discarded', {
        secretId: ctx.manifest.id,
        userName: key.userName,
        accessKeyId: key.accessKeyId,
      });
    },
  };
}

function read(ctx: RotatorContext, value: SecretValue): IamKeyValue {
  return readJsonValue(value, FIELDS, KIND, ctx.manifest.id);
}

interface Sweep {
  readonly userName: string;
  readonly token: string;
  readonly currentId?: string;
  readonly previousId?: string;
  /** Keys never deleted (the one just created). */
  readonly keep: readonly string[];
  /** No current value: a first rotation. */
  readonly first: boolean;
  /** First rotation: claimed in the store after a clean preflight (untracked keys are ours). */
  readonly claimed: boolean;
  /** See IamRotatorOptions.lastUsedWindowMs. */
  readonly windowMs: number;
}

/**
 * Deletes the orphans of interrupted attempts; refuses a first rotation that
 * finds keys it cannot prove it made. Returns how many keys stay.
 */
async function sweep(ctx: RotatorContext, port: IamKeysPort, s: Sweep): Promise<number> {
  const keys = (await port.listAccessKeys(s.userName)).map((k) => ({ ...k, id: k.accessKeyId, created: k.createDate }));
  const c = classifyKeys(keys, s.currentId, s.keep, {
    ...(s.previousId === undefined ? {} : { previousId: s.previousId }),
    claimed: s.claimed,
  });
  if (s.currentId !== undefined && !c.currentFound)
    ctx.logger.warn('current iam access key not found upstream; no key is treated as an orphan', {
      secretId: ctx.manifest.id,
      userName: s.userName,
      accessKeyId: s.currentId,
    });
  // A first value is tested before it is stored (see the state machine), so there only the claim proves ownership.
  const { orphans, used, unsettled } = s.first
    ? { orphans: [...c.orphans], used: [], unsettled: [] }
    : await splitUsed(port, c.orphans, ctx.now, s.windowMs);
  const foreign = [...c.foreign, ...used];
  for (const k of unsettled)
    ctx.logger.warn(
      'untracked iam access key too new to prove unused (IAM reports use with a delay); left alone for now',
      {
        secretId: ctx.manifest.id,
        userName: s.userName,
        accessKeyId: k.id,
        provableAfter: new Date(k.created.getTime() + s.windowMs).toISOString(),
      },
    );
  // Any key nobody tracks may be what a service uses (or will reactivate): a first rotation refuses
  // rather than rotate around it — and a claim is only ever made when there was none (see preflight).
  if (s.first && foreign.length > 0)
    throw untracked(
      ctx,
      s.userName,
      foreign.map((k) => k.id),
    );
  for (const k of foreign)
    ctx.logger.warn(
      'iam access key not tracked by any stored version and not provably made by this rotation; left alone',
      { secretId: ctx.manifest.id, userName: s.userName, accessKeyId: k.id },
    );
  let reactivated = 0;
  for (const orphan of orphans) {
    ctx.logger.warn('deleting untracked iam access key (left by an interrupted rotation)', {
      secretId: ctx.manifest.id,
      userName: s.userName,
      accessKeyId: orphan.id,
      token: s.token,
    });
    // Any use reported by now, even one IAM was slow to show, makes it someone else's.
    const outcome = await deactivateThenDelete(
      port,
      s.userName,
      orphan.id,
      s.first ? undefined : async () => usedSince(await port.lastUsed(orphan.id)),
    );
    if (outcome.kind === 'reactivated') reactivated += 1;
  }
  return c.kept.length + used.length + unsettled.length + reactivated;
}

function usedSince(used: Date | undefined | 'not-found'): Date | undefined {
  return used instanceof Date ? used : undefined;
}

/**
 * A second proof of ownership, from IAM itself, for rotations away from a
 * current key: the orphan of an interrupted `create` was never used — its
 * secret half died with the crashed run before store-pending, and the test
 * step comes after that — so an untracked key that has been used is someone
 * else's, even when its age says it could be ours. IAM reports use late, so
 * a key younger than the window is neither (unsettled: kept, not deleted).
 * Only candidates are checked (rare: they exist only after a crash or a
 * hand-made key).
 */
async function splitUsed<K extends { readonly id: string; readonly created: Date }>(
  port: IamKeysPort,
  candidates: readonly K[],
  now: Date,
  windowMs: number,
): Promise<{ orphans: K[]; used: K[]; unsettled: K[] }> {
  const split = { orphans: [] as K[], used: [] as K[], unsettled: [] as K[] };
  for (const k of candidates) {
    const verdict = await provablyUnused(port, k, now, windowMs);
    (verdict === 'unused' ? split.orphans : verdict === 'used' ? split.used : split.unsettled).push(k);
  }
  return split;
}

function untracked(ctx: RotatorContext, userName: string, ids: readonly string[]): Error {
  return providerError(
    'ROTATION_PROVIDER_UNTRACKED_KEY',
    `secret "${ctx.manifest.id}": IAM user "${userName}" already has access key(s) ${ids.join(', ')} that no stored version tracks; the first rotation does not delete a key it did not create. If a service uses one, store it as the secret's current value ({accessKeyId, secretAccessKey, userName}) so rotation replaces it and retires it after the overlap; otherwise delete it by hand after checking its last use. Then rerun.`,
    { secretId: ctx.manifest.id, userName, accessKeyIds: ids.join(','), step: 'create' },
  );
}

async function createOnce(
  ctx: RotatorContext,
  port: IamKeysPort,
  s: Sweep,
  kept: number,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const refuse = (cause?: unknown) =>
    providerError(
      'ROTATION_PROVIDER_KEY_LIMIT',
      `secret "${ctx.manifest.id}": IAM user "${s.userName}" already has ${KEYS_PER_USER} access keys this rotation must keep (current, an unretired previous, an older key no stored version tracks, or an untracked key too new to prove unused: IAM reports use hours late, see the warnings); retire the previous key first, rerun once the new key's window has passed, or delete an unused key by hand after checking its last use`,
      { secretId: ctx.manifest.id, userName: s.userName, step: 'create' },
      cause,
    );
  if (kept >= KEYS_PER_USER) throw refuse();
  try {
    return await port.createAccessKey(s.userName);
  } catch (err) {
    // LimitExceeded after our count: a concurrent or duplicated create. Sweep once more, then try once.
    if (!isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')) throw err;
    // Our first sweep passed, so an untracked key now is a twin of ours, even on a first rotation.
    if ((await sweep(ctx, port, { ...s, claimed: true })) >= KEYS_PER_USER) throw refuse(err);
    return port.createAccessKey(s.userName);
  }
}

type Revocation = { readonly kind: 'deleted' | 'gone' } | { readonly kind: 'reactivated'; readonly used: Date };

/**
 * Deactivate, look once more (`recheck`: a use it returns puts the key back
 * to Active), then delete. An inactive key can still be reactivated by hand;
 * a deleted one is lost.
 */
async function deactivateThenDelete(
  port: IamKeysPort,
  userName: string,
  accessKeyId: string,
  recheck?: () => Promise<Date | undefined>,
): Promise<Revocation> {
  if ((await port.setAccessKeyStatus(userName, accessKeyId, 'Inactive')) === 'not-found') return { kind: 'gone' };
  const used = await recheck?.();
  if (used) {
    await port.setAccessKeyStatus(userName, accessKeyId, 'Active');
    return { kind: 'reactivated', used };
  }
  return { kind: (await port.deleteAccessKey(userName, accessKeyId)) === 'done' ? 'deleted' : 'gone' };
}

function stillUsed(ctx: RotatorContext, key: IamKeyValue, used: Date): Error {
  return providerError(
    'ROTATION_PROVIDER_KEY_IN_USE',
    `secret "${ctx.manifest.id}": access key ${key.accessKeyId} of IAM user "${key.userName}" was deactivated, then IAM reported a use at ${used.toISOString()}; it was reactivated and not deleted. Find the consumer still using it, move it to the current key, then rerun`,
    { secretId: ctx.manifest.id, accessKeyId: key.accessKeyId, userName: key.userName, step: 'retire' },
  );
}

async function testKey(
  ctx: RotatorContext,
  port: IamKeysPort,
  key: IamKeyValue,
  propagation: RetryPolicy,
): Promise<TestOutcome> {
  const { accountId } = rotationOf(ctx.manifest, KIND);
  const probe = async (): Promise<ProbeResult> => {
    const who = await port.callerIdentity(key);
    if (!who.ok)
      return {
        ok: false,
        retryable: who.retryable,
        reason: `STS GetCallerIdentity with the new key was refused (${who.code})`,
      };
    if (!who.arn.endsWith(`:user/${key.userName}`) && !who.arn.endsWith(`/${key.userName}`))
      return {
        ok: false,
        retryable: false,
        reason: `the new key authenticates as ${who.arn}, not as IAM user ${key.userName}`,
      };
    if (accountId !== undefined && who.account !== accountId)
      return { ok: false, retryable: false, reason: `the new key belongs to account ${who.account}, not ${accountId}` };
    return { ok: true };
  };
  const result = await probeUntilSettled(propagation, probe);
  ctx.logger.info('iam access key tested', {
    secretId: ctx.manifest.id,
    accessKeyId: key.accessKeyId,
    ok: result.ok,
    attempts: result.attempts,
  });
  return result.ok ? { ok: true } : { ok: false, reason: `${result.reason} after ${result.attempts} attempt(s)` };
}

function missing(ctx: RotatorContext, key: IamKeyValue): Error {
  return providerError(
    'ROTATION_PROVIDER_KEY_MISSING',
    `secret "${ctx.manifest.id}": pending access key ${key.accessKeyId} of IAM user "${key.userName}" no longer exists; the test cannot pass, discard this version and rotate again`,
    { secretId: ctx.manifest.id, accessKeyId: key.accessKeyId, step: 'set' },
  );
}
