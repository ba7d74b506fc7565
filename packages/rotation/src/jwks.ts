import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SecretRef, SecretStore, SecretValue } from '@docugen-secrets/secret-store';
import { rotationError } from './errors.js';

/** A public JSON Web Key as published: never a private member. */
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

export interface Jwks {
  readonly keys: readonly PublicJwk[];
}

/** What a signing-key version stores: the private JWK with its kid and alg (a JSON string value). */
export interface StoredSigningKey extends JWK {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * The public half of a JWK by allow-list (kty, crv, x, y, n, e plus kid, alg,
 * use): private members (d, p, q, dp, dq, qi, oth, k) can never slip through,
 * whatever the stored key holds.
 */
export function publicJwk(key: StoredSigningKey): PublicJwk {
  const out: Record<string, string> = {};
  for (const m of PUBLIC_MEMBERS) {
    const v = key[m];
    if (typeof v === 'string') out[m] = v;
  }
  return { ...out, kty: key.kty, kid: key.kid, alg: key.alg, use: 'sig' };
}

/** Parses a stored signing key; the error names the problem, never the content. */
export function parseSigningKey(value: SecretValue, where: string): StoredSigningKey {
  let parsed: unknown;
  try {
    parsed = value.kind === 'string' ? JSON.parse(value.value) : undefined;
  } catch {
    parsed = undefined;
  }
  const k = parsed as Partial<StoredSigningKey> | undefined;
  if (typeof k !== 'object' || typeof k.kty !== 'string' || typeof k.kid !== 'string' || typeof k.alg !== 'string') {
    throw rotationError(
      'ROTATION_BAD_VALUE',
      `${where}: the stored value is not a signing key (a private JWK with kty, kid and alg)`,
      { where },
    );
  }
  return k as StoredSigningKey;
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
