import { createHmac } from 'node:crypto';
import type { Clock } from '@docugen-secrets/core';
import type { AlertEvent, EventSink } from '../events.js';
import { postJson, type PostOptions } from './post.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'x-docugen-signature-256';
/** Header carrying the Unix timestamp (seconds) that was signed: receivers reject old ones (replays). */
export const TIMESTAMP_HEADER = 'x-docugen-timestamp';

export interface WebhookOptions extends PostOptions {
  readonly url: string;
  /** The shared HMAC secret (from an env var at the entrypoint). */
  readonly secret: string;
  readonly clock: Clock;
}

/** The signature a receiver recomputes to check a delivery. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** An `EventSink` posting the event JSON (`{ version: 1, event }`), signed with HMAC-SHA256, retried on 429/5xx. */
export function webhookSink(opts: WebhookOptions): EventSink {
  return {
    name: 'webhook',
    send: (e: AlertEvent) => {
      const body = JSON.stringify({ version: 1, event: e });
      const timestamp = String(Math.floor(opts.clock.now().getTime() / 1000));
      return postJson(
        'webhook',
        opts.url,
        body,
        { [SIGNATURE_HEADER]: webhookSignature(opts.secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp },
        opts,
      );
    },
  };
}
