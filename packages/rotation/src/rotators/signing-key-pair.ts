import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Rotation } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { describeError } from '@docugen-secrets/core';
import { rotationError } from '../errors.js';
import { parseSigningKey, publicJwk, thumbprintOf, type StoredSigningKey } from '../jwks.js';
import type { Rotator, RotatorContext, TestOutcome } from './port.js';

type SigningRotation = Extract<Rotation, { kind: 'signing-key-pair' }>;
type Algorithm = SigningRotation['algorithm'];

/** JWS alg per manifest algorithm: Ed25519 signs as EdDSA (RFC 8037), what verifiers widely accept. */
const JWS_ALG: Readonly<Record<Algorithm, string>> = { Ed25519: 'EdDSA', RS256: 'RS256', ES256: 'ES256' };

function settings(ctx: RotatorContext): SigningRotation {
  const r = ctx.manifest.rotation;
  if (r.kind !== 'signing-key-pair') {
    throw rotationError(
      'ROTATION_NO_ROTATOR',
      `secret "${ctx.manifest.id}": the signing-key-pair rotator got a ${r.kind} manifest`,
      { secretId: ctx.manifest.id },
    );
  }
  return r;
}

async function newKey(algorithm: Algorithm): Promise<StoredSigningKey> {
  const alg = JWS_ALG[algorithm];
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(algorithm === 'Ed25519' ? { crv: 'Ed25519' } : {}),
    ...(algorithm === 'RS256' ? { modulusLength: 3072 } : {}),
  });
  const jwk = await exportJWK(privateKey);
  const key = { ...jwk, kty: jwk.kty ?? '', alg, kid: '' };
  return { ...key, kid: await thumbprintOf(key) };
}

/** Signs a probe with the private key and verifies it with the published public key alone. */
async function prove(ctx: RotatorContext, value: SecretValue): Promise<TestOutcome> {
  const key = parseSigningKey(value, `secret "${ctx.manifest.id}"`);
  const want = JWS_ALG[settings(ctx).algorithm];
  if (key.alg !== want) return { ok: false, reason: `the key is for ${key.alg}, the manifest asks for ${want}` };
  if ((await thumbprintOf(key)) !== key.kid)
    return { ok: false, reason: 'the key id is not the thumbprint of the public key' };
  try {
    const probe = new TextEncoder().encode(`docugen-secrets rotation probe ${ctx.now.toISOString()}`);
    const jws = await new CompactSign(probe)
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .sign(await importJWK(key as JWK, key.alg));
    const verified = await compactVerify(jws, await importJWK(publicJwk(key) as JWK, key.alg));
    return verified.protectedHeader.kid === key.kid
      ? { ok: true }
      : { ok: false, reason: 'the probe verified under another key id' };
  } catch (err) {
    return { ok: false, reason: `the key pair cannot sign and verify: ${describeError(err)}` };
  }
}

/**
 * Signing key pairs (Ed25519, RS256, ES256) via `jose`: the stored value is
 * the private JWK (kid = RFC 7638 thumbprint); `jwksFromVersions` derives the
 * public set. Publishing is a matter of store state: the pending key is part
 * of the JWKS as soon as it is staged, and the state machine promotes it only
 * after `publishDelay`, then keeps the previous key until its tokens expired.
 * Key generation uses the platform CSPRNG (WebCrypto), not the RandomSource.
 */
export function signingKeyPairRotator(): Rotator<'signing-key-pair'> {
  return {
    kind: 'signing-key-pair',
    create: async (ctx) => ({ kind: 'string', value: JSON.stringify(await newKey(settings(ctx).algorithm)) }),
    set: (ctx, { pending }) => {
      parseSigningKey(pending, `secret "${ctx.manifest.id}"`);
      return Promise.resolve();
    },
    test: (ctx, { pending }) => prove(ctx, pending),
    retire: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  };
}
