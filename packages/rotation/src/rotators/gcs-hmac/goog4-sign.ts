import { createHash, createHmac } from 'node:crypto';

/**
 * Signs a bodiless XML API request with an HMAC key using Cloud Storage's V4
 * signing (`GOOG4-HMAC-SHA256`: AWS SigV4 with Google names — `GOOG4` key
 * prefix, `goog4_request` scope, `x-goog-*` headers, service `storage`,
 * region `auto`). Returns the headers to send; `host` is signed but set by fetch.
 */
export function signGoog4(input: {
  readonly method: 'GET';
  readonly url: URL;
  readonly accessId: string;
  readonly secret: string;
  readonly now: Date;
  readonly headers?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const stamp = input.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = stamp.slice(0, 8);
  const payloadHash = createHash('sha256').update('').digest('hex');
  const headers: Record<string, string> = {
    host: input.url.host,
    'x-goog-content-sha256': payloadHash,
    'x-goog-date': stamp,
  };
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  const names = Object.keys(headers).sort();
  const canonical = [
    input.method,
    input.url.pathname,
    canonicalQuery(input.url.searchParams),
    names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/auto/storage/goog4_request`;
  const toSign = ['GOOG4-HMAC-SHA256', stamp, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = hmac(`GOOG4${input.secret}`, date);
  for (const part of ['auto', 'storage', 'goog4_request']) key = hmac(key, part);
  const signature = hmac(key, toSign).toString('hex');
  const { host: _host, ...send } = headers;
  return {
    ...send,
    authorization: `GOOG4-HMAC-SHA256 Credential=${input.accessId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

function canonicalQuery(params: URLSearchParams): string {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [...params]
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
