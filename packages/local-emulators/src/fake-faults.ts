import { RuleFaultBook } from '@docugen-secrets/core';
/**
 * Fault injection shared by the fake provider servers (Google API keys, IAM,
 * Cloud Storage HMAC). A rule hits requests of one operation (or all, `'*'`):
 * - `throttle`: the provider's rate-limit answer (HTTP 429 RESOURCE_EXHAUSTED,
 *   IAM `Throttling`, GCS `rateLimitExceeded`);
 * - `server-error`: HTTP 500 of the provider's error shape;
 * - `latency`: wait `latencyMs` (default 50) first; combines with the others;
 * - `drop-before`: destroy the connection without applying anything;
 * - `drop-after-write`: apply the operation, then destroy the connection
 *   without a response, as when a response is lost in transit (the client
 *   cannot know whether the credential was created).
 * `times` limits how many requests the rule hits (default: every one).
 */
export type FakeFaultKind = 'throttle' | 'server-error' | 'latency' | 'drop-before' | 'drop-after-write';

export interface FakeFault<Op extends string> {
  readonly operation: Op | '*';
  readonly kind: FakeFaultKind;
  readonly times?: number;
  readonly latencyMs?: number;
}

export type FakeFaultAction = Exclude<FakeFaultKind, 'latency'>;

export interface FakeFaultDecision {
  readonly latencyMs: number;
  readonly action?: FakeFaultAction;
}

const DEFAULT_LATENCY_MS = 50;

/** The injected rules, consumed in injection order (the shared ledger from core). */
export class FakeFaults<Op extends string> extends RuleFaultBook<Op, FakeFaultAction> {
  constructor() {
    super(DEFAULT_LATENCY_MS);
  }
}
