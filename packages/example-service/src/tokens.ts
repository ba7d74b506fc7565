import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { SigningKeySet } from '@docugen-secrets/client';

type Key = Awaited<ReturnType<typeof importJWK>>;
const imported = new WeakMap<SigningKeySet, Promise<Key>>();
const verifiers = new WeakMap<SigningKeySet, ReturnType<typeof createLocalJWKSet>>();

/**
 * Signs a share-link JWT with the current key (the client's set changes
 * object on every rotation, so the imported key is cached per set).
 */
export async function signToken(
  set: SigningKeySet,
  subject: string,
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<string> {
  let key = imported.get(set);
  if (!key) {
    key = importJWK(set.signing as JWK, set.signing.alg);
    imported.set(set, key);
  }
  return new SignJWT({ sub: subject })
    .setProtectedHeader({ alg: set.signing.alg, kid: set.signing.kid, typ: 'JWT' })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds)
    .sign(await key);
}

/** Verifies against pending + current + previous public keys; resolves to the subject, or undefined when invalid. */
export async function verifyToken(set: SigningKeySet, token: string, now: Date): Promise<string | undefined> {
  let jwks = verifiers.get(set);
  if (!jwks) {
    jwks = createLocalJWKSet({ keys: set.jwks.keys.map((k) => ({ ...k })) });
    verifiers.set(set, jwks);
  }
  try {
    const { payload } = await jwtVerify(token, jwks, { currentDate: now });
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
