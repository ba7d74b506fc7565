import type { Clock } from '@docugen-secrets/core';
import { GitHubApiError } from './errors.js';

/** GitHub's primary limit for one resource, as the `x-ratelimit-*` headers and GET /rate_limit show it. */
export interface RateSnapshot {
  readonly limit: number;
  readonly remaining: number;
  readonly used: number;
  /** Epoch seconds when the window resets. */
  readonly reset: number;
  readonly resource: 'core';
}

export interface PrimaryLimitOptions {
  /** Requests per window; GitHub: 5,000/hour for a user token, 1,000/hour for GITHUB_TOKEN per repository. */
  readonly limit?: number;
  /** Window length; GitHub: one hour. */
  readonly windowMs?: number;
  /** Status when exhausted: GitHub answers 403 or 429 (both documented). */
  readonly status?: 403 | 429;
}

export const DEFAULT_LIMIT = 5000;
const HOUR_MS = 3_600_000;

/**
 * The primary rate limit (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * a fixed window that starts at the first request; each counted request uses
 * one; when none remain the request is refused with `x-ratelimit-remaining: 0`
 * and the reset time, which is what Octokit's throttling plugin keys on.
 */
export class PrimaryRateLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #status: 403 | 429;
  readonly #clock: Clock;
  #used = 0;
  #resetMs: number | undefined;

  constructor(opts: PrimaryLimitOptions, clock: Clock) {
    this.#limit = opts.limit ?? DEFAULT_LIMIT;
    this.#windowMs = opts.windowMs ?? HOUR_MS;
    this.#status = opts.status ?? 403;
    this.#clock = clock;
  }

  #roll(): number {
    const now = this.#clock.now().getTime();
    if (this.#resetMs === undefined || now >= this.#resetMs) {
      this.#resetMs = now + this.#windowMs;
      this.#used = 0;
    }
    return this.#resetMs;
  }

  /** Uses one request or throws GH_RATE_LIMITED (with the exhausted headers). */
  take(login: string): void {
    this.#roll();
    if (this.#used >= this.#limit) {
      const message = `API rate limit exceeded for user ID ${login}. If you reach out to GitHub Support for help, please include the request ID.`;
      throw new GitHubApiError('GH_RATE_LIMITED', this.#status, message, [], this.headers());
    }
    this.#used += 1;
  }

  snapshot(): RateSnapshot {
    const resetMs = this.#roll();
    return {
      limit: this.#limit,
      remaining: Math.max(0, this.#limit - this.#used),
      used: this.#used,
      reset: Math.ceil(resetMs / 1000),
      resource: 'core',
    };
  }

  headers(): Record<string, string> {
    const s = this.snapshot();
    return {
      'x-ratelimit-limit': String(s.limit),
      'x-ratelimit-remaining': String(s.remaining),
      'x-ratelimit-used': String(s.used),
      'x-ratelimit-reset': String(s.reset),
      'x-ratelimit-resource': s.resource,
    };
  }

  /** Tests: set what is left of the current window (e.g. 0 to exhaust it at once). */
  setRemaining(remaining: number): void {
    this.#roll();
    this.#used = Math.max(0, this.#limit - remaining);
  }
}
