import { join, resolve } from 'node:path';
import { cryptoRandom, DocugenError, silentLogger } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { RestartDeps, RotateManyOptions, RotationResult, StepName } from '@docugen-secrets/rotation';
import type { CommandContext } from '../command.js';
import type { RotationBackends } from './backends.js';

/** The audit log of a run: `--audit-log FILE` or `.local/audit.jsonl`. */
export function auditLogPath(ctx: CommandContext, flag: string | undefined): string {
  return flag === undefined ? join(ctx.cwd, '.local', 'audit.jsonl') : resolve(ctx.cwd, flag);
}

/**
 * The checkpoint of a CLI rotation: after a stop signal, every rotation ends
 * at its next checkpoint. Each step before it is recorded, so the next run
 * resumes exactly there (the crash tests prove it).
 */
export function signalCheckpoint(ctx: CommandContext): (step: StepName) => void {
  let stopped = false;
  void ctx.stopSignal.then(() => (stopped = true));
  return (step) => {
    if (stopped)
      throw new DocugenError('CLI_INTERRUPTED', `stopped by a signal after step ${step}; the next run resumes here`);
  };
}

/**
 * Rotates `manifests` on opened backends: every store wrapped in an
 * AuditedStore writing to the hash-chained JSONL log at `auditPath`, the
 * actor taken from the environment (CI run or local user); `restarts`: the
 * reload hooks of consumers that must restart (absent: previous versions kept).
 */
export async function rotateOnBackends(
  ctx: CommandContext,
  backends: RotationBackends,
  manifests: readonly SecretManifest[],
  auditPath: string,
  options: RotateManyOptions,
  restarts?: RestartDeps,
): Promise<RotationResult[]> {
  const { rotateMany } = await import('@docugen-secrets/rotation');
  const { AuditedStore } = await import('@docugen-secrets/secret-store');
  const { JsonlAuditLog, actorFromEnv } = await import('@docugen-secrets/audit');
  const actor = actorFromEnv(ctx.env);
  const audit = await JsonlAuditLog.open(auditPath, { clock: ctx.clock, actor });
  const store = backends.wrap((s) => new AuditedStore(s, { sink: audit, actor, clock: ctx.clock }));
  const deps = {
    store,
    rotators: backends.rotators,
    audit,
    actor,
    clock: ctx.clock,
    random: cryptoRandom,
    logger: silentLogger,
    checkpoint: signalCheckpoint(ctx),
    ...(restarts ? { restarts } : {}),
  };
  return rotateMany(deps, manifests, options);
}
