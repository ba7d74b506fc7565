import { createHmac, createHash } from 'node:crypto';

/**
 * A keyed, truncated fingerprint of a secret value: lets audit records and
 * findings say "this value" without being able to recover or confirm it
 * without the key. Never log the value, log this.
 */
export function keyedFingerprint(key: Uint8Array | string, value: Uint8Array | string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(value).digest('base64url').slice(0, 16)}`;
}

/** Unkeyed short fingerprint, for non-secret identifiers only (e.g. leak-scan matches: the value already leaked). */
export function shortHash(value: Uint8Array | string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}
