import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startLocalServer,
  type LocalReply,
  type LocalRequest,
  type LocalServerLimits,
} from '@docugen-secrets/local-http';
import type { FakeFaults } from './fake-faults.js';

/** One request as the fake protocols see it; the body is read whole. */
export interface FakeRequest {
  readonly method: string;
  /** Raw path (still percent-encoded), without the query. */
  readonly rawPath: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface FakeReply {
  readonly status: number;
  readonly contentType?: string;
  readonly body?: string;
}

/** A routed request: its operation name (for faults and counts) and the handler that applies it. */
export interface FakeRoute<Op extends string> {
  readonly op: Op;
  readonly run: () => FakeReply;
}

/** How one provider speaks: routing and its error shapes for injected faults. */
export interface FakeProtocol<Op extends string> {
  route(req: FakeRequest): FakeRoute<Op> | FakeReply;
  throttled(op: Op): FakeReply;
  serverError(op: Op): FakeReply;
}

/** A running fake: its base URL and how to stop it. */
export interface RunningFake {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What a server needs of its emulator besides the protocol. */
export interface FakeServerHooks<Op extends string> {
  readonly faults: FakeFaults<Op>;
  /** Every routed request by operation, faulted or not. */
  readonly counts: Map<Op, number>;
  /**
   * Called after an operation ran, before its answer is sent: an emulator
   * with a state file saves here, so an answer always means "stored", as
   * with a real provider.
   */
  readonly afterRun?: () => Promise<void>;
  /** Body limit and header/request timeouts (local-http's defaults otherwise). */
  readonly limits?: Partial<LocalServerLimits> | undefined;
}

/**
 * Serves `protocol` on 127.0.0.1 (an ephemeral port) through local-http (body
 * limit, header/request timeouts) and applies the injected faults. Only
 * loopback: these servers hold credentials and never face a network.
 */
export async function startFakeServer<Op extends string>(
  protocol: FakeProtocol<Op>,
  hooks: FakeServerHooks<Op>,
): Promise<RunningFake> {
  return startLocalServer(
    (req) => handle(protocol, hooks, req),
    hooks.limits === undefined ? {} : { limits: hooks.limits },
  );
}

/** The reply to one request; undefined when an injected fault dropped the connection. */
async function handle<Op extends string>(
  protocol: FakeProtocol<Op>,
  hooks: FakeServerHooks<Op>,
  req: LocalRequest,
): Promise<LocalReply | undefined> {
  const routed = protocol.route(req);
  if (!('op' in routed)) return toLocal(routed);
  hooks.counts.set(routed.op, (hooks.counts.get(routed.op) ?? 0) + 1);
  const decision = hooks.faults.decide(routed.op);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const run = async (): Promise<FakeReply> => {
    const answer = routed.run();
    await hooks.afterRun?.();
    return answer;
  };
  switch (decision.action) {
    case 'drop-before':
      req.drop();
      return undefined;
    case 'drop-after-write':
      await run();
      req.drop();
      return undefined;
    case 'throttle':
      return toLocal(protocol.throttled(routed.op));
    case 'server-error':
      return toLocal(protocol.serverError(routed.op));
    default:
      return toLocal(await run());
  }
}

function toLocal(r: FakeReply): LocalReply {
  return {
    status: r.status,
    ...(r.contentType === undefined ? {} : { headers: { 'content-type': r.contentType } }),
    body: r.body ?? '',
  };
}

/** A JSON reply. */
export function jsonReply(status: number, body: unknown): FakeReply {
  return { status, contentType: 'application/json; charset=UTF-8', body: JSON.stringify(body) };
}

/** The bearer token of a request, if any. */
export function bearerOf(req: FakeRequest): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') === true ? auth.slice('Bearer '.length) : undefined;
}

/**
 * The route maker of an OAuth-bearer API: a route runs its handler only for the
 * emulator's token and answers `unauthorized()` otherwise. Either way the request
 * is counted and faulted under its operation, as upstream meters it.
 */
export function bearerRoutes<Op extends string>(
  req: FakeRequest,
  token: string,
  unauthorized: () => FakeReply,
): (op: Op, run: () => FakeReply) => FakeRoute<Op> {
  return (op, run) => ({ op, run: () => (bearerOf(req) === token ? run() : unauthorized()) });
}

/** One page of a Google list call paged by an offset `pageToken`, with `nextPageToken` when more follow. */
export function offsetPage<T>(all: readonly T[], query: URLSearchParams, size: number): OffsetPage<T> {
  const start = Number(query.get('pageToken') ?? '') || 0;
  const page = all.slice(start, start + size);
  return start + size < all.length ? { page, next: { nextPageToken: String(start + size) } } : { page, next: {} };
}

/** A page and the `nextPageToken` field to spread into the reply. */
export interface OffsetPage<T> {
  readonly page: T[];
  readonly next: { readonly nextPageToken?: string };
}
