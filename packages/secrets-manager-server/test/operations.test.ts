import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness, token } from './helpers.js';

describe('CreateSecret / GetSecretValue / DescribeSecret through the real SDK', () => {
  it('creates a secret with an AWSCURRENT first version and a 6-character ARN suffix', async () => {
    const { client, server } = await startHarness({ region: 'eu-west-1', accountId: '123456789012' });
    const out = await client.send(
      new CreateSecretCommand({ Name: 'docugen/api-key', SecretString: 'v1', ClientRequestToken: token(1) }),
    );
    expect(out.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:docugen\/api-key-[A-Za-z0-9]{6}$/);
    expect(out.VersionId).toBe(token(1));
    expect(server.region).toBe('eu-west-1');
    const got = await client.send(new GetSecretValueCommand({ SecretId: 'docugen/api-key' }));
    expect(got).toMatchObject({
      Name: 'docugen/api-key',
      SecretString: 'v1',
      VersionId: token(1),
      VersionStages: ['AWSCURRENT'],
    });
    expect(got.CreatedDate).toBeInstanceOf(Date);
  });

  it('finds a secret by name, full ARN and partial ARN (without the random suffix)', async () => {
    const { client } = await startHarness();
    const { ARN } = await client.send(new CreateSecretCommand({ Name: 'svc/db', SecretString: 'x' }));
    const partial = ARN!.slice(0, -7);
    for (const id of ['svc/db', ARN!, partial]) {
      expect((await client.send(new DescribeSecretCommand({ SecretId: id }))).ARN).toBe(ARN);
    }
    const wrongSuffix = `${partial}-AAAAAA`;
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: wrongSuffix })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('gives a re-created secret of the same name a different ARN', async () => {
    const { client } = await startHarness();
    const first = await client.send(new CreateSecretCommand({ Name: 'reborn', SecretString: 'x' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'reborn', ForceDeleteWithoutRecovery: true }));
    const second = await client.send(new CreateSecretCommand({ Name: 'reborn', SecretString: 'y' }));
    expect(second.ARN).not.toBe(first.ARN);
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: first.ARN! })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('stores binary values (SecretBinary travels base64) and returns them byte for byte', async () => {
    const { client } = await startHarness();
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
    await client.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: bytes }));
    const got = await client.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    expect(got.SecretString).toBeUndefined();
    expect(Array.from(got.SecretBinary!)).toEqual(Array.from(bytes));
  });

  it('creates a secret without a value: no version, GetSecretValue finds no AWSCURRENT, the first put becomes AWSCURRENT', async () => {
    const { client } = await startHarness();
    const created = await client.send(new CreateSecretCommand({ Name: 'empty', Description: 'later' }));
    expect(created.VersionId).toBeUndefined();
    const err = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 'empty' })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toContain('AWSCURRENT');
    const put = await client.send(
      new PutSecretValueCommand({ SecretId: 'empty', SecretString: 'v', VersionStages: ['AWSPENDING'] }),
    );
    expect([...put.VersionStages!].sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
  });

  it('describes every documented field and omits the ones AWS omits', async () => {
    const clock = new FixedClock('2026-03-01T10:00:00Z');
    const { client } = await startHarness({ clock });
    await client.send(
      new CreateSecretCommand({
        Name: 'd',
        SecretString: 'v1',
        Description: 'the d',
        KmsKeyId: 'alias/docugen',
        Tags: [{ Key: 'team', Value: 'core' }],
        ClientRequestToken: token(1),
      }),
    );
    const before = await client.send(new DescribeSecretCommand({ SecretId: 'd' }));
    expect(before.LastAccessedDate).toBeUndefined();
    expect(before.DeletedDate).toBeUndefined();
    expect(before.RotationEnabled).toBeUndefined();
    clock.advance(3_600_000);
    await client.send(new GetSecretValueCommand({ SecretId: 'd' }));
    const after = await client.send(new DescribeSecretCommand({ SecretId: 'd' }));
    expect(after).toMatchObject({
      Name: 'd',
      Description: 'the d',
      KmsKeyId: 'alias/docugen',
      Tags: [{ Key: 'team', Value: 'core' }],
      VersionIdsToStages: { [token(1)]: ['AWSCURRENT'] },
    });
    expect(after.CreatedDate?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(after.LastChangedDate?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    // Day resolution, as documented for LastAccessedDate.
    expect(after.LastAccessedDate?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('UpdateSecret changes the description and, with a value, adds an AWSCURRENT version', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'u', SecretString: 'v1', ClientRequestToken: token(1) }));
    const out = await client.send(
      new UpdateSecretCommand({ SecretId: 'u', Description: 'new', SecretString: 'v2', ClientRequestToken: token(2) }),
    );
    expect(out.VersionId).toBe(token(2));
    const d = await client.send(new DescribeSecretCommand({ SecretId: 'u' }));
    expect(d.Description).toBe('new');
    expect(d.VersionIdsToStages).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT'] });
  });
});

