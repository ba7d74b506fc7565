import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeRequest } from './fake-http.js';

/**
 * Server-side check of a Signature Version 4 `Authorization` header, in its
 * AWS form (`AWS4-HMAC-SHA256`, used by the AWS SDK against the IAM/STS fake)
 * and its Cloud Storage form (`GOOG4-HMAC-SHA256`, HMAC keys on the XML API).
 * The two differ only in names: key prefix, scope terminator and date/hash
 * headers. The fake recomputes the signature from the request it received, so
 * a client that signs with a wrong secret is refused as the provider would.
 */
export interface SigV4Dialect {
  readonly algorithm: 'AWS4-HMAC-SHA256' | 'GOOG4-HMAC-SHA256';
  readonly keyPrefix: 'AWS4' | 'GOOG4';
  readonly terminator: 'aws4_request' | 'goog4_request';
  readonly dateHeader: 'x-amz-date' | 'x-goog-date';
  readonly hashHeader: 'x-amz-content-sha256' | 'x-goog-content-sha256';
}

export const AWS_SIGV4: SigV4Dialect = {
  algorithm: 'AWS4-HMAC-SHA256',
  keyPrefix: 'AWS4',
  terminator: 'aws4_request',
  dateHeader: 'x-amz-date',
  hashHeader: 'x-amz-content-sha256',
};
export const GOOG_SIGV4: SigV4Dialect = {
  algorithm: 'GOOG4-HMAC-SHA256',
  keyPrefix: 'GOOG4',
  terminator: 'goog4_request',
  dateHeader: 'x-goog-date',
  hashHeader: 'x-goog-content-sha256',
};

export interface SigV4Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTH_PATTERN =
  /^(\S+) Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/;

/** Parses the `Authorization` header of `dialect`; undefined when absent or malformed. */
export function parseSigV4Authorization(req: FakeRequest, dialect: SigV4Dialect): SigV4Authorization | undefined {
  const m = AUTH_PATTERN.exec(req.headers.authorization ?? '');
  if (!m || m[1] !== dialect.algorithm || m[6] !== dialect.terminator) return undefined;
  const [, , accessKeyId = '', date = '', region = '', service = '', , signed = '', signature = ''] = m;
  return { accessKeyId, date, region, service, signedHeaders: signed.split(';'), signature };
}

/** Whether `auth.signature` is the signature of `req` under `secret`. */
export function verifySigV4(
  req: FakeRequest,
  auth: SigV4Authorization,
  secret: string,
  dialect: SigV4Dialect,
): boolean {
  const stamp = headerValue(req, dialect.dateHeader);
  if (!stamp.startsWith(auth.date)) return false;
  const scope = `${auth.date}/${auth.region}/${auth.service}/${dialect.terminator}`;
  const toSign = [dialect.algorithm, stamp, scope, sha256Hex(canonicalRequest(req, auth, dialect))].join('\n');
  let key = hmac(`${dialect.keyPrefix}${secret}`, auth.date);
  for (const part of [auth.region, auth.service, dialect.terminator]) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, toSign).toString('hex'));
  const given = Buffer.from(auth.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function canonicalRequest(req: FakeRequest, auth: SigV4Authorization, dialect: SigV4Dialect): string {
  const headers = auth.signedHeaders.map((h) => `${h}:${headerValue(req, h).trim().replace(/\s+/g, ' ')}\n`).join('');
  const declared = headerValue(req, dialect.hashHeader);
  const payloadHash = declared === '' ? sha256Hex(req.body) : declared;
  return [
    req.method,
    req.rawPath === '' ? '/' : req.rawPath,
    canonicalQuery(req.rawQuery),
    headers,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function canonicalQuery(raw: string): string {
  if (raw === '') return '';
  const pairs = raw.split('&').map((p) => {
    const [k = '', v = ''] = p.split('=');
    return [strictEncode(decodeURIComponent(k)), strictEncode(decodeURIComponent(v.replace(/\+/g, ' ')))] as const;
  });
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(req: FakeRequest, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
