import { RuleFaultBook } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import { OPERATION_IDS } from './routes.js';

/**
 * A fault to inject into requests of one operation (its GitHub operationId,
 * e.g. `issues/create`) or all (`*`):
 * - secondary-rate-limit: 403 with `retry-after` and GitHub's secondary-rate-limit
 *   message (what Octokit's throttling plugin recognises);
 * - server-error / bad-gateway / unavailable: 500 / 502 / 503, which the retry plugin retries;
 * - latency: wait `latencyMs` (default 100) first; combines with the others;
 * - drop-after-write: apply (and save) the request, then close the connection
 *   without an answer, as when a response is lost in transit. GitHub's POSTs
 *   are not idempotent: a client that retries creates a second object;
 * - drop-before: close the connection without applying anything.
 * `times` limits how many requests the rule hits (default: every one).
 */
export interface FaultRule {
  readonly operation: string;
  readonly kind: FaultAction | 'latency';
  readonly times?: number;
  readonly latencyMs?: number;
}

export type FaultAction =
  'secondary-rate-limit' | 'server-error' | 'bad-gateway' | 'unavailable' | 'drop-after-write' | 'drop-before';

export const DEFAULT_LATENCY_MS = 100;

export class FaultBook extends RuleFaultBook<string, FaultAction> {
  constructor() {
    super(DEFAULT_LATENCY_MS);
  }
}

const KINDS: readonly FaultRule['kind'][] = [
  'secondary-rate-limit',
  'server-error',
  'bad-gateway',
  'unavailable',
  'latency',
  'drop-after-write',
  'drop-before',
];

/** The status of a failing fault. */
export function faultStatus(action: 'server-error' | 'bad-gateway' | 'unavailable'): number {
  return action === 'server-error' ? 500 : action === 'bad-gateway' ? 502 : 503;
}

/**
 * Parses the CLI form `<operationId|*>:<kind>[:times=N][:ms=N]`, e.g.
 * `issues/create:secondary-rate-limit:times=2` or `*:latency:ms=250`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [operation = '', kind = '', ...options] = spec.split(':');
  if (operation !== '*' && !OPERATION_IDS.includes(operation)) throw badSpec(spec, `unknown operation "${operation}"`);
  const foundKind = KINDS.find((k) => k === kind);
  if (!foundKind) throw badSpec(spec, `kind must be one of ${KINDS.join(', ')}`);
  let times: number | undefined;
  let latencyMs: number | undefined;
  for (const option of options) {
    const [key, raw = ''] = option.split('=');
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(n)) throw badSpec(spec, `"${option}" must be times=N or ms=N with a whole number`);
    if (key === 'times') times = n;
    else if (key === 'ms') latencyMs = n;
    else throw badSpec(spec, `unknown option "${key ?? ''}" (use times=N or ms=N)`);
  }
  return {
    operation,
    kind: foundKind,
    ...(times === undefined ? {} : { times }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
  };
}

function badSpec(spec: string, why: string): Error {
  return serverError(
    'GH_SERVER_FAULT_SPEC',
    `invalid fault "${spec}": ${why}; expected <operationId|*>:<kind>[:times=N][:ms=N]`,
  );
}
