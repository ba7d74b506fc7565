import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type RunningServer } from '../src/index.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends raw bytes and resolves with what came back before the server closed the socket. */
function rawExchange(port: number, data: string): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('close', () => {
      resolve({ text, ms: Date.now() - started });
    });
    socket.on('error', reject);
  });
}

describe('startLocalServer', () => {
  it('passes method, decoded path, query, headers and body to the handler', async () => {
    server = await startLocalServer((req) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        m: req.method,
        p: req.path,
        raw: req.rawPath,
        q: req.query.get('a'),
        b: req.body.toString(),
      }),
    }));
    const res = await fetch(`${server.url}/x%20y?a=1`, { method: 'POST', body: 'hello' });
    expect(await res.json()).toEqual({ m: 'POST', p: '/x y', raw: '/x%20y', q: '1', b: 'hello' });
  });

  it('refuses a body over the limit without reading it all', async () => {
    server = await startLocalServer(() => ({ status: 200 }), { limits: { maxBodyBytes: 10 } });
    const res = await fetch(server.url, { method: 'POST', body: 'x'.repeat(11) });
    expect(res.status).toBe(413);
  });

  it('closes a connection whose body never arrives in full (Content-Length larger than sent)', async () => {
    server = await startLocalServer(() => ({ status: 200 }), {
      limits: { requestTimeoutMs: 300, headersTimeoutMs: 200 },
    });
    const { ms } = await rawExchange(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort');
    expect(ms).toBeLessThan(5_000);
  });

  it('closes a connection whose headers never finish (slowloris)', async () => {
    server = await startLocalServer(() => ({ status: 200 }), {
      limits: { requestTimeoutMs: 300, headersTimeoutMs: 200 },
    });
    const { ms } = await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(ms).toBeLessThan(5_000);
  });

  it('answers a handler error with the generic error reply, never the error text', async () => {
    server = await startLocalServer(() => {
      throw new Error('secret-canary-xyz');
    });
    const res = await fetch(server.url);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret-canary-xyz');
  });

  it('lets a handler drop the connection (fault injection)', async () => {
    server = await startLocalServer((req) => {
      req.drop();
      return undefined;
    });
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
