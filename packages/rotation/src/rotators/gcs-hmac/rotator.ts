import type { SecretValue } from '@docugen-secrets/secret-store';
import type { Rotator, RotatorContext, TestOutcome } from '../port.js';
import { providerError } from '../upstream/errors.js';
import { defaultPropagationRetry, probeUntilSettled, type RetryPolicy } from '../upstream/retry.js';
import { classifyKeys } from '../upstream/untracked.js';
import { jsonValue, readJsonValue, rotationOf } from '../upstream/values.js';
import { isDocugenError } from '@docugen-secrets/core';
import { HMAC_KEYS_PER_SERVICE_ACCOUNT, type GcsHmacPort, type HmacCredentials, type HmacKeyMeta } from './port.js';

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
 * creating, leaving exactly one untracked new key. It never deletes a key it
 * cannot prove it made: a first rotation of a service account that already
 * has keys refuses with ROTATION_PROVIDER_UNTRACKED_KEY (`preflight`, and
 * `create` when unclaimed); an older untracked key is left alone. Cloud
 * Storage deletes only INACTIVE keys, so revocation is always deactivate,
 * then delete.
 */
export function gcsHmacKeyRotator(port: GcsHmacPort, options: GcsHmacRotatorOptions = {}): Rotator<'gcs-hmac-key'> {
  const propagation = options.propagation ?? defaultPropagationRetry;
  return {
    kind: KIND,
    async preflight(ctx, { token }) {
      const { project, serviceAccountEmail } = rotationOf(ctx.manifest, KIND);
      await removeOrphans(ctx, port, { project, serviceAccountEmail, keep: [], token, first: true, claimed: false });
    },
    async create(ctx, input) {
      const { project, serviceAccountEmail } = rotationOf(ctx.manifest, KIND);
      const s: Sweep = {
        project,
        serviceAccountEmail,
        token: input.token,
        keep: [],
        first: input.current === undefined,
        claimed: input.claimed === true,
        ...(input.current ? { currentId: read(ctx, input.current).accessId } : {}),
        ...(input.previous ? { previousId: read(ctx, input.previous).accessId } : {}),
      };
      await removeOrphans(ctx, port, s);
      const created = await createUnderCap(ctx, port, s);
      // A create retried after a dropped response may have made a twin: keep only ours
      // (the sweep above passed, so any untracked key now is ours, even on a first rotation).
      await removeOrphans(ctx, port, { ...s, keep: [created.accessId], claimed: true });
      ctx.logger.info('gcs hmac key created', {
        secretId: ctx.manifest.id,
        serviceAccountEmail,
        accessId: created.accessId,
        token: input.token,
      });
      return jsonValue({ accessId: created.accessId, secret: created.secret, serviceAccountEmail });
    },
    async set(ctx, { pending }) {
      const { project } = rotationOf(ctx.manifest, KIND);
      const key = read(ctx, pending);
      const meta = await converge(port, project, key.accessId, 'ACTIVE');
      if (!meta || meta.state === 'DELETED') throw missing(ctx, key);
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
  readonly currentId?: string;
  readonly previousId?: string;
  /** Keys never deleted (the one just created). */
  readonly keep: readonly string[];
  readonly token: string;
  /** No current value: a first rotation. */
  readonly first: boolean;
  /** First rotation: claimed in the store after a clean preflight (untracked keys are ours). */
  readonly claimed: boolean;
}

/** Deletes the orphans of interrupted attempts; refuses a first rotation that finds keys it cannot prove it made. */
async function removeOrphans(ctx: RotatorContext, port: GcsHmacPort, s: Sweep): Promise<void> {
  const listed = await port.listKeys(s.project, s.serviceAccountEmail);
  const keys = listed
    .filter((k) => k.state !== 'DELETED')
    .map((k) => ({ ...k, id: k.accessId, created: k.timeCreated }));
  const { orphans, foreign, currentFound } = classifyKeys(keys, s.currentId, s.keep, {
    ...(s.previousId === undefined ? {} : { previousId: s.previousId }),
    claimed: s.claimed,
  });
  if (s.currentId !== undefined && !currentFound)
    ctx.logger.warn('current gcs hmac key not found upstream; no key is treated as an orphan', {
      secretId: ctx.manifest.id,
      accessId: s.currentId,
    });
  // Any key nobody tracks may be what a service uses (or will reactivate): a first rotation refuses
  // rather than rotate around it — and a claim is only ever made when there was none (see preflight).
  if (s.first && foreign.length > 0)
    throw untracked(
      ctx,
      s.serviceAccountEmail,
      foreign.map((k) => k.id),
    );
  for (const k of foreign)
    ctx.logger.warn(
      'gcs hmac key not tracked by any stored version and not provably made by this rotation; left alone',
      { secretId: ctx.manifest.id, serviceAccountEmail: s.serviceAccountEmail, accessId: k.id },
    );
  for (const orphan of orphans) {
    ctx.logger.warn('deleting untracked gcs hmac key (left by an interrupted rotation)', {
      secretId: ctx.manifest.id,
      serviceAccountEmail: s.serviceAccountEmail,
      accessId: orphan.id,
      token: s.token,
    });
    await deactivateThenDelete(port, s.project, orphan.id);
  }
}

function untracked(ctx: RotatorContext, serviceAccountEmail: string, ids: readonly string[]): Error {
  return providerError(
    'ROTATION_PROVIDER_UNTRACKED_KEY',
    `secret "${ctx.manifest.id}": service account ${serviceAccountEmail} already has HMAC key(s) ${ids.join(', ')} that no stored version tracks; the first rotation does not delete a key it did not create. If a service uses one, store it as the secret's current value ({accessId, secret, serviceAccountEmail}) so rotation replaces it and retires it after the overlap; otherwise deactivate and delete it by hand. Then rerun.`,
    { secretId: ctx.manifest.id, serviceAccountEmail, accessIds: ids.join(','), step: 'create' },
  );
}

/**
 * Brings the key to `want` with a conditional update (the etag it just
 * read): if someone changed the key in between (HTTP 412), it reads again
 * and decides again, so it never acts on a state that is no longer true.
 * Returns the key as it now is; undefined when gone.
 */
async function converge(
  port: GcsHmacPort,
  project: string,
  accessId: string,
  want: 'ACTIVE' | 'INACTIVE',
): Promise<HmacKeyMeta | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const meta = await port.getKey(project, accessId);
    if (!meta || meta.state === 'DELETED' || meta.state === want) return meta;
    const done = await port.setState(project, accessId, want, meta.etag);
    if (done === 'not-found') return undefined;
    if (done === 'done') return { ...meta, state: want };
  }
  throw providerError(
    'ROTATION_PROVIDER_CALL_FAILED',
    `Cloud Storage HMAC key ${accessId} in "${project}" kept changing while the rotation set it ${want} (HTTP 412 three times); is someone else changing it? Rerun later`,
    { accessId, project, step: 'set-state' },
  );
}

