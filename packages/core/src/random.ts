import { randomBytes, randomUUID } from 'node:crypto';

/** Randomness is a port so tests can make generated values reproducible. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
  uuid(): string;
}

export const cryptoRandom: RandomSource = {
  bytes: (n) => new Uint8Array(randomBytes(n)),
  uuid: () => randomUUID(),
};
