import { readFile } from 'node:fs/promises';
import { cryptoRandom, silentLogger } from '@docugen-secrets/core';
import type { AlertsPort, Publisher, RunPorts } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { openBackends, loadValidManifests, modeOf, type BackendFlags } from './backends.js';
import { signalCheckpoint } from './rotate.js';
import { localRestarts, realRestarts } from './restarts.js';
import { assertSimulatedSecret, withSimulatedFailure, type SimulatedFailure } from './simulate-failure.js';

/** What the CLI's daily job plugs into `run`: the check (the caller's), manifests, backends and the audit log. */
export interface CliRunOptions {
  readonly paths: readonly string[];
  readonly auditPath: string;
  readonly flags: BackendFlags;
  readonly check?: RunPorts['check'];
  /** Where alerts go (`start`: the embedded local GitHub); absent: no alerts. */
  readonly alerts?: AlertsPort;
  /**
   * The restart ledger of a real (non-local) run; local runs keep it in
   * `.local/restarts.json`. Absent in a real run: no restarts are sent, and
   * rolling-restart consumers with a trigger keep their previous versions.
   */
  readonly restartLedgerPath?: string;
  /** Commits the run's SOPS updates once (`start`: to the local bare remote); absent: the store commits each change. */
  readonly publisher?: Publisher;
  /** `start --simulate-failure`: local backends only. */
  readonly simulateFailure?: SimulatedFailure;
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
 * actor from the environment, stop signals as checkpoints; the publisher and
 * the alerts port the caller gives (without a publisher the SOPS store
 * commits each change itself).
 */
export async function cliRunPorts(ctx: CommandContext, options: CliRunOptions): Promise<RunPorts> {
  const { JsonlAuditLog, actorFromEnv } = await import('@docugen-secrets/audit');
  const simulate = options.simulateFailure;
  const actor = actorFromEnv(ctx.env);
  return {
    ...(options.check ? { check: options.check } : {}),
    loadManifests: async () => {
      const { manifests } = await loadValidManifests(ctx, options.paths);
      if (simulate) assertSimulatedSecret(simulate, manifests);
      return manifests;
    },
    openBackends: async (manifests, { rotators }) => {
      const backends = await openBackends(ctx, manifests, { ...options.flags, rotators });
      return simulate && backends.mode === 'local' ? withSimulatedFailure(backends, simulate) : backends;
    },
    audit: {
      open: () => JsonlAuditLog.open(options.auditPath, { clock: ctx.clock, actor }),
      verify: () => verifyAudit(options.auditPath),
    },
    actor,
    clock: ctx.clock,
    random: cryptoRandom,
    logger: silentLogger,
    checkpoint: signalCheckpoint(ctx),
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...restartsPort(ctx, options),
    ...(options.publisher ? { publisher: options.publisher } : {}),
  };
}

function restartsPort(ctx: CommandContext, options: CliRunOptions): Pick<RunPorts, 'openRestarts'> {
  if (modeOf(ctx, options.flags) === 'local') return { openRestarts: (manifests) => localRestarts(ctx, manifests) };
  const ledger = options.restartLedgerPath;
  return ledger === undefined ? {} : { openRestarts: () => realRestarts(ctx, ledger) };
}
