import type { SecretLookup } from './context.js';
import type { SecretRecord } from './model.js';

/** A change to persist: a secret's whole record as it now is, or the removal of a secret by name. */
export type StateChange =
  { readonly kind: 'put'; readonly secret: SecretRecord } | { readonly kind: 'remove'; readonly name: string };

/** Without the `-XXXXXX` suffix: what AWS calls a partial ARN. */
export function partialArn(secret: SecretRecord): string {
  return secret.arn.slice(0, -7);
}

/**
 * Matches a SecretId the way AWS resolves it: a full ARN, a partial ARN (the
 * ARN without the hyphen and six random characters, "Finding a secret from a
 * partial ARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen)
 * or a name. A name never holds ':' (validateName), so an id starting with
 * `arn:` can only be an ARN.
 */
export function matchesId(secret: SecretRecord, secretId: string): boolean {
  return secretId.startsWith('arn:')
    ? secret.arn === secretId || partialArn(secret) === secretId
    : secret.name === secretId;
}

interface Memo {
  readonly key: string;
  readonly revision: number;
  readonly value: readonly SecretRecord[];
}

/** Listings kept per table: enough for a few clients paging at once. */
const MEMO_SLOTS = 4;

/**
 * The secrets, indexed so that every request costs what it touches, not the
 * size of the state: lookups by name, ARN and partial ARN are map reads;
 * creation order is the name map's insertion order; the secrets scheduled
 * for deletion are tracked apart, so purging the expired ones looks at them
 * only once the earliest DeletionDate has passed; a listing's filtered,
 * sorted secrets are computed once per change of the table, not once per
 * page. Every change is reported to `onChange` (the state file's journal).
 */
export class SecretTable implements SecretLookup {
  readonly #byName = new Map<string, SecretRecord>();
  readonly #byArn = new Map<string, SecretRecord>();
  readonly #byPartialArn = new Map<string, SecretRecord>();
  readonly #scheduled = new Set<SecretRecord>();
  readonly #onChange: (change: StateChange) => void;
  #nextDeletionMs = Number.POSITIVE_INFINITY;
  #revision = 0;
  #memos: Memo[] = [];

  constructor(secrets: Iterable<SecretRecord>, onChange: (change: StateChange) => void = () => undefined) {
    this.#onChange = onChange;
    for (const s of secrets) this.#index(s);
  }

  /** Creation order. */
  values(): IterableIterator<SecretRecord> {
    return this.#byName.values();
  }

  get size(): number {
    return this.#byName.size;
  }

  find(secretId: string): SecretRecord | undefined {
    if (!secretId.startsWith('arn:')) return this.#byName.get(secretId);
    return this.#byArn.get(secretId) ?? this.#byPartialArn.get(secretId);
  }

  insert(secret: SecretRecord): void {
    this.#index(secret);
    this.#changed({ kind: 'put', secret });
  }

  remove(secret: SecretRecord): void {
    if (this.#byName.get(secret.name) !== secret) return;
    this.#unindex(secret);
    this.#changed({ kind: 'remove', name: secret.name });
  }

  /** Puts `next` in the place of `prev` (same name: a write's working copy of it). */
  replace(prev: SecretRecord, next: SecretRecord): void {
    this.#scheduled.delete(prev);
    this.#index(next);
    this.#changed({ kind: 'put', secret: next });
  }

  touched(secret: SecretRecord): void {
    this.#changed({ kind: 'put', secret });
  }

  listing(key: string, select: (all: Iterable<SecretRecord>) => SecretRecord[]): readonly SecretRecord[] {
    const hit = this.#memos.find((m) => m.key === key && m.revision === this.#revision);
    if (hit) return hit.value;
    const value = select(this.values());
    this.#memos = [{ key, revision: this.#revision, value }, ...this.#memos.slice(0, MEMO_SLOTS - 1)];
    return value;
  }

  /**
   * "At the end of the recovery window, Secrets Manager deletes the secret
   * permanently" (DeleteSecret): removes the secrets whose DeletionDate has
   * passed. O(1) until the earliest one is due.
   */
  purgeExpired(nowMs: number): void {
    if (nowMs < this.#nextDeletionMs) return;
    let next = Number.POSITIVE_INFINITY;
    for (const s of [...this.#scheduled]) {
      const at = s.deletionMs ?? Number.POSITIVE_INFINITY;
      if (at <= nowMs) this.remove(s);
      else next = Math.min(next, at);
    }
    this.#nextDeletionMs = next;
  }

  #index(secret: SecretRecord): void {
    // Map.set on a name already present keeps its place: a replaced secret keeps its creation order.
    this.#byName.set(secret.name, secret);
    this.#byArn.set(secret.arn, secret);
    this.#byPartialArn.set(partialArn(secret), secret);
    if (secret.deletionMs !== undefined) {
      this.#scheduled.add(secret);
      this.#nextDeletionMs = Math.min(this.#nextDeletionMs, secret.deletionMs);
    }
  }

  #unindex(secret: SecretRecord): void {
    this.#byName.delete(secret.name);
    this.#byArn.delete(secret.arn);
    this.#byPartialArn.delete(partialArn(secret));
    this.#scheduled.delete(secret);
  }

  #changed(change: StateChange): void {
    this.#revision += 1;
    this.#onChange(change);
  }
}
