import type { StateData } from './model.js';
import type { RateSnapshot } from './rate-limit.js';

/** Where the server lives: API URLs and the web (html_url) base. */
export interface Urls {
  /** The REST root, `http://127.0.0.1:PORT` (what GITHUB_API_URL points at). */
  readonly api: string;
  /** The web root for `html_url`s (GitHub: https://github.com). */
  readonly web: string;
}

/** What one operation sees: the state, the request, the caller, the instant. */
export interface OpContext {
  readonly data: StateData;
  readonly nowMs: number;
  readonly urls: Urls;
  /** The authenticated user (the token's owner). */
  readonly login: string;
  /** Logins that may be assigned (besides the authenticated user). */
  readonly collaborators: ReadonlySet<string>;
  /** Decoded path parameters, by their OpenAPI names. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body; undefined without one. */
  readonly body: unknown;
  /** The request's own URL (for `Link` pagination headers). */
  readonly selfUrl: URL;
  /** The primary rate limit as it stands (GET /rate_limit). */
  readonly rate: RateSnapshot;
}

/** An operation's answer; the HTTP layer adds rate-limit and request-id headers. */
export interface OpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OpHandler = (ctx: OpContext) => OpResult;
