import { createHash } from 'node:crypto';
import type { SecretRef } from './port.js';
import { storeError } from './errors.js';

/**
 * The idempotency token of one rotation attempt: a UUID-shaped string derived
 * from SHA-256 of the secret id and the rotation slot (e.g. the scheduled
 * rotation time or the run's attempt id). A rerun after a crash derives the
 * same token, so AWS treats the repeated PutSecretValue as a replay instead of
 * creating a second version. 36 characters: within AWS's 32–64 bound.
 * The derivation is part of the on-disk contract (a rerun by a newer version
 * must find the same token): never change it without a version bump.
 */
export function rotationToken(secretId: string, slot: string): string {
  const hex = createHash('sha256')
    .update(`docugen-secrets/rotation-token/v1:${JSON.stringify([secretId, slot])}`)
    .digest('hex');
  // Shape it as an RFC 4122 version-5-like UUID (version nibble 5, variant 10xx).
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const TOKEN = /^[A-Za-z0-9-]{32,64}$/;

/** Every store enforces AWS's ClientRequestToken rules so tokens behave the same everywhere. */
export function checkToken(ref: SecretRef, token: string): void {
  if (!TOKEN.test(token)) {
    throw storeError(
      'STORE_INVALID_REQUEST',
      ref,
      `secret "${ref.id}": the idempotency token must be 32–64 letters, digits or dashes (use rotationToken(secretId, slot))`,
      {
        details: { step: 'putPending', tokenLength: token.length },
      },
    );
  }
}
