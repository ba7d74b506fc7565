import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientValue, SecretClient, SecretSource, VersionIds } from '@docugen-secrets/client';
import { webhookSignature, SIGNATURE_HEADER } from '../src/index.js';
import { send, type Tally } from './load.js';
import { IDS } from './manifests.js';

/** One cheap version check the service's client made. */
export interface Check {
  readonly id: string;
  readonly start: number;
  readonly current: string;
}

/** The service's source, recording each version check (ids only). */
export class RecordingSource implements SecretSource {
  readonly kind: string;
  readonly checks: Check[] = [];
  readonly #inner: SecretSource;

  constructor(inner: SecretSource) {
    this.#inner = inner;
    this.kind = inner.kind;
  }

  async versionIds(id: string): Promise<VersionIds> {
    const start = Date.now();
    const ids = await this.#inner.versionIds(id);
    this.checks.push({ id, start, current: ids.current });
    return ids;
  }

  values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    return this.#inner.values(id, versionIds);
  }

  close(): void {
    this.#inner.close?.();
  }
}

/**
 * Waits until the service no longer holds `oldVersion` as previous, or
 * `maxMs` (the sender's lag, well inside the overlap), whichever is first.
 */
async function whileHeld(client: SecretClient, id: string, oldVersion: string, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  await sleep(200);
  while (Date.now() < end && client.versions(id).previous?.versionId === oldVersion) await sleep(100);
}

/**
 * Probes that hold on to the old credential on purpose: after the service
 * observed a new signing key or webhook secret, a token signed with the old
 * key and a webhook signed with the old secret (a sender that has not
 * reloaded yet) are presented — 1.5 s (token: 0.7 s) later, or as soon as the service has
 * dropped the old version. They pass only while the overlap lasts.
 */
export function oldCredentialProbes(
  r: { readonly client: SecretClient; readonly tally: Tally; readonly service: { readonly url: string } },
  tokens: { at: number; token: string }[],
  probes: Promise<unknown>[],
): void {
  let webhookValues = new Map<string, string>();
  const remember = (): void => {
    const v = r.client.versions(IDS.webhookSecret);
    webhookValues = new Map([
      ...webhookValues,
      ...[v.current, v.previous].flatMap((h) =>
        h?.value.kind === 'string' ? [[h.versionId, h.value.value] as const] : [],
      ),
    ]);
  };
  remember();
  let webhookCurrent = r.client.versions(IDS.webhookSecret).current.versionId;
  r.client.onChange(IDS.webhookSecret, (e) => {
    const oldVersion = webhookCurrent;
    const old = webhookValues.get(oldVersion);
    remember();
    if (!e.changed.includes('current') || old === undefined) return;
    webhookCurrent = e.current;
    const body = '{"event":"late-sender"}';
    probes.push(
      whileHeld(r.client, IDS.webhookSecret, oldVersion, 1500).then(() =>
        send(r.tally, 'old-webhook', `${r.service.url}/webhooks`, {
          method: 'POST',
          body,
          headers: { [SIGNATURE_HEADER]: webhookSignature(old, body) },
        }),
      ),
    );
  });
  let signingCurrent = r.client.versions(IDS.signingKey).current.versionId;
  r.client.onChange(IDS.signingKey, (e) => {
    const oldVersion = signingCurrent;
    signingCurrent = e.current;
    const before = tokens.at(-1);
    if (!e.changed.includes('current') || !before || Date.now() - before.at > 500) return;
    // Tokens live 3 s (at least 2 s after the whole second they were issued in): present it well before it expires.
    probes.push(
      whileHeld(r.client, IDS.signingKey, oldVersion, 700).then(() =>
        send(r.tally, 'old-token', `${r.service.url}/documents/verify`, {
          method: 'POST',
          body: JSON.stringify({ token: before.token }),
        }),
      ),
    );
  });
}
