import { parsePrivateJwk, publicJwk, type PrivateJwk, type PublicJwk } from '@docugen-secrets/core';
import type { SecretVersions } from './entry.js';
import { clientError } from './errors.js';

export interface SigningKeySet {
  /** Sign with this one only: the current key. */
  readonly signing: PrivateJwk;
  /**
   * Verify with these: pending first (published before anything is signed
   * with it, so verifiers that cache the set already know it at promotion),
   * then current, then previous (until retired, its tokens stay valid).
   */
  readonly jwks: { readonly keys: readonly PublicJwk[] };
}

const cache = new WeakMap<SecretVersions, SigningKeySet>();

function parse(id: string, stage: string, text: string): PrivateJwk {
  const key = parsePrivateJwk(text);
  if (!key)
    throw clientError(
      'CLIENT_BAD_VALUE',
      `secret "${id}" (${stage}) is not a signing key (a private JWK with kty, kid and alg)`,
      { details: { secretId: id, stage } },
    );
  return key;
}

/**
 * The signing key and verification set of a JWK signing secret, computed
 * once per set of versions (the client swaps the versions object on every
 * change, so the cache follows rotations by itself).
 */
export function signingKeySet(id: string, versions: SecretVersions): SigningKeySet {
  const hit = cache.get(versions);
  if (hit) return hit;
  const keyOf = (stage: 'current' | 'previous' | 'pending'): PrivateJwk | undefined => {
    const v = versions[stage];
    if (!v) return undefined;
    if (v.value.kind !== 'string')
      throw clientError('CLIENT_BAD_VALUE', `secret "${id}" (${stage}) is binary, not a JWK`, {
        details: { secretId: id, stage },
      });
    return parse(id, stage, v.value.value);
  };
  const signing = keyOf('current');
  if (!signing)
    throw clientError('CLIENT_BAD_VALUE', `secret "${id}" has no current signing key`, { details: { secretId: id } });
  const keys: PublicJwk[] = [];
  for (const k of [keyOf('pending'), signing, keyOf('previous')]) {
    if (k && !keys.some((x) => x.kid === k.kid)) keys.push(publicJwk(k));
  }
  const set = { signing, jwks: { keys } };
  cache.set(versions, set);
  return set;
}

export { publicJwk, type PrivateJwk, type PublicJwk };
