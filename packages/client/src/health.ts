import type { Entry } from './entry.js';

/** One secret's refresh health: ids, times and counts, never a value. */
export interface SecretHealth {
  readonly id: string;
  readonly source: string;
  readonly currentVersionId?: string;
  /** ISO time of the last successful refresh. */
  readonly lastSuccessAt?: string;
  /** Time since the last successful refresh. */
  readonly ageMs: number;
  readonly consecutiveFailures: number;
  readonly lastErrorCode?: string;
  /** The age passed maxStaleness: `get` throws CLIENT_STALE. */
  readonly stale: boolean;
  readonly refreshIntervalMs: number;
  readonly maxStalenessMs: number;
}

export interface ClientHealth {
  /** No secret is stale. A secret with failures but within its bound is still ok (served stale). */
  readonly ok: boolean;
  readonly secrets: readonly SecretHealth[];
}

export function healthOf(source: string, entries: readonly Entry[], nowMs: number): ClientHealth {
  const secrets = entries.map((e): SecretHealth => {
    const ageMs = e.lastSuccessMs === undefined ? Number.POSITIVE_INFINITY : nowMs - e.lastSuccessMs;
    return {
      id: e.id,
      source,
      ...(e.ids ? { currentVersionId: e.ids.current } : {}),
      ...(e.lastSuccessMs === undefined ? {} : { lastSuccessAt: new Date(e.lastSuccessMs).toISOString() }),
      ageMs,
      consecutiveFailures: e.consecutiveFailures,
      ...(e.lastError ? { lastErrorCode: e.lastError.code } : {}),
      stale: ageMs > e.maxStalenessMs,
      refreshIntervalMs: e.intervalMs,
      maxStalenessMs: e.maxStalenessMs,
    };
  });
  return { ok: secrets.every((s) => !s.stale), secrets };
}
