import { join, resolve } from 'node:path';
import { cryptoRandom, DocugenError, silentLogger } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { RotateManyOptions, RotationResult } from '@docugen-secrets/rotation';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import type { CommandContext } from '../command.js';
import type { RotationBackends } from './rotation-backends.js';

/** The audit log of a run: `--audit-log FILE` or `.local/audit.jsonl`. */
export function auditLogPath(ctx: CommandContext, flag: string | undefined): string {
  return flag === undefined ? join(ctx.cwd, '.local', 'audit.jsonl') : resolve(ctx.cwd, flag);
}

/**
 * Rotates `manifests` on opened backends: every store wrapped in an
 * AuditedStore writing to the hash-chained JSONL log at `auditPath`, the
 * actor taken from the environment (CI run or local user).
 */
export async function rotateOnBackends(
  ctx: CommandContext,
  backends: RotationBackends,
  manifests: readonly SecretManifest[],
  auditPath: string,
  options: RotateManyOptions,
): Promise<RotationResult[]> {
  const { rotateMany } = await import('@docugen-secrets/rotation');
  const { AuditedStore } = await import('@docugen-secrets/secret-store');
  const { JsonlAuditLog, actorFromEnv } = await import('@docugen-secrets/audit');
  const audit = await JsonlAuditLog.open(auditPath);
  const actor = actorFromEnv(ctx.env);
  const store = backends.wrap((s) => new AuditedStore(s, { sink: audit, actor, clock: ctx.clock }));
  let stopped = false;
  void ctx.stopSignal.then(() => (stopped = true));
  // After a stop signal, every rotation ends at its next checkpoint: each step before it
  // is recorded, so the next run resumes exactly there (the crash tests prove it).
  const checkpoint = (step: string): void => {
    if (stopped)
      throw new DocugenError('CLI_INTERRUPTED', `stopped by a signal after step ${step}; the next run resumes here`);
  };
  const deps = {
    store,
    rotators: backends.rotators,
    audit,
    actor,
    clock: ctx.clock,
    random: cryptoRandom,
    logger: silentLogger,
    checkpoint,
  };
  return rotateMany(deps, manifests, options);
}

/** Every secret's store description (metadata, never a value); a store that cannot be read leaves its secret out (plan: "unknown"). */
export async function describeAll(
  backends: RotationBackends,
  manifests: readonly SecretManifest[],
): Promise<Map<string, SecretDescription>> {
  const { secretRef } = await import('@docugen-secrets/rotation');
  const descriptions = new Map<string, SecretDescription>();
  for (const m of manifests) {
    const ref = secretRef(m);
    const store = backends.store(ref);
    const desc = store ? await store.describe(ref).catch(() => undefined) : undefined;
    if (desc) descriptions.set(m.id, desc);
  }
  return descriptions;
}
