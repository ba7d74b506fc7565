import type { RotatorContext, TestOutcome } from '../port.js';
import { probeUntilSettled, type RetryPolicy } from '../upstream/retry.js';
import type { ClientRefusal, GoogleApiKey, GoogleApiKeysPort, PlacesProbePort } from './port.js';
import { probeClientFor } from './restrictions.js';

/** What `test` knows of the pending key (never logged whole: `keyString` is the secret). */
export interface PendingKey {
  readonly keyId: string;
  readonly keyName: string;
  readonly keyString: string;
}

/** The client restriction kind each refusal is about. */
const REFUSED_KIND: Readonly<Record<ClientRefusal, NonNullable<GoogleApiKey['restrictions']['client']>['kind']>> = {
  API_KEY_HTTP_REFERRER_BLOCKED: 'browser',
  API_KEY_IP_ADDRESS_BLOCKED: 'server',
  API_KEY_ANDROID_APP_BLOCKED: 'android',
  API_KEY_IOS_APP_BLOCKED: 'ios',
};

/**
 * Proves the pending key works: a Places call presenting the client the
 * key's restriction admits (Referer, Android package + certificate, iOS
 * bundle). When Places refuses the caller rather than the key — a server
 * key called from elsewhere, or a client the runner cannot present — the key
 * is verified through the API Keys API instead (see `verifyByApiKeys`), and
 * the outcome says so.
 */
export async function testGoogleKey(
  ctx: RotatorContext,
  ports: { keys: GoogleApiKeysPort; places: PlacesProbePort },
  key: PendingKey,
  apiTargets: readonly string[],
  propagation: RetryPolicy,
): Promise<TestOutcome> {
  const upstream = await ports.keys.getKey(key.keyName);
  const client = upstream ? probeClientFor(upstream.restrictions) : undefined;
  const result = await probeUntilSettled(propagation, () => ports.places.searchText(key.keyString, client));
  const outcome =
    !result.ok && 'clientRefused' in result
      ? await verifyByApiKeys(ports.keys, key, apiTargets, result.clientRefused)
      : result.ok
        ? { ok: true as const }
        : { ok: false as const, reason: result.reason };
  const fields = {
    secretId: ctx.manifest.id,
    keyName: key.keyName,
    ok: outcome.ok,
    attempts: result.attempts,
    ...(outcome.ok && outcome.detail !== undefined ? { detail: outcome.detail } : {}),
  };
  ctx.logger.info('google api key tested', fields);
  return outcome.ok ? outcome : { ok: false, reason: `${outcome.reason} after ${result.attempts} attempt(s)` };
}

/**
 * The proof for a key Places would not serve to this runner: LookupKey maps
 * the key string to the pending key itself (so the stored string is that
 * key's), the key is live, its API targets admit every API the manifest
 * names, and it carries the client restriction Places enforced. That is
 * everything Places checks except the caller, which only the consumers can be.
 */
async function verifyByApiKeys(
  keys: GoogleApiKeysPort,
  key: PendingKey,
  apiTargets: readonly string[],
  refusal: ClientRefusal,
): Promise<TestOutcome> {
  const fail = (why: string): TestOutcome => ({
    ok: false,
    reason: `Places refused this runner as a client (${refusal}) and the API Keys API check failed: ${why}`,
  });
  const owner = await keys.lookupKey(key.keyString);
  if (owner === undefined) return fail('LookupKey finds no live key with the stored key string');
  if (keyIdOf(owner) !== key.keyId) return fail(`the stored key string belongs to ${owner}, not to ${key.keyName}`);
  const upstream = await keys.getKey(key.keyName);
  if (!upstream || upstream.deleteTime) return fail('the key is deleted');
  const targets = upstream.restrictions.apiTargets.map((t) => t.service);
  const blocked = targets.length === 0 ? [] : apiTargets.filter((s) => !targets.includes(s));
  if (blocked.length > 0) return fail(`its API targets do not admit ${blocked.join(', ')}`);
  if (upstream.restrictions.client?.kind !== REFUSED_KIND[refusal])
    return fail(`it has no ${REFUSED_KIND[refusal]} restriction, yet Places answered ${refusal}`);
  return {
    ok: true,
    detail: `Places refused this runner as a client (${refusal}); verified through the API Keys API instead (LookupKey matches the key, API targets admit ${apiTargets.join(', ')})`,
  };
}

function keyIdOf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
