import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeFaults } from './fake-faults.js';

/** One request as the fake protocols see it; the body is read whole. */
export interface FakeRequest {
  readonly method: string;
  /** Raw path (still percent-encoded), without the query. */
  readonly rawPath: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
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
}

/**
 * Serves `protocol` on 127.0.0.1 (an ephemeral port) and applies the injected
 * faults. Only loopback: these servers hold credentials and never face a network.
 */
export async function startFakeServer<Op extends string>(protocol: FakeProtocol<Op>, hooks: FakeServerHooks<Op>): Promise<RunningFake> {
  const server = createServer((req, res) => {
    handle(protocol, hooks, req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

async function handle<Op extends string>(protocol: FakeProtocol<Op>, hooks: FakeServerHooks<Op>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await readRequest(req);
  const routed = protocol.route(request);
  if (!('op' in routed)) {
    reply(res, routed);
    return;
  }
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
      req.socket.destroy();
      return;
    case 'drop-after-write':
      await run();
      req.socket.destroy();
      return;
    case 'throttle':
      reply(res, protocol.throttled(routed.op));
      return;
    case 'server-error':
      reply(res, protocol.serverError(routed.op));
      return;
    case undefined:
      reply(res, await run());
      return;
  }
}

async function readRequest(req: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  return { method: req.method ?? 'GET', rawPath, path: decodeURIComponent(rawPath), rawQuery, query: new URLSearchParams(rawQuery), headers: req.headers, body: Buffer.concat(chunks) };
}

function reply(res: ServerResponse, r: FakeReply): void {
  const body = r.body ?? '';
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  res.writeHead(r.status, headers).end(body);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => {
    server.close((err) => {
      if (err) reject(err);
      else resolve();
    });
  });
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
