import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SecretStore } from '@docugen-secrets/secret-store';
import type { CommandContext } from '../command.js';

/** What the embedded local server accepts (it checks no signature); never a real credential. */
export const STATIC_LOCAL_CREDENTIALS = { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' };

export type Closer = () => Promise<void>;

export interface AwsBackendOptions {
  readonly mode: 'local' | 'aws';
  readonly stateDir: string;
  readonly region: string;
  /** An explicit Secrets Manager endpoint (aws mode). */
  readonly endpoint?: string | undefined;
  /** Real AWS credentials are configured in the environment (aws mode): the SDK's default chain. */
  readonly realCredentials: boolean;
}

/**
 * The Secrets Manager store of a run. Local: an in-process Secrets Manager
 * server (ephemeral port, state in `.local/secrets-manager.json`, dates
 * from the run's clock). AWS: the adapter against `endpoint` or AWS itself.
 */
export async function openAwsStore(
  ctx: CommandContext,
  o: AwsBackendOptions,
  notes: string[],
  closers: Closer[],
): Promise<SecretStore> {
  const { AwsSecretsManagerStore } = await import('@docugen-secrets/store-aws');
  if (o.mode === 'aws') {
    const store = new AwsSecretsManagerStore({
      region: o.region,
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
      ...(o.realCredentials ? {} : { credentials: STATIC_LOCAL_CREDENTIALS }),
    });
    closers.push(() => {
      store.close();
      return Promise.resolve();
    });
    notes.push(`aws-secrets-manager: ${o.endpoint ?? `AWS (${o.region})`}`);
    return store;
  }
  const { startSecretsManagerServer } = await import('@docugen-secrets/secrets-manager-server');
  const statePath = join(o.stateDir, 'secrets-manager.json');
  await mkdir(o.stateDir, { recursive: true });
  const server = await startSecretsManagerServer({ port: 0, region: o.region, statePath, clock: ctx.clock });
  const store = new AwsSecretsManagerStore({
    region: o.region,
    endpoint: server.endpoint,
    credentials: STATIC_LOCAL_CREDENTIALS,
  });
  closers.push(async () => {
    store.close();
    await server.close();
  });
  notes.push(`aws-secrets-manager: embedded local server, state in ${relative(ctx.cwd, statePath)}`);
  return store;
}
