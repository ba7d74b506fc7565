import { createHash } from 'node:crypto';
import { type RandomSource } from '@docugen-secrets/core';
import { FixedClock, MemoryLogger } from '@docugen-secrets/test-support';
import { MemoryAuditLog, type Actor } from '@docugen-secrets/audit';
import { AuditedStore, InMemoryStore, type SecretStore } from '@docugen-secrets/secret-store';
import type { SecretManifest } from '@docugen-secrets/manifest';
import {
  MemoryRestartLedger,
  rotateSecret,
  type RestartRequest,
  type RestartTrigger,
  type RotateOptions,
  type RotationDeps,
  type RotationResult,
  type RotatorRegistry,
  type StepName,
} from '../src/index.js';

/** The error a crash test throws at a checkpoint: stands for a kill -9 right after a step took effect. */
export class Crash extends Error {
  constructor(
    readonly at: number,
    readonly step: StepName,
  ) {
    super(`injected crash #${at} after ${step}`);
  }
}

/** Reproducible randomness: SHA-256 of a seed and a counter. */
export function seededRandom(seed: string): RandomSource {
  let n = 0;
  const bytes = (len: number): Uint8Array => {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i += 32)
      out.set(
        createHash('sha256')
          .update(`${seed}:${n++}`)
          .digest()
          .subarray(0, Math.min(32, len - i)),
        i,
      );
    return out;
  };
  return {
    bytes,
    uuid: () => {
      const h = Buffer.from(bytes(16)).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

export const ACTOR: Actor = { kind: 'local', user: 'crash-test' };

/**
 * Everything that survives a crash (the store, the audit log, the provider,
 * the clock) plus a global checkpoint counter: `crashAt = k` kills the run at
 * the k-th checkpoint of the whole scenario, once.
 */
/** A deploy system that accepts every restart request and remembers it (the default of a world). */
export class RecordingRestarts implements RestartTrigger {
  readonly sent: RestartRequest[] = [];
  trigger(request: RestartRequest): Promise<void> {
    this.sent.push(request);
    return Promise.resolve();
  }
}

export class World {
  readonly clock: FixedClock;
  /**
   * Where restarts of rolling-restart consumers go: the repository's manifests
   * name triggers, so a world has a deploy system that takes them (kept across
   * reruns, like the ledger, so a crash test sees one world).
   */
  readonly restartsSent = new RecordingRestarts();
  readonly restartLedger = new MemoryRestartLedger();
  readonly random: RandomSource;
  /** The store without auditing, for assertions (the machine uses `store`). */
  readonly memory: SecretStore;
  readonly audit = new MemoryAuditLog();
  readonly logger = new MemoryLogger();
  readonly store: SecretStore;
  readonly crashes: Crash[] = [];
  checkpoints = 0;
  readonly #crashAt: number | undefined;

  rotators: RotatorRegistry = {};

  constructor(
    start: string,
    crashAt?: number,
    seed = 'world',
    inner?: (clock: FixedClock, random: RandomSource) => SecretStore,
  ) {
    this.clock = new FixedClock(start);
    this.random = seededRandom(seed);
    this.memory = inner
      ? inner(this.clock, this.random)
      : new InMemoryStore({ clock: this.clock, random: this.random });
    this.store = new AuditedStore(this.memory, { sink: this.audit, actor: ACTOR, clock: this.clock });
    this.#crashAt = crashAt;
  }

  /** A fresh machine over the same world (what a new process after a crash would build). */
  deps(): RotationDeps {
    return {
      store: this.store,
      rotators: this.rotators,
      audit: this.audit,
      actor: ACTOR,
      clock: this.clock,
      random: this.random,
      logger: this.logger,
      restarts: {
        triggers: {
          'repository-dispatch': this.restartsSent,
          'workflow-dispatch': this.restartsSent,
          webhook: this.restartsSent,
        },
        ledger: this.restartLedger,
      },
      checkpoint: (step) => {
        this.checkpoints += 1;
        if (this.checkpoints === this.#crashAt) {
          const crash = new Crash(this.checkpoints, step);
          this.crashes.push(crash);
          throw crash;
        }
      },
    };
  }

  /** Runs rotate; after an injected crash, runs it again with a fresh machine (at most twice more). */
  async rotate(manifest: SecretManifest, opts: RotateOptions = {}): Promise<RotationResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await rotateSecret(this.deps(), manifest, opts);
      } catch (err) {
        if (!(err instanceof Crash)) throw err;
      }
    }
    throw new Error('still crashing after reruns');
  }

  at(iso: string): void {
    this.clock.set(iso);
  }
}
