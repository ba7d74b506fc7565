import type { RandomSource } from '@docugen-secrets/core';
import { generateAgeIdentity, parseIdentities, type AgeIdentity } from '../src/index.js';

/** A fresh age identity for one test file: tests never borrow the vectors' keys. */
export async function newIdentity(): Promise<{ secret: string; recipient: string; ids: AgeIdentity[] }> {
  const { identity, recipient } = await generateAgeIdentity();
  return { secret: identity, recipient, ids: await parseIdentities(identity, 'test identity') };
}

/** Deterministic randomness for tests (a counter-seeded xorshift). */
export function seededRandom(seed = 1): RandomSource {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 0xff;
  };
  return {
    bytes: (n) => Uint8Array.from({ length: n }, next),
    uuid: () => '00000000-0000-4000-8000-000000000000',
  };
}

/** Replays recorded IVs in order (to rebuild a file with its original IVs), then falls back to `rest`. */
export function replayRandom(chunks: readonly Uint8Array[], rest: RandomSource = seededRandom(7)): RandomSource {
  const queue = [...chunks];
  return {
    bytes: (n) => {
      const c = queue.shift();
      if (c && c.length === n) return c;
      return rest.bytes(n);
    },
    uuid: () => rest.uuid(),
  };
}
