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

interface ActiveFault<Op extends string> {
  readonly rule: FakeFault<Op>;
  remaining: number;
}

const DEFAULT_LATENCY_MS = 50;

/** The injected rules, consumed in injection order. */
export class FakeFaults<Op extends string> {
  #rules: ActiveFault<Op>[] = [];

  inject(rule: FakeFault<Op>): void {
    this.#rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Decides the faults of one request of `op`, using up one hit of every rule that applies. */
  decide(op: Op): FakeFaultDecision {
    let latencyMs = 0;
    let action: FakeFaultAction | undefined;
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining <= 0 || (rule.operation !== '*' && rule.operation !== op)) continue;
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? DEFAULT_LATENCY_MS;
      else if (action === undefined) action = rule.kind;
      else continue;
      active.remaining -= 1;
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return action === undefined ? { latencyMs } : { latencyMs, action };
  }
}
