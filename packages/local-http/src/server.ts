import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one HTTP stack of the project's local servers (Secrets Manager, provider
 * emulators, GitHub): loopback only, bounded bodies, and timeouts so that a slow
 * or stalled client can never hold a connection (or the process) forever.
 */
export interface LocalServerLimits {
  /** Largest request body accepted; larger bodies get `onTooLarge`'s answer. */
  readonly maxBodyBytes: number;
  /** Time allowed to receive the request headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive the whole request, body included. */
  readonly requestTimeoutMs: number;
  /** Idle time before a kept-alive connection is closed. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: LocalServerLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** One request with its body read whole (within the limit). */
export interface LocalRequest {
  readonly method: string;
  /** Raw path (still percent-encoded), without the query. */
  readonly rawPath: string;
  /** Decoded path; the raw path when it is not valid percent-encoding. */
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  /** The underlying socket's destroy: how a handler drops a connection on purpose (fault injection). */
  readonly drop: () => void;
}

export interface LocalReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Buffer;
}

/** Answers a request; `undefined` means the handler dropped the connection. */
export type LocalHandler = (req: LocalRequest) => Promise<LocalReply | undefined> | LocalReply | undefined;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export interface StartOptions {
  /** Interface to listen on: 127.0.0.1 unless a caller explicitly asks for another. */
  readonly host?: string;
  readonly port?: number;
  readonly limits?: Partial<LocalServerLimits>;
  /** The answer to a body over the limit (each protocol has its own error shape). */
  readonly onTooLarge?: (limit: number) => LocalReply;
  /** The answer when the handler throws (never the error's text: it may hold request data). */
  readonly onError?: (err: unknown) => LocalReply;
}

const DEFAULT_TOO_LARGE = (limit: number): LocalReply => ({
  status: 413,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: `Request body larger than ${limit} bytes.` }),
});
const DEFAULT_ERROR = (): LocalReply => ({
  status: 500,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Internal server error.' }),
});

/** Serves `handler` on 127.0.0.1 (unless `host` says otherwise), on an ephemeral port unless `port` is given. */
export async function startLocalServer(handler: LocalHandler, options: StartOptions = {}): Promise<RunningServer> {
  const limits: LocalServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const onTooLarge = options.onTooLarge ?? DEFAULT_TOO_LARGE;
  const onError = options.onError ?? DEFAULT_ERROR;
  const host = options.host ?? '127.0.0.1';
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node enforces the two timeouts above on this interval (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      serve(handler, limits, onTooLarge, onError, req, res).catch(() => req.socket.destroy());
    },
  );
  // An idle socket mid-request (no bytes at all) is closed too.
  server.setTimeout(limits.requestTimeoutMs, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { url, port, close: () => closeServer(server) };
}

async function serve(
  handler: LocalHandler,
  limits: LocalServerLimits,
  onTooLarge: (limit: number) => LocalReply,
  onError: (err: unknown) => LocalReply,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, limits.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      send(res, onTooLarge(err.limit), true);
      return;
    }
    req.socket.destroy();
    return;
  }
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const request: LocalRequest = {
    method: req.method ?? 'GET',
    rawPath,
    path: safeDecode(rawPath),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: req.headers,
    body,
    drop: () => req.socket.destroy(),
  };
  let reply: LocalReply | undefined;
  try {
    reply = await handler(request);
  } catch (err) {
    reply = onError(err);
  }
  if (reply !== undefined && !req.socket.destroyed) send(res, reply, false);
}

/** Reads the whole body; throws BodyTooLargeError (without buffering the rest) past `limit`. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: LocalReply, close: boolean): void {
  const body = reply.body ?? '';
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(body) };
  if (close) headers['connection'] = 'close';
  res.writeHead(reply.status, headers).end(body);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
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
