import type { DocugenError } from '@docugen-secrets/core';
import { matchesAny } from './compare.js';
import { refreshEntry, type ChangeEvent, type Entry, type SecretVersions } from './entry.js';
import { asClientError, clientError } from './errors.js';
import { healthOf, type ClientHealth } from './health.js';
import {
  defaultStalenessMs,
  settingsOf,
  toMs,
  unit,
  type SecretClientOptions,
  type SecretSpec,
  type Settings,
} from './options.js';
import { signingKeySet, type SigningKeySet } from './signing.js';
import type { ClientValue } from './source.js';

/**
 * The secret client DocuGen's services import. `load` once at start-up, then
 * `get` is a synchronous memory read: the network is only ever touched by one
 * background refresher per secret (and the rate-limited `refreshNow`).
 */
export interface SecretClient {
  /** Reads every secret once (in parallel) and starts its refresher. Throws the first failure (coded, value-free). */
  load(secrets: readonly (string | SecretSpec)[]): Promise<void>;
  /** The current value (string secrets). Throws CLIENT_NOT_LOADED, CLIENT_STALE, CLIENT_BAD_VALUE (binary). */
  get(id: string): string;
  /** The current value as the source holds it (string or bytes). */
  getValue(id: string): ClientValue;
  /** Current, and previous (during its grace) and pending when the store holds them. */
  versions(id: string): SecretVersions;
  /**
   * Whether `presented` equals a version still valid — current, previous,
   * and pending when the secret was loaded with `acceptPending` — compared
   * in constant time. For verifiers of HMAC secrets, API keys, tokens.
   */
  matches(id: string, presented: string | Uint8Array): boolean;
  /** Signing key (current) and verification set (current + previous + pending) of a JWK signing secret. */
  signingKeys(id: string): SigningKeySet;
  /**
   * The refresh-on-auth-failure path: refreshes now unless one ran within
   * `refreshNowMinInterval` (then it joins the running one or returns false),
   * so a storm of 401s is at most one source call per interval. True when a
   * version changed. Never throws for a source failure (see `health`).
   */
  refreshNow(id: string): Promise<boolean>;
  /** Per secret: last success, age, consecutive failures, staleness. Value-free. */
  health(): ClientHealth;
  /** Called after a refresh changed a version id (ids only); returns the unsubscribe function. */
  onChange(id: string, listener: (event: ChangeEvent) => void): () => void;
  /** Stops every refresher and releases the source. */
  close(): void;
}

export function createSecretClient(options: SecretClientOptions): SecretClient {
  return new Client(settingsOf(options));
}

class Client implements SecretClient {
  readonly #s: Settings;
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(settings: Settings) {
    this.#s = settings;
  }

