import type { Clock } from '@docugen-secrets/core';
import { startLocalServer, type LocalReply, type LocalRequest } from '@docugen-secrets/local-http';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRestartSignature } from './signature.js';

/** One verified restart request the receiver accepted. */
export interface ReceivedRestart {
  readonly deliveryId: string;
  readonly path: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** How many times this delivery id arrived (resends after a crash are acknowledged, not restarted again). */
  readonly deliveries: number;
}

export interface RestartReceiverOptions {
  readonly secret: string;
  readonly clock: Clock;
  readonly port?: number;
  readonly toleranceSec?: number;
}

export interface RunningRestartReceiver {
  /** `http://127.0.0.1:PORT`: post restarts to any path under it. */
  readonly url: string;
  /** Accepted restarts, one per delivery id, in arrival order. */
  restarts(): readonly ReceivedRestart[];
  /** Requests refused (bad or missing signature, stale timestamp, not JSON). */
  rejected(): number;
  close(): Promise<void>;
}

const header = (req: LocalRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const json = (status: number, body: unknown): LocalReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * A deploy system's restart webhook, for local runs and tests: verifies
 * every request's HMAC-SHA256 signature and timestamp (401 otherwise),
 * restarts once per delivery id (a repeated id is acknowledged as a
 * duplicate) and records what it accepted. It is also the reference for a
 * real receiver: verify over the raw body, deduplicate on the delivery id.
 */
export async function startRestartReceiver(opts: RestartReceiverOptions): Promise<RunningRestartReceiver> {
  const accepted = new Map<string, ReceivedRestart>();
  let rejected = 0;
  const handle = (req: LocalRequest): LocalReply => {
    if (req.method !== 'POST') return json(405, { error: 'POST only' });
    const body = req.body.toString('utf8');
    const check = verifyRestartSignature(
      opts.secret,
      { signature: header(req, SIGNATURE_HEADER), timestamp: header(req, TIMESTAMP_HEADER) },
      body,
      opts.clock.now(),
      opts.toleranceSec,
    );
    const deliveryId = header(req, DELIVERY_HEADER);
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
    if (!check.ok || deliveryId === undefined || typeof payload !== 'object' || payload === null) {
      rejected += 1;
      return json(401, { error: check.ok ? 'bad request' : check.reason });
    }
    const seen = accepted.get(deliveryId);
    if (seen) {
      accepted.set(deliveryId, { ...seen, deliveries: seen.deliveries + 1 });
      return json(200, { duplicate: true });
    }
    accepted.set(deliveryId, {
      deliveryId,
      path: req.path,
      payload: payload as Record<string, unknown>,
      deliveries: 1,
    });
    return json(202, { restarting: true });
  };
  const server = await startLocalServer(handle, opts.port === undefined ? {} : { port: opts.port });
  return {
    url: server.url,
    restarts: () => [...accepted.values()],
    rejected: () => rejected,
    close: () => server.close(),
  };
}
