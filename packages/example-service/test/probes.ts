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
 * Probes that hold on to the old credential on purpose: right after the
 * service observed a new signing key or webhook secret, a token signed with
 * the old key and a webhook signed with the old secret (a sender that has
 * not reloaded yet) are presented. They pass only while the overlap lasts.
 */
export function oldCredentialProbes(r: { readonly client: SecretClient; readonly tally: Tally; readonly service: { readonly url: string } }, tokens: { at: number; token: string }[], probes: Promise<unknown>[]): void {
  let webhookValues = new Map<string, string>();
  const remember = (): void => {
    const v = r.client.versions(IDS.webhookSecret);
    webhookValues = new Map([...webhookValues, ...[v.current, v.previous].flatMap((h) => (h?.value.kind === 'string' ? [[h.versionId, h.value.value] as const] : []))]);
  };
  remember();
  let webhookCurrent = r.client.versions(IDS.webhookSecret).current.versionId;
  r.client.onChange(IDS.webhookSecret, (e) => {
    const old = webhookValues.get(webhookCurrent);
    remember();
    if (!e.changed.includes('current') || old === undefined) return;
    webhookCurrent = e.current;
    const body = '{"event":"late-sender"}';
    probes.push(sleep(200).then(() => send(r.tally, 'old-webhook', `${r.service.url}/webhooks`, { method: 'POST', body, headers: { [SIGNATURE_HEADER]: webhookSignature(old, body) } })));
  });
  r.client.onChange(IDS.signingKey, (e) => {
    const before = tokens.at(-1);
    if (!e.changed.includes('current') || !before || Date.now() - before.at > 800) return;
    probes.push(sleep(200).then(() => send(r.tally, 'old-token', `${r.service.url}/documents/verify`, { method: 'POST', body: JSON.stringify({ token: before.token }) })));
  });
}

