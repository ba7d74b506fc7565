import { join } from 'node:path';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { ProviderPorts, RotatorRegistry, StoreResolver } from '@docugen-secrets/rotation';
import type { SecretStore } from '@docugen-secrets/secret-store';
import { openAwsStore, type Closer } from './aws.js';
import { cloudProviderPorts, localProviderPorts } from './providers.js';
import { openSopsStore } from './sops.js';
import type { CommandContext } from '../command.js';
import { assertManifestPaths } from '../files.js';

/**
 * The composition root of `plan`, `rotate` and `start`: builds the stores
 * and rotators once, at the entrypoint.
 *
 * Local mode (the default when no AWS configuration is present, and always
 * for `start`): an in-process Secrets Manager server and the provider
 * emulators, with state in `.local/`; SOPS files in a local git repository
 * `.local/sops-repo` (never the working tree), unless `--sops-repo PATH`.
 * Every rotation kind runs.
 *
 * AWS mode (`--aws-endpoint` or AWS credentials in the environment): the AWS
 * adapter; provider rotators only for providers whose credentials are
 * configured, the others reported "skipped: provider not configured".
 */
export interface BackendFlags {
  readonly awsEndpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Write and commit SOPS files in this git checkout instead of `.local/sops-repo`. */
  readonly sopsRepo?: string | undefined;
  /** `publisher`: the SOPS store only writes, the run's publisher commits once (`start`); default each change. */
  readonly sopsCommits?: 'each-change' | 'publisher';
  /** AWS mode: use Google Application Default Credentials for the Google providers. */
  readonly googleAdc?: boolean | undefined;
  /** Local mode whatever the environment says (`start`). */
  readonly forceLocal?: boolean;
  /** Build the provider rotators (rotate, start); plan only reads stores. */
  readonly rotators?: boolean;
}

export interface RotationBackends {
  readonly mode: 'local' | 'aws';
  readonly store: StoreResolver;
  readonly rotators: RotatorRegistry;
  /** Value-free lines describing where things live, for the report. */
  readonly notes: readonly string[];
  /** Wraps every store (e.g. in an AuditedStore). */
  wrap(decorate: (s: SecretStore) => SecretStore): StoreResolver;
  close(): Promise<void>;
}

/** AWS credentials are configured in the environment (the SDK's default chain will find them). */
export function realAwsConfigured(env: CommandContext['env']): boolean {
  return ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'].some(
    (k) => (env[k] ?? '') !== '',
  );
}

/** Decides the mode: local unless an endpoint is given or AWS credentials are configured (never for `start`). */
export function modeOf(ctx: CommandContext, flags: BackendFlags): 'local' | 'aws' {
  if (flags.forceLocal === true) return 'local';
  return flags.awsEndpoint !== undefined || realAwsConfigured(ctx.env) ? 'aws' : 'local';
}

async function providerPorts(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  mode: 'local' | 'aws',
  flags: BackendFlags,
  parts: { stateDir: string; region: string; notes: string[]; closers: Closer[] },
): Promise<ProviderPorts> {
  if (flags.rotators !== true) return {};
  if (mode === 'local') return localProviderPorts(ctx, manifests, parts.stateDir, parts.notes, parts.closers);
  return cloudProviderPorts(
    ctx,
    manifests,
    { awsCredentials: realAwsConfigured(ctx.env), googleAdc: flags.googleAdc === true, region: parts.region },
    parts.notes,
    parts.closers,
  );
}

/** Opens only the backends the manifests need; on a failure, closes what it opened. */
export async function openBackends(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  flags: BackendFlags,
): Promise<RotationBackends> {
  const { builtinRotators, providerRotators } = await import('@docugen-secrets/rotation');
  const mode = modeOf(ctx, flags);
  const stateDir = join(ctx.cwd, '.local');
  const region = flags.region ?? ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'] ?? 'eu-west-1';
  const notes: string[] = [];
  const closers: Closer[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) await c();
  };
  const needs = (kind: SecretManifest['backend']['kind']): boolean => manifests.some((m) => m.backend.kind === kind);
  try {
    const aws = needs('aws-secrets-manager')
      ? await openAwsStore(
          ctx,
          { mode, stateDir, region, endpoint: flags.awsEndpoint, realCredentials: realAwsConfigured(ctx.env) },
          notes,
          closers,
        )
      : undefined;
    const sops = needs('sops')
      ? await openSopsStore(ctx, { stateDir, sopsRepo: flags.sopsRepo, commits: flags.sopsCommits }, notes)
      : undefined;
    const ports = await providerPorts(ctx, manifests, mode, flags, { stateDir, region, notes, closers });
    const pick =
      (s: (k: 'aws' | 'sops') => SecretStore | undefined): StoreResolver =>
      (ref) =>
        ref.target.kind === 'aws-secrets-manager' ? s('aws') : ref.target.kind === 'sops' ? s('sops') : undefined;
    return {
      mode,
      store: pick((k) => (k === 'aws' ? aws : sops)),
      rotators: { ...builtinRotators(), ...providerRotators(ports) },
      notes,
      wrap: (decorate) => {
        const wrapped = { aws: aws ? decorate(aws) : undefined, sops: sops ? decorate(sops) : undefined };
        return pick((k) => wrapped[k]);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Loads the manifests; invalid files are named (run `check` for details), missing paths are a usage error. */
export async function loadValidManifests(
  ctx: CommandContext,
  paths: readonly string[],
): Promise<{ manifests: SecretManifest[]; invalid: string[] }> {
  const { loadManifests } = await import('@docugen-secrets/manifest');
  const result = await loadManifests(paths.length > 0 ? paths : ['secrets-manifests'], { cwd: ctx.cwd });
  await assertManifestPaths(result.pathProblems);
  const manifests = result.manifests.flatMap((m) => (m.manifest ? [m.manifest] : []));
  const invalid = result.manifests.filter((m) => !m.manifest).map((m) => m.file);
  return { manifests, invalid };
}
