import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretStore } from '@docugen-secrets/secret-store';
import { evaluate } from '../planner/evaluate.js';
import { secretRef } from '../refs.js';
import type { Rotator } from '../rotators/port.js';
import { rotationError } from '../errors.js';
import { auditEmergency, makeCtx, result, tick, type Ctx } from './context.js';
import { decide } from './decide.js';
import { resumePending, startRotation } from './pending.js';
import { discardFailed, retirePrevious } from './retire.js';
import { loadRestarts, triggerRestarts } from './restart.js';
import type { RotateOptions, RotationDeps, RotationResult } from './types.js';

/** start, resume, restart, retire, discard: a run needs at most a handful of phases; more means something fights it. */
const MAX_PHASES = 8;

function storeFor(deps: RotationDeps, manifest: SecretManifest): SecretStore | undefined {
  return typeof deps.store === 'function' ? deps.store(secretRef(manifest)) : deps.store;
}

function rotatorFor(deps: RotationDeps, manifest: SecretManifest): Rotator | undefined {
  return deps.rotators[manifest.rotation.kind];
}

function skip(
  manifest: SecretManifest,
  opts: RotateOptions,
  kind: 'skipped' | 'blocked',
  reason: string,
): RotationResult {
  return { secretId: manifest.id, kind, reason, steps: [], emergency: opts.emergency !== undefined };
}

/** Reasons a secret cannot be rotated here at all, before anything is read. */
function gate(
  deps: RotationDeps,
  manifest: SecretManifest,
  opts: RotateOptions,
): RotationResult | { store: SecretStore; rotator: Rotator } {
  const r = manifest.rotation;
  if (r.kind === 'manual') return skip(manifest, opts, 'blocked', `manual rotation: follow ${r.procedure}`);
  if (r.strategy === 'single' && opts.waivedSingle?.has(manifest.id) !== true) {
    return skip(manifest, opts, 'blocked', 'the single strategy rotates without overlap and needs a waiver');
  }
  if (opts.emergency !== undefined && opts.emergency.reason.trim() === '') {
    throw rotationError('ROTATION_BAD_OPTIONS', `secret "${manifest.id}": an emergency rotation needs a reason`, {
      secretId: manifest.id,
    });
  }
  const store = storeFor(deps, manifest);
  if (!store) return skip(manifest, opts, 'skipped', `store not configured for backend ${manifest.backend.kind}`);
  const rotator = rotatorFor(deps, manifest);
  if (!rotator) return skip(manifest, opts, 'skipped', `provider not configured: no ${r.kind} rotator available here`);
  return { store, rotator };
}

/** An emergency that cannot run here (manual, no waiver, not configured) is still on the audit trail, with its reason. */
async function refusedEmergency(
  deps: RotationDeps,
  manifest: SecretManifest,
  opts: RotateOptions,
  refused: RotationResult,
): Promise<RotationResult> {
  if (opts.emergency === undefined || opts.dryRun === true) return refused;
  const r = manifest.rotation;
  const details = {
    rotator: r.kind,
    strategy: r.strategy,
    emergency: true,
    reason: opts.emergency.reason,
    requested: true,
    result: refused.kind,
  };
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    action: 'rotation.emergency',
    secretId: manifest.id,
    outcome: 'failure',
    details,
  });
  return refused;
}

async function loop(ctx: Ctx): Promise<RotationResult> {
  await auditEmergency(ctx);
  for (let i = 0; i < MAX_PHASES; i++) {
    const desc = await ctx.store.describe(ctx.ref);
    tick(ctx);
    await loadRestarts(ctx);
    const phase = decide(ctx, desc);
    switch (phase.kind) {
      case 'discard-failed':
        await discardFailed(ctx, phase.view);
        break;
      case 'resume': {
        const stopped = await resumePending(ctx, phase.view);
        if (stopped) return stopped;
        break;
      }
      case 'retire': {
        const stopped = await retirePrevious(ctx, desc, phase.view);
        if (stopped) return stopped;
        break;
      }
      case 'restart':
        await triggerRestarts(ctx, phase.view);
        break;
      case 'start': {
        const stopped = await startRotation(ctx, phase.view, desc);
        if (stopped) return stopped;
        break;
      }
      case 'stop':
        return result(ctx, phase.result, phase.reason, phase.waitUntil ? { waitUntil: phase.waitUntil } : {});
    }
  }
  throw rotationError(
    'ROTATION_STATE_CONFLICT',
    `secret "${ctx.manifest.id}": the rotation did not settle after ${MAX_PHASES} steps; is another run rotating it?`,
    { secretId: ctx.manifest.id },
  );
}

async function dryRun(ctx: Ctx): Promise<RotationResult> {
  const desc = await ctx.store.describe(ctx.ref);
  const entry = evaluate(ctx.manifest, desc, ctx.now, ctx.opts);
  const what = ctx.emergency ? `would rotate now (emergency); schedule says: ${entry.action}` : `would ${entry.action}`;
  return result(ctx, 'dry-run', `${what}: ${entry.reason}`, { plan: entry });
}

/**
 * Rotates one secret as far as its gates allow: create → set → test → finish
 * → retire. Every decision is re-derived from the store after each phase, so
 * a run killed anywhere is resumed (or rolled back) by the next one with the
 * same tokens. Provider calls go through the rotator, store writes through the
 * store port; every step is audited.
 */
export async function rotateSecret(
  deps: RotationDeps,
  manifest: SecretManifest,
  opts: RotateOptions = {},
): Promise<RotationResult> {
  const ready = gate(deps, manifest, opts);
  if ('kind' in ready) return refusedEmergency(deps, manifest, opts, ready);
  const ctx = makeCtx(deps, manifest, opts, ready.store, ready.rotator);
  return opts.dryRun === true ? dryRun(ctx) : loop(ctx);
}
