import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { isDocugenError } from '@docugen-secrets/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSecretsManagerServer } from '../src/index.js';
import { startHarness, token } from './helpers.js';

// Removed after all tests: the harness closes servers (and saves their state) after each test.
let root: string;
let dir: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sm-state-'));
});
beforeEach(async () => {
  dir = join(root, String(n++));
  await mkdir(dir);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function waitForFile(path: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no state file at ${path}`);
}

describe('--state persistence', () => {
  it('saves after writes and on close (mode 0600) and a new server picks the state up', async () => {
    const statePath = join(dir, 'sm.json');
    const first = await startHarness({ statePath });
    const created = await first.client.send(
      new CreateSecretCommand({
        Name: 'keep',
        SecretString: 'v1',
        ClientRequestToken: token(1),
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    await first.client.send(
      new PutSecretValueCommand({
        SecretId: 'keep',
        SecretBinary: new Uint8Array([9, 8, 7]),
        ClientRequestToken: token(2),
      }),
    );
    await first.client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'x' }));
    await first.client.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
    expect(JSON.parse(await waitForFile(statePath))).toMatchObject({
      format: 'docugen-secrets/secrets-manager-server-state',
      version: 1,
    });
    await first.server.close();
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);

    const second = await startHarness({ statePath });
    const described = await second.client.send(new DescribeSecretCommand({ SecretId: 'keep' }));
    expect(described.ARN).toBe(created.ARN);
    expect(described.VersionIdsToStages).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT'] });
    expect(
      Array.from((await second.client.send(new GetSecretValueCommand({ SecretId: 'keep' }))).SecretBinary!),
    ).toEqual([9, 8, 7]);
    expect(
      (await second.client.send(new GetSecretValueCommand({ SecretId: 'keep', VersionId: token(1) }))).SecretString,
    ).toBe('v1');
    expect((await second.client.send(new DescribeSecretCommand({ SecretId: 'doomed' }))).DeletedDate).toBeInstanceOf(
      Date,
    );
  });

  it('starts empty when the file does not exist yet and creates it on close', async () => {
    const statePath = join(dir, 'new.json');
    const server = await startSecretsManagerServer({ statePath });
    await server.close();
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toEqual({
      format: 'docugen-secrets/secrets-manager-server-state',
      version: 1,
      secrets: [],
    });
  });

  it('refuses a state file that is not JSON or not of this format, naming the problems', async () => {
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{oops');
    await expect(startSecretsManagerServer({ statePath: notJson })).rejects.toSatisfy((err: unknown) =>
      isDocugenError(err, 'SM_SERVER_STATE_INVALID'),
    );
    const wrong = join(dir, 'wrong.json');
    await writeFile(
      wrong,
      JSON.stringify({
        format: 'docugen-secrets/secrets-manager-server-state',
        version: 1,
        secrets: [{ arn: 1, name: 'n', versions: 'no' }],
      }),
    );
    const err: unknown = await startSecretsManagerServer({ statePath: wrong }).catch((e: unknown) => e);
    expect(isDocugenError(err, 'SM_SERVER_STATE_INVALID')).toBe(true);
    expect((err as Error).message).toContain('$.secrets[0].arn');
    expect((err as Error).message).toContain('$.secrets[0].versions');
  });
});
