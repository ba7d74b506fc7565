import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a recorder received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP receiver (webhooks, incident APIs) that records every request and answers from a script. */
export interface HttpRecorder {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Statuses for the next requests, in order (then `fallback`). */
  script(statuses: readonly number[], fallback?: number): void;
  close(): Promise<void>;
}

/** Starts a recorder on 127.0.0.1 and an ephemeral port; answers 202 `{"status":"success"}` by default. */
export async function startHttpRecorder(): Promise<HttpRecorder> {
  const requests: RecordedRequest[] = [];
  let queue: number[] = [];
  let fallback = 202;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = queue.shift() ?? fallback;
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: status < 300 ? 'success' : 'error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    script: (statuses, fb) => {
      queue = [...statuses];
      if (fb !== undefined) fallback = fb;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
