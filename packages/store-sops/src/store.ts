import { cryptoRandom, systemClock, type Clock, type RandomSource } from '@docugen-secrets/core';
import {
  applyMarkFailed,
  applyPromote,
  applyPutPending,
  applyRetire,
  checkToken,
  type CreateOptions,
  describeState,
  findVersion,
  holder,
  isCreateReplay,
  newSecret,
  type PutResult,
  type SecretDescription,
  type SecretRef,
  type SecretStore,
  type SecretValue,
  type Stage,
  type StagedSecret,
  storeError,
  type VersionInfo,
  versionInfo,
} from '@docugen-secrets/secret-store';
import type { Repository } from './repository.js';
import { SopsCodec, type SopsKeys } from './codec.js';
import { fromDocument, prune, toDocument, type DocMap } from './layout.js';
import { finishInterruptedChanges, type RecoveredChange } from './recovery.js';

export interface SopsStoreOptions extends SopsKeys {
  readonly repo: Repository;
  /**
   * `each-change` (default): every change is committed (and pushed) as it is
   * made. `publisher`: changes are only written, each with its intent
   * recorded; the run's publisher commits them all at the end (one commit,
   * one push) and then completes their intents (`Repository.dropIntent`).
   * Until then each intent stays open: a run that stops before its publish
   * leaves the files for the next run's `recover`, which commits each with
   * its own step's message.
   */
  readonly commits?: 'each-change' | 'publisher';
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

interface Loaded {
  readonly file: string;
  readonly text: string;
  readonly doc: DocMap;
  readonly state: StagedSecret;
}

/**
 * The git-native store: one SOPS file per secret (the manifest's path, e.g.
 * `secrets/<env>/<id>.sops.yaml`, layout in `layout.ts`), holding the
 * current, pending and previous values encrypted and their ids, stages and
 * times in clear, MAC-covered fields. Every change is written atomically and
 * committed through the Repository port with a value-free message (or, in
 * `publisher` mode, left for the run's publisher to commit once).
 * Operations on one file are serialised within the process; across runs the
 * workflow's concurrency group and git's push rejection keep them apart.
 * A run that stopped between a write and its commit is finished by the next
 * store opened on the checkout, before its first operation (`recover`).
 */
export class SopsStore implements SecretStore {
  readonly kind = 'sops' as const;
  readonly #repo: Repository;
  readonly #codec: SopsCodec;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #commitEach: boolean;
  #recovered: Promise<readonly RecoveredChange[]> | undefined;

  constructor(options: SopsStoreOptions) {
    this.#repo = options.repo;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#codec = new SopsCodec(options, this.#clock, this.#random);
    this.#commitEach = (options.commits ?? 'each-change') === 'each-change';
  }

  /**
   * Commits (and pushes) the changes an interrupted run wrote and did not
   * commit, each with its own step's message, after checking that the file
   * decrypts and its MAC verifies; a file that does not verify is never
   * committed (REPO_UNCOMMITTED_INVALID). Runs once, before the first
   * operation; call it early to report what was finished.
   */
  recover(): Promise<readonly RecoveredChange[]> {
    this.#recovered ??= finishInterruptedChanges(this.#repo, (path, text) => this.#verify(path, text)).catch(
      (err: unknown) => {
        this.#recovered = undefined;
        throw err;
      },
    );
    return this.#recovered;
  }

  async describe(ref: SecretRef): Promise<SecretDescription> {
    const loaded = await this.#load(ref, false);
    return loaded ? describeState(ref, loaded.state) : { ref, exists: false, tags: {}, versions: [] };
  }

