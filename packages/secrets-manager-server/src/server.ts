import {
  cryptoRandom,
  describeError,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
  type RandomSource,
} from '@docugen-secrets/core';
import { startLocalServer, type LocalServerLimits, type RunningServer } from '@docugen-secrets/local-http';
import { serverError } from './errors.js';
import { FaultBook, type FaultRule } from './faults.js';
import { createRequestHandler, protocolReplies, type HttpDeps } from './http.js';
import type { SmOperation } from './operations.js';
import { loadState } from './persist.js';
import { QuotaEnforcer } from './quota.js';
import type { ServerSnapshot } from './snapshot.js';
import { StateSaver } from './saver.js';
import { SecretsManagerState } from './state.js';

export interface SecretsManagerServerOptions {
  /** Interface to listen on; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** 0 = an ephemeral port (default). */
  port?: number;
  /** Region in ARNs and the endpoint's banner; default us-east-1. */
  region?: string;
  /** Account in ARNs; default 000000000000. */
  accountId?: string;
  /** Dates and quota refills; default the system clock. */
  clock?: Clock;
  /** ARN suffixes and generated VersionIds; default crypto randomness. */
  random?: RandomSource;
  /** Rate of every write-operation group (see operations.ts); undefined = unlimited. AWS: 50/s. */
  writeQuotaTps?: number;
  /** Rate of every read-operation group; undefined = unlimited. */
  readQuotaTps?: number;
  /**
   * Load state from this file (and its journal) at start and save it (mode
   * 0600, atomically): each write's change is appended to `<file>.journal`
   * before it is answered, the whole state is saved when the journal grows
   * past it and on close (see StateSaver).
   */
  statePath?: string;
  /** Load `statePath` but never write it back: a read-only look at a saved state (`drift`). */
  readOnlyState?: boolean;
  /** Request log (operation, secret id, status): never a secret value. Default silent. */
  logger?: Logger;
  /**
   * Return at most this many items per listing page, whatever MaxResults asks
   * (AWS may return fewer than MaxResults): proves clients follow NextToken.
   */
  maxPageSize?: number;
  /** Body limit and header/request timeouts (local-http's defaults otherwise). */
  limits?: Partial<LocalServerLimits>;
}

export interface RunningSecretsManagerServer {
  /** `http://host:port`, for the SDK's `endpoint`. */
  readonly endpoint: string;
  readonly region: string;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Count of requests per operation (every attempt, faulted ones included), for tests. */
  requestCounts(): Record<string, number>;
  /** Versions of every secret including deprecated (no label) ones, without values, for tests. */
  snapshot(): ServerSnapshot;
  /** Stops listening, drops open connections and saves the state file. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a local Secrets Manager speaking the JSON 1.1 protocol, for tests and
 * local runs: point `@aws-sdk/client-secrets-manager` at `endpoint` with any
 * static credentials.
 */
export async function startSecretsManagerServer(
  opts: SecretsManagerServerOptions = {},
): Promise<RunningSecretsManagerServer> {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? cryptoRandom;
  const logger = opts.logger ?? silentLogger;
  const data = opts.statePath === undefined ? undefined : await loadState(opts.statePath);
  let saver: StateSaver | undefined;
  const state = new SecretsManagerState({
    region: opts.region ?? 'us-east-1',
    accountId: opts.accountId ?? '000000000000',
    clock,
    random,
    ...(data ? { data } : {}),
    ...(opts.maxPageSize === undefined ? {} : { maxPageSize: opts.maxPageSize }),
    onChange: (change) => {
      saver?.record(change);
    },
  });
  if (opts.statePath !== undefined && opts.readOnlyState !== true)
    saver = new StateSaver(opts.statePath, () => state.toData());
  const faults = new FaultBook();
  const counts = new Map<SmOperation, number>();
  const quota = new QuotaEnforcer({ writeTps: opts.writeQuotaTps, readTps: opts.readQuotaTps }, clock);
  const deps: HttpDeps = {
    state,
    faults,
    quota,
    counts,
    logger,
    newRequestId: () => random.uuid(),
    onWrite: () => saver?.persist() ?? Promise.resolve(),
  };
  const server = await listen(deps, opts);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await server.close();
    await saver?.close();
  };
  return {
    endpoint: server.url,
    region: state.region,
    injectFault: (rule) => {
      faults.inject(rule);
    },
    clearFaults: () => {
      faults.clear();
    },
    requestCounts: () => Object.fromEntries(counts),
    snapshot: () => state.snapshot(),
    close: () => (closing ??= close()),
  };
}

async function listen(deps: HttpDeps, opts: SecretsManagerServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  try {
    return await startLocalServer(createRequestHandler(deps), {
      host,
      port,
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      ...protocolReplies(deps),
    });
  } catch (err) {
    throw serverError('SM_SERVER_LISTEN', `cannot listen on ${host}:${port}: ${describeError(err)}`, err);
  }
}
