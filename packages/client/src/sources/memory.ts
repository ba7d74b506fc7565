import { clientError } from '../errors.js';
import type { ClientValue, SecretSource, VersionIds } from '../source.js';

interface Stored {
  ids: VersionIds;
  readonly values: Map<string, ClientValue>;
}

/**
 * An in-memory source for tests and local runs: `put` a version, `stage` it,
 * count the calls, inject failures and latency. Stages follow the stores:
 * promoting makes the old current previous.
 */
export class MemorySource implements SecretSource {
  readonly kind = 'memory';
  readonly #secrets = new Map<string, Stored>();
  /** Calls so far, per operation. */
  readonly calls = { versionIds: 0, values: 0 };
  /** Set to make every call wait (e.g. a slow source); resolves after the returned promise. */
  delay: (() => Promise<void>) | undefined;
  /** Set to make every call fail with this error (a thrown value, e.g. a coded error). */
  failure: Error | undefined;

  /** Creates or replaces a secret holding one current version. */
  set(id: string, versionId: string, value: ClientValue | string): void {
    this.#secrets.set(id, { ids: { current: versionId }, values: new Map([[versionId, toValue(value)]]) });
  }

  /** Stages a new pending version. */
  putPending(id: string, versionId: string, value: ClientValue | string): void {
    const s = this.#require(id);
    s.values.set(versionId, toValue(value));
    s.ids = { ...s.ids, pending: versionId };
  }

  /** The pending version becomes current, the current one previous. */
  promote(id: string): void {
    const s = this.#require(id);
    if (s.ids.pending === undefined) throw new Error(`memory source: "${id}" has no pending version`);
    s.ids = { current: s.ids.pending, previous: s.ids.current };
  }

  /** Drops the previous version (after its overlap). */
  retire(id: string): void {
    const s = this.#require(id);
    const { previous: _gone, ...rest } = s.ids;
    s.ids = rest;
  }

  async versionIds(id: string): Promise<VersionIds> {
    this.calls.versionIds += 1;
    await this.#gate();
    return { ...this.#require(id).ids };
  }

  async values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    this.calls.values += 1;
    await this.#gate();
    const s = this.#require(id);
    const out = new Map<string, ClientValue>();
    for (const v of versionIds) {
      const value = s.values.get(v);
      if (!value)
        throw clientError('CLIENT_NOT_FOUND', `secret "${id}" has no version ${v}`, {
          details: { secretId: id, versionId: v },
        });
      out.set(v, value);
    }
    return out;
  }

  async #gate(): Promise<void> {
    if (this.delay) await this.delay();
    if (this.failure) throw this.failure;
  }

  #require(id: string): Stored {
    const s = this.#secrets.get(id);
    if (!s)
      throw clientError('CLIENT_NOT_FOUND', `secret "${id}" does not exist in the memory source`, {
        details: { secretId: id },
      });
    return s;
  }
}

function toValue(v: ClientValue | string): ClientValue {
  return typeof v === 'string' ? { kind: 'string', value: v } : v;
}
