import { currentIsEmergency, type VersionView } from '../planner/facts.js';
import { findRestart, restartGate, type RestartGate } from '../restart/plan.js';
import { restartConsumer, restartDetails, type RestartBase, type RestartSender } from '../restart/send.js';
import { step, type Ctx } from './context.js';

/**
 * Reload hooks in the state machine. After a promotion (current has a
 * previous version), every rolling-restart consumer with a trigger is
 * restarted once: reserved in the ledger (rate limit), sent, then recorded
 * as acknowledged — the previous version is retired only once every such
 * restart has rolled out. A crash between the send and its record resends
 * with the same delivery id on the next run.
 */

/** Reads the ledger for this secret when it has restart targets (before each decision). */
export async function loadRestarts(ctx: Ctx): Promise<void> {
  const ledger = ctx.deps.restarts?.ledger;
  if (ledger === undefined || ctx.restartTargets.length === 0) return;
  ctx.restartRecords = await ledger.read();
}

/** Whether this run still has to trigger restarts for the version now current. */
export function restartWanted(ctx: Ctx, view: VersionView): boolean {
  const current = view.current;
  if (ctx.restartsTried || current === undefined || view.previous === undefined) return false;
  return ctx.restartTargets.some(
    (t) => findRestart(ctx.restartRecords, ctx.manifest.id, current.versionId, t.service)?.triggeredAt === undefined,
  );
}

/**
 * The gate restarts put on retiring the previous version. An emergency
 * rotation is not held: the old credential is presumed compromised and
 * `emergencyOverlap` alone bounds it (restarts are still triggered).
 */
export function retireGateOf(ctx: Ctx, view: VersionView): RestartGate {
  const current = view.current;
  if (current === undefined || ctx.emergency || currentIsEmergency(ctx.manifest, view)) return { kind: 'none' };
  return restartGate(ctx.restartTargets, ctx.restartRecords, {
    secretId: ctx.manifest.id,
    versionId: current.versionId,
  });
}

/** Triggers (or defers) the restart of every target for the version now current; outcomes go to the result. */
export async function triggerRestarts(ctx: Ctx, view: VersionView): Promise<void> {
  ctx.restartsTried = true;
  const current = view.current;
  if (current === undefined) return;
  const sender = senderOf(ctx);
  for (const target of ctx.restartTargets) ctx.restarts.push(await restartConsumer(sender, target, current.versionId));
  await loadRestarts(ctx);
}

function senderOf(ctx: Ctx): RestartSender {
  return {
    secretId: ctx.manifest.id,
    now: ctx.now,
    emergency: ctx.emergency,
    restarts: ctx.deps.restarts,
    clock: ctx.deps.clock,
    sent: async (base, resend, send) => {
      await step(ctx, 'restart', base.versionId, send, () => ({ details: { ...restartDetails(base), resend } }));
    },
    notSent: (base, why, extra) => auditNotSent(ctx, base, why, extra),
  };
}

/** A restart not sent this run is on the audit trail too: deferred by the rate limit, or no adapter here. */
async function auditNotSent(
  ctx: Ctx,
  base: RestartBase,
  why: 'deferred' | 'unavailable',
  extra: Record<string, string | number>,
): Promise<void> {
  const r = ctx.manifest.rotation;
  await ctx.deps.audit.append({
    at: ctx.now.toISOString(),
    actor: ctx.deps.actor,
    action: `rotation.restart-${why}`,
    secretId: ctx.manifest.id,
    versionId: base.versionId,
    outcome: why === 'deferred' ? 'success' : 'failure',
    ...(why === 'unavailable' ? { errorCode: 'ROTATION_RESTART_UNAVAILABLE' } : {}),
    details: { rotator: r.kind, strategy: r.strategy, emergency: ctx.emergency, ...restartDetails(base), ...extra },
  });
}
