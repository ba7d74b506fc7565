import type { RandomSource } from '@docugen-secrets/core';

export type Charset = 'alphanumeric' | 'base64url' | 'hex' | 'ascii-printable';

const range = (from: number, to: number): string =>
  String.fromCharCode(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const UPPER = range(0x41, 0x5a);
const LOWER = range(0x61, 0x7a);
const DIGITS = range(0x30, 0x39);

/** The alphabet of each manifest charset. ascii-printable: every visible ASCII character (0x21–0x7e, no space). */
export const ALPHABETS: Readonly<Record<Charset, string>> = {
  alphanumeric: UPPER + LOWER + DIGITS,
  base64url: `${UPPER}${LOWER}${DIGITS}-_`,
  hex: `${DIGITS}abcdef`,
  'ascii-printable': range(0x21, 0x7e),
};

/**
 * A uniformly random string: bytes at or above the largest multiple of the
 * alphabet size are rejected, so no character is more likely than another
 * (plain `byte % n` would favour the first 256 mod n characters).
 */
export function randomString(random: RandomSource, length: number, charset: Charset): string {
  const alphabet = ALPHABETS[charset];
  const n = alphabet.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < length) {
    for (const b of random.bytes(Math.max(16, (length - out.length) * 2))) {
      if (b >= limit) continue;
      out += alphabet.charAt(b % n);
      if (out.length === length) break;
    }
  }
  return out;
}

/** Whether every character of `text` is in the charset's alphabet. */
export function inCharset(text: string, charset: Charset): boolean {
  const alphabet = ALPHABETS[charset];
  for (const ch of text) if (!alphabet.includes(ch)) return false;
  return true;
}
