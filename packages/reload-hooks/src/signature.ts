import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as the alerts webhook signs (GitHub's header style). */
export const SIGNATURE_HEADER = 'x-docugen-signature-256';
/** Unix seconds that were signed: receivers refuse old ones (replays). */
export const TIMESTAMP_HEADER = 'x-docugen-timestamp';
/** The restart's delivery id: receivers acknowledge a repeated one without restarting again. */
export const DELIVERY_HEADER = 'x-docugen-delivery';
/** How far a timestamp may be from the receiver's clock; default 5 minutes. */
export const DEFAULT_TOLERANCE_SEC = 300;

export function restartSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * What a receiver does with a delivery: recompute the signature over the
 * timestamp and the raw body, compare in constant time, and refuse a
 * timestamp outside the tolerance (a captured request cannot be replayed later).
 */
export function verifyRestartSignature(
  secret: string,
  headers: { readonly signature: string | undefined; readonly timestamp: string | undefined },
  body: string,
  now: Date,
  toleranceSec = DEFAULT_TOLERANCE_SEC,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSec)
    return { ok: false, reason: 'stale timestamp' };
  const want = Buffer.from(restartSignature(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got)
    ? { ok: true }
    : { ok: false, reason: 'bad signature' };
}
