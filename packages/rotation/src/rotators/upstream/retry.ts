import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How often and how patiently to call a provider again. `wait` is a port so
 * tests run the same schedule without sleeping. Delays grow exponentially
 * (no jitter: a rotation is one caller, not a herd).
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly wait: (ms: number) => Promise<void>;
}

export const realWait = (ms: number): Promise<void> => sleep(ms);

/** For provider calls: throttling, 5xx and dropped connections. */
export const defaultCallRetry: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, wait: realWait };

/**
 * For proving a new credential works: new IAM/HMAC/API keys take seconds to
 * a few minutes to be accepted everywhere, so a refusal is retried for about
 * two minutes before the test counts as failed.
 */
export const defaultPropagationRetry: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 2_000,
  maxDelayMs: 20_000,
  wait: realWait,
};

export function delayOf(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/** Calls `fn` until it succeeds, a non-retryable error occurs or the attempts run out (then the last error is thrown). */
export async function withRetry<T>(
  policy: RetryPolicy,
  isRetryable: (err: unknown) => boolean,
  fn: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt + 1 >= policy.attempts || !isRetryable(err)) throw err;
      await policy.wait(delayOf(policy, attempt));
    }
  }
}

/** A probe's answer: `retryable` refusals may turn into success once the credential has propagated. */
export type ProbeResult =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string };

/** Probes until success, a final refusal or the attempts run out; returns the last answer. */
export async function probeUntilSettled<R extends ProbeResult>(
  policy: RetryPolicy,
  probe: () => Promise<R>,
): Promise<R & { readonly attempts: number }> {
  for (let attempt = 0; ; attempt++) {
    const result = await probe();
    if (result.ok || !result.retryable || attempt + 1 >= policy.attempts) return { ...result, attempts: attempt + 1 };
    await policy.wait(delayOf(policy, attempt));
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NETWORK_MESSAGES = ['fetch failed', 'socket hang up', 'other side closed', 'terminated'];

/** Whether `err` (or any error in its cause chain) is a connection that failed or dropped mid-call. */
export function isTransientNetworkError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (NETWORK_MESSAGES.some((m) => e instanceof Error && e.message.includes(m))) return true;
  }
  return false;
}
