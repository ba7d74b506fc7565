import type { SecretValue } from '@docugen-secrets/secret-store';
import type { Rotator, RotatorContext, TestOutcome } from '../port.js';
import { isDocugenError } from '@docugen-secrets/core';
import { providerError } from '../upstream/errors.js';
import { defaultPropagationRetry, probeUntilSettled, type ProbeResult, type RetryPolicy } from '../upstream/retry.js';
import { classifyKeys } from '../upstream/untracked.js';
import { jsonValue, readJsonValue, rotationOf } from '../upstream/values.js';
import type { IamKeysPort } from './port.js';

const KIND = 'aws-iam-access-key';
const FIELDS = ['accessKeyId', 'secretAccessKey', 'userName'] as const;
/** AWS's quota of access keys per IAM user. */
const KEYS_PER_USER = 2;

export type IamKeyValue = Record<(typeof FIELDS)[number], string>;

export interface IamRotatorOptions {
  /** How long `test` waits for a new key to be accepted (IAM is eventually consistent). */
  readonly propagation?: RetryPolicy;
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
  return {
    kind: KIND,
    async preflight(ctx, { token }) {
      const { userName } = rotationOf(ctx.manifest, KIND);
      await sweep(ctx, port, { userName, token, keep: [], first: true, claimed: false });
    },
    async create(ctx, input) {
      const { userName } = rotationOf(ctx.manifest, KIND);
      const s: Sweep = {
        userName,
        token: input.token,
        keep: [],
        first: input.current === undefined,
        claimed: input.claimed === true,
        ...(input.current ? { currentId: read(ctx, input.current).accessKeyId } : {}),
        ...(input.previous ? { previousId: read(ctx, input.previous).accessKeyId } : {}),
      };
      const kept = await sweep(ctx, port, s);
      const created = await createOnce(ctx, port, s, kept);
      // A create retried after a dropped response may have made a twin: keep only ours.
      await sweep(ctx, port, { ...s, keep: [created.accessKeyId], claimed: true });
      ctx.logger.info('iam access key created', { secretId: ctx.manifest.id, userName, accessKeyId: created.accessKeyId, token: input.token });
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
      const used = await port.lastUsed(read(ctx, previous).accessKeyId);
      return used instanceof Date && used.getTime() >= since.getTime();
    },
    async retire(ctx, { previous }) {
      await revoke(ctx, port, read(ctx, previous), 'retired');
    },
    async discard(ctx, { pending }) {
      await revoke(ctx, port, read(ctx, pending), 'discarded');
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
}

/**
 * Deletes the orphans of interrupted attempts; refuses a first rotation that
 * finds keys it cannot prove it made. Returns how many keys stay.
 */
async function sweep(ctx: RotatorContext, port: IamKeysPort, s: Sweep): Promise<number> {
  const keys = (await port.listAccessKeys(s.userName)).map((k) => ({ ...k, id: k.accessKeyId, created: k.createDate }));
  const c = classifyKeys(keys, s.currentId, s.keep, { ...(s.previousId === undefined ? {} : { previousId: s.previousId }), claimed: s.claimed });
  if (s.currentId !== undefined && !c.currentFound) ctx.logger.warn('current iam access key not found upstream; no key is treated as an orphan', { secretId: ctx.manifest.id, userName: s.userName, accessKeyId: s.currentId });
  // A first value is tested before it is stored (see the state machine), so there only the claim proves ownership.
  const { orphans, used } = s.first ? { orphans: [...c.orphans], used: [] } : await splitUsed(port, c.orphans);
  const foreign = [...c.foreign, ...used];
  // Any key nobody tracks may be what a service uses (or will reactivate): a first rotation refuses
  // rather than rotate around it — and a claim is only ever made when there was none (see preflight).
  if (s.first && foreign.length > 0) throw untracked(ctx, s.userName, foreign.map((k) => k.id));
  for (const k of foreign) ctx.logger.warn('iam access key not tracked by any stored version and not provably made by this rotation; left alone', { secretId: ctx.manifest.id, userName: s.userName, accessKeyId: k.id });
  for (const orphan of orphans) {
    ctx.logger.warn('deleting untracked iam access key (left by an interrupted rotation)', { secretId: ctx.manifest.id, userName: s.userName, accessKeyId: orphan.id, token: s.token });
    await deactivateThenDelete(port, s.userName, orphan.id);
  }
  return c.kept.length + used.length;
}

/**
 * A second proof of ownership, from IAM itself, for rotations away from a
 * current key: the orphan of an interrupted `create` was never used — its
 * secret half died with the crashed run before store-pending, and the test
 * step comes after that — so an untracked key that has been used is someone
 * else's, even when its age says it could be ours. Only candidates are
 * checked (rare: they exist only after a crash or a hand-made key).
 */
async function splitUsed<K extends { readonly id: string }>(port: IamKeysPort, candidates: readonly K[]): Promise<{ orphans: K[]; used: K[] }> {
  const orphans: K[] = [];
  const used: K[] = [];
  for (const k of candidates) ((await port.lastUsed(k.id)) instanceof Date ? used : orphans).push(k);
  return { orphans, used };
}

function untracked(ctx: RotatorContext, userName: string, ids: readonly string[]): Error {
  return providerError(
    'ROTATION_PROVIDER_UNTRACKED_KEY',
    `secret "${ctx.manifest.id}": IAM user "${userName}" already has access key(s) ${ids.join(', ')} that no stored version tracks; the first rotation does not delete a key it did not create. If a service uses one, store it as the secret's current value ({accessKeyId, secretAccessKey, userName}) so rotation replaces it and retires it after the overlap; otherwise delete it by hand after checking its last use. Then rerun.`,
    { secretId: ctx.manifest.id, userName, accessKeyIds: ids.join(','), step: 'create' },
  );
}

async function createOnce(ctx: RotatorContext, port: IamKeysPort, s: Sweep, kept: number): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const refuse = (cause?: unknown) =>
    providerError('ROTATION_PROVIDER_KEY_LIMIT', `secret "${ctx.manifest.id}": IAM user "${s.userName}" already has ${KEYS_PER_USER} access keys this rotation must keep (current, an unretired previous, or an older key no stored version tracks); retire the previous key first, or delete an unused one by hand after checking its last use`, { secretId: ctx.manifest.id, userName: s.userName, step: 'create' }, cause);
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

async function deactivateThenDelete(port: IamKeysPort, userName: string, accessKeyId: string): Promise<void> {
  if ((await port.setAccessKeyStatus(userName, accessKeyId, 'Inactive')) === 'not-found') return;
  await port.deleteAccessKey(userName, accessKeyId);
}

async function revoke(ctx: RotatorContext, port: IamKeysPort, key: IamKeyValue, what: 'retired' | 'discarded'): Promise<void> {
  await deactivateThenDelete(port, key.userName, key.accessKeyId);
  ctx.logger.info(`iam access key ${what}`, { secretId: ctx.manifest.id, userName: key.userName, accessKeyId: key.accessKeyId });
}

async function testKey(ctx: RotatorContext, port: IamKeysPort, key: IamKeyValue, propagation: RetryPolicy): Promise<TestOutcome> {
  const { accountId } = rotationOf(ctx.manifest, KIND);
  const probe = async (): Promise<ProbeResult> => {
    const who = await port.callerIdentity(key);
    if (!who.ok) return { ok: false, retryable: who.retryable, reason: `STS GetCallerIdentity with the new key was refused (${who.code})` };
    if (!who.arn.endsWith(`:user/${key.userName}`) && !who.arn.endsWith(`/${key.userName}`)) return { ok: false, retryable: false, reason: `the new key authenticates as ${who.arn}, not as IAM user ${key.userName}` };
    if (accountId !== undefined && who.account !== accountId) return { ok: false, retryable: false, reason: `the new key belongs to account ${who.account}, not ${accountId}` };
    return { ok: true };
  };
  const result = await probeUntilSettled(propagation, probe);
  ctx.logger.info('iam access key tested', { secretId: ctx.manifest.id, accessKeyId: key.accessKeyId, ok: result.ok, attempts: result.attempts });
  return result.ok ? { ok: true } : { ok: false, reason: `${result.reason} after ${result.attempts} attempt(s)` };
}

function missing(ctx: RotatorContext, key: IamKeyValue): Error {
  return providerError('ROTATION_PROVIDER_KEY_MISSING', `secret "${ctx.manifest.id}": pending access key ${key.accessKeyId} of IAM user "${key.userName}" no longer exists; the test cannot pass, discard this version and rotate again`, { secretId: ctx.manifest.id, accessKeyId: key.accessKeyId, step: 'set' });
}
