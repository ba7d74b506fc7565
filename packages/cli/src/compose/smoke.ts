import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { cryptoRandom, silentLogger } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SimulatedTime, SmokePorts } from '@docugen-secrets/smoke';
import type { CommandContext } from '../command.js';
import { usageError } from '../usage.js';
import { STATIC_LOCAL_CREDENTIALS, type Closer } from './aws.js';
import { realAwsConfigured } from './backends.js';
import { signalCheckpoint } from './rotate.js';

export type SmokeEnv = 'local' | 'staging';

export interface SmokeBackends {
  readonly ports: SmokePorts;
  /** Value-free lines: where the store and the consumer live. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

interface Endpoint {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: typeof STATIC_LOCAL_CREDENTIALS;
}

/** The staging region: --region, then AWS_REGION / AWS_DEFAULT_REGION; staging never guesses one. */
function stagingEndpoint(ctx: CommandContext, region: string | undefined): Endpoint {
  if (!realAwsConfigured(ctx.env))
    throw usageError(
      'smoke --env staging needs AWS credentials from the default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, a web identity token as the OIDC role sets, or container credentials); none are configured',
    );
  const r = region ?? ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'];
  if (r === undefined || r === '')
    throw usageError('smoke --env staging needs a region: pass --region or set AWS_REGION');
  return { region: r };
}

/** The embedded Secrets Manager of the local default (state shared with `start`), its dates from the simulated clock. */
async function localEndpoint(
  ctx: CommandContext,
  region: string,
  time: SimulatedTime,
  closers: Closer[],
): Promise<Endpoint> {
  const { startSecretsManagerServer } = await import('@docugen-secrets/secrets-manager-server');
  const stateDir = join(ctx.cwd, '.local');
  await mkdir(stateDir, { recursive: true });
  const statePath = join(stateDir, 'secrets-manager.json');
  const server = await startSecretsManagerServer({ port: 0, region, statePath, clock: time });
  closers.push(() => server.close());
  return { region, endpoint: server.endpoint, credentials: STATIC_LOCAL_CREDENTIALS };
}

/**
 * The smoke test's ports: the canary's Secrets Manager (the embedded local
 * default, or AWS through the default credential chain), the rotation's
 * store wrapped in the audited store writing to `auditPath`, the built-in
 * rotators, and the consumer's source — the client's AWS source against the
 * same endpoint, as a service reads it.
 */
export async function openSmokeBackends(
  ctx: CommandContext,
  canary: SecretManifest,
  o: { env: SmokeEnv; region: string | undefined; time: SimulatedTime; auditPath: string },
): Promise<SmokeBackends> {
  const b = canary.backend;
  if (b.kind !== 'aws-secrets-manager')
    throw usageError(`smoke canary "${canary.id}" must live in Secrets Manager (backend ${b.kind} is not supported)`);
  const closers: Closer[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const at =
      o.env === 'staging' ? stagingEndpoint(ctx, o.region) : await localEndpoint(ctx, b.region, o.time, closers);
    const ports = await buildPorts(ctx, { id: canary.id, name: b.name }, at, o, closers);
    const where =
      at.endpoint === undefined
        ? `AWS (${at.region})`
        : 'the embedded local server, state in .local/secrets-manager.json';
    const notes = [
      `store and consumer: Secrets Manager ${b.name} on ${where}`,
      `audit log ${relative(ctx.cwd, o.auditPath)}`,
    ];
    return { ports, notes, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function buildPorts(
  ctx: CommandContext,
  canary: { readonly id: string; readonly name: string },
  at: Endpoint,
  o: { time: SimulatedTime; auditPath: string },
  closers: Closer[],
): Promise<SmokePorts> {
  const [{ AwsSecretsManagerStore }, { AwsSource }, { builtinRotators }, { AuditedStore }, audit] = await Promise.all([
    import('@docugen-secrets/store-aws'),
    import('@docugen-secrets/client'),
    import('@docugen-secrets/rotation'),
    import('@docugen-secrets/secret-store'),
    import('@docugen-secrets/audit'),
  ]);
  const conn = {
    region: at.region,
    ...(at.endpoint === undefined ? {} : { endpoint: at.endpoint }),
    ...(at.credentials === undefined ? {} : { credentials: at.credentials }),
  };
  const raw = new AwsSecretsManagerStore(conn);
  closers.push(() => {
    raw.close();
    return Promise.resolve();
  });
  const log = await audit.JsonlAuditLog.open(o.auditPath);
  const actor = audit.actorFromEnv(ctx.env);
  return {
    rotation: {
      rotators: builtinRotators(),
      audit: log,
      actor,
      clock: o.time,
      random: cryptoRandom,
      logger: silentLogger,
      checkpoint: signalCheckpoint(ctx),
    },
    store: new AuditedStore(raw, { sink: log, actor, clock: o.time }),
    source: new AwsSource({ ...conn, secrets: { [canary.id]: canary.name } }),
    time: o.time,
  };
}
