import type { Clock } from '@docugen-secrets/core';
import { awsError } from './errors.js';
import { quotaGroupOf, type QuotaGroup, type SmOperation } from './operations.js';

/**
 * Request quotas as token buckets, one per AWS quota group (operations.ts):
 * capacity = the per-second rate, refilled continuously from the clock. A
 * request finding its bucket empty is answered "ThrottlingException: Rate
 * exceeded" (HTTP 400), which the SDK treats as a throttling error and retries
 * with backoff ("When you exceed an API request quota, Secrets Manager
 * throttles the request … and returns a throttling error",
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html#quotas_throttling).
 * With a FixedClock nothing refills until the test advances the clock.
 */
export interface QuotaOptions {
  /** Rate for every write group; undefined = unlimited. AWS: 50. */
  readonly writeTps?: number | undefined;
  /** Rate for every read group; undefined = unlimited. AWS: 10,000 / 100 / 50 by group. */
  readonly readTps?: number | undefined;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class QuotaEnforcer {
  readonly #opts: QuotaOptions;
  readonly #clock: Clock;
  readonly #buckets = new Map<QuotaGroup, Bucket>();

  constructor(opts: QuotaOptions, clock: Clock) {
    this.#opts = opts;
    this.#clock = clock;
  }

  /** Takes one token for `op`'s group or throws ThrottlingException. */
  take(op: SmOperation): void {
    const info = quotaGroupOf(op);
    const rate = info.kind === 'write' ? this.#opts.writeTps : this.#opts.readTps;
    if (rate === undefined) return;
    const nowMs = this.#clock.now().getTime();
    const bucket = this.#buckets.get(info.group) ?? { tokens: rate, atMs: nowMs };
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) * rate) / 1000);
    bucket.atMs = nowMs;
    this.#buckets.set(info.group, bucket);
    if (bucket.tokens < 1) throw throttled();
    bucket.tokens -= 1;
  }
}

export function throttled(): Error {
  return awsError('ThrottlingException', 'Rate exceeded');
}
