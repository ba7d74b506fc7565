import {
  cryptoRandom,
  durationMs,
  MS,
  silentLogger,
  systemClock,
  tryParseDuration,
  type Clock,
  type Logger,
  type RandomSource,
} from '@docugen-secrets/core';
import { clientError } from './errors.js';
import type { SecretSource } from './source.js';
import { systemTimers, type Timers } from './timers.js';

/** A duration as ISO-8601 text (`PT1M`, what manifests hold) or milliseconds. */
export type DurationInput = string | number;

export interface SecretClientOptions {
  readonly source: SecretSource;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Jitter draws; default the platform CSPRNG. */
  readonly random?: RandomSource;
  /** Refresh failures and listener errors: secret ids and codes only. */
  readonly logger?: Logger;
  /** Interval for secrets loaded without their own (the manifest's `refreshInterval`). Default PT5M. */
  readonly refreshInterval?: DurationInput;
  /**
   * Each wait is `interval × (1 + jitter × r)`, r uniform in [0, 1): a fleet
   * started at once spreads its calls, and a new version is observed within
   * one interval plus jitter. Default 0.1.
   */
  readonly jitter?: number;
  /** First retry after a failed refresh; doubles per failure up to the interval. Default PT1S. */
  readonly backoffBase?: DurationInput;
  /** Default for secrets without their own: max(PT1H, 3 × interval). */
  readonly maxStaleness?: DurationInput;
  /** `refreshNow` reaches the source at most once per this time per secret. Default PT5S. */
  readonly refreshNowMinInterval?: DurationInput;
}

/** One secret to load, with its own timings (from its manifest's consumer entry). */
export interface SecretSpec {
  readonly id: string;
  readonly refreshInterval?: DurationInput;
  /**
   * After this long without a successful refresh `get` throws CLIENT_STALE
   * instead of serving a value that may have been retired meanwhile.
   */
  readonly maxStaleness?: DurationInput;
  /**
   * Whether `matches` also accepts the pending version. Only for secrets
   * whose pending version is published on purpose before use (signing keys
   * after their publish delay): elsewhere pending is an untested value.
   */
  readonly acceptPending?: boolean;
}

export interface Settings {
  readonly source: SecretSource;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly jitter: number;
  readonly backoffBaseMs: number;
  readonly maxStalenessMs?: number;
  readonly refreshNowMs: number;
}

/** Milliseconds of a duration input; CLIENT_BAD_OPTIONS names the option when it is not a positive duration. */
export function toMs(input: DurationInput, option: string): number {
  const ms = typeof input === 'number' ? input : durationOf(input);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    throw clientError(
      'CLIENT_BAD_OPTIONS',
      `${option} must be a positive ISO-8601 duration (e.g. PT1M) or a number of milliseconds`,
      { details: { option } },
    );
  }
  return ms;
}

function durationOf(text: string): number | undefined {
  const d = tryParseDuration(text);
  return d === undefined ? undefined : durationMs(d);
}

export function settingsOf(o: SecretClientOptions): Settings {
  const jitter = o.jitter ?? 0.1;
  if (!(jitter >= 0 && jitter <= 1))
    throw clientError('CLIENT_BAD_OPTIONS', 'jitter must be between 0 and 1', { details: { option: 'jitter' } });
  return {
    source: o.source,
    clock: o.clock ?? systemClock,
    timers: o.timers ?? systemTimers,
    random: o.random ?? cryptoRandom,
    logger: o.logger ?? silentLogger,
    intervalMs: toMs(o.refreshInterval ?? 'PT5M', 'refreshInterval'),
    jitter,
    backoffBaseMs: toMs(o.backoffBase ?? 'PT1S', 'backoffBase'),
    ...(o.maxStaleness === undefined ? {} : { maxStalenessMs: toMs(o.maxStaleness, 'maxStaleness') }),
    refreshNowMs: toMs(o.refreshNowMinInterval ?? 'PT5S', 'refreshNowMinInterval'),
  };
}

/** The default bound on staleness: an hour, or three intervals when that is longer. */
export function defaultStalenessMs(intervalMs: number): number {
  return Math.max(MS.HOUR, 3 * intervalMs);
}

/** A uniform draw in [0, 1) from the random port. */
export function unit(random: RandomSource): number {
  const b = random.bytes(4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0) / 2 ** 32;
}
