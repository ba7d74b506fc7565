import { DocugenError, silentLogger, type Logger } from '@docugen-secrets/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { countingFetch, type RequestObserver } from './observe.js';

export type GitHubClientErrorCode = 'GITHUB_CLIENT_NO_TOKEN' | 'GITHUB_CLIENT_API_URL';

const GitHubOctokit = Octokit.plugin(retry, throttling);

/** The Octokit the project uses: REST methods and `paginate` (retry and throttling are built in). */
export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  /** REST root; default `env.GITHUB_API_URL`, then https://api.github.com (GHES: https://HOST/api/v3). */
  readonly apiUrl?: string;
  /** Default `env.GITHUB_TOKEN`; required one way or the other. */
  readonly token?: string;
  /** The environment to read GITHUB_API_URL / GITHUB_TOKEN from (injected: libraries never read process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly userAgent?: string;
  /** Retries of 5xx and network failures (plugin-retry); default 3. */
  readonly retries?: number;
  /** Retries after a secondary rate limit, each after its `retry-after`; default 3. */
  readonly secondaryRetries?: number;
  /** Longest wait for a primary-limit reset before giving up; default 60 s (then the call fails). */
  readonly maxRateLimitWaitSec?: number;
  /** Milliseconds per second of `retry-after` and backoff; default 1000. Tests shrink it. */
  readonly msPerRetrySecond?: number;
  /**
   * Spacing of writes and of notification-triggering writes (issues, comments,
   * pull requests). Default GitHub's guidance as plugin-throttling applies it:
   * one write at a time, 1 s apart, 3 s for notifications. Tests pass 0.
   */
  readonly writeSpacingMs?: number;
  readonly notificationSpacingMs?: number;
  /** Sees every HTTP attempt (retries included): for request counters. */
  readonly onRequest?: RequestObserver;
  readonly logger?: Logger;
  /** The fetch to use; default the global one. */
  readonly fetch?: typeof fetch;
}

function resolveApiUrl(opts: GitHubClientOptions): string {
  const url = opts.apiUrl ?? opts.env?.['GITHUB_API_URL'] ?? 'https://api.github.com';
  if (!/^https?:\/\/[^\s]+$/.test(url)) {
    throw new DocugenError<GitHubClientErrorCode>(
      'GITHUB_CLIENT_API_URL',
      'GITHUB_API_URL must be an http(s) URL (e.g. https://api.github.com)',
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Builds the GitHub client of alerts and the rotator action. Rate limits are
 * honoured as GitHub asks (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api):
 * a secondary limit is retried after `retry-after`, a bounded number of
 * times; an exhausted primary limit is waited out only when its reset is
 * near (`maxRateLimitWaitSec`), otherwise the call fails so the caller can
 * stop cleanly and report what it did not do. 5xx and dropped connections are
 * retried by plugin-retry (4xx never are: they are answers).
 */
export function createGitHubClient(opts: GitHubClientOptions = {}): GitHubClient {
  const token = opts.token ?? opts.env?.['GITHUB_TOKEN'];
  if (token === undefined || token === '') {
    throw new DocugenError<GitHubClientErrorCode>(
      'GITHUB_CLIENT_NO_TOKEN',
      'no GitHub token: set GITHUB_TOKEN (in Actions: the github-token input)',
    );
  }
  const logger = opts.logger ?? silentLogger;
  const base = opts.msPerRetrySecond ?? 1000;
  const secondaryRetries = opts.secondaryRetries ?? 3;
  const maxWait = opts.maxRateLimitWaitSec ?? 60;
  const spacing = (minTime: number, id: string): Bottleneck.Group =>
    new Bottleneck.Group({ id, maxConcurrent: 1, minTime });
  return new GitHubOctokit({
    baseUrl: resolveApiUrl(opts),
    auth: token,
    userAgent: opts.userAgent ?? 'docugen-secrets',
    request: { fetch: countingFetch(opts.fetch ?? fetch, opts.onRequest) },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => {
        logger.warn(m);
      },
      error: (m: string) => {
        logger.error(m);
      },
    },
    retry: {
      retries: opts.retries ?? 3,
      retryAfterBaseValue: base,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      retryAfterBaseValue: base,
      ...(opts.writeSpacingMs === undefined ? {} : { write: spacing(opts.writeSpacingMs, 'docugen-write') }),
      ...(opts.notificationSpacingMs === undefined
        ? {}
        : { notifications: spacing(opts.notificationSpacingMs, 'docugen-notifications') }),
      onSecondaryRateLimit: (
        retryAfter: number,
        options: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        const again = retryCount < secondaryRetries;
        logger.warn('GitHub secondary rate limit', {
          method: options.method,
          url: options.url,
          retryAfter,
          retryCount,
          retrying: again,
        });
        return again;
      },
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        const again = retryCount < 1 && retryAfter <= maxWait;
        logger.warn('GitHub rate limit exhausted', {
          method: options.method,
          url: options.url,
          retryAfter,
          retrying: again,
        });
        return again;
      },
    },
  });
}
