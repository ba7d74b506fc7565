import { alertsError } from '../errors.js';

export interface PostOptions {
  readonly fetch: typeof fetch;
  /** Attempts after the first, for 429, 5xx and dropped connections; default 3. */
  readonly retries?: number;
  /** Waits between attempts (injected: tests pass a no-op); default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Backoff base in ms (doubles per attempt); default 500. */
  readonly backoffMs?: number;
  /** Per-attempt timeout; default 10 s. */
  readonly timeoutMs?: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function transient(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * POSTs a JSON body, retrying transient failures with exponential backoff
 * (honouring a numeric `retry-after`). Throws `ALERTS_EVENT_FAILED` with the
 * sink name and last status only: receivers' bodies are never read into an error.
 */
export async function postJson(
  sink: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions,
): Promise<void> {
  const retries = opts.retries ?? 3;
  const sleep = opts.sleep ?? realSleep;
  let last = 'no answer';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((opts.backoffMs ?? 500) * 2 ** (attempt - 1));
    try {
      const res = await opts.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.body?.cancel();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
      if (!transient(res.status)) break;
      const after = Number(res.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0 && after <= 60) await sleep(after * 1000);
    } catch {
      last = 'no answer';
    }
  }
  throw alertsError('ALERTS_EVENT_FAILED', `${sink}: event not delivered (${last}) after ${retries + 1} attempt(s)`, {
    sink,
  });
}