describe('TagResource / UntagResource', () => {
  it('merges tags, overwriting the value of an existing (case-sensitive) key, and removes keys', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 't', SecretString: 'x', Tags: [{ Key: 'owner', Value: 'a' }] }));
    await client.send(
      new TagResourceCommand({
        SecretId: 't',
        Tags: [
          { Key: 'owner', Value: 'b' },
          { Key: 'Owner', Value: 'c' },
          { Key: 'tier', Value: '1' },
        ],
      }),
    );
    expect((await client.send(new DescribeSecretCommand({ SecretId: 't' }))).Tags).toEqual([
      { Key: 'owner', Value: 'b' },
      { Key: 'Owner', Value: 'c' },
      { Key: 'tier', Value: '1' },
    ]);
    await client.send(new UntagResourceCommand({ SecretId: 't', TagKeys: ['Owner', 'tier'] }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 't' }))).Tags).toEqual([
      { Key: 'owner', Value: 'b' },
    ]);
  });

  it('refuses more than 50 tags', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 't50', SecretString: 'x' }));
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await rejectionOf(client.send(new TagResourceCommand({ SecretId: 't50', Tags: tags })))).name).toBe(
      'InvalidParameterException',
    );
  });
});

describe('DeleteSecret / RestoreSecret', () => {
  it('schedules deletion with the default 30-day window, blocks access, and RestoreSecret cancels it', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const { client } = await startHarness({ clock });
    await client.send(new CreateSecretCommand({ Name: 'del', SecretString: 'x' }));
    const out = await client.send(new DeleteSecretCommand({ SecretId: 'del' }));
    expect(out.DeletionDate?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'del' }));
    expect(described.DeletedDate?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    for (const call of [
      client.send(new GetSecretValueCommand({ SecretId: 'del' })),
      client.send(new PutSecretValueCommand({ SecretId: 'del', SecretString: 'y' })),
      client.send(new TagResourceCommand({ SecretId: 'del', Tags: [{ Key: 'a', Value: 'b' }] })),
      client.send(new DeleteSecretCommand({ SecretId: 'del' })),
    ]) {
      expect((await rejectionOf(call)).name).toBe('InvalidRequestException');
    }
    const createAgain = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'del', SecretString: 'z' })));
    expect(createAgain.name).toBe('InvalidRequestException');
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    expect((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList).toHaveLength(1);
    await client.send(new RestoreSecretCommand({ SecretId: 'del' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'del' }))).SecretString).toBe('x');
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'del' }))).DeletedDate).toBeUndefined();
  });

  it('purges the secret when the recovery window ends, freeing the name', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const { client } = await startHarness({ clock });
    await client.send(new CreateSecretCommand({ Name: 'gone', SecretString: 'x' }));
    const out = await client.send(new DeleteSecretCommand({ SecretId: 'gone', RecoveryWindowInDays: 7 }));
    expect(out.DeletionDate?.toISOString()).toBe('2026-01-08T00:00:00.000Z');
    clock.advance(7 * 86_400_000);
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'gone' })))).name).toBe(
      'ResourceNotFoundException',
    );
    await client.send(new CreateSecretCommand({ Name: 'gone', SecretString: 'new' }));
  });

  it('validates the recovery window and its exclusion with ForceDeleteWithoutRecovery', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'w', SecretString: 'x' }));
    for (const input of [
      { RecoveryWindowInDays: 6 },
      { RecoveryWindowInDays: 31 },
      { RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true },
    ]) {
      expect((await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: 'w', ...input })))).name).toBe(
        'InvalidParameterException',
      );
    }
  });

  it('force-deletes at once, also a secret already scheduled, and does not fail for a missing one', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'f', SecretString: 'x' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'f', RecoveryWindowInDays: 10 }));
    await client.send(new DeleteSecretCommand({ SecretId: 'f', ForceDeleteWithoutRecovery: true }));
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'f' })))).name).toBe(
      'ResourceNotFoundException',
    );
    const missing = await client.send(
      new DeleteSecretCommand({ SecretId: 'never-was', ForceDeleteWithoutRecovery: true }),
    );
    expect(missing.Name).toBe('never-was');
    expect((await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: 'never-was' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('RestoreSecret on a secret that is not deleted changes nothing', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'r', SecretString: 'x' }));
    const out = await client.send(new RestoreSecretCommand({ SecretId: 'r' }));
    expect(out.Name).toBe('r');
  });
});
