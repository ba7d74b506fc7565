import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, type Logger, type LogFields } from '@docugen-secrets/core';
import type { LocalHandler, LocalReply, LocalRequest, StartOptions } from '@docugen-secrets/local-http';
import { awsError, isAwsServiceError, statusOf, type AwsErrorType } from './errors.js';
import type { FaultBook } from './faults.js';
import type { Input } from './input.js';
import { isSmOperation, isWriteOperation, type SmOperation } from './operations.js';
import type { QuotaEnforcer } from './quota.js';
import type { SecretsManagerState } from './state.js';

/** What the HTTP layer drives; everything stateful is passed in. */
export interface HttpDeps {
  readonly state: SecretsManagerState;
  readonly faults: FaultBook;
  readonly quota: QuotaEnforcer;
  readonly counts: Map<SmOperation, number>;
  readonly logger: Logger;
  readonly newRequestId: () => string;
  /** Called after every successful write; the answer waits for it (the state-file save: acknowledged means durable). */
  readonly onWrite: () => Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

/**
 * The JSON 1.1 protocol (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html):
 * POST with `X-Amz-Target: secretsmanager.<Operation>` and a JSON body;
 * answers `application/x-amz-json-1.1` with `x-amzn-RequestId`; errors carry
 * `x-amzn-ErrorType` and `{"__type","message"}`, 400 for client faults and
 * 500 for InternalServiceError. Any SigV4 `Authorization` header is accepted
 * unverified (the signature is the client's business here); none at all is
 * refused as AWS refuses it. Served by `@docugen-secrets/local-http`, which
 * reads the body within its limit and times out stalled clients.
 */
export function createRequestHandler(deps: HttpDeps): LocalHandler {
  return (req) => handle(deps, req);
}

/** The answers local-http gives on this protocol's behalf: a body over the limit, a handler that threw. */
export function protocolReplies(deps: HttpDeps): Pick<StartOptions, 'onTooLarge' | 'onError'> {
  const exchange = (): Exchange => ({ requestId: deps.newRequestId(), startedMs: performance.now() });
  return {
    onTooLarge: (limit) =>
      errorReply(deps, exchange(), awsError('SerializationException', `Request body larger than ${limit} bytes.`)),
    onError: (err) => {
      deps.logger.error('request handling failed', { error: describeError(err) });
      return errorReply(deps, exchange(), err);
    },
  };
}

interface Exchange {
  readonly requestId: string;
  readonly startedMs: number;
  op?: SmOperation;
  secretId?: string;
}

/** The reply to one request; undefined when an injected fault dropped the connection. */
async function handle(deps: HttpDeps, req: LocalRequest): Promise<LocalReply | undefined> {
  const ex: Exchange = { requestId: deps.newRequestId(), startedMs: performance.now() };
  try {
    const op = routeOf(req);
    ex.op = op;
    deps.counts.set(op, (deps.counts.get(op) ?? 0) + 1);
    const input = parseInput(req.body);
    if (typeof input['SecretId'] === 'string') ex.secretId = input['SecretId'];
    const decision = deps.faults.decide(op);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.action === 'drop-before') {
      drop(deps, req, ex, 'drop-before');
      return undefined;
    }
    if (decision.action === 'throttle') throw awsError('ThrottlingException', 'Rate exceeded');
    if (decision.action === 'internal-error')
      throw awsError('InternalServiceError', 'An error occurred on the server side (injected fault).');
    deps.quota.take(op);
    const dropAfter =
      decision.action === 'drop-after-write'
        ? (): void => {
            drop(deps, req, ex, 'drop-after-write');
          }
        : undefined;
    const out = await runOperation(deps, op, input, dropAfter);
    return out === undefined ? undefined : reply(deps, ex, 200, out);
  } catch (err) {
    return errorReply(deps, ex, err);
  }
}

/**
 * Runs the operation and, for a write, waits until it is saved (a failed save
 * answers an error, never a success); with `dropAfter`, the result (success
 * or error) is never sent.
 */
async function runOperation(
  deps: HttpDeps,
  op: SmOperation,
  input: Input,
  dropAfter: (() => void) | undefined,
): Promise<Record<string, unknown> | undefined> {
  let out: Record<string, unknown>;
  try {
    out = deps.state.execute(op, input);
  } catch (err) {
    if (!dropAfter) throw err;
    dropAfter();
    return undefined;
  }
  if (isWriteOperation(op)) await deps.onWrite();
  if (!dropAfter) return out;
  dropAfter();
  return undefined;
}

function routeOf(req: LocalRequest): SmOperation {
  const auth = req.headers.authorization;
  if (auth === undefined || auth.length === 0)
    throw awsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const target = req.headers['x-amz-target'];
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (!isSmOperation(name))
    throw awsError('UnknownOperationException', 'The requested operation is not supported by this server.');
  return name;
}

function parseInput(body: Buffer): Input {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw awsError('SerializationException', 'Request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw awsError('SerializationException', 'Request body must be a JSON object.');
  return parsed as Input;
}

function drop(deps: HttpDeps, req: LocalRequest, ex: Exchange, why: string): void {
  deps.logger.info('request dropped (injected fault)', logFields(ex, { fault: why }));
  req.drop();
}

function reply(deps: HttpDeps, ex: Exchange, status: number, body: unknown, errorType?: AwsErrorType): LocalReply {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': ex.requestId };
  if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
  deps.logger.info('request', logFields(ex, { status, ...(errorType === undefined ? {} : { errorType }) }));
  return { status, headers, body: JSON.stringify(body) };
}

function errorReply(deps: HttpDeps, ex: Exchange, err: unknown): LocalReply {
  if (isAwsServiceError(err))
    return reply(deps, ex, statusOf(err.code), { __type: err.code, message: err.message }, err.code);
  deps.logger.error('operation failed unexpectedly', logFields(ex, { error: describeError(err) }));
  return reply(
    deps,
    ex,
    500,
    { __type: 'InternalServiceError', message: 'An error occurred on the server side.' },
    'InternalServiceError',
  );
}

/** Request log fields: operation, secret id, status, timing. Never a request or response body. */
function logFields(ex: Exchange, extra: LogFields): LogFields {
  return {
    requestId: ex.requestId,
    operation: ex.op,
    secretId: ex.secretId,
    durationMs: Math.round(performance.now() - ex.startedMs),
    ...extra,
  };
}
