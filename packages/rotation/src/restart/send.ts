import type { Clock } from '@docugen-secrets/core';
import { deliveryIdFor, markTriggered, reserve, rolledOutAt, type RestartTarget } from './plan.js';
import type { RestartDeps, RestartOutcome } from './port.js';

/** A restart outcome without its verdict: the ids every audit record of it carries. */
export type RestartBase = Omit<RestartOutcome, 'kind'>;

/**
 * How one rotation path (the state machine, a person's manual rotation)
 * sends a secret's restarts: the ports, and how it audits a send and a
 * restart it did not send.
 */
export interface RestartSender {
  readonly secretId: string;
  readonly now: Date;
  readonly emergency: boolean;
  /** Absent: no reload hooks in this run; every restart is `unavailable`. */
  readonly restarts: RestartDeps | undefined;
  readonly clock: Clock;
  /** Runs the send as the path's audited step (`resend`: a repeat of an unacknowledged send). */
  sent(base: RestartBase, resend: boolean, send: () => Promise<void>): Promise<void>;
  /** Audits a restart not sent this run: over the rate limit, or no adapter for its trigger here. */
  notSent(base: RestartBase, why: 'deferred' | 'unavailable', extra: Record<string, string | number>): Promise<void>;
}

/**
 * Restarts one consumer for `versionId`, once: reserved in the ledger (rate
 * limit), sent, then recorded as acknowledged. A crash between the send and
 * its record resends with the same delivery id next time.
 */
export async function restartConsumer(
  s: RestartSender,
  target: RestartTarget,
  versionId: string,
): Promise<RestartOutcome> {
  const base: RestartBase = {
    service: target.service,
    deployment: target.deployment,
    trigger: target.trigger.kind,
    versionId,
    deliveryId: deliveryIdFor(s.secretId, versionId, target.service),
  };
  const adapter = s.restarts?.triggers[target.trigger.kind];
  if (s.restarts === undefined || adapter === undefined) {
    await s.notSent(base, 'unavailable', {});
    return { ...base, kind: 'unavailable' };
  }
  const ledger = s.restarts.ledger;
  const r = await ledger.update((records) => reserve(records, target, { secretId: s.secretId, versionId }, s.now));
  switch (r.kind) {
    case 'done': {
      const at = new Date(r.record.triggeredAt ?? s.now.toISOString());
      return { ...base, kind: 'done', triggeredAt: at, until: rolledOutAt(target, at) };
    }
    case 'deferred':
      await s.notSent(base, 'deferred', { retryAfter: r.until.toISOString(), used: r.used, limit: r.limit });
      return { ...base, kind: 'deferred', until: r.until };
    case 'send': {
      const request = { ...base, secretId: s.secretId, trigger: target.trigger, emergency: s.emergency };
      await s.sent(base, r.resend, () => adapter.trigger(request));
      // A crash here (after the send, before this record) is healed by a resend with the same delivery id.
      const at = s.clock.now();
      await ledger.update((records) => markTriggered(records, base.deliveryId, at));
      return { ...base, kind: r.resend ? 'resent' : 'triggered', triggeredAt: at, until: rolledOutAt(target, at) };
    }
  }
}

/** The value-free audit details of one restart. */
export function restartDetails(base: RestartBase): Record<string, string> {
  return { service: base.service, deployment: base.deployment, trigger: base.trigger, deliveryId: base.deliveryId };
}
