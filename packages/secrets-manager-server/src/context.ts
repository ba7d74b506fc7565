import type { RandomSource } from '@docugen-secrets/core';
import type { StateData } from './model.js';

/** What one operation may see: the state, the request's instant, randomness and the server's identity. */
export interface OpContext {
  readonly data: StateData;
  readonly nowMs: number;
  readonly random: RandomSource;
  readonly region: string;
  readonly accountId: string;
  /**
   * Largest page a listing returns whatever MaxResults asks. Clients must
   * follow NextToken ("If there are more results available, in the response,
   * Secrets Manager includes NextToken", ListSecretVersionIds and ListSecrets,
   * MaxResults), not count items; a cap lets tests prove they do.
   * Undefined = MaxResults decides.
   */
  readonly pageCap?: number;
}

/** A JSON 1.1 response body. */
export type Output = Record<string, unknown>;
