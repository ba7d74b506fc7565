import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { RotatorRegistry, StoreResolver } from '@docugen-secrets/rotation';
import type { Repository, SecretStore } from '@docugen-secrets/stores';
import type { CommandContext } from '../command.js';
import { usageError } from '../usage.js';

/**
 * The composition root of `plan` and `rotate`: builds the stores and rotators
 * once, at the entrypoint. Local default (no AWS configuration): an in-process
 * Secrets Manager server whose state lives in `.local/` for aws-secrets-manager
 * manifests, and the SOPS store over the working copy for sops manifests.
 * With `--aws-endpoint` or real AWS credentials in the environment: the AWS
 * adapter. Provider rotators that cannot reach their provider are not
 * registered, so their secrets are reported "skipped: provider not configured".
 */
export interface BackendFlags {
  readonly awsEndpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Commit SOPS changes with git instead of leaving them in the working tree for review. */
  readonly commit?: boolean;
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

const STATIC_LOCAL_CREDENTIALS = { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' };

function realAwsConfigured(env: CommandContext['env']): boolean {
  return ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'].some((k) => (env[k] ?? '') !== '');
}

/** A Repository over the working tree that writes atomically and leaves committing to the user. */
function workingTree(root: string): Repository {
  const abs = (path: string): string => {
    const full = resolve(root, path);
    const rel = relative(root, full);
    if (rel.startsWith('..') || isAbsolute(rel)) throw usageError(`secret file ${path} is outside the working copy`);
    return full;
  };
  return {
    readFile: async (path) => readFile(abs(path), 'utf8').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }),
    writeFile: async (path, content) => {
      await mkdir(dirname(abs(path)), { recursive: true });
      await writeFileAtomic(abs(path), content, 0o644);
    },
    commit: () => Promise.resolve('working-tree'),
  };
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: readonly number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i] ?? 0;
  }
  return chk;
}

/** A new age X25519 identity (`AGE-SECRET-KEY-1…`): 32 random bytes, bech32-encoded as age does. */
function newAgeIdentity(): string {
  const hrp = 'age-secret-key-';
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of randomBytes(32)) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) data.push((acc >>> (bits -= 5)) & 31);
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const codes = Array.from(Buffer.from(hrp, 'ascii'));
  const expanded = [...codes.map((c) => c >>> 5), 0, ...codes.map((c) => c & 31)];
  const mod = polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((d) => BECH32.charAt(d)).join('')}`.toUpperCase();
}

async function sopsStore(ctx: CommandContext, stateDir: string, commit: boolean, notes: string[]): Promise<SecretStore> {
  const { loadIdentities, parseIdentities } = await import('@docugen-secrets/sops');
  const { SopsStore, GitRepository } = await import('@docugen-secrets/stores');
  let identities = await loadIdentities({ env: ctx.env, defaultKeyFile: false });
  if (identities.length === 0) {
    const keyFile = join(stateDir, 'age-key.txt');
    const existing = await readFile(keyFile, 'utf8').catch(() => undefined);
    const text = existing ?? `# local docugen-secrets key (never commit)\n${newAgeIdentity()}\n`;
    if (existing === undefined) {
      await mkdir(stateDir, { recursive: true });
      await writeFileAtomic(keyFile, text, 0o600);
    }
    identities = await parseIdentities(text, keyFile);
    notes.push(`sops: local age key ${relative(ctx.cwd, keyFile)} (set SOPS_AGE_KEY_FILE to use yours)`);
  }
  const repo = commit ? new GitRepository(ctx.cwd) : workingTree(ctx.cwd);
  notes.push(`sops: files in the working copy${commit ? ', committed with git' : ', left uncommitted for review'}`);
  return new SopsStore({ repo, identities, recipients: identities.map((i) => i.recipient) });
}

