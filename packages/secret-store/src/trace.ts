import { AsyncLocalStorage } from 'node:async_hooks';

/** One call a store made to its backend, with the ids that correlate it with the backend's logs. */
export interface StoreCall {
  /** Backend operation, e.g. `PutSecretValue` or `git commit`. */
  readonly operation: string;
  /** AWS `x-amzn-RequestId` (CloudTrail `requestID`). */
  readonly requestId?: string;
  readonly clientRequestToken?: string;
  /** Secret ARN (CloudTrail `resources` / `requestParameters.secretId`). */
  readonly arn?: string;
  /** Commit made by a git-backed store. */
  readonly commit?: string;
  readonly attempts?: number;
  readonly httpStatus?: number;
}

const current = new AsyncLocalStorage<StoreCall[]>();

/**
 * Stores report their backend calls here; the AuditedStore collects them per
 * operation. Async-context scoped, so concurrent operations never mix their
 * calls, and a store used without auditing pays nothing.
 */
export function recordStoreCall(call: StoreCall): void {
  current.getStore()?.push(call);
}

/** Runs `fn` collecting the calls it records; `calls` is filled even when `fn` throws. */
export function traceStoreCalls<T>(calls: StoreCall[], fn: () => Promise<T>): Promise<T> {
  return current.run(calls, fn);
}
