import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, type Clock, type Logger } from '@docugen-secrets/core';
import type { LocalReply, LocalRequest } from '@docugen-secrets/local-http';
import type { OpResult, Urls } from './context.js';
import { GitHubApiError, isGitHubApiError } from './errors.js';
import { faultStatus, type FaultBook } from './faults.js';
import type { StateFile } from './persist.js';
import type { PrimaryRateLimit } from './rate-limit.js';
import { isWrite, matchRoute, type Match } from './routes.js';
import type { GitHubState } from './state.js';
import type { Counts } from './counts.js';
import type { ExchangeCheck } from './check.js';
import type { GitRefMirror } from './git-mirror.js';
import type { ContentCreationLimit } from './secondary-limit.js';
import { findRepo, type RepoRecord } from './model.js';

/** What the HTTP layer drives; everything stateful is passed in. */
export interface HttpDeps {
  readonly state: GitHubState;
  readonly faults: FaultBook;
  readonly rate: PrimaryRateLimit;
  readonly counts: Counts;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly urls: () => Urls;
  /** The one token accepted; undefined = any non-empty token. */
  readonly token: string | undefined;
  readonly login: string;
  readonly collaborators: ReadonlySet<string>;
  readonly stateFile: StateFile | undefined;
  readonly secondaryRetryAfterSec: number;
  readonly newRequestId: () => string;
  /** GitHub's secondary limit on content-generating requests; undefined = off. */
  readonly contentLimit: ContentCreationLimit | undefined;
  /** Repositories whose refs live in a git directory; undefined = none. */
  readonly mirror: GitRefMirror | undefined;
  /** OpenAPI validation of every exchange (tests); undefined = off. */
  readonly check: ExchangeCheck | undefined;
}

const DOCS = 'https://docs.github.com/rest';
const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID';

/** GitHub's error body: message, documentation_url, status (a string, as GitHub sends it), errors for 422. */
export function errorBody(err: GitHubApiError): Record<string, unknown> {
  const docs = err.code === 'GH_RATE_LIMITED' || err.code === 'GH_SECONDARY_RATE_LIMITED' ? RATE_DOCS : DOCS;
  return {
    message: err.message,
    documentation_url: docs,
    status: String(err.status),
    ...(err.errors.length > 0 ? { errors: err.errors } : {}),
  };
}

function secondaryLimited(requestId: string, retryAfterSec: number): GitHubApiError {
  return new GitHubApiError('GH_SECONDARY_RATE_LIMITED', 403, `${SECONDARY} ${requestId}.`, [], {
    'retry-after': String(retryAfterSec),
  });
}

function tokenOf(req: LocalRequest): string | undefined {
  const auth = req.headers.authorization ?? '';
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
  return m?.[1];
}

function authenticate(deps: HttpDeps, req: LocalRequest): void {
  const token = tokenOf(req);
  if (token === undefined) throw new GitHubApiError('GH_UNAUTHORIZED', 401, 'Requires authentication');
  if (deps.token !== undefined && token !== deps.token)
    throw new GitHubApiError('GH_UNAUTHORIZED', 401, 'Bad credentials');
}

function parseJson(req: LocalRequest): unknown {
  if (req.body.length === 0) return undefined;
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    throw new GitHubApiError('GH_BAD_REQUEST', 400, 'Problems parsing JSON');
  }
}

/** Faults that answer (or drop) before the operation runs; returns the fault to apply after it, if any. */
async function applyFaults(
  deps: HttpDeps,
  op: string,
  requestId: string,
): Promise<'drop' | 'drop-after-write' | undefined> {
  const decision = deps.faults.decide(op);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const action = decision.action;
  if (action === undefined) return undefined;
  switch (action) {
    case 'drop-before':
      return 'drop';
    case 'drop-after-write':
      return 'drop-after-write';
    case 'secondary-rate-limit':
      throw secondaryLimited(requestId, deps.secondaryRetryAfterSec);
    case 'server-error':
    case 'bad-gateway':
    case 'unavailable':
      throw new GitHubApiError('GH_SERVER_ERROR', faultStatus(action), 'Server Error');
  }
}

