import type { Clock } from '@docugen-secrets/core';

/**
 * GitHub's secondary limit on content-generating requests: "no more than 80
 * content-generating requests per minute and no more than 500 … per hour"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
 * Sliding windows over the instants of accepted writes; a write past either
 * limit is refused with the seconds until the window frees a slot.
 */
export interface ContentLimitOptions {
  readonly perMinute?: number;
  readonly perHour?: number;
}

export const GITHUB_CONTENT_LIMITS: Required<ContentLimitOptions> = { perMinute: 80, perHour: 500 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class ContentCreationLimit {
  readonly #perMinute: number;
  readonly #perHour: number;
  readonly #clock: Clock;
  #writes: number[] = [];

  constructor(opts: ContentLimitOptions, clock: Clock) {
    this.#perMinute = opts.perMinute ?? GITHUB_CONTENT_LIMITS.perMinute;
    this.#perHour = opts.perHour ?? GITHUB_CONTENT_LIMITS.perHour;
    this.#clock = clock;
  }

  /** Records one write, or returns the `retry-after` seconds when it must be refused. */
  take(): number | undefined {
    const now = this.#clock.now().getTime();
    this.#writes = this.#writes.filter((t) => t > now - HOUR);
    const lastMinute = this.#writes.filter((t) => t > now - MINUTE);
    const waitMs = Math.max(
      lastMinute.length >= this.#perMinute
        ? (lastMinute[lastMinute.length - this.#perMinute] ?? now) + MINUTE - now
        : 0,
      this.#writes.length >= this.#perHour
        ? (this.#writes[this.#writes.length - this.#perHour] ?? now) + HOUR - now
        : 0,
    );
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.#writes.push(now);
    return undefined;
  }
}
