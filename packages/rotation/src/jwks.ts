import { calculateJwkThumbprint, type JWK } from 'jose';
import { parsePrivateJwk, publicJwk, type PrivateJwk, type PublicJwk } from '@docugen-secrets/core';
import type { SecretRef, SecretStore, SecretValue } from '@docugen-secrets/secret-store';
import { rotationError } from './errors.js';

export { publicJwk, type PublicJwk };

export interface Jwks {
  readonly keys: readonly PublicJwk[];
}

/** What a signing-key version stores: the private JWK with its kid and alg (a JSON string value). */
export interface StoredSigningKey extends JWK, PrivateJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
}

/** Parses a stored signing key; the error names the problem, never the content. */
export function parseSigningKey(value: SecretValue, where: string): StoredSigningKey {
  const key = value.kind === 'string' ? parsePrivateJwk(value.value) : undefined;
  if (!key)
    throw rotationError(
      'ROTATION_BAD_VALUE',
      `${where}: the stored value is not a signing key (a private JWK with kty, kid and alg)`,
      { where },
    );
  return key;
}

/** The RFC 7638 thumbprint (SHA-256) of the public key: the kid every new key gets. */
export function thumbprintOf(key: StoredSigningKey): Promise<string> {
  return calculateJwkThumbprint(publicJwk(key), 'sha256');
}

/**
 * The JWK set to publish for a signing secret: the public keys of the given
 * versions (pass pending, current and previous), duplicates by kid removed,
 * in the given order. Verifiers accept a token whose kid is in the set, so the
 * pending key is published before anything is signed with it and the previous
 * key stays until its last token has expired.
 */
export function jwksFromVersions(values: readonly (SecretValue | undefined)[]): Jwks {
  const keys: PublicJwk[] = [];
  for (const [i, v] of values.entries()) {
    if (v === undefined) continue;
    const k = publicJwk(parseSigningKey(v, `version #${i}`));
    if (!keys.some((x) => x.kid === k.kid)) keys.push(k);
  }
  return { keys };
}

/**
 * The JWKS to publish for a signing secret right now, read from its store:
 * pending first (published before anything is signed with it), then current,
 * then previous (verifiable until retired).
 */
export async function readJwks(store: SecretStore, ref: SecretRef): Promise<Jwks> {
  const stages = ['pending', 'current', 'previous'] as const;
  const values = await Promise.all(stages.map(async (s) => (await store.getValue(ref, s))?.value));
  return jwksFromVersions(values);
}
