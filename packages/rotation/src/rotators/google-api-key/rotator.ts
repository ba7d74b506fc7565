import type { Rotation } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import type { Rotator, RotatorContext } from '../port.js';
import { providerError } from '../upstream/errors.js';
import { defaultPropagationRetry, type RetryPolicy } from '../upstream/retry.js';
import { jsonValue, readJsonValue, rotationOf } from '../upstream/values.js';
import type { ApiKeyRestrictions, GoogleApiKey, GoogleApiKeysPort, PlacesProbePort } from './port.js';
import { sameRestrictions } from './restrictions.js';
import { testGoogleKey } from './test-key.js';

const KIND = 'google-api-key';
const FIELDS = ['keyId', 'keyName', 'keyString'] as const;
const DISPLAY_PREFIX = 'docugen-secrets ';
/** The API's limit on displayName. */
const MAX_DISPLAY_NAME = 63;

type GoogleRotation = Extract<Rotation, { kind: 'google-api-key' }>;
export type GoogleApiKeyValue = Record<(typeof FIELDS)[number], string>;

export interface GoogleApiKeyPorts {
  readonly keys: GoogleApiKeysPort;
  readonly places: PlacesProbePort;
}

export interface GoogleApiKeyRotatorOptions {
  /** How long `test` waits for a new key to work (new keys take minutes to propagate). */
  readonly propagation?: RetryPolicy;
}

/**
 * Rotates a Google API key (two-key strategy) through the API Keys API v2.
 * The stored value is `{"keyId","keyName","keyString"}`. The new key's
 * display name carries the rotation token; since the key string can be read
 * again at any time, `create` adopts a key of its token after a crash rather
 * than making another (and deletes twins of a retried create). The new key
 * copies the old key's restrictions — API targets and referrer/IP/app
 * restrictions — or, without an old key, restricts to the manifest's apiTargets.
 * Retire and discard soft-delete: a deleted key is recoverable for 30 days.
 */
export function googleApiKeyRotator(
  ports: GoogleApiKeyPorts,
  options: GoogleApiKeyRotatorOptions = {},
): Rotator<'google-api-key'> {
  const propagation = options.propagation ?? defaultPropagationRetry;
  const { keys } = ports;
  return {
    kind: KIND,
    async create(ctx, { token, current, slotTokens }) {
      const rotation = rotationOf(ctx.manifest, KIND);
      const displayName = displayNameFor(ctx, token);
      const keeper = await ensureOneKey(ctx, keys, {
        rotation,
        token,
        slotTokens: slotTokens ?? [],
        displayName,
        ...(current ? { current } : {}),
      });
      const keyString = await keys.getKeyString(keeper.name);
      return jsonValue({ keyId: keyIdOf(keeper.name), keyName: keeper.name, keyString });
    },
    async set(ctx, { pending, current }) {
      const rotation = rotationOf(ctx.manifest, KIND);
      const key = read(ctx, pending);
      const upstream = await keys.getKey(key.keyName);
      if (!upstream || upstream.deleteTime) throw missing(ctx, key);
      const desired = await desiredRestrictions(ctx, keys, rotation, current);
      if (sameRestrictions(upstream.restrictions, desired)) return;
      await keys.updateRestrictions(key.keyName, desired);
      ctx.logger.info('google api key restrictions updated', { secretId: ctx.manifest.id, keyName: key.keyName });
    },
    async test(ctx, { pending }) {
      return testGoogleKey(ctx, ports, read(ctx, pending), rotationOf(ctx.manifest, KIND).apiTargets, propagation);
    },
    async retire(ctx, { previous }) {
      await softDelete(ctx, keys, read(ctx, previous), 'retired');
    },
    async discard(ctx, { pending }) {
      await softDelete(ctx, keys, read(ctx, pending), 'discarded');
    },
  };
}

function read(ctx: RotatorContext, value: SecretValue): GoogleApiKeyValue {
  return readJsonValue(value, FIELDS, KIND, ctx.manifest.id);
}

function displayNameFor(ctx: RotatorContext, token: string): string {
  const name = `${DISPLAY_PREFIX}${token}`;
  if (name.length <= MAX_DISPLAY_NAME) return name;
  if (token.length <= MAX_DISPLAY_NAME) return token;
  throw providerError(
    'ROTATION_PROVIDER_BAD_INPUT',
    `secret "${ctx.manifest.id}": the rotation token is ${token.length} characters, longer than an API key display name (${MAX_DISPLAY_NAME})`,
    { secretId: ctx.manifest.id, step: 'create' },
  );
}

function keyIdOf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

