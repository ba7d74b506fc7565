import { isDeepStrictEqual } from 'node:util';

/**
 * The runtime helpers ajv's standalone code needs, as local ESM so the
 * generated validators have no `require` and bundle cleanly. Behaviour matches
 * ajv/dist/runtime/{ucs2length,equal}.
 */

/** Length in Unicode code points (a surrogate pair counts once), as JSON Schema defines string length. */
export function ucs2length(str: string): number {
  let length = 0;
  for (let i = 0; i < str.length; i++) {
    length++;
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}

/** Deep equality of JSON values (enum, const, uniqueItems). */
export function equal(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