/** The whole exchange: route, auth, validation, faults, rate limit, operation, durable save, answer. */
export function createGitHubHandler(deps: HttpDeps): (req: LocalRequest) => Promise<LocalReply | undefined> {
  return async (req) => {
    const requestId = deps.newRequestId();
    const match = matchRoute(req.method, req.rawPath);
    if (match === undefined || match === 'method-not-allowed') {
      deps.counts.request('unmatched');
      const err = new GitHubApiError('GH_NOT_FOUND', 404, 'Not Found');
      return reply(deps, requestId, undefined, { status: 404, body: errorBody(err) });
    }
    const op = match.route.operationId;
    deps.counts.request(op);
    if (isWrite(match.route)) deps.counts.write(op);
    let result: OpResult;
    try {
      const outcome = await run(deps, req, match, requestId);
      if (outcome === 'dropped') {
        req.drop();
        return undefined;
      }
      result = outcome;
    } catch (err) {
      result = failure(deps, err, op);
    }
    return reply(deps, requestId, op, result);
  };
}

async function run(deps: HttpDeps, req: LocalRequest, match: Match, requestId: string): Promise<OpResult | 'dropped'> {
  const op = match.route.operationId;
  authenticate(deps, req);
  const body = parseJson(req);
  const problems = deps.check?.request(op, { params: match.params, query: req.query, body }) ?? [];
  if (problems.length > 0) {
    throw new GitHubApiError('GH_VALIDATION_FAILED', 422, `Invalid request.\n\n${problems.join('\n')}`);
  }
  const after = await applyFaults(deps, op, requestId);
  if (after === 'drop') return 'dropped';
  if (op !== 'rate-limit/get') deps.rate.take(deps.login);
  const wait = isWrite(match.route) ? deps.contentLimit?.take() : undefined;
  if (wait !== undefined) throw secondaryLimited(requestId, wait);
  const urls = deps.urls();
  const selfUrl = new URL(`${req.rawPath}${req.rawQuery === '' ? '' : `?${req.rawQuery}`}`, urls.api);
  const repo = await refreshRefs(deps, match);
  const refsBefore = repo?.refs ?? [];
  const run = deps.state.prepare(match.route, {
    nowMs: deps.clock.now().getTime(),
    urls,
    login: deps.login,
    collaborators: deps.collaborators,
    params: match.params,
    query: req.query,
    body,
    selfUrl,
    rate: deps.rate.snapshot(),
  });
  const result = run.out;
  if (repo && isWrite(match.route)) {
    const after = findRepo(run.draft, repo.owner, repo.name)?.refs ?? [];
    await deps.mirror?.apply(repo, refsBefore, after);
  }
  run.commit();
  if (isWrite(match.route) && deps.stateFile) await deps.stateFile.commit();
  return after === 'drop-after-write' ? 'dropped' : result;
}

/**
 * For operations that read or write refs (git/*, pulls/*, a workflow dispatch's ref) of a repository
 * mirrored from a git directory: loads git's refs first. Returns that
 * repository (live record), or undefined when refs are the server's own.
 */
async function refreshRefs(deps: HttpDeps, match: Match): Promise<RepoRecord | undefined> {
  const op = match.route.operationId;
  const readsRefs =
    op.startsWith('git/') || op.startsWith('pulls/') || op === 'repos/get' || op === 'actions/create-workflow-dispatch';
  if (!deps.mirror || !readsRefs) return undefined;
  const repo = findRepo(deps.state.data, match.params['owner'] ?? '', match.params['repo'] ?? '');
  if (!repo || deps.mirror.dirOf(repo) === undefined) return undefined;
  await deps.mirror.load(repo);
  return repo;
}

function failure(deps: HttpDeps, err: unknown, op: string): OpResult {
  if (isGitHubApiError(err)) return { status: err.status, body: errorBody(err), headers: err.headers };
  deps.logger.error('operation failed unexpectedly', { operation: op, error: describeError(err) });
  return { status: 500, body: { message: 'Server Error', documentation_url: DOCS, status: '500' } };
}

function reply(deps: HttpDeps, requestId: string, op: string | undefined, result: OpResult): LocalReply {
  let { status, body } = result;
  const problems = op === undefined ? [] : (deps.check?.response(op, status, body) ?? []);
  if (problems.length > 0) {
    status = 400;
    body = {
      message: `docugen github-server: the response of ${op} does not match GitHub's OpenAPI description:\n${problems.join('\n')}`,
      documentation_url: DOCS,
    };
  }
  deps.logger.info('request', { requestId, operation: op ?? 'unmatched', status });
  const payload = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-github-request-id': requestId,
      'x-github-api-version-selected': '2022-11-28',
      ...deps.rate.headers(),
      ...result.headers,
    },
    body: payload,
  };
}
