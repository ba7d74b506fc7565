import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { AuditEvent } from '@docugen-secrets/audit';
import type {
  AuditReader,
  CollectOptions,
  DriftManifest,
  DriftPorts,
  DriftResult,
  VaultLister,
} from '@docugen-secrets/drift';
import type { CommandContext } from '../command.js';
import { STATIC_LOCAL_CREDENTIALS, type Closer } from './aws.js';
import { GitSopsInventory, type RecipientRule } from './sops-inventory.js';

export interface DriftFlags {
  readonly mode: 'local' | 'aws';
  readonly region: string;
  readonly awsEndpoint?: string | undefined;
  /** Real AWS credentials in the environment (aws mode): the SDK's default chain. */
  readonly realCredentials: boolean;
  readonly sopsRepo?: string | undefined;
  readonly auditLog: string;
  readonly needsVault: boolean;
  readonly needsSops: boolean;
}

export interface DriftBackends {
  readonly ports: DriftPorts;
  /** Value-free lines saying what was compared. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

/**
 * The Secrets Manager listing of a drift run. Local: the embedded server on
 * `.local/secrets-manager.json`, loaded read-only (never saved back). AWS:
 * the store-aws lister, rate-limited, against `endpoint` or AWS itself.
 */
async function openVault(ctx: CommandContext, f: DriftFlags, notes: string[], closers: Closer[]): Promise<VaultLister> {
  const { AwsSecretLister } = await import('@docugen-secrets/store-aws');
  if (f.mode === 'aws') {
    const lister = new AwsSecretLister({
      region: f.region,
      ...(f.awsEndpoint === undefined ? {} : { endpoint: f.awsEndpoint }),
      ...(f.realCredentials ? {} : { credentials: STATIC_LOCAL_CREDENTIALS }),
    });
    closers.push(() => {
      lister.close();
      return Promise.resolve();
    });
    notes.push(`aws-secrets-manager: ${f.awsEndpoint ?? `AWS (${f.region})`}, read-only listing`);
    return lister;
  }
  const { startSecretsManagerServer } = await import('@docugen-secrets/secrets-manager-server');
  const statePath = join(ctx.cwd, '.local', 'secrets-manager.json');
  const server = await startSecretsManagerServer({
    port: 0,
    region: f.region,
    statePath,
    readOnlyState: true,
    clock: ctx.clock,
  });
  const lister = new AwsSecretLister({
    region: f.region,
    endpoint: server.endpoint,
    credentials: STATIC_LOCAL_CREDENTIALS,
  });
  closers.push(async () => {
    lister.close();
    await server.close();
  });
  notes.push(`aws-secrets-manager: embedded local server on ${relative(ctx.cwd, statePath)} (read-only)`);
  return lister;
}

/** What the store's own configuration encrypts to, when no `.sops.yaml` rules: SOPS_AGE_KEY(_FILE) or the local key. */
async function storeRecipients(ctx: CommandContext): Promise<{ recipients: string[]; from: string } | undefined> {
  const { loadIdentities, parseIdentities } = await import('@docugen-secrets/sops');
  const fromEnv = await loadIdentities({ env: ctx.env, defaultKeyFile: false });
  if (fromEnv.length > 0)
    return { recipients: fromEnv.map((i) => i.recipient), from: 'the age key of SOPS_AGE_KEY / SOPS_AGE_KEY_FILE' };
  const keyFile = join(ctx.cwd, '.local', 'age-key.txt');
  const text = await readFile(keyFile, 'utf8').catch(() => undefined);
  return text === undefined
    ? undefined
    : {
        recipients: (await parseIdentities(text, keyFile)).map((i) => i.recipient),
        from: `the store's age key (${relative(ctx.cwd, keyFile)})`,
      };
}

async function recipientRule(ctx: CommandContext, root: string): Promise<RecipientRule> {
  const sops = await import('@docugen-secrets/sops');
  const configPath = join(root, '.sops.yaml');
  const config = await sops.loadSopsConfig(configPath).catch(() => undefined);
  if (config) {
    return (path) => {
      try {
        return {
          recipients: sops.matchCreationRule(config, join(root, path), root).keyGroups.flat(),
          from: '.sops.yaml',
        };
      } catch {
        return undefined;
      }
    };
  }
  const own = await storeRecipients(ctx);
  return () => own;
}

/** One line of the trail as an event, or undefined: not JSON, or JSON but not an object (`audit verify` reports both). */
function parseEvent(line: string): AuditEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Streams the JSONL audit trail to `visit`, line by line (no array of lines,
 * no array of events: drift keeps only its index); false when there is none.
 */
export function auditReader(path: string): AuditReader {
  return {
    readEvents: async (visit) => {
      const bytes = await readFile(path).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      });
      if (bytes === undefined) return false;
      // The same string either way for ASCII, which a trail mostly is; Node 20's UTF-8 decoder took ~15 ms of a
      // 10,000-event drift run where the ASCII check and a Latin-1 copy take under 1 ms.
      const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
      for (let start = 0; start < text.length;) {
        const newline = text.indexOf('\n', start);
        const end = newline === -1 ? text.length : newline;
        // Blank and partial lines do not parse and are skipped with the rest.
        const event = end > start ? parseEvent(text.slice(start, end)) : undefined;
        if (event) visit(event);
        start = end + 1;
      }
      return true;
    },
  };
}

/** Builds the read-only ports of `drift`; on a failure, closes what it opened. */
export async function openDriftBackends(ctx: CommandContext, f: DriftFlags): Promise<DriftBackends> {
  const notes: string[] = [];
  const closers: Closer[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const vault = f.needsVault ? await openVault(ctx, f, notes, closers) : undefined;
    const root = f.sopsRepo === undefined ? join(ctx.cwd, '.local', 'sops-repo') : resolve(ctx.cwd, f.sopsRepo);
    const sops = f.needsSops
      ? new GitSopsInventory({ root, cwd: ctx.cwd, expected: await recipientRule(ctx, root) })
      : undefined;
    if (sops) notes.push(`sops: files of ${relative(ctx.cwd, root) || '.'} (clear fields only, nothing decrypted)`);
    notes.push(`audit trail: ${relative(ctx.cwd, f.auditLog)}`);
    return {
      ports: { ...(vault ? { vault } : {}), ...(sops ? { sops } : {}), audit: auditReader(f.auditLog) },
      notes,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * One drift run on the CLI's adapters: opens the read-only ports, gathers
 * (listing, SOPS files, audit trail), compares, closes. The `drift` command
 * calls it after loading the manifests; the drift benchmark times it.
 */
export async function detectDriftOn(
  ctx: CommandContext,
  flags: DriftFlags,
  manifests: readonly DriftManifest[],
  now: Date,
  options: CollectOptions,
): Promise<{ result: DriftResult; notes: readonly string[] }> {
  const drift = await import('@docugen-secrets/drift');
  const backends = await openDriftBackends(ctx, flags);
  try {
    const input = await drift.collectDrift(backends.ports, manifests, now, options);
    return { result: drift.detectDrift(input), notes: backends.notes };
  } finally {
    await backends.close();
  }
}
