/**
 * A token bucket (in its GCRA form: one "theoretical arrival time" instead of
 * a token count) that spaces calls to at most `ratePerSecond`, allowing bursts
 * of `burst`. Callers are served in the order they called `acquire`.
 *
 * AWS Secrets Manager meters PutSecretValue, UpdateSecret and
 * UpdateSecretVersionStage together (50 TPS per account and Region, shared by
 * everyone in the account; see WRITE_OPERATIONS in aws/client.ts), so a large
 * rotation run keeps well under it instead of relying on throttling retries.
 * Time is injected.
 */
export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  /** Calls allowed back to back after an idle period. Default 1. */
  readonly burst?: number;
  /** Milliseconds, monotonic. Default `performance.now`. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class RateLimiter {
  readonly #interval: number;
  readonly #tolerance: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #tat = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond))
      throw new RangeError('RateLimiter: ratePerSecond must be a positive number');
    const burst = options.burst ?? 1;
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError('RateLimiter: burst must be a positive integer');
    this.#interval = 1000 / options.ratePerSecond;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when the caller may make one call. Reserves the slot synchronously, so order is FIFO. */
  async acquire(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.#sleep(wait);
  }

  /** Reserves the next slot and returns how long to wait for it (ms). */
  reserve(): number {
    const now = this.#now();
    const tat = Math.max(this.#tat, now);
    const wait = tat - this.#tolerance - now;
    this.#tat = tat + this.#interval;
    return Math.max(0, wait);
  }
}
