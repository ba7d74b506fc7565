import type { RandomSource } from '@docugen-secrets/core';

/** Waits between push attempts: exponential, capped, with full jitter. */
export interface BackoffOptions {
  /** First delay's ceiling; default 1,000 ms. */
  readonly baseMs?: number;
  /** Largest ceiling; default 20,000 ms. */
  readonly maxMs?: number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry): a uniform
 * draw in [0, min(maxMs, baseMs · 2^(attempt-1))), "full jitter", so that
 * shards racing for the same branch spread out instead of colliding again.
 */
export function backoffDelay(attempt: number, random: RandomSource, options: BackoffOptions = {}): number {
  const ceiling = Math.min(options.maxMs ?? 20_000, (options.baseMs ?? 1_000) * 2 ** Math.max(0, attempt - 1));
  const bytes = random.bytes(4);
  const unit =
    ((bytes[0] ?? 0) * 2 ** 24 + (bytes[1] ?? 0) * 2 ** 16 + (bytes[2] ?? 0) * 2 ** 8 + (bytes[3] ?? 0)) / 2 ** 32;
  return Math.floor(unit * ceiling);
}
