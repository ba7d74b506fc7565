import { randomUUID } from 'node:crypto';
import { isDocugenError, silentLogger, systemClock, type Clock, type Logger } from '@docugen-secrets/core';
import type { SecretClient } from '@docugen-secrets/client';
import { startLocalServer, type LocalReply, type LocalRequest } from '@docugen-secrets/local-http';
import { signToken, verifyToken } from './tokens.js';
import { searchPlaces, StorageSigner, withAuthRetry } from './upstream.js';
import { SIGNATURE_HEADER, verifyWebhook } from './webhook.js';

/** The secret ids the service reads through its client. */
export interface DocumentServiceSecrets {
  /** A JWK signing key (signing-key-pair rotation). */
  readonly signingKey: string;
  /** A Google API key ({keyString, …}). */
  readonly placesKey: string;
  /** An IAM access key ({accessKeyId, secretAccessKey, …}). */
  readonly storageKey: string;
  /** The HMAC secret webhook senders sign with (random-secret rotation). */
  readonly webhookSecret: string;
}

export interface DocumentServiceOptions {
  /** A loaded client (the composition root creates and loads it). */
  readonly client: SecretClient;
  readonly secrets: DocumentServiceSecrets;
  /** Places API base URL (the local emulator in tests). */
  readonly placesUrl: string;
  /** Where storage requests go (STS/IAM endpoint, the local emulator in tests). */
  readonly storage: { readonly endpoint: string; readonly region: string };
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Lifetime of issued share-link tokens. Default 60 s. */
  readonly tokenLifetimeSeconds?: number;
  readonly port?: number;
}

export interface RunningDocumentService {
  readonly url: string;
  /** Fixed at start: the proof that requests were served without a restart. */
  readonly instanceId: string;
  close(): Promise<void>;
}

/** Current and previous (during the overlap) HMAC secrets. */
function webhookSecrets(client: SecretClient, id: string): string[] {
  const v = client.versions(id);
  return [v.current, v.previous].flatMap((h) => (h?.value.kind === 'string' ? [h.value.value] : []));
}

const json = (status: number, body: unknown): LocalReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const outcome = (r: 'ok' | 'unauthorised' | 'error'): LocalReply =>
  r === 'ok' ? json(200, { ok: true }) : json(502, { ok: false, upstream: r });

/**
 * A small DocuGen-style HTTP service whose every credential comes from the
 * secret client, read per request (a memory read), so a rotation reaches it
 * without a restart:
 * - POST /documents/sign → a JWT signed with the current signing key;
 * - POST /documents/verify {token} → verified against pending + current + previous keys;
 * - GET /places?q= → the Places API with the API key;
 * - GET /storage → a SigV4-signed storage request with the access key;
 * - POST /webhooks → HMAC checked against the current and previous secret;
 * - GET /health → the client's health (value-free) and the instance id.
 */
export async function startDocumentService(o: DocumentServiceOptions): Promise<RunningDocumentService> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const instanceId = randomUUID();
  const storage = new StorageSigner(o.client, o.secrets.storageKey, o.storage.endpoint, o.storage.region);
  const lifetime = o.tokenLifetimeSeconds ?? 60;
  const routes: Record<string, (req: LocalRequest) => Promise<LocalReply>> = {
    'POST /documents/sign': async (req) => {
      const token = await signToken(
        o.client.signingKeys(o.secrets.signingKey),
        req.body.toString('utf8').slice(0, 200),
        Math.floor(clock.now().getTime() / 1000),
        lifetime,
      );
      return json(200, { token });
    },
    'POST /documents/verify': async (req) => {
      const { token } = JSON.parse(req.body.toString('utf8')) as { token?: unknown };
      const sub =
        typeof token === 'string'
          ? await verifyToken(o.client.signingKeys(o.secrets.signingKey), token, clock.now())
          : undefined;
      return sub === undefined ? json(401, { ok: false }) : json(200, { ok: true, sub });
    },
    'GET /places': async (req) =>
      outcome(
        await withAuthRetry(o.client, o.secrets.placesKey, () =>
          searchPlaces(o.client, o.secrets.placesKey, o.placesUrl, req.query.get('q') ?? 'DocuGen'),
        ),
      ),
    'GET /storage': async () => {
      const r = await withAuthRetry(o.client, o.secrets.storageKey, () => storage.call());
      return r === 'ok' ? outcome(r) : json(502, { ok: false, upstream: r, error: storage.lastError });
    },
    'POST /webhooks': async (req) => {
      const header = req.headers[SIGNATURE_HEADER];
      const presented = typeof header === 'string' ? header : undefined;
      const check = (): Promise<'ok' | 'unauthorised'> =>
        Promise.resolve(
          verifyWebhook(webhookSecrets(o.client, o.secrets.webhookSecret), req.body, presented) ? 'ok' : 'unauthorised',
        );
      // A sender that reloaded first signs with a secret this service has not seen yet: refresh (rate limited) and check again.
      return (await withAuthRetry(o.client, o.secrets.webhookSecret, check)) === 'ok'
        ? { status: 204 }
        : json(401, { ok: false });
    },
    'GET /health': () => Promise.resolve(json(200, { instanceId, pid: process.pid, client: o.client.health() })),
  };
  const server = await startLocalServer(
    async (req) => {
      const route = routes[`${req.method} ${req.path}`];
      if (!route) return json(404, { error: 'not found' });
      try {
        return await route(req);
      } catch (err) {
        // Codes only: an error may come from anywhere, a value must never reach a log.
        const code = isDocugenError(err) ? err.code : err instanceof Error ? err.name : 'unknown';
        logger.warn('request failed', { route: `${req.method} ${req.path}`, error: code });
        return json(isDocugenError(err, 'CLIENT_STALE') ? 503 : 500, { error: code });
      }
    },
    { port: o.port ?? 0 },
  );
  return {
    url: server.url,
    instanceId,
    close: async () => {
      storage.close();
      await server.close();
    },
  };
}
