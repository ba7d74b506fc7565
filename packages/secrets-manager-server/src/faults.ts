import { serverError } from './errors.js';
import { isSmOperation, type SmOperation } from './operations.js';

/**
 * A fault to inject into requests of one operation (or all, '*'):
 * - throttle: answer ThrottlingException (HTTP 400), which the SDK retries;
 * - internal-error: answer InternalServiceError (HTTP 500), which the SDK retries;
 * - latency: wait `latencyMs` (default 100) before handling; combines with the others;
 * - drop-after-write: apply the operation, then destroy the connection without
 *   a response, as when a response is lost in transit. The SDK retries with
 *   the same ClientRequestToken, and the token's idempotency must prevent a
 *   duplicate version;
 * - drop-before: destroy the connection without applying anything.
 * `times` limits how many requests the rule hits (default: every one).
 */
export interface FaultRule {
  operation: SmOperation | '*';
  kind: 'throttle' | 'internal-error' | 'latency' | 'drop-after-write' | 'drop-before';
  times?: number;
  latencyMs?: number;
}

export type FaultAction = Exclude<FaultRule['kind'], 'latency'>;

/** What to do to one request. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly action?: FaultAction;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

export const DEFAULT_LATENCY_MS = 100;

/** The injected rules, consumed in injection order. */
export class FaultBook {
  #rules: ActiveRule[] = [];

  inject(rule: FaultRule): void {
    this.#rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Decides the faults for one request of `op`, using up one hit of every rule it applies. */
  decide(op: SmOperation): FaultDecision {
    let latencyMs = 0;
    let action: FaultAction | undefined;
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

const KINDS: readonly FaultRule['kind'][] = ['throttle', 'internal-error', 'latency', 'drop-after-write', 'drop-before'];

/**
 * Parses the CLI form `<Operation|*>:<kind>[:times=N][:ms=N]`, e.g.
 * `PutSecretValue:drop-after-write:times=1` or `*:latency:ms=250`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [operation = '', kind = '', ...options] = spec.split(':');
  if (operation !== '*' && !isSmOperation(operation)) throw badSpec(spec, `unknown operation "${operation}"`);
  const foundKind = KINDS.find((k) => k === kind);
  if (!foundKind) throw badSpec(spec, `kind must be one of ${KINDS.join(', ')}`);
  const rule: FaultRule = { operation, kind: foundKind };
  for (const option of options) {
    const [key, raw = ''] = option.split('=');
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(n)) throw badSpec(spec, `"${option}" must be times=N or ms=N with a whole number`);
    if (key === 'times') rule.times = n;
    else if (key === 'ms') rule.latencyMs = n;
    else throw badSpec(spec, `unknown option "${key ?? ''}" (use times=N or ms=N)`);
  }
  return rule;
}

function badSpec(spec: string, why: string): Error {
  return serverError('SM_SERVER_FAULT_SPEC', `invalid fault "${spec}": ${why}; expected <Operation|*>:<kind>[:times=N][:ms=N]`);
}
