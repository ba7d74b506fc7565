import { providerError } from './errors.js';
import { isTransientNetworkError, withRetry, type RetryPolicy } from './retry.js';

export type FetchFn = typeof fetch;

export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** Names the call in errors and logs: provider, operation and the non-secret subject (project, key id). */
export interface CallLabel {
  readonly provider: string;
  readonly operation: string;
  readonly subject: string;
}

class RetryableStatus extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(`HTTP ${answer.status}`);
  }
}

/**
 * One REST call with retries on 429, 5xx and dropped connections; any other
 * answer (2xx, 4xx) is returned for the caller to read. Exhausted retries
 * become ROTATION_PROVIDER_CALL_FAILED. No header or body is ever put in an
 * error: requests may carry keys and responses may carry secrets.
 */
export async function httpCall(
  fetchFn: FetchFn,
  policy: RetryPolicy,
  call: HttpCall,
  label: CallLabel,
): Promise<HttpAnswer> {
  try {
    return await withRetry(
      policy,
      (err) => err instanceof RetryableStatus || isTransientNetworkError(err),
      async () => {
        const res = await fetchFn(call.url, {
          method: call.method,
          ...(call.headers ? { headers: call.headers } : {}),
          ...(call.body === undefined ? {} : { body: call.body }),
        });
        const answer = { status: res.status, text: await res.text() };
        if (answer.status === 429 || answer.status >= 500) throw new RetryableStatus(answer);
        return answer;
      },
    );
  } catch (err) {
    const status = err instanceof RetryableStatus ? err.answer.status : 0;
    const what = status === 0 ? 'the connection failed' : `it answered HTTP ${status}`;
    // The cause of a RetryableStatus is left out: its body is provider text we did not vet.
    throw providerError(
      'ROTATION_PROVIDER_CALL_FAILED',
      `${label.provider} ${label.operation} for "${label.subject}" failed after ${policy.attempts} attempt(s): ${what}; rerun the rotation later`,
      { ...label, status },
      err instanceof RetryableStatus ? undefined : err,
    );
  }
}

/** Parses a JSON answer; a non-JSON body is a provider fault reported without its text. */
export function jsonOf(answer: HttpAnswer, label: CallLabel): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(answer.text === '' ? '{}' : answer.text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw providerError(
    'ROTATION_PROVIDER_CALL_FAILED',
    `${label.provider} ${label.operation} for "${label.subject}" answered HTTP ${answer.status} with a body that is not a JSON object`,
    { ...label, status: answer.status },
  );
}

/** A failed (4xx) answer as an error: status and the provider's reason code only. */
export function answerError(answer: HttpAnswer, label: CallLabel, reason: string): Error {
  return providerError(
    'ROTATION_PROVIDER_CALL_FAILED',
    `${label.provider} ${label.operation} for "${label.subject}" was refused: HTTP ${answer.status}${reason === '' ? '' : ` ${reason}`}`,
    { ...label, status: answer.status, reason },
  );
}