  async load(secrets: readonly (string | SecretSpec)[]): Promise<void> {
    this.#open();
    const fresh = secrets
      .map((s) => this.#entryOf(typeof s === 'string' ? { id: s } : s))
      .filter((e) => !this.#entries.has(e.id));
    for (const e of fresh) this.#entries.set(e.id, e);
    const failures: DocugenError[] = [];
    await Promise.all(
      fresh.map(async (e) => {
        const error = await this.#attempt(e);
        if (error) {
          this.#entries.delete(e.id);
          failures.push(error);
        } else this.#schedule(e);
      }),
    );
    if (failures[0]) throw failures[0];
  }

  get(id: string): string {
    const v = this.getValue(id);
    if (v.kind === 'string') return v.value;
    throw clientError('CLIENT_BAD_VALUE', `secret "${id}" is binary; read it with getValue`, {
      details: { secretId: id },
    });
  }

  getValue(id: string): ClientValue {
    return this.versions(id).current.value;
  }

  versions(id: string): SecretVersions {
    const e = this.#entries.get(id);
    if (e?.versions === undefined)
      throw clientError('CLIENT_NOT_LOADED', `secret "${id}" was not loaded; pass it to load() at start-up`, {
        details: { secretId: id },
      });
    // Only a failing or hanging refresher can let the age pass the bound (it is at least two intervals).
    if ((e.consecutiveFailures > 0 || e.inflight !== undefined) && this.#ageMs(e) > e.maxStalenessMs) {
      throw clientError(
        'CLIENT_STALE',
        `secret "${id}": no successful refresh for ${Math.round(this.#ageMs(e) / 1000)} s (max ${Math.round(e.maxStalenessMs / 1000)} s); last error ${e.lastError?.code ?? 'none'}`,
        {
          details: { secretId: id, consecutiveFailures: e.consecutiveFailures },
        },
      );
    }
    return e.versions;
  }

  matches(id: string, presented: string | Uint8Array): boolean {
    const v = this.versions(id);
    const accept = this.#entries.get(id)?.acceptPending === true;
    const candidates = [v.current, v.previous, accept ? v.pending : undefined].flatMap((h) => (h ? [h.value] : []));
    return matchesAny(presented, candidates);
  }

  signingKeys(id: string): SigningKeySet {
    return signingKeySet(id, this.versions(id));
  }

  async refreshNow(id: string): Promise<boolean> {
    const e = this.#entries.get(id);
    if (!e || this.#closed) return false;
    if (e.inflight) return e.inflight;
    const now = this.#s.clock.now().getTime();
    if (e.lastForcedMs !== undefined && now - e.lastForcedMs < this.#s.refreshNowMs) return false;
    e.lastForcedMs = now;
    const error = await this.#attempt(e);
    return error === undefined && e.lastChanged === true;
  }

  health(): ClientHealth {
    const now = this.#s.clock.now().getTime();
    return healthOf(this.#s.source.kind, [...this.#entries.values()], now);
  }

  onChange(id: string, listener: (event: ChangeEvent) => void): () => void {
    const e = this.#entries.get(id);
    if (!e)
      throw clientError('CLIENT_NOT_LOADED', `secret "${id}" was not loaded; pass it to load() before onChange`, {
        details: { secretId: id },
      });
    e.listeners.add(listener);
    return () => e.listeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const e of this.#entries.values()) if (e.timer !== undefined) this.#s.timers.clear(e.timer);
    this.#s.source.close?.();
  }

  #open(): void {
    if (this.#closed) throw clientError('CLIENT_CLOSED', 'the secret client was closed');
  }

  #entryOf(spec: SecretSpec): Entry {
    if (spec.id === '')
      throw clientError('CLIENT_BAD_OPTIONS', 'a secret id must not be empty', { details: { option: 'id' } });
    const intervalMs =
      spec.refreshInterval === undefined
        ? this.#s.intervalMs
        : toMs(spec.refreshInterval, `refreshInterval of "${spec.id}"`);
    const maxStalenessMs =
      spec.maxStaleness !== undefined
        ? toMs(spec.maxStaleness, `maxStaleness of "${spec.id}"`)
        : (this.#s.maxStalenessMs ?? defaultStalenessMs(intervalMs));
    if (maxStalenessMs < 2 * intervalMs) {
      throw clientError('CLIENT_BAD_OPTIONS', `maxStaleness of "${spec.id}" must be at least two refresh intervals`, {
        details: { option: 'maxStaleness', secretId: spec.id },
      });
    }
    return {
      id: spec.id,
      intervalMs,
      maxStalenessMs,
      acceptPending: spec.acceptPending === true,
      consecutiveFailures: 0,
      listeners: new Set(),
    };
  }

  #ageMs(e: Entry): number {
    return this.#s.clock.now().getTime() - (e.lastSuccessMs ?? 0);
  }

  /** One refresh, single-flight: concurrent callers share the running one. Resolves to its error, if any. */
  #attempt(e: Entry): Promise<DocugenError | undefined> {
    e.inflight ??= this.#refresh(e).finally(() => {
      delete e.inflight;
    });
    return e.inflight.then(() => e.lastAttemptError);
  }

  async #refresh(e: Entry): Promise<boolean> {
    try {
      const change = await refreshEntry(this.#s.source, e);
      e.lastSuccessMs = this.#s.clock.now().getTime();
      e.consecutiveFailures = 0;
      delete e.lastAttemptError;
      e.lastChanged = change !== undefined;
      if (change) this.#notify(e, change);
    } catch (err) {
      const coded = asClientError(err, e.id, 'refresh');
      e.consecutiveFailures += 1;
      e.lastError = coded;
      e.lastAttemptError = coded;
      e.lastChanged = false;
      this.#s.logger.warn('secret refresh failed; serving the last value', {
        secretId: e.id,
        source: this.#s.source.kind,
        errorCode: coded.code,
        consecutiveFailures: e.consecutiveFailures,
      });
    }
    return e.lastChanged;
  }

  #notify(e: Entry, change: ChangeEvent): void {
    for (const l of e.listeners) {
      try {
        l(change);
      } catch (err) {
        this.#s.logger.error('onChange listener threw', {
          secretId: e.id,
          error: err instanceof Error ? err.name : 'unknown',
        });
      }
    }
  }

  /** The next background refresh: the interval with jitter, or the backoff after failures (capped at the interval). */
  #schedule(e: Entry): void {
    if (this.#closed) return;
    const failures = e.consecutiveFailures;
    const base =
      failures === 0 ? e.intervalMs : Math.min(e.intervalMs, this.#s.backoffBaseMs * 2 ** Math.min(30, failures - 1));
    const delay = base * (1 + this.#s.jitter * unit(this.#s.random));
    e.timer = this.#s.timers.set(async () => {
      delete e.timer;
      await this.#attempt(e);
      this.#schedule(e);
    }, delay);
  }
}
