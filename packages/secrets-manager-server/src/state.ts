import { cryptoRandom, systemClock, type Clock, type RandomSource } from '@docugen-secrets/core';
import type { OpContext, Output } from './context.js';
import type { Input } from './input.js';
import { DraftTable } from './draft.js';
import type { StateData } from './model.js';
import { isWriteOperation, type SmOperation } from './operations.js';
import { createSecret } from './ops/create.js';
import { deleteSecret, restoreSecret } from './ops/delete.js';
import { describeSecret } from './ops/describe.js';
import { getSecretValue } from './ops/get.js';
import { listSecrets, listSecretVersionIds } from './ops/list.js';
import { putSecretValue, updateSecret } from './ops/put.js';
import { updateSecretVersionStage } from './ops/stages.js';
import { tagResource, untagResource } from './ops/tags.js';
import { snapshotOf, type ServerSnapshot } from './snapshot.js';
import { SecretTable, type StateChange } from './table.js';

export interface SecretsManagerStateOptions {
  readonly region?: string;
  readonly accountId?: string;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  /** Initial data (from a state file); copied, never aliased. */
  readonly data?: StateData;
  /** Cap on listing pages (see OpContext.pageCap). */
  readonly maxPageSize?: number;
  /** Told every change, in order, as it happens (the state file's journal); never told of a write that failed. */
  readonly onChange?: (change: StateChange) => void;
}

type Handler = (ctx: OpContext, input: Input) => Output;

const HANDLERS: Readonly<Record<SmOperation, Handler>> = {
  CreateSecret: createSecret,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  PutSecretValue: putSecretValue,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
  ListSecretVersionIds: listSecretVersionIds,
  ListSecrets: listSecrets,
  TagResource: tagResource,
  UntagResource: untagResource,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
};

/**
 * The Secrets Manager state machine, without any I/O: each operation is a
 * function of (state, request body, now, randomness) that returns the JSON 1.1
 * response body or throws an AWS-typed DocugenError (`code` = `__type`).
 * A write that throws leaves the state as it was: writes run on a
 * copy-on-write draft (copies of the secrets they touch) that replaces them
 * only on success. Reads run on the state itself (the only thing they change
 * is LastAccessedDate, after they succeeded). A request costs the secrets it
 * touches, not the size of the state (table.ts).
 */
export class SecretsManagerState {
  readonly region: string;
  readonly accountId: string;
  readonly #table: SecretTable;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #pageCap: number | undefined;

  constructor(opts: SecretsManagerStateOptions = {}) {
    this.region = opts.region ?? 'us-east-1';
    this.accountId = opts.accountId ?? '000000000000';
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? cryptoRandom;
    this.#table = new SecretTable(structuredClone(opts.data?.secrets ?? []), opts.onChange);
    this.#pageCap = opts.maxPageSize;
  }

  execute(op: SmOperation, input: Input): Output {
    const nowMs = this.#clock.now().getTime();
    this.#table.purgeExpired(nowMs);
    const draft = isWriteOperation(op) ? new DraftTable(this.#table) : undefined;
    const ctx: OpContext = {
      secrets: draft ?? this.#table,
      nowMs,
      random: this.#random,
      region: this.region,
      accountId: this.accountId,
      ...(this.#pageCap === undefined ? {} : { pageCap: this.#pageCap }),
    };
    const out = HANDLERS[op](ctx, input);
    draft?.commit();
    return out;
  }

  /** A deep copy of the data, for the state file. Holds secret values. */
  toData(): StateData {
    return { secrets: Array.from(this.#table.values(), (s) => structuredClone(s)) };
  }

  /** How many secrets there are, scheduled for deletion included. */
  get size(): number {
    return this.#table.size;
  }

  /** Every version of every secret, deprecated ones included, without values. */
  snapshot(): ServerSnapshot {
    return snapshotOf(this.#table.values());
  }
}
