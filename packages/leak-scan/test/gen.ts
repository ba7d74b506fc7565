/**
 * Test secrets are generated at run time (seeded, so runs are repeatable):
 * no file of this repository holds a live-looking value for the scanner
 * to trip over, and each test can mint fresh canaries.
 */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = `${ALNUM}+/`;
export const WORD = `${ALNUM}_-`;
export const HEX = '0123456789abcdef';
export const DIGITS = '0123456789';
export const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

/** mulberry32: tiny, seeded, good enough to spread characters. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let counter = 1;

/** `n` characters drawn from `alphabet`; every call gives a new string. */
export function gen(alphabet: string, n: number, seed = counter++ * 7919): string {
  const r = rng(seed);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)] ?? '';
  return s;
}

/** A generated value guaranteed to mix letters and digits (generic rules want both in practice). */
export function mixed(n: number): string {
  for (;;) {
    const s = gen(ALNUM, n);
    if (/\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return s;
  }
}

const pemBody = (lines = 6): string => Array.from({ length: lines }, () => gen(BASE64, 64)).join('\n');

/** Builds the pieces of fixed markers so the literal never appears in source. */
export const P = {
  aws: (prefix = 'AK' + 'IA'): string => prefix + gen(UPPER_B32, 16),
  gcp: (): string => 'AI' + 'za' + gen(WORD, 35),
  ghp: (): string => 'gh' + 'p_' + gen(ALNUM, 36),
  age: (): string => 'AGE-SECRET' + '-KEY-1' + gen(BECH32, 58),
  pemBody,
  pem: (label = 'RSA PRIVATE KEY', body = pemBody()): string =>
    `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`,
  jwt: (): string => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: gen(ALNUM, 12), iat: 1700000000, name: gen(ALNUM, 8) })).toString(
      'base64url',
    );
    return `${header}.${payload}.${gen(WORD, 43)}`;
  },
};
