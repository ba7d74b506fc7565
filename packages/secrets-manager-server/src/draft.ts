import type { SecretLookup } from './context.js';
import type { SecretRecord } from './model.js';
import { matchesId, type SecretTable } from './table.js';

/**
 * The view a write operation works on: copy-on-write per secret. The first
 * lookup of a secret hands out a deep copy, which the operation changes
 * freely; creations and removals are held aside. `commit` puts the copies in
 * place of the originals only when the operation succeeded, so a write that
 * throws leaves the state as it was, and a write costs the secrets it
 * touches (usually one), never a copy of the whole state.
 */
export class DraftTable implements SecretLookup {
  readonly #base: SecretTable;
  /** Original → working copy. */
  readonly #copies = new Map<SecretRecord, SecretRecord>();
  readonly #added: SecretRecord[] = [];
  readonly #removed = new Set<SecretRecord>();

  constructor(base: SecretTable) {
    this.#base = base;
  }

  find(secretId: string): SecretRecord | undefined {
    const added = this.#added.find((s) => matchesId(s, secretId));
    if (added) return added;
    const original = this.#base.find(secretId);
    if (!original || this.#removed.has(original)) return undefined;
    let copy = this.#copies.get(original);
    if (!copy) {
      copy = structuredClone(original);
      this.#copies.set(original, copy);
    }
    return copy;
  }

  insert(secret: SecretRecord): void {
    this.#added.push(secret);
  }

  remove(secret: SecretRecord): void {
    const i = this.#added.indexOf(secret);
    if (i >= 0) {
      this.#added.splice(i, 1);
      return;
    }
    for (const [original, copy] of this.#copies) {
      if (copy !== secret) continue;
      this.#copies.delete(original);
      this.#removed.add(original);
    }
  }

  touched(): void {
    // The working copy is committed whole.
  }

  listing(_key: string, select: (all: Iterable<SecretRecord>) => SecretRecord[]): readonly SecretRecord[] {
    const merged = [...this.#base.values()].filter((s) => !this.#removed.has(s)).map((s) => this.#copies.get(s) ?? s);
    return select([...merged, ...this.#added]);
  }

  /** Applies the operation's changes to the table: removals, then the changed copies, then the new secrets. */
  commit(): void {
    for (const original of this.#removed) this.#base.remove(original);
    for (const [original, copy] of this.#copies) this.#base.replace(original, copy);
    for (const secret of this.#added) this.#base.insert(secret);
  }
}
