import type { LocalServerLimits } from '@docugen-secrets/local-http';
import { emulatorError } from './errors.js';
import { FakeFaults } from './fake-faults.js';
import { startFakeServer, type FakeProtocol, type RunningFake } from './fake-http.js';
import { readStateFile, StateReader, StateWriter, type StateFormat } from './state-file.js';

/** Who an emulator is, for the "not started" error: e.g. `the IAM emulator`, `FakeAwsIam.start()`. */
export interface EmulatorIdentity {
  readonly name: string;
  readonly starter: string;
}

/** A saved state file's body and the reader that names the file in its errors. */
export interface SavedState {
  readonly body: Record<string, unknown>;
  readonly read: StateReader;
}

/**
 * The life shared by every provider emulator: injected faults and per-operation
 * counts, an optional state file (restored at start, saved after every operation
 * before its answer is sent, so an answer means "stored" as with a real
 * provider), one loopback server, `url`/`port`/`close`. A subclass supplies its
 * protocol and its state body; its static `start()` restores what
 * `loadState()` returns, then calls `listen()`.
 */
export abstract class FakeEmulator<Op extends string> {
  /** Faults for the next requests (`faults.inject`), consumed in injection order. */
  readonly faults = new FakeFaults<Op>();
  readonly #counts = new Map<Op, number>();
  readonly #identity: EmulatorIdentity;
  readonly #statePath: string | undefined;
  readonly #format: StateFormat;
  readonly #writer: StateWriter | undefined;
  #server: RunningFake | undefined;

  protected constructor(identity: EmulatorIdentity, statePath: string | undefined, format: StateFormat) {
    this.#identity = identity;
    this.#statePath = statePath;
    this.#format = format;
    this.#writer = statePath === undefined ? undefined : new StateWriter(statePath, format);
  }

  /** How requests route and which error shapes injected faults answer with. */
  protected abstract protocol(): FakeProtocol<Op>;

  /** The state file's body (the header is added by the writer). */
  protected abstract stateBody(): Record<string, unknown>;

  /** The saved state, or undefined without a state file or on a first run. */
  protected async loadState(): Promise<SavedState | undefined> {
    if (this.#statePath === undefined) return undefined;
    const body = await readStateFile(this.#statePath, this.#format);
    return body === undefined ? undefined : { body, read: new StateReader(this.#statePath) };
  }

  /** Starts serving on an ephemeral loopback port. */
  protected async listen(limits: Partial<LocalServerLimits> | undefined): Promise<void> {
    this.#server = await startFakeServer(this.protocol(), {
      faults: this.faults,
      counts: this.#counts,
      afterRun: () => this.save(),
      limits,
    });
  }

  /** Writes the state file now (a no-op without a state path); operations already do after each call. */
  save(): Promise<void> {
    return this.#writer?.save(this.stateBody()) ?? Promise.resolve();
  }

  get url(): string {
    return this.#running().url;
  }

  get port(): number {
    return this.#running().port;
  }

  close(): Promise<void> {
    return this.#server?.close() ?? Promise.resolve();
  }

  /** How many requests of `op` were routed, faulted or not. */
  calls(op: Op): number {
    return this.#counts.get(op) ?? 0;
  }

  #running(): RunningFake {
    if (!this.#server)
      throw emulatorError(
        'EMULATOR_NOT_STARTED',
        `${this.#identity.name} is not running: create it with ${this.#identity.starter}`,
      );
    return this.#server;
  }
}