async function deactivateThenDelete(port: GcsHmacPort, project: string, accessId: string): Promise<boolean> {
  const meta = await converge(port, project, accessId, 'INACTIVE');
  if (!meta || meta.state === 'DELETED') return false;
  return (await port.deleteKey(project, accessId)) === 'done';
}

async function revoke(
  ctx: RotatorContext,
  port: GcsHmacPort,
  key: GcsHmacValue,
  what: 'retired' | 'discarded',
): Promise<void> {
  const { project } = rotationOf(ctx.manifest, KIND);
  const deleted = await deactivateThenDelete(port, project, key.accessId);
  ctx.logger.info(`gcs hmac key ${what}`, { secretId: ctx.manifest.id, accessId: key.accessId, alreadyGone: !deleted });
}

/**
 * Creates the key; when Cloud Storage refuses because the service account
 * holds its cap of keys (INACTIVE ones count), says which keys to clean up
 * — never deleting any it cannot prove its own (the sweep before already
 * deleted those).
 */
async function createUnderCap(ctx: RotatorContext, port: GcsHmacPort, s: Sweep): Promise<HmacCredentials> {
  try {
    return await port.createKey(s.project, s.serviceAccountEmail);
  } catch (err) {
    if (!isDocugenError(err, 'ROTATION_PROVIDER_CALL_FAILED')) throw err;
    const live = await port.listKeys(s.project, s.serviceAccountEmail);
    if (live.length < HMAC_KEYS_PER_SERVICE_ACCOUNT) throw err;
    throw atCap(ctx, s, live, err);
  }
}

function atCap(ctx: RotatorContext, s: Sweep, live: readonly HmacKeyMeta[], cause: unknown): Error {
  const tracked = new Set([s.currentId, s.previousId].filter((id): id is string => id !== undefined));
  const others = live.filter((k) => !tracked.has(k.accessId));
  const list = others.map((k) => `${k.accessId} (${k.state})`).join(', ');
  return providerError(
    'ROTATION_PROVIDER_KEY_LIMIT',
    `secret "${ctx.manifest.id}": service account ${s.serviceAccountEmail} already has ${live.length} HMAC keys that are not deleted, Cloud Storage's cap of ${HMAC_KEYS_PER_SERVICE_ACCOUNT} (INACTIVE keys count). Keys this secret does not track: ${list === '' ? 'none' : list}. Check which are unused, deactivate and delete them by hand (gcloud storage hmac update <accessId> --deactivate; gcloud storage hmac delete <accessId>), then rerun; the rotator deletes only keys it can prove it made.`,
    {
      secretId: ctx.manifest.id,
      serviceAccountEmail: s.serviceAccountEmail,
      keys: live.length,
      untrackedAccessIds: others.map((k) => k.accessId).join(','),
      step: 'create',
    },
    cause,
  );
}

async function testKey(
  ctx: RotatorContext,
  port: GcsHmacPort,
  key: GcsHmacValue,
  propagation: RetryPolicy,
): Promise<TestOutcome> {
  const { project } = rotationOf(ctx.manifest, KIND);
  const result = await probeUntilSettled(propagation, () => port.probe(project, key));
  ctx.logger.info('gcs hmac key tested', {
    secretId: ctx.manifest.id,
    accessId: key.accessId,
    ok: result.ok,
    attempts: result.attempts,
    ...(result.ok && result.detail !== undefined ? { detail: result.detail } : {}),
  });
  return result.ok ? { ok: true } : { ok: false, reason: `${result.reason} after ${result.attempts} attempt(s)` };
}

function missing(ctx: RotatorContext, key: GcsHmacValue): Error {
  return providerError(
    'ROTATION_PROVIDER_KEY_MISSING',
    `secret "${ctx.manifest.id}": pending HMAC key ${key.accessId} no longer exists; discard this version and rotate again`,
    { secretId: ctx.manifest.id, accessId: key.accessId, step: 'set' },
  );
}
