import { RuleFaultBook } from '@docugen-secrets/core';
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

export const DEFAULT_LATENCY_MS = 100;

/** The injected rules, consumed in injection order (the shared ledger from core). */
export class FaultBook extends RuleFaultBook<SmOperation, FaultAction> {
  constructor() {
    super(DEFAULT_LATENCY_MS);
  }
}

const KINDS: readonly FaultRule['kind'][] = [
  'throttle',
  'internal-error',
  'latency',
  'drop-after-write',
  'drop-before',
];

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
  return serverError(
    'SM_SERVER_FAULT_SPEC',
    `invalid fault "${spec}": ${why}; expected <Operation|*>:<kind>[:times=N][:ms=N]`,
  );
}
