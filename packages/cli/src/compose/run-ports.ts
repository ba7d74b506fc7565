import { readFile } from 'node:fs/promises';
import { cryptoRandom, silentLogger } from '@docugen-secrets/core';
import type { RunPorts } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { openBackends, loadValidManifests, type BackendFlags } from './backends.js';
import { signalCheckpoint } from './rotate.js';

/** What the CLI's daily job plugs into `run`: the check (the caller's), manifests, backends and the audit log. */
export interface CliRunOptions {
  readonly paths: readonly string[];
  readonly auditPath: string;
  readonly flags: BackendFlags;
  readonly check?: RunPorts['check'];
}

async function verifyAudit(path: string): ReturnType<RunPorts['audit']['verify']> {
  const { verifyAuditLog } = await import('@docugen-secrets/audit');
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : verifyAuditLog(text);
}

/**
 * The ports of `docugen-secrets start` (and any CLI run of the job): the
 * backends of `openBackends` (local by default), the JSONL audit log, the
 * actor from the environment, stop signals as checkpoints. No publisher: the
 * SOPS store commits each change itself; no alerts port.
 */
export async function cliRunPorts(ctx: CommandContext, options: CliRunOptions): Promise<RunPorts> {
  const { JsonlAuditLog, actorFromEnv } = await import('@docugen-secrets/audit');
  return {
    ...(options.check ? { check: options.check } : {}),
    loadManifests: async () => (await loadValidManifests(ctx, options.paths)).manifests,
    openBackends: (manifests, { rotators }) => openBackends(ctx, manifests, { ...options.flags, rotators }),
    audit: { open: () => JsonlAuditLog.open(options.auditPath), verify: () => verifyAudit(options.auditPath) },
    actor: actorFromEnv(ctx.env),
    clock: ctx.clock,
    random: cryptoRandom,
    logger: silentLogger,
    checkpoint: signalCheckpoint(ctx),
  };
}