  create(ref: SecretRef, options: CreateOptions = {}): Promise<void> {
    return this.#exclusive(ref, async () => {
      const file = pathOf(ref);
      await this.recover();
      if ((await this.#repo.readFile(file)) !== undefined) {
        if (options.token !== undefined && isCreateReplay((await this.#require(ref)).state, options)) return;
        throw storeError('STORE_ALREADY_EXISTS', ref, `secret "${ref.id}" already exists (${file})`, {
          details: { file, step: 'create' },
        });
      }
      if (options.token !== undefined) checkToken(ref, options.token);
      const state = newSecret(options, options.token ?? this.#random.uuid(), this.#clock.now());
      await this.#save(ref, file, await this.#codec.encrypt(ref, file, toDocument(ref, state)), `create ${ref.id}`);
    });
  }

  async getValue(
    ref: SecretRef,
    stage: Stage,
  ): Promise<{ readonly versionId: string; readonly value: SecretValue } | undefined> {
    const v = holder((await this.#require(ref)).state, stage);
    return v?.value ? { versionId: v.versionId, value: v.value } : undefined;
  }

  async getVersion(ref: SecretRef, versionId: string): Promise<SecretValue> {
    const v = findVersion(ref, (await this.#require(ref)).state, versionId, 'getVersion');
    if (!v.value)
      throw storeError(
        'STORE_VERSION_NOT_FOUND',
        ref,
        `secret "${ref.id}": version ${versionId} no longer holds a value (only staged versions keep one in the SOPS file)`,
        { details: { versionId } },
      );
    return v.value;
  }

  putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult> {
    let result: PutResult = { versionId: token, created: false };
    return this.#change(ref, `stage pending version ${token} of ${ref.id}`, (s, now) => {
      const out = applyPutPending(ref, s, value, token, now);
      result = out.result;
      return out.state;
    }).then(() => result);
  }

  promote(ref: SecretRef, versionId: string): Promise<void> {
    return this.#change(ref, `promote version ${versionId} of ${ref.id} to current`, (s, now) =>
      applyPromote(ref, s, versionId, now),
    );
  }

  markFailed(ref: SecretRef, versionId: string): Promise<void> {
    return this.#change(ref, `mark version ${versionId} of ${ref.id} failed`, (s, now) =>
      applyMarkFailed(ref, s, versionId, now),
    );
  }

  retire(ref: SecretRef, versionId: string): Promise<void> {
    return this.#change(ref, `retire version ${versionId} of ${ref.id}`, (s, now) =>
      applyRetire(ref, s, versionId, now),
    );
  }

  async listVersions(ref: SecretRef): Promise<readonly VersionInfo[]> {
    return (await this.#require(ref)).state.versions.map(versionInfo);
  }

  #change(ref: SecretRef, message: string, op: (s: StagedSecret, now: Date) => StagedSecret): Promise<void> {
    return this.#exclusive(ref, async () => {
      const loaded = await this.#require(ref);
      const next = op(loaded.state, this.#clock.now());
      if (next === loaded.state) return;
      const doc = toDocument(ref, prune(next));
      await this.#save(
        ref,
        loaded.file,
        await this.#codec.update(ref, loaded.file, loaded.text, loaded.doc, doc),
        message,
      );
    });
  }

  async #save(ref: SecretRef, file: string, text: string, step: string): Promise<void> {
    const message = `docugen-secrets: ${step}\n\nSecret: ${ref.id}\nFile: ${file}\n`;
    await this.#repo.writeFile(file, text, message);
    if (this.#commitEach) await this.#repo.commit(message, [file]);
  }

  /** A whole store file: decrypts with the MAC checked and reads as the layout of the secret it names. */
  async #verify(file: string, text: string): Promise<void> {
    const probe: SecretRef = { id: '(uncommitted change)', target: { kind: 'sops', path: file } };
    const doc = await this.#codec.decrypt(probe, file, text);
    fromDocument({ ...probe, id: typeof doc['id'] === 'string' ? doc['id'] : '' }, doc, file);
  }

  async #require(ref: SecretRef): Promise<Loaded> {
    return (await this.#load(ref, true)) as Loaded;
  }

  async #load(ref: SecretRef, required: boolean): Promise<Loaded | undefined> {
    const file = pathOf(ref);
    await this.recover();
    const text = await this.#repo.readFile(file);
    if (text === undefined) {
      if (required)
        throw storeError('STORE_NOT_FOUND', ref, `secret "${ref.id}" does not exist: no SOPS file at ${file}`, {
          details: { file },
        });
      return undefined;
    }
    const doc = (await this.#codec.decrypt(ref, file, text)) as DocMap;
    return { file, text, doc, state: fromDocument(ref, doc, file) };
  }

  /** Serialises operations on one file: read-modify-write must not interleave. */
  #exclusive<T>(ref: SecretRef, fn: () => Promise<T>): Promise<T> {
    const key = pathOf(ref);
    const run = (this.#locks.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.#locks.set(key, tail);
    void tail.then(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return run;
  }
}

function pathOf(ref: SecretRef): string {
  if (ref.target.kind !== 'sops')
    throw storeError(
      'STORE_INVALID_REQUEST',
      ref,
      `secret "${ref.id}" targets the ${ref.target.kind} backend, not a SOPS file`,
      { details: { step: 'route' } },
    );
  return ref.target.path;
}
