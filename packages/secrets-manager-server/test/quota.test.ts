import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness } from './helpers.js';

describe('request quotas', () => {
  it('answers ThrottlingException "Rate exceeded" past the write quota of a group, and refills with the clock', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const { client } = await startHarness({ clock, writeQuotaTps: 5 });
    await client.send(new CreateSecretCommand({ Name: 'q', SecretString: 'v0' }));
    let put = await client.send(new PutSecretValueCommand({ SecretId: 'q', SecretString: 'v1' }));
    for (let i = 1; i < 5; i++)
      put = await client.send(new PutSecretValueCommand({ SecretId: 'q', SecretString: `v${i + 1}` }));
    const err = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 'q', SecretString: 'over' })));
    expect(err.name).toBe('ThrottlingException');
    expect(err.message).toBe('Rate exceeded');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    // PutSecretValue and UpdateSecretVersionStage share a bucket ("Combined rate of PutSecretValue, …,
    // UpdateSecret, and UpdateSecretVersionStage"); TagResource, CreateSecret and DeleteSecret have their own.
    const stage = new UpdateSecretVersionStageCommand({
      SecretId: 'q',
      VersionStage: 'custom',
      MoveToVersionId: put.VersionId!,
    });
    expect((await rejectionOf(client.send(stage))).name).toBe('ThrottlingException');
    await client.send(new TagResourceCommand({ SecretId: 'q', Tags: [{ Key: 'a', Value: 'b' }] }));
    await client.send(new CreateSecretCommand({ Name: 'q2', SecretString: 'x' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'q2' }));
    // Reads are not limited by the write quota.
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'q' }))).SecretString).toBe('v5');
    clock.advance(200); // 5/s → one token per 200 ms
    await client.send(new PutSecretValueCommand({ SecretId: 'q', SecretString: 'v6' }));
    expect(
      (await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 'q', SecretString: 'over' })))).name,
    ).toBe('ThrottlingException');
  });

  it('limits reads with readQuotaTps', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const { client } = await startHarness({ clock, readQuotaTps: 2 });
    await client.send(new CreateSecretCommand({ Name: 'r', SecretString: 'v' }));
    await client.send(new GetSecretValueCommand({ SecretId: 'r' }));
    await client.send(new GetSecretValueCommand({ SecretId: 'r' }));
    expect((await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 'r' })))).name).toBe(
      'ThrottlingException',
    );
  });

  it('the SDK’s retries ride out the quota on the real clock', async () => {
    const { client, server } = await startHarness({ writeQuotaTps: 3 }, 10);
    await client.send(new CreateSecretCommand({ Name: 'burst', SecretString: 'v0' }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.send(new PutSecretValueCommand({ SecretId: 'burst', SecretString: `v${i}` })),
      ),
    );
    expect(results.every((r) => r.VersionId !== undefined)).toBe(true);
    expect(results.some((r) => (r.$metadata.attempts ?? 1) > 1)).toBe(true);
    expect(server.requestCounts()['PutSecretValue']).toBeGreaterThan(6);
    expect(server.snapshot().secrets[0]?.versions).toHaveLength(7);
  });
});
