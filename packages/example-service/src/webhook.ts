import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header DocuGen's webhook senders set: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'x-docugen-signature';

/** The header value for `body` under `secret` (what a sender computes). */
export function webhookSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether `presented` is the signature of `body` under any of `secrets`
 * (current and previous during the overlap: a sender that has not reloaded
 * yet still signs with the previous secret). Every candidate is computed and
 * compared in constant time, no early exit.
 */
export function verifyWebhook(secrets: readonly string[], body: Uint8Array, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const got = Buffer.from(presented);
  let ok = false;
  for (const s of secrets) {
    const want = Buffer.from(webhookSignature(s, body));
    const eq = got.length === want.length && timingSafeEqual(got, want);
    ok = ok || eq;
  }
  return ok;
}
