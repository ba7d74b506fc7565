import { cryptoRandom, systemClock, type Clock, type RandomSource } from '@docugen-secrets/core';
import type {
  CreateOptions,
  PutResult,
  SecretDescription,
  SecretRef,
  SecretStore,
  SecretValue,
  Stage,
  VersionInfo,
} from './port.js';
import { storeError } from './errors.js';
import { checkToken } from './token.js';
import { copyValue } from './values.js';
import {
  applyMarkFailed,
  applyPromote,
  applyPutPending,
  applyRetire,
  describeState,
  findVersion,
  holder,
  isCreateReplay,
  newSecret,
  versionInfo,
  type StagedSecret,
} from './model/staged.js';

export interface InMemoryStoreOptions {
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/**
 * A SecretStore in process memory: real code, not a mock — it follows the same
 * contract as the AWS and SOPS stores (the shared contract suite proves it), so
 * the rotation engine's fast tests can run against it. Keeps every version.
 */
export class InMemoryStore implements SecretStore {
  readonly kind = 'memory' as const;
  readonly #secrets = new Map<string, StagedSecret>();
  readonly #clock: Clock;
  readonly #random: RandomSource;

  constructor(options: InMemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
  }

  describe(ref: SecretRef): Promise<SecretDescription> {
    const state = this.#secrets.get(key(ref));
    return Promise.resolve(state ? describeState(ref, state) : { ref, exists: false, tags: {}, versions: [] });
  }

  create(ref: SecretRef, options: CreateOptions = {}): Promise<void> {
    return this.#run(() => {
      const existing = this.#secrets.get(key(ref));
      if (existing && isCreateReplay(existing, options)) return;
      if (existing)
        throw storeError('STORE_ALREADY_EXISTS', ref, `secret "${ref.id}" already exists`, {
          details: { step: 'create' },
        });
      if (options.token !== undefined) checkToken(ref, options.token);
      const initial = options.initialValue ? { ...options, initialValue: copyValue(options.initialValue) } : options;
      this.#secrets.set(key(ref), newSecret(initial, options.token ?? this.#random.uuid(), this.#clock.now()));
    });
  }

  getValue(
    ref: SecretRef,
    stage: Stage,
  ): Promise<{ readonly versionId: string; readonly value: SecretValue } | undefined> {
    return this.#run(() => {
      const v = holder(this.#get(ref), stage);
      return v?.value ? { versionId: v.versionId, value: copyValue(v.value) } : undefined;
    });
  }

  getVersion(ref: SecretRef, versionId: string): Promise<SecretValue> {
    return this.#run(() => {
      const v = findVersion(ref, this.#get(ref), versionId, 'getVersion');
      if (!v.value)
        throw storeError(
          'STORE_VERSION_NOT_FOUND',
          ref,
          `secret "${ref.id}": version ${versionId} no longer holds a value`,
          { details: { versionId } },
        );
      return copyValue(v.value);
    });
  }

  putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult> {
    return this.#run(() => {
      const { state, result } = applyPutPending(ref, this.#get(ref), copyValue(value), token, this.#clock.now());
      this.#secrets.set(key(ref), state);
      return result;
    });
  }

  promote(ref: SecretRef, versionId: string): Promise<void> {
    return this.#update(ref, (s, now) => applyPromote(ref, s, versionId, now));
  }

  markFailed(ref: SecretRef, versionId: string): Promise<void> {
    return this.#update(ref, (s, now) => applyMarkFailed(ref, s, versionId, now));
  }

  retire(ref: SecretRef, versionId: string): Promise<void> {
    return this.#update(ref, (s, now) => applyRetire(ref, s, versionId, now));
  }

  listVersions(ref: SecretRef): Promise<readonly VersionInfo[]> {
    return this.#run(() => this.#get(ref).versions.map(versionInfo));
  }

  #get(ref: SecretRef): StagedSecret {
    const state = this.#secrets.get(key(ref));
    if (!state) throw storeError('STORE_NOT_FOUND', ref, `secret "${ref.id}" does not exist in the in-memory store`);
    return state;
  }

  #update(ref: SecretRef, op: (s: StagedSecret, now: Date) => StagedSecret): Promise<void> {
    return this.#run(() => {
      this.#secrets.set(key(ref), op(this.#get(ref), this.#clock.now()));
    });
  }

  /** Turns synchronous throws into rejections, like every other store. */
  #run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      resolve(fn());
    });
  }
}

function key(ref: SecretRef): string {
  const t = ref.target;
  switch (t.kind) {
    case 'memory':
      return `memory:${t.name}`;
    case 'aws-secrets-manager':
      return `aws:${t.region}:${t.name}`;
    case 'sops':
      return `sops:${t.path}`;
  }
}
