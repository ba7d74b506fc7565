import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness, token } from './helpers.js';

describe('ClientRequestToken idempotency', () => {
  it('PutSecretValue: same token and same value succeeds, changes nothing and returns the same VersionId', async () => {
    const { client, server } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'i', SecretString: 'v1', ClientRequestToken: token(1) }));
    const first = await client.send(
      new PutSecretValueCommand({ SecretId: 'i', SecretString: 'v2', ClientRequestToken: token(2) }),
    );
    const again = await client.send(
      new PutSecretValueCommand({ SecretId: 'i', SecretString: 'v2', ClientRequestToken: token(2) }),
    );
    expect(again.VersionId).toBe(first.VersionId);
    expect(again.VersionStages).toEqual(['AWSCURRENT']);
    expect(server.snapshot().secrets[0]?.versions).toHaveLength(2);
  });

  it('PutSecretValue: same token with a different value is ResourceExistsException and keeps the version', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'i', SecretString: 'v1', ClientRequestToken: token(1) }));
    await client.send(new PutSecretValueCommand({ SecretId: 'i', SecretString: 'v2', ClientRequestToken: token(2) }));
    const err = await rejectionOf(
      client.send(new PutSecretValueCommand({ SecretId: 'i', SecretString: 'other', ClientRequestToken: token(2) })),
    );
    expect(err.name).toBe('ResourceExistsException');
    const binary = await rejectionOf(
      client.send(
        new PutSecretValueCommand({ SecretId: 'i', SecretBinary: new Uint8Array([1]), ClientRequestToken: token(2) }),
      ),
    );
    expect(binary.name).toBe('ResourceExistsException');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'i', VersionId: token(2) }))).SecretString).toBe(
      'v2',
    );
  });

  it('CreateSecret: a retry with the same token and value is idempotent; another token or value is ResourceExistsException', async () => {
    const { client, server } = await startHarness();
    const first = await client.send(
      new CreateSecretCommand({ Name: 'c', SecretString: 'v1', ClientRequestToken: token(1) }),
    );
    const retry = await client.send(
      new CreateSecretCommand({ Name: 'c', SecretString: 'v1', ClientRequestToken: token(1) }),
    );
    expect(retry).toMatchObject({ ARN: first.ARN, VersionId: token(1) });
    expect(
      (
        await rejectionOf(
          client.send(new CreateSecretCommand({ Name: 'c', SecretString: 'v1', ClientRequestToken: token(2) })),
        )
      ).name,
    ).toBe('ResourceExistsException');
    expect(
      (
        await rejectionOf(
          client.send(new CreateSecretCommand({ Name: 'c', SecretString: 'v2', ClientRequestToken: token(1) })),
        )
      ).name,
    ).toBe('ResourceExistsException');
    expect(server.snapshot().secrets).toHaveLength(1);
    expect(server.snapshot().secrets[0]?.versions).toHaveLength(1);
  });

  it('CreateSecret without a value: a retry with the same token is idempotent too', async () => {
    const { client } = await startHarness();
    const first = await client.send(new CreateSecretCommand({ Name: 'nv', ClientRequestToken: token(5) }));
    const retry = await client.send(new CreateSecretCommand({ Name: 'nv', ClientRequestToken: token(5) }));
    expect(retry.ARN).toBe(first.ARN);
    expect(
      (await rejectionOf(client.send(new CreateSecretCommand({ Name: 'nv', ClientRequestToken: token(6) })))).name,
    ).toBe('ResourceExistsException');
  });
});
