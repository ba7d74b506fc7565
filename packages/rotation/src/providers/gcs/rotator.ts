import type { SecretValue } from '@docugen-secrets/stores';
import type { Rotator, RotatorContext, TestOutcome } from '../../rotator.js';
import { providerError } from '../errors.js';
import { defaultPropagationRetry, probeUntilSettled, type RetryPolicy } from '../retry.js';
import { classifyKeys } from '../untracked.js';
import { jsonValue, readJsonValue, rotationOf } from '../values.js';
import type { GcsHmacPort } from './port.js';

const KIND = 'gcs-hmac-key';
const FIELDS = ['accessId', 'secret', 'serviceAccountEmail'] as const;

export type GcsHmacValue = Record<(typeof FIELDS)[number], string>;

export interface GcsHmacRotatorOptions {
  /** How long `test` waits for a new key to be accepted by the XML API. */
  readonly propagation?: RetryPolicy;
}

/**
 * Rotates a service account's Cloud Storage HMAC key (two-key strategy). The
 * stored value is `{"accessId","secret","serviceAccountEmail"}`. The secret
 * is returned only at creation, so a key whose store write was lost is an
 * orphan: `create` deletes orphans (see `classifyKeys`) before and after
 * creating, leaving exactly one untracked new key. Cloud Storage deletes only
 * INACTIVE keys, so revocation is always deactivate, then delete.
 */
export function gcsHmacKeyRotator(port: GcsHmacPort, options: GcsHmacRotatorOptions = {}): Rotator<'gcs-hmac-key'> {
  const propagation = options.propagation ?? defaultPropagationRetry;
  return {
    kind: KIND,
    async create(ctx, { token, current }) {
      const { project, serviceAccountEmail } = rotationOf(ctx.manifest, KIND);
      const currentId = current ? read(ctx, current).accessId : undefined;
      await removeOrphans(ctx, port, { project, serviceAccountEmail, currentId, keep: [], token });
      const created = await port.createKey(project, serviceAccountEmail);
      // A create retried after a dropped response may have made a twin: keep only ours.
      await removeOrphans(ctx, port, { project, serviceAccountEmail, currentId, keep: [created.accessId], token });
      ctx.logger.info('gcs hmac key created', { secretId: ctx.manifest.id, serviceAccountEmail, accessId: created.accessId, token });
      return jsonValue({ accessId: created.accessId, secret: created.secret, serviceAccountEmail });
    },
    async set(ctx, { pending }) {
      const { project } = rotationOf(ctx.manifest, KIND);
      const key = read(ctx, pending);
      const meta = await port.getKey(project, key.accessId);
      if (!meta || meta.state === 'DELETED') throw missing(ctx, key);
      if (meta.state === 'INACTIVE' && (await port.setState(project, key.accessId, 'ACTIVE')) === 'not-found') throw missing(ctx, key);
    },
    async test(ctx, { pending }) {
      return testKey(ctx, port, read(ctx, pending), propagation);
    },
    async retire(ctx, { previous }) {
      await revoke(ctx, port, read(ctx, previous), 'retired');
    },
    async discard(ctx, { pending }) {
      await revoke(ctx, port, read(ctx, pending), 'discarded');
    },
  };
}

function read(ctx: RotatorContext, value: SecretValue): GcsHmacValue {
  return readJsonValue(value, FIELDS, KIND, ctx.manifest.id);
}

interface Sweep {
  readonly project: string;
  readonly serviceAccountEmail: string;
  readonly currentId: string | undefined;
  readonly keep: readonly string[];
  readonly token: string;
}

async function removeOrphans(ctx: RotatorContext, port: GcsHmacPort, s: Sweep): Promise<void> {
  const keys = (await port.listKeys(s.project, s.serviceAccountEmail)).map((k) => ({ ...k, id: k.accessId, created: k.timeCreated }));
  const { orphans, currentFound } = classifyKeys(keys, s.currentId, s.keep);
  if (s.currentId !== undefined && !currentFound) ctx.logger.warn('current gcs hmac key not found upstream; no key is treated as an orphan', { secretId: ctx.manifest.id, accessId: s.currentId });
  for (const orphan of orphans) {
    ctx.logger.warn('deleting untracked gcs hmac key (left by an interrupted rotation)', { secretId: ctx.manifest.id, serviceAccountEmail: s.serviceAccountEmail, accessId: orphan.id, token: s.token });
    await deactivateThenDelete(port, s.project, orphan.id, orphan.state);
  }
}

async function deactivateThenDelete(port: GcsHmacPort, project: string, accessId: string, state: string): Promise<void> {
  if (state === 'DELETED') return;
  if (state === 'ACTIVE' && (await port.setState(project, accessId, 'INACTIVE')) === 'not-found') return;
  await port.deleteKey(project, accessId);
}

async function revoke(ctx: RotatorContext, port: GcsHmacPort, key: GcsHmacValue, what: 'retired' | 'discarded'): Promise<void> {
  const { project } = rotationOf(ctx.manifest, KIND);
  const meta = await port.getKey(project, key.accessId);
  if (meta) await deactivateThenDelete(port, project, key.accessId, meta.state);
  ctx.logger.info(`gcs hmac key ${what}`, { secretId: ctx.manifest.id, accessId: key.accessId, alreadyGone: !meta || meta.state === 'DELETED' });
}

async function testKey(ctx: RotatorContext, port: GcsHmacPort, key: GcsHmacValue, propagation: RetryPolicy): Promise<TestOutcome> {
  const { project } = rotationOf(ctx.manifest, KIND);
  const result = await probeUntilSettled(propagation, () => port.probe(project, key));
  ctx.logger.info('gcs hmac key tested', { secretId: ctx.manifest.id, accessId: key.accessId, ok: result.ok, attempts: result.attempts, ...(result.ok && result.detail !== undefined ? { detail: result.detail } : {}) });
  return result.ok ? { ok: true } : { ok: false, reason: `${result.reason} after ${result.attempts} attempt(s)` };
}

function missing(ctx: RotatorContext, key: GcsHmacValue): Error {
  return providerError('ROTATION_PROVIDER_KEY_MISSING', `secret "${ctx.manifest.id}": pending HMAC key ${key.accessId} no longer exists; discard this version and rotate again`, { secretId: ctx.manifest.id, accessId: key.accessId, step: 'set' });
}