async function awsStore(ctx: CommandContext, flags: BackendFlags, stateDir: string, notes: string[], closers: (() => Promise<void>)[]): Promise<{ store: SecretStore; mode: 'local' | 'aws' }> {
  const { AwsSecretsManagerStore } = await import('@docugen-secrets/stores');
  const region = flags.region ?? ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'] ?? 'eu-west-1';
  if (flags.awsEndpoint !== undefined || realAwsConfigured(ctx.env)) {
    const creds = realAwsConfigured(ctx.env) ? {} : { credentials: STATIC_LOCAL_CREDENTIALS };
    const store = new AwsSecretsManagerStore({ region, ...(flags.awsEndpoint === undefined ? {} : { endpoint: flags.awsEndpoint }), ...creds });
    closers.push(() => {
      store.close();
      return Promise.resolve();
    });
    notes.push(`aws-secrets-manager: ${flags.awsEndpoint ?? `AWS (${region})`}`);
    return { store, mode: 'aws' };
  }
  const { startSecretsManagerServer } = await import('@docugen-secrets/secrets-manager-server');
  const statePath = join(stateDir, 'secrets-manager.json');
  await mkdir(stateDir, { recursive: true });
  const server = await startSecretsManagerServer({ port: 0, region, statePath });
  const store = new AwsSecretsManagerStore({ region, endpoint: server.endpoint, credentials: STATIC_LOCAL_CREDENTIALS });
  closers.push(async () => {
    store.close();
    await server.close();
  });
  notes.push(`aws-secrets-manager: embedded local server, state in ${relative(ctx.cwd, statePath)}`);
  return { store, mode: 'local' };
}

/** Opens only the backends the manifests need. */
export async function openBackends(ctx: CommandContext, manifests: readonly SecretManifest[], flags: BackendFlags): Promise<RotationBackends> {
  const { builtinRotators } = await import('@docugen-secrets/rotation');
  const stateDir = join(ctx.cwd, '.local');
  const notes: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  const needs = (kind: SecretManifest['backend']['kind']): boolean => manifests.some((m) => m.backend.kind === kind);
  const aws = needs('aws-secrets-manager') ? await awsStore(ctx, flags, stateDir, notes, closers) : undefined;
  const sops = needs('sops') ? await sopsStore(ctx, stateDir, flags.commit === true, notes) : undefined;
  const pick = (s: (k: 'aws' | 'sops') => SecretStore | undefined): StoreResolver => (ref) => (ref.target.kind === 'aws-secrets-manager' ? s('aws') : ref.target.kind === 'sops' ? s('sops') : undefined);
  const raw = (k: 'aws' | 'sops'): SecretStore | undefined => (k === 'aws' ? aws?.store : sops);
  return {
    mode: aws?.mode ?? 'local',
    store: pick(raw),
    rotators: builtinRotators(),
    notes,
    wrap: (decorate) => {
      const wrapped = { aws: aws ? decorate(aws.store) : undefined, sops: sops ? decorate(sops) : undefined };
      return pick((k) => wrapped[k]);
    },
    close: async () => {
      for (const c of closers.reverse()) await c();
    },
  };
}

/** Loads the manifests; invalid files are named (run `check` for details), missing paths are a usage error. */
export async function loadValidManifests(ctx: CommandContext, paths: readonly string[]): Promise<{ manifests: SecretManifest[]; invalid: string[] }> {
  const { loadManifests } = await import('@docugen-secrets/manifest');
  const result = await loadManifests(paths.length > 0 ? paths : ['secrets-manifests'], { cwd: ctx.cwd });
  if (result.missing.length > 0) throw usageError(`path not found: ${result.missing.join(', ')}`);
  const manifests = result.manifests.flatMap((m) => (m.manifest ? [m.manifest] : []));
  const invalid = result.manifests.filter((m) => !m.manifest).map((m) => m.file);
  return { manifests, invalid };
}

/** Parses `--now` (ISO-8601 with a zone) or returns the clock's time. */
export function nowFrom(ctx: CommandContext, raw: string | undefined): Date {
  if (raw === undefined) return ctx.clock.now();
  const at = new Date(raw);
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(raw) || Number.isNaN(at.getTime())) throw usageError(`--now must be an ISO-8601 time with a zone, e.g. 2025-01-31T00:00:00Z (got "${raw}")`);
  return at;
}
