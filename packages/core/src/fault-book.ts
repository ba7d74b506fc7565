/** One injected fault: hits requests of `operation` (or all, `'*'`), `times` times (default: every one). */
export interface FaultRuleOf<Op extends string, Action extends string> {
  readonly operation: Op | '*';
  readonly kind: Action | 'latency';
  readonly times?: number;
  readonly latencyMs?: number;
}

/** What to do to one request: wait, then perhaps act (throttle, fail, drop…). */
export interface FaultDecisionOf<Action extends string> {
  readonly latencyMs: number;
  readonly action?: Action;
}

/**
 * The fault-injection ledger behind the local servers (Secrets Manager and the
 * provider emulators): rules are consumed in injection order; latency rules
 * add up and combine with at most one action per request.
 */
export class FaultBook<Op extends string, Action extends string> {
  #rules: { readonly rule: FaultRuleOf<Op, Action>; remaining: number }[] = [];

  constructor(private readonly defaultLatencyMs: number) {}

  inject(rule: FaultRuleOf<Op, Action>): void {
    this.#rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Decides the faults of one request of `op`, using up one hit of every rule that applies. */
  decide(op: Op): FaultDecisionOf<Action> {
    let latencyMs = 0;
    let action: Action | undefined;
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining <= 0 || (rule.operation !== '*' && rule.operation !== op)) continue;
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? this.defaultLatencyMs;
      else if (action === undefined) action = rule.kind;
      else continue;
      active.remaining -= 1;
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return action === undefined ? { latencyMs } : { latencyMs, action };
  }
}
