import { connect } from 'node:net';

/**
 * Sends `head` (request line and headers) and then `body` to a local server,
 * announcing more body than it sends, and waits; resolves `closed: true` when
 * the server closes the connection within `waitMs`, with what it answered.
 */
export function stalledRequest(
  url: string,
  head: string,
  body: string,
  waitMs: number,
): Promise<{ closed: boolean; answer: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, answer });
    }, waitMs);
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, answer });
    });
    socket.write(`${head.trimEnd()}\r\ncontent-length: ${Buffer.byteLength(body) + 100}\r\n\r\n${body}`);
  });
}
