import {
  cryptoRandom,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
  type RandomSource,
} from '@docugen-secrets/core';
import { startLocalServer, type LocalReply } from '@docugen-secrets/local-http';
import { validatingCheck, type ExchangeCheck, type Violation } from './check.js';
import type { Urls } from './context.js';
import { Counts } from './counts.js';
import { serverError } from './errors.js';
import { FaultBook, type FaultRule } from './faults.js';
import { GitRefMirror } from './git-mirror.js';
import { createGitHubHandler } from './http.js';
import type { StateData } from './model.js';
import type { OpenApiValidator } from './openapi/validator.js';
import { loadState, StateFile } from './persist.js';
import { PrimaryRateLimit, type PrimaryLimitOptions, type RateSnapshot } from './rate-limit.js';
import { ContentCreationLimit, type ContentLimitOptions } from './secondary-limit.js';
import { GitHubState, parseRepoSlug } from './state.js';

export interface GitHubServerOptions {
  /** 0 = an ephemeral port (default). Always 127.0.0.1. */
  port?: number;
  /** Repositories that exist (`owner/name`), created at start when missing; default `docugen/secrets`. */
  repos?: readonly string[];
  /** The only token accepted; default: any non-empty token (a request without one is 401). */
  token?: string;
  /** The token owner's login (issue authors, comment authors); default `docugen-bot`. */
  login?: string;
  /** Logins that may be assigned; others are dropped silently as GitHub does. */
  collaborators?: readonly string[];
  /**
   * Repositories whose refs are those of a git repository (`owner/name` → its
   * path, bare or not): branches pushed with git show in the API and pull
   * requests can be opened from them; refs created through the API land in git.
   */
  gitDirs?: Readonly<Record<string, string>>;
  /** Load at start; every write is saved (atomically, fsync'd) before it is acknowledged. */
  statePath?: string;
  /** Timestamps and the rate-limit window; default the system clock. */
  clock?: Clock;
  /** Request ids; default crypto randomness. */
  random?: RandomSource;
  /** The primary rate limit (default 5,000 per hour, 403 when exhausted). */
  rateLimit?: PrimaryLimitOptions;
  /**
   * GitHub's secondary limit on content-generating requests (every write here):
   * `true` = GitHub's 80 per minute and 500 per hour; off by default.
   */
  contentLimit?: boolean | ContentLimitOptions;
  /** `retry-after` of injected secondary-rate-limit faults, in seconds; default 1. */
  secondaryRetryAfterSec?: number;
  /**
   * Validate every request and response against GitHub's OpenAPI description
   * (`@octokit/openapi`, a devDependency): `true` loads it (cached per
   * process), or pass a validator. Off by default; the test suites turn it on.
   */
  validate?: boolean | OpenApiValidator;
  /** Called with each validation mismatch (they are also kept: `violations()`). */
  onViolation?: (v: Violation) => void;
  /** Request log (operation, status): never a body. Default silent. */
  logger?: Logger;
}

export interface RunningGitHubServer {
  /** The REST root, what `GITHUB_API_URL` / Octokit's `baseUrl` take. */
  readonly url: string;
  readonly port: number;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests per operationId (every attempt; `unmatched` for unknown routes). */
  requestCounts(): Record<string, number>;
  /** Requests of state-changing operations per operationId (every attempt). */
  writeCounts(): Record<string, number>;
  resetCounts(): void;
  /** OpenAPI mismatches seen so far (always empty when validation is off). */
  violations(): readonly Violation[];
  rateLimit(): RateSnapshot;
  /** Tests: what remains of the current rate-limit window. */
  setRateLimitRemaining(remaining: number): void;
  /** A copy of the data (issues, labels, comments, refs). */
  snapshot(): StateData;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

async function checkOf(opts: GitHubServerOptions, record: (v: Violation) => void): Promise<ExchangeCheck | undefined> {
  if (opts.validate === undefined || opts.validate === false) return undefined;
  const validator =
    opts.validate === true ? await (await import('./openapi/load.js')).servedOperationsValidator() : opts.validate;
  return validatingCheck(validator, record);
}

/**
 * Starts a local GitHub REST API (the subset the project calls) for tests and
 * local runs: point Octokit's `baseUrl` (or GITHUB_API_URL) at `url`.
 */
export async function startGitHubServer(opts: GitHubServerOptions = {}): Promise<RunningGitHubServer> {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? cryptoRandom;
  const state = new GitHubState(opts.statePath === undefined ? undefined : await loadState(opts.statePath));
  const slugs = new Set([...(opts.repos ?? ['docugen/secrets']), ...Object.keys(opts.gitDirs ?? {})]);
  for (const slug of slugs) {
    const parsed = parseRepoSlug(slug);
    if (!parsed) throw serverError('GH_SERVER_OPTIONS', `invalid repository "${slug}": expected owner/name`);
    state.ensureRepo(parsed.owner, parsed.name, clock.now().getTime());
  }
  const stateFile = opts.statePath === undefined ? undefined : new StateFile(opts.statePath, () => state.data);
  await stateFile?.commit();
  const violations: Violation[] = [];
  const check = await checkOf(opts, (v) => {
    violations.push(v);
    opts.onViolation?.(v);
  });
  const counts = new Counts();
  const faults = new FaultBook();
  const rate = new PrimaryRateLimit(opts.rateLimit ?? {}, clock);
  let urls: Urls = { api: 'http://127.0.0.1', web: 'http://127.0.0.1' };
  const handler = createGitHubHandler({
    state,
    faults,
    rate,
    counts,
    clock,
    check,
    stateFile,
    contentLimit:
      opts.contentLimit === undefined || opts.contentLimit === false
        ? undefined
        : new ContentCreationLimit(opts.contentLimit === true ? {} : opts.contentLimit, clock),
    mirror: opts.gitDirs === undefined ? undefined : new GitRefMirror(opts.gitDirs),
    logger: opts.logger ?? silentLogger,
    urls: () => urls,
    token: opts.token,
    login: opts.login ?? 'docugen-bot',
    collaborators: new Set(opts.collaborators ?? []),
    secondaryRetryAfterSec: opts.secondaryRetryAfterSec ?? 1,
    newRequestId: () => random.uuid().toUpperCase(),
  });
  const json = (status: number, message: string): LocalReply => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest', status: String(status) }),
  });
  const server = await startLocalServer(handler, {
    ...(opts.port === undefined ? {} : { port: opts.port }),
    onTooLarge: () => json(413, 'Payload too big'),
    onError: () => json(500, 'Server Error'),
  });
  urls = { api: server.url, web: `${server.url}/_web` };
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    injectFault: (rule) => {
      faults.inject(rule);
    },
    clearFaults: () => {
      faults.clear();
    },
    requestCounts: () => counts.requests(),
    writeCounts: () => counts.writes(),
    resetCounts: () => {
      counts.reset();
    },
    violations: () => [...violations],
    rateLimit: () => rate.snapshot(),
    setRateLimitRemaining: (n) => {
      rate.setRemaining(n);
    },
    snapshot: () => state.toData(),
    close: () => (closing ??= server.close()),
  };
}
