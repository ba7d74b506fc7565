import type { RandomSource } from '@docugen-secrets/core';
import type { StateData } from './model.js';

/** What one operation may see: the state, the request's instant, randomness and the server's identity. */
export interface OpContext {
  readonly data: StateData;
  readonly nowMs: number;
  readonly random: RandomSource;
  readonly region: string;
  readonly accountId: string;
}

/** A JSON 1.1 response body. */
export type Output = Record<string, unknown>;