interface EnsureInput {
  readonly rotation: GoogleRotation;
  readonly token: string;
  /** Other tokens of the same slot (the other mode): their keys are this rotation's too. */
  readonly slotTokens: readonly string[];
  readonly displayName: string;
  readonly current?: SecretValue;
}

/**
 * Adopts the key of this slot (this token's first, then oldest first),
 * creating it if none exists; deletes twins. A key made under the slot's
 * other token (an emergency run crashed, a scheduled run resumes) is adopted
 * too: it was made to replace the same current key, and leaving it would
 * leak a live key nobody tracks.
 */
async function ensureOneKey(ctx: RotatorContext, keys: GoogleApiKeysPort, input: EnsureInput): Promise<GoogleApiKey> {
  const project = input.rotation.project;
  const tokens = [input.token, ...input.slotTokens];
  let mine = await keysOfToken(keys, project, tokens);
  if (mine.length > 0) {
    ctx.logger.info('adopting google api key of this rotation (created by an interrupted run)', {
      secretId: ctx.manifest.id,
      keyName: mine[0]?.name,
      token: input.token,
    });
  } else {
    const restrictions = await desiredRestrictions(ctx, keys, input.rotation, input.current);
    const created = await keys.createKey(project, { displayName: input.displayName, restrictions });
    ctx.logger.info('google api key created', { secretId: ctx.manifest.id, keyName: created.name, token: input.token });
    mine = await keysOfToken(keys, project, tokens);
    if (!mine.some((k) => k.name === created.name)) mine = [created, ...mine];
  }
  const [keeper, ...twins] = mine;
  for (const twin of twins) {
    ctx.logger.warn('deleting duplicate google api key of this rotation (a retried create)', {
      secretId: ctx.manifest.id,
      keyName: twin.name,
      token: input.token,
    });
    await keys.deleteKey(twin.name);
  }
  if (!keeper)
    throw providerError(
      'ROTATION_PROVIDER_CALL_FAILED',
      `secret "${ctx.manifest.id}": no API key found after creating one`,
      { secretId: ctx.manifest.id, step: 'create' },
    );
  return keeper;
}

/**
 * Live keys whose display name carries one of `tokens`: those of the first
 * token first, then oldest first (the same keeper on every rerun).
 */
async function keysOfToken(
  keys: GoogleApiKeysPort,
  project: string,
  tokens: readonly string[],
): Promise<GoogleApiKey[]> {
  const all = await keys.listKeys(project);
  const rank = (k: GoogleApiKey): number => tokens.findIndex((t) => k.displayName.includes(t));
  return all
    .filter((k) => !k.deleteTime && rank(k) >= 0)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.createTime.getTime() - b.createTime.getTime() ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}

/** The old key's restrictions (its API targets defaulting to the manifest's), else the manifest's apiTargets. */
async function desiredRestrictions(
  ctx: RotatorContext,
  keys: GoogleApiKeysPort,
  rotation: GoogleRotation,
  current: SecretValue | undefined,
): Promise<ApiKeyRestrictions> {
  const fromManifest = rotation.apiTargets.map((service) => ({ service, methods: [] }));
  if (!current) return { apiTargets: fromManifest };
  const old = await keys.getKey(read(ctx, current).keyName);
  if (!old || old.deleteTime) {
    ctx.logger.warn(
      'current google api key not found upstream; restricting the new key to the manifest apiTargets only',
      { secretId: ctx.manifest.id },
    );
    return { apiTargets: fromManifest };
  }
  const apiTargets = old.restrictions.apiTargets.length > 0 ? old.restrictions.apiTargets : fromManifest;
  return old.restrictions.client ? { apiTargets, client: old.restrictions.client } : { apiTargets };
}

async function softDelete(
  ctx: RotatorContext,
  keys: GoogleApiKeysPort,
  key: GoogleApiKeyValue,
  what: 'retired' | 'discarded',
): Promise<void> {
  const upstream = await keys.getKey(key.keyName);
  const alreadyGone =
    !upstream || upstream.deleteTime !== undefined || (await keys.deleteKey(key.keyName)) === 'not-found';
  ctx.logger.info(`google api key ${what} (soft-deleted; undelete within 30 days if needed)`, {
    secretId: ctx.manifest.id,
    keyName: key.keyName,
    alreadyGone,
  });
}

function missing(ctx: RotatorContext, key: GoogleApiKeyValue): Error {
  return providerError(
    'ROTATION_PROVIDER_KEY_MISSING',
    `secret "${ctx.manifest.id}": pending API key ${key.keyName} no longer exists (or is deleted); discard this version and rotate again`,
    { secretId: ctx.manifest.id, keyName: key.keyName, step: 'set' },
  );
}
