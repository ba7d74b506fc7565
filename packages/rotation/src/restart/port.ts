/**
 * Reload hooks: the ports through which the state machine restarts a
 * secret's `rolling-restart` consumers after it promotes a new version, and
 * remembers that it did. Adapters (GitHub dispatch, signed webhook, a JSON
 * file ledger) implement them outside this package and are wired in the
 * composition root.
 */
import type { RestartTriggerSpec } from '@docugen-secrets/manifest';

export type RestartTriggerKind = RestartTriggerSpec['kind'];

/**
 * One restart of one consumer for one promoted version. Carries ids only:
 * never a value (the consumer reads the value itself when it starts).
 */
export interface RestartRequest {
  readonly secretId: string;
  /** The version now current, which the restarted consumer must pick up. */
  readonly versionId: string;
  readonly service: string;
  readonly deployment: string;
  readonly trigger: RestartTriggerSpec;
  /**
   * Stable for (secret, version, service): a resend after a crash between
   * the send and its record carries the same id, so a receiver that has seen
   * it already acknowledges without restarting again.
   */
  readonly deliveryId: string;
  /** The promotion was an emergency rotation. */
  readonly emergency: boolean;
}

/**
 * Sends one restart. Resolves once the receiver acknowledged it (GitHub
 * answered 204, the webhook 2xx); throws a coded, value-free error
 * otherwise. Must be safe to call again with the same `deliveryId`.
 */
export interface RestartTrigger {
  trigger(request: RestartRequest): Promise<void>;
}

/** The trigger adapter for each kind configured in this run; a missing kind leaves its restarts waiting. */
export type RestartTriggers = Readonly<Partial<Record<RestartTriggerKind, RestartTrigger>>>;

/**
 * What the ledger keeps of one restart (ids and times, no values). Written
 * before the send (`reservedAt`, counted by the rate limit) and again once
 * acknowledged (`triggeredAt`, from which `rolloutDuration` runs).
 */
export interface RestartRecord {
  readonly secretId: string;
  readonly versionId: string;
  readonly service: string;
  readonly deployment: string;
  readonly trigger: RestartTriggerKind;
  readonly deliveryId: string;
  /** ISO time the restart was first reserved in the rate window. */
  readonly reservedAt: string;
  /** ISO time of the last send attempt. */
  readonly attemptedAt: string;
  /** ISO time the last acknowledged send started; absent until acknowledged. */
  readonly triggeredAt?: string;
}

/**
 * Durable restart records shared by every run. `update` applies a pure
 * change to the records atomically (serialised in this process, on disk
 * before it resolves), so the rate-limit check and the reservation cannot
 * interleave between secrets rotated concurrently.
 */
export interface RestartLedger {
  read(): Promise<readonly RestartRecord[]>;
  update<T>(change: (records: readonly RestartRecord[]) => LedgerChange<T>): Promise<T>;
}

export interface LedgerChange<T> {
  readonly records: readonly RestartRecord[];
  readonly result: T;
}

/** The restart side of a rotation run: adapters per trigger kind and the ledger. */
export interface RestartDeps {
  readonly triggers: RestartTriggers;
  readonly ledger: RestartLedger;
}

/** How one consumer's restart stands after a run (value-free, for reports). */
export interface RestartOutcome {
  readonly service: string;
  readonly deployment: string;
  readonly trigger: RestartTriggerKind;
  readonly versionId: string;
  readonly deliveryId: string;
  /**
   * triggered: sent and acknowledged by this run; resent: an earlier send was
   * not recorded (crash) and was repeated with the same delivery id; done: an
   * earlier run triggered it; deferred: over `restartsPerHour`, retried by a
   * later run; unavailable: no adapter for the trigger kind in this run.
   */
  readonly kind: 'triggered' | 'resent' | 'done' | 'deferred' | 'unavailable';
  /** When it was triggered (triggered, resent, done). */
  readonly triggeredAt?: Date;
  /** deferred: when the rate window lets it through; triggered/resent/done: when its rollout is over. */
  readonly until?: Date;
}
