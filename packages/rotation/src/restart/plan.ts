/**
 * The pure rules of reload hooks: which consumers a promotion restarts, the
 * per-consumer rate limit, and when the previous version may be retired.
 * Every function takes the ledger's records and `now` and returns data; the
 * state machine does the I/O (see machine/restart.ts).
 */
import type { RestartTriggerSpec, SecretManifest } from '@docugen-secrets/manifest';
import { rotationToken } from '@docugen-secrets/secret-store';
import { plus } from '../schedule.js';
import type { LedgerChange, RestartRecord } from './port.js';

const HOUR_MS = 3_600_000;
/** Triggered records older than this are dropped from the ledger: no version stays previous that long. */
const RETENTION_MS = 400 * 24 * HOUR_MS;

/** A consumer the rotator restarts: a rolling-restart consumer that names a trigger. */
export interface RestartTarget {
  readonly service: string;
  readonly deployment: string;
  readonly trigger: RestartTriggerSpec;
  readonly rolloutDuration: string;
  readonly restartsPerHour?: number;
}

export function restartTargets(manifest: SecretManifest): RestartTarget[] {
  return manifest.consumers.flatMap((c): RestartTarget[] => {
    const r = c.reload;
    if (r.kind !== 'rolling-restart' || r.trigger === undefined) return [];
    return [
      {
        service: c.service,
        deployment: r.deployment,
        trigger: r.trigger,
        rolloutDuration: r.rolloutDuration,
        ...(r.restartsPerHour === undefined ? {} : { restartsPerHour: r.restartsPerHour }),
      },
    ];
  });
}

/** The delivery id of a restart: derived from ids alone, so every run (and every resend) computes the same one. */
export function deliveryIdFor(secretId: string, versionId: string, service: string): string {
  return rotationToken(secretId, `restart:${versionId}:${service}`);
}

const sameRestart = (r: RestartRecord, secretId: string, versionId: string, service: string): boolean =>
  r.secretId === secretId && r.versionId === versionId && r.service === service;

export function findRestart(
  records: readonly RestartRecord[],
  secretId: string,
  versionId: string,
  service: string,
): RestartRecord | undefined {
  return records.find((r) => sameRestart(r, secretId, versionId, service));
}

/** What `reserve` decided for one consumer. */
export type Reservation =
  | { readonly kind: 'send'; readonly record: RestartRecord; readonly resend: boolean }
  | { readonly kind: 'done'; readonly record: RestartRecord }
  | { readonly kind: 'deferred'; readonly until: Date; readonly used: number; readonly limit: number };

export interface RestartKey {
  readonly secretId: string;
  readonly versionId: string;
}

/**
 * Reserves a restart of `target` for the version in `key`, atomically with
 * the rate-limit check (run inside `RestartLedger.update`):
 * - already acknowledged: `done` (a rerun never triggers twice);
 * - reserved but never acknowledged (a crash, or a failed send): `send`
 *   again with the same delivery id, counted once;
 * - otherwise counted against `restartsPerHour` of the deployment over the
 *   last hour, every secret together: `send` when under it, else `deferred`
 *   until the oldest restart in the window leaves it.
 */
export function reserve(
  records: readonly RestartRecord[],
  target: RestartTarget,
  key: RestartKey,
  now: Date,
): LedgerChange<Reservation> {
  const kept = records.filter(
    (r) => r.triggeredAt === undefined || Date.parse(r.triggeredAt) > now.getTime() - RETENTION_MS,
  );
  const found = findRestart(kept, key.secretId, key.versionId, target.service);
  if (found?.triggeredAt !== undefined) return { records: kept, result: { kind: 'done', record: found } };
  const at = now.toISOString();
  if (found) {
    const record = { ...found, attemptedAt: at };
    return { records: kept.map((r) => (r === found ? record : r)), result: { kind: 'send', record, resend: true } };
  }
  const limit = target.restartsPerHour;
  const windowStart = now.getTime() - HOUR_MS;
  const inWindow = kept
    .filter((r) => r.deployment === target.deployment && Date.parse(r.reservedAt) > windowStart)
    .map((r) => Date.parse(r.reservedAt));
  if (limit !== undefined && inWindow.length >= limit) {
    const until = new Date(Math.min(...inWindow) + HOUR_MS);
    return { records: kept, result: { kind: 'deferred', until, used: inWindow.length, limit } };
  }
  const record: RestartRecord = {
    secretId: key.secretId,
    versionId: key.versionId,
    service: target.service,
    deployment: target.deployment,
    trigger: target.trigger.kind,
    deliveryId: deliveryIdFor(key.secretId, key.versionId, target.service),
    reservedAt: at,
    attemptedAt: at,
  };
  return { records: [...kept, record], result: { kind: 'send', record, resend: false } };
}

/** Records the acknowledgment of the restart with `deliveryId`, sent at `at`. */
export function markTriggered(
  records: readonly RestartRecord[],
  deliveryId: string,
  at: Date,
): LedgerChange<RestartRecord | undefined> {
  let marked: RestartRecord | undefined;
  const next = records.map((r) => {
    if (r.deliveryId !== deliveryId) return r;
    marked = { ...r, triggeredAt: at.toISOString() };
    return marked;
  });
  return { records: next, result: marked };
}

/** When a consumer restarted at `triggeredAt` has rolled out. */
export function rolledOutAt(target: RestartTarget, triggeredAt: Date): Date {
  return plus(triggeredAt, target.rolloutDuration);
}

/**
 * The restart gate on retiring the previous version of `key`'s secret:
 * `none` when no consumer is restarted by the rotator; `at` the latest end of
 * the acknowledged restarts' rollouts; `pending` while some restart has not
 * been acknowledged (deferred, unavailable, or never sent).
 */
export type RestartGate =
  | { readonly kind: 'none' }
  | { readonly kind: 'at'; readonly at: Date }
  | { readonly kind: 'pending'; readonly services: readonly string[] };

export function restartGate(
  targets: readonly RestartTarget[],
  records: readonly RestartRecord[],
  key: RestartKey,
): RestartGate {
  if (targets.length === 0) return { kind: 'none' };
  const pending: string[] = [];
  let at: Date | undefined;
  for (const t of targets) {
    const found = findRestart(records, key.secretId, key.versionId, t.service);
    if (found?.triggeredAt === undefined) {
      pending.push(t.service);
      continue;
    }
    const end = rolledOutAt(t, new Date(found.triggeredAt));
    if (at === undefined || end > at) at = end;
  }
  if (pending.length > 0) return { kind: 'pending', services: pending };
  return at === undefined ? { kind: 'none' } : { kind: 'at', at };
}
