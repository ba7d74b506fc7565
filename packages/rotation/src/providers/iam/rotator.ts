import type { SecretValue } from '@docugen-secrets/stores';
import type { Rotator, RotatorContext, TestOutcome } from '../../rotator.js';
import { isDocugenError } from '@docugen-secrets/core';
import { providerError } from '../errors.js';
import { defaultPropagationRetry, probeUntilSettled, type ProbeResult, type RetryPolicy } from '../retry.js';
import { classifyKeys } from '../untracked.js';
import { jsonValue, readJsonValue, rotationOf } from '../values.js';
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
 * exactly one untracked new key. Two tracked keys (current and an unretired
 * previous) make it refuse with ROTATION_PROVIDER_KEY_LIMIT instead of
 * deleting a key something may still use. Revocation deactivates before it
 * deletes: an inactive key can be reactivated if it turns out to be in use.
 */
export function iamAccessKeyRotator(port: IamKeysPort, options: IamRotatorOptions = {}): Rotator<'aws-iam-access-key'> {
  const propagation = options.propagation ?? defaultPropagationRetry;
  return {
    kind: KIND,
    async create(ctx, { token, current }) {
      const { userName } = rotationOf(ctx.manifest, KIND);
      const currentId = current ? read(ctx, current).accessKeyId : undefined;
      const kept = await removeOrphans(ctx, port, userName, currentId, [], token);
      const created = await createOnce(ctx, port, { userName, currentId, token, kept });
      // A create retried after a dropped response may have made a twin: keep only ours.
      await removeOrphans(ctx, port, userName, currentId, [created.accessKeyId], token);
      ctx.logger.info('iam access key created', { secretId: ctx.manifest.id, userName, accessKeyId: created.accessKeyId, token });
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

/** Deletes untracked keys; refuses when the quota is still full of tracked ones. */
async function removeOrphans(ctx: RotatorContext, port: IamKeysPort, userName: string, currentId: string | undefined, keep: readonly string[], token: string): Promise<number> {
  const keys = (await port.listAccessKeys(userName)).map((k) => ({ ...k, id: k.accessKeyId, created: k.createDate }));
  const { orphans, kept, currentFound } = classifyKeys(keys, currentId, keep);
  if (currentId !== undefined && !currentFound) ctx.logger.warn('current iam access key not found upstream; no key is treated as an orphan', { secretId: ctx.manifest.id, userName, accessKeyId: currentId });
  for (const orphan of orphans) {
    ctx.logger.warn('deleting untracked iam access key (left by an interrupted rotation)', { secretId: ctx.manifest.id, userName, accessKeyId: orphan.id, token });
    await deactivateThenDelete(port, userName, orphan.id);
  }
  return kept.length;
}

interface CreateInput {
  readonly userName: string;
  readonly currentId: string | undefined;
  readonly token: string;
  /** Keys left after the orphan sweep. */
  readonly kept: number;
}

async function createOnce(ctx: RotatorContext, port: IamKeysPort, { userName, currentId, token, kept }: CreateInput): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const refuse = (cause?: unknown) =>
    providerError('ROTATION_PROVIDER_KEY_LIMIT', `secret "${ctx.manifest.id}": IAM user "${userName}" already has ${KEYS_PER_USER} tracked access keys (current and an unretired previous); retire the previous key first, or delete an unused one by hand after checking its last use`, { secretId: ctx.manifest.id, userName, step: 'create' }, cause);
  if (kept >= KEYS_PER_USER) throw refuse();
  try {
    return await port.createAccessKey(userName);
  } catch (err) {
    // LimitExceeded after our count: a concurrent or duplicated create. Sweep once more, then try once.
    if (!isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')) throw err;
    if ((await removeOrphans(ctx, port, userName, currentId, [], token)) >= KEYS_PER_USER) throw refuse(err);
    return port.createAccessKey(userName);
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
