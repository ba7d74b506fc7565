import { mapRotators, wrapRotator, type RotatorRegistry } from '@docugen-secrets/rotation';
import type {
  CreateOptions,
  PutResult,
  SecretRef,
  SecretStore,
  SecretValue,
  Stage,
} from '@docugen-secrets/secret-store';
import type { ValueObserver } from './ports.js';

/** Shorter strings are not masked on their own: masking "true" or "1" would blank out the log. */
const MIN_MASK = 6;

function jsonLeaves(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(parsed);
  return out;
}

/**
 * Every text form a value could be printed in: itself, base64 (standard and
 * URL-safe), hex, JSON-escaped, each line of a multi-line value (GitHub masks
 * line by line) and the string leaves of a JSON value (a signing key's `d`).
 * Duplicates and strings too short to mask safely are dropped.
 */
export function valueEncodings(value: SecretValue): string[] {
  const bytes = value.kind === 'string' ? Buffer.from(value.value, 'utf8') : Buffer.from(value.value);
  const text = value.kind === 'string' ? value.value : undefined;
  const forms = [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
  if (text !== undefined) {
    const escaped = JSON.stringify(text).slice(1, -1);
    const lines = text.split(/\r?\n/);
    const leaves = [text, ...lines].flatMap(jsonLeaves);
    forms.unshift(text, escaped, ...lines, ...leaves, ...leaves.map((l) => JSON.stringify(l).slice(1, -1)));
  }
  return [...new Set(forms.map((f) => f.trim()))].filter((f) => f.length >= MIN_MASK);
}

/** Told of every value written (the run fingerprints new versions for its commit message). */
export type WriteHook = (ref: SecretRef, versionId: string, value: SecretValue) => void;

/**
 * A store that shows every value it reads or is given to the observer before
 * passing it on, and tells `onWrite` of each value written.
 */
export class RevealingStore implements SecretStore {
  readonly kind: SecretStore['kind'];
  readonly #inner: SecretStore;
  readonly #observer: ValueObserver;
  readonly #onWrite: WriteHook | undefined;

  constructor(inner: SecretStore, observer: ValueObserver, onWrite?: WriteHook) {
    this.kind = inner.kind;
    this.#inner = inner;
    this.#observer = observer;
    this.#onWrite = onWrite;
  }

  describe(ref: SecretRef): ReturnType<SecretStore['describe']> {
    return this.#inner.describe(ref);
  }

  create(ref: SecretRef, options?: CreateOptions): Promise<void> {
    if (options?.initialValue) {
      this.#observer.reveal(options.initialValue);
      if (options.token !== undefined) this.#onWrite?.(ref, options.token, options.initialValue);
    }
    return this.#inner.create(ref, options);
  }

  async getValue(ref: SecretRef, stage: Stage): ReturnType<SecretStore['getValue']> {
    const got = await this.#inner.getValue(ref, stage);
    if (got) this.#observer.reveal(got.value);
    return got;
  }

  async getVersion(ref: SecretRef, versionId: string): Promise<SecretValue> {
    const value = await this.#inner.getVersion(ref, versionId);
    this.#observer.reveal(value);
    return value;
  }

  putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult> {
    this.#observer.reveal(value);
    this.#onWrite?.(ref, token, value);
    return this.#inner.putPending(ref, value, token);
  }

  promote(ref: SecretRef, versionId: string): Promise<void> {
    return this.#inner.promote(ref, versionId);
  }

  markFailed(ref: SecretRef, versionId: string): Promise<void> {
    return this.#inner.markFailed(ref, versionId);
  }

  retire(ref: SecretRef, versionId: string): Promise<void> {
    return this.#inner.retire(ref, versionId);
  }

  listVersions(ref: SecretRef): ReturnType<SecretStore['listVersions']> {
    return this.#inner.listVersions(ref);
  }
}

/** Rotators whose `create` shows the new value to the observer the moment it returns. */
export function revealingRotators(registry: RotatorRegistry, observer: ValueObserver): RotatorRegistry {
  return mapRotators(registry, (rotator) =>
    wrapRotator(rotator, {
      create: async (ctx, input) => {
        const value = await rotator.create(ctx, input);
        observer.reveal(value);
        return value;
      },
    }),
  );
}
