import type { SecretVersions } from './entry.js';
import { clientError } from './errors.js';

/** A private JWK as the signing-key rotator stores it (kid = RFC 7638 thumbprint). */
export interface PrivateJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly [member: string]: unknown;
}

/** A public JWK: only the allow-listed public members. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

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

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;
const cache = new WeakMap<SecretVersions, SigningKeySet>();

function parse(id: string, stage: string, text: string): PrivateJwk {
  let k: unknown;
  try {
    k = JSON.parse(text);
  } catch {
    k = undefined;
  }
  const o = k as Partial<PrivateJwk> | undefined;
  if (typeof o !== 'object' || typeof o.kty !== 'string' || typeof o.kid !== 'string' || typeof o.alg !== 'string') {
    throw clientError(
      'CLIENT_BAD_VALUE',
      `secret "${id}" (${stage}) is not a signing key (a private JWK with kty, kid and alg)`,
      { details: { secretId: id, stage } },
    );
  }
  return o as PrivateJwk;
}

/** The public half by allow-list: private members (d, p, q, …) can never slip through. */
export function publicJwk(key: PrivateJwk): PublicJwk {
  const out: Record<string, string> = {};
  for (const m of PUBLIC_MEMBERS) {
    const v = key[m];
    if (typeof v === 'string') out[m] = v;
  }
  return { ...out, kty: key.kty, kid: key.kid, alg: key.alg, use: 'sig' };
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
