import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach } from 'vitest';
import {
  startSecretsManagerServer,
  type RunningSecretsManagerServer,
  type SecretsManagerServerOptions,
} from '../src/index.js';

/** A running server and a real SDK client pointed at it; both closed after each test. */
export interface Harness {
  readonly server: RunningSecretsManagerServer;
  readonly client: SecretsManagerClient;
  /** Another client with its own settings (e.g. maxAttempts), closed with the harness. */
  clientWith(maxAttempts: number): SecretsManagerClient;
}

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

export async function startHarness(opts: SecretsManagerServerOptions = {}, maxAttempts = 1): Promise<Harness> {
  const server = await startSecretsManagerServer(opts);
  const clients: SecretsManagerClient[] = [];
  const clientWith = (attempts: number): SecretsManagerClient => {
    const client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret-key' },
      maxAttempts: attempts,
    });
    clients.push(client);
    return client;
  };
  const client = clientWith(maxAttempts);
  open.push(async () => {
    for (const c of clients) c.destroy();
    await server.close();
  });
  return { server, client, clientWith };
}

/** The rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(
  p: Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** A 36-char token, as the SDK generates (ClientRequestToken is 32–64 chars). */
export function token(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}
