import type { Clock } from '@docugen-secrets/core';
import type { RestartRequest, RestartTrigger } from '@docugen-secrets/rotation';
import { reloadError } from './errors.js';
import { restartPayload } from './payload.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, restartSignature } from './signature.js';

export interface WebhookTriggerOptions {
  /** The shared HMAC secret (read from the environment by the composition root). */
  readonly secret: string;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  /** Where to post a trigger's request; default its manifest `url` (local runs point it at the local receiver). */
  readonly endpoint?: (request: RestartRequest) => string;
  /** Attempts after the first, for 429, 5xx and dropped connections; default 2. */
  readonly retries?: number;
  /** Waits between attempts (tests pass a no-op); default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per-attempt timeout; default 10 s. */
  readonly timeoutMs?: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function urlOf(request: RestartRequest, opts: WebhookTriggerOptions): string {
  if (opts.endpoint) return opts.endpoint(request);
  if (request.trigger.kind !== 'webhook')
    throw reloadError(
      'RELOAD_WEBHOOK_FAILED',
      `service ${request.service}: a ${request.trigger.kind} trigger is not a webhook`,
    );
  return request.trigger.url;
}

async function attempt(
  url: string,
  body: string,
  opts: WebhookTriggerOptions,
  request: RestartRequest,
): Promise<string> {
  const timestamp = String(Math.floor(opts.clock.now().getTime() / 1000));
  try {
    const res = await opts.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: restartSignature(opts.secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [DELIVERY_HEADER]: request.deliveryId,
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    await res.body?.cancel();
    return res.ok ? 'ok' : `HTTP ${res.status}`;
  } catch {
    return 'no answer';
  }
}

/**
 * Restarts a consumer through its deploy system's webhook: a JSON POST of
 * the value-free payload, signed with HMAC-SHA256 over `<timestamp>.<body>`
 * (headers `x-docugen-signature-256`, `x-docugen-timestamp`) and carrying the
 * delivery id (`x-docugen-delivery`) the receiver deduplicates on. Retries
 * 429/5xx/no answer with a fresh timestamp; errors name the host and last
 * status only.
 */
export function webhookTrigger(opts: WebhookTriggerOptions): RestartTrigger {
  if (opts.secret === '') throw reloadError('RELOAD_WEBHOOK_NO_SECRET', 'the restart webhook secret is empty');
  return {
    async trigger(request) {
      const url = urlOf(request, opts);
      const body = JSON.stringify(restartPayload(request));
      const retries = opts.retries ?? 2;
      let last = 'no answer';
      for (let i = 0; i <= retries; i++) {
        if (i > 0) await (opts.sleep ?? realSleep)(500 * 2 ** (i - 1));
        last = await attempt(url, body, opts, request);
        if (last === 'ok') return;
        if (last !== 'no answer' && !/^HTTP (429|5\d\d)$/.test(last)) break;
      }
      throw reloadError(
        'RELOAD_WEBHOOK_FAILED',
        `restart of ${request.service} (secret ${request.secretId}): webhook to ${new URL(url).host} not acknowledged (${last})`,
        { service: request.service },
      );
    },
  };
}
