import type { RandomSource } from '@docugen-secrets/core';
import { openEnc, wrapForRecipient } from './age/enc.js';
import type { AgeIdentity } from './age/identity.js';
import { sopsError } from './errors.js';
import type { AgeKey, SopsMetadata } from './metadata.js';
import { combineShares, splitSecret } from './shamir.js';

async function openGroup(
  group: SopsMetadata['keyGroups'][number],
  identities: readonly AgeIdentity[],
): Promise<{ key?: Buffer; failed: boolean }> {
  let failed = false;
  for (const k of group.age) {
    const r = await openEnc(k.enc, identities);
    if (r.kind === 'opened') return { key: r.key, failed: false };
    if (identities.some((id) => id.recipient === k.recipient)) failed = true;
  }
  return { failed };
}

/**
 * Recovers the 32-byte data key: from any matching age recipient (one key
 * group), or by combining at least `shamir_threshold` Shamir shares (key
 * groups). Throws SOPS_NO_IDENTITY / SOPS_NO_MATCHING_RECIPIENT /
 * SOPS_WRONG_KEY / SOPS_NOT_ENOUGH_SHARES.
 */
export async function recoverDataKey(
  meta: SopsMetadata,
  identities: readonly AgeIdentity[],
  file?: string,
): Promise<Buffer> {
  if (identities.length === 0)
    throw sopsError(
      'SOPS_NO_IDENTITY',
      'no age identity available (set SOPS_AGE_KEY or SOPS_AGE_KEY_FILE, or pass a key file)',
      { file },
    );
  const results = await Promise.all(meta.keyGroups.map((g) => openGroup(g, identities)));
  const keys = results.flatMap((r) => (r.key ? [r.key] : []));
  const anyFailed = results.some((r) => r.failed);
  if (!meta.usesKeyGroups || meta.keyGroups.length === 1) {
    const key = keys[0];
    if (key?.length === 32) return key;
    if (key || anyFailed)
      throw sopsError(
        'SOPS_WRONG_KEY',
        'a matching age recipient was found but its data key did not decrypt (corrupt enc or wrong key)',
        { file },
      );
    throw sopsError(
      'SOPS_NO_MATCHING_RECIPIENT',
      `none of the file's age recipients matches the ${identities.length} identity(ies) supplied`,
      { file },
    );
  }
  const threshold = meta.shamirThreshold > 0 ? meta.shamirThreshold : meta.keyGroups.length;
  if (keys.length < threshold) {
    throw sopsError(
      keys.length === 0 && !anyFailed ? 'SOPS_NO_MATCHING_RECIPIENT' : 'SOPS_NOT_ENOUGH_SHARES',
      `recovered ${keys.length} of the ${threshold} key-group shares needed`,
      { file },
    );
  }
  try {
    const key = Buffer.from(combineShares(keys.slice(0, threshold)));
    if (key.length === 32) return key;
  } catch {
    // fall through
  }
  throw sopsError('SOPS_WRONG_KEY', 'the recovered Shamir shares do not combine into a data key', { file });
}

/** Recipients per key group, as configured. */
export type Groups = readonly (readonly string[])[];

/**
 * Wraps the data key for every recipient: one group → the key itself; more
 * groups → Shamir shares, share i for every recipient of group i.
 */
export async function wrapDataKey(
  dataKey: Uint8Array,
  groups: Groups,
  threshold: number,
  random: RandomSource,
): Promise<AgeKey[][]> {
  if (groups.length === 0 || groups.some((g) => g.length === 0))
    throw sopsError('SOPS_NO_MATCHING_RECIPIENT', 'no age recipients to encrypt to');
  const t = threshold > 0 ? threshold : groups.length;
  if (groups.length > 1 && t > groups.length)
    throw sopsError('SOPS_INVALID_RULE', `shamir_threshold ${t} exceeds the ${groups.length} key groups`);
  if (groups.length > 1 && t < 2)
    throw sopsError(
      'SOPS_INVALID_RULE',
      `shamir_threshold ${t} is below 2: with ${groups.length} key groups, at least 2 shares must combine`,
    );
  const secrets = groups.length === 1 ? [dataKey] : splitSecret(dataKey, groups.length, t, random);
  return Promise.all(
    groups.map(async (g, i) =>
      Promise.all(
        g.map(async (recipient) => ({ recipient, enc: await wrapForRecipient(secrets[i] ?? dataKey, recipient) })),
      ),
    ),
  );
}
