import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness, token } from './helpers.js';

async function seeded(): Promise<Awaited<ReturnType<typeof startHarness>>> {
  const h = await startHarness();
  await h.client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v1', ClientRequestToken: token(1) }));
  return h;
}

async function stages(h: Awaited<ReturnType<typeof startHarness>>): Promise<Record<string, string[]>> {
  return (await h.client.send(new DescribeSecretCommand({ SecretId: 's' }))).VersionIdsToStages ?? {};
}

describe('PutSecretValue staging labels', () => {
  it('without VersionStages moves AWSCURRENT to the new version and AWSPREVIOUS to the old one', async () => {
    const h = await seeded();
    const out = await h.client.send(
      new PutSecretValueCommand({ SecretId: 's', SecretString: 'v2', ClientRequestToken: token(2) }),
    );
    expect(out.VersionStages).toEqual(['AWSCURRENT']);
    await h.client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'v3', ClientRequestToken: token(3) }));
    expect(await stages(h)).toEqual({ [token(2)]: ['AWSPREVIOUS'], [token(3)]: ['AWSCURRENT'] });
    // v1 lost its last label: deprecated, hidden by default, still listed with IncludeDeprecated.
    const listed = await h.client.send(new ListSecretVersionIdsCommand({ SecretId: 's' }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([token(3), token(2)]);
    const all = await h.client.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true }));
    expect(all.Versions?.map((v) => [v.VersionId, v.VersionStages])).toEqual([
      [token(3), ['AWSCURRENT']],
      [token(2), ['AWSPREVIOUS']],
      [token(1), []],
    ]);
    expect(h.server.snapshot().secrets[0]?.versions.map((v) => v.stages)).toEqual([
      [],
      ['AWSPREVIOUS'],
      ['AWSCURRENT'],
    ]);
    // A deprecated version stays readable by VersionId.
    expect((await h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionId: token(1) }))).SecretString).toBe(
      'v1',
    );
  });

  it("with VersionStages=['AWSPENDING'] only attaches that label; AWSCURRENT stays", async () => {
    const h = await seeded();
    const out = await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    expect(out.VersionStages).toEqual(['AWSPENDING']);
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSCURRENT'], [token(2)]: ['AWSPENDING'] });
    expect((await h.client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('v1');
    expect(
      (await h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPENDING' }))).SecretString,
    ).toBe('v2');
    // A second pending version takes the label away from the first.
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v3',
        ClientRequestToken: token(3),
        VersionStages: ['AWSPENDING'],
      }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSCURRENT'], [token(3)]: ['AWSPENDING'] });
  });

  it('with AWSCURRENT among VersionStages moves AWSPREVIOUS too', async () => {
    const h = await seeded();
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSCURRENT', 'custom'],
      }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT', 'custom'] });
  });
});

describe('UpdateSecretVersionStage', () => {
  it('finishes a rotation: AWSCURRENT to the pending version, AWSPREVIOUS follows, then AWSPENDING is removed', async () => {
    const h = await seeded();
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    await h.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token(2),
        RemoveFromVersionId: token(1),
      }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSPENDING', 'AWSCURRENT'] });
    await h.client.send(
      new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSPENDING', RemoveFromVersionId: token(2) }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSCURRENT'] });
  });

  it('rolls back: moving AWSCURRENT onto the AWSPREVIOUS version swaps the two labels', async () => {
    const h = await seeded();
    await h.client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'v2', ClientRequestToken: token(2) }));
    await h.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token(1),
        RemoveFromVersionId: token(2),
      }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSCURRENT'], [token(2)]: ['AWSPREVIOUS'] });
  });

  it('refuses to move AWSCURRENT when RemoveFromVersionId is missing or is not the current holder', async () => {
    const h = await seeded();
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v3',
        ClientRequestToken: token(3),
        VersionStages: ['other'],
      }),
    );
    for (const removeFrom of [undefined, token(3)]) {
      const err = await rejectionOf(
        h.client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: 's',
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: token(2),
            ...(removeFrom ? { RemoveFromVersionId: removeFrom } : {}),
          }),
        ),
      );
      expect(err.name).toBe('InvalidParameterException');
    }
    expect((await stages(h))[token(1)]).toEqual(['AWSCURRENT']);
  });

  it('refuses a repeated move (an SDK retry after a lost response): RemoveFromVersionId no longer holds the label', async () => {
    const h = await seeded();
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const move = (): UpdateSecretVersionStageCommand =>
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token(2),
        RemoveFromVersionId: token(1),
      });
    await h.client.send(move());
    const err = await rejectionOf(h.client.send(move()));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toContain('not attached');
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSPREVIOUS'], [token(2)]: ['AWSPENDING', 'AWSCURRENT'] });
  });

  it('attaches a free custom label without RemoveFromVersionId, and moving it to its own holder is a no-op', async () => {
    const h = await seeded();
    await h.client.send(
      new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'blue', MoveToVersionId: token(1) }),
    );
    await h.client.send(
      new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'blue', MoveToVersionId: token(1) }),
    );
    expect(await stages(h)).toEqual({ [token(1)]: ['AWSCURRENT', 'blue'] });
  });

  it('refuses to remove AWSCURRENT without moving it, and to remove a label from a version that lacks it', async () => {
    const h = await seeded();
    await h.client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'v2',
        ClientRequestToken: token(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const removeCurrent = await rejectionOf(
      h.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 's',
          VersionStage: 'AWSCURRENT',
          RemoveFromVersionId: token(1),
        }),
      ),
    );
    expect(removeCurrent.name).toBe('InvalidParameterException');
    const wrongVersion = await rejectionOf(
      h.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 's',
          VersionStage: 'AWSPENDING',
          RemoveFromVersionId: token(1),
        }),
      ),
    );
    expect(wrongVersion.name).toBe('InvalidParameterException');
    const neither = await rejectionOf(
      h.client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSPENDING' })),
    );
    expect(neither.name).toBe('InvalidParameterException');
  });

  it('answers ResourceNotFoundException for an unknown version', async () => {
    const h = await seeded();
    const err = await rejectionOf(
      h.client.send(
        new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'x', MoveToVersionId: token(99) }),
      ),
    );
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('GetSecretValue version selection', () => {
  it('defaults to AWSCURRENT, and VersionId with VersionStage must name the same version', async () => {
    const h = await seeded();
    await h.client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'v2', ClientRequestToken: token(2) }));
    expect((await h.client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('v2');
    expect(
      (await h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS' }))).SecretString,
    ).toBe('v1');
    expect(
      (
        await h.client.send(
          new GetSecretValueCommand({ SecretId: 's', VersionId: token(1), VersionStage: 'AWSPREVIOUS' }),
        )
      ).SecretString,
    ).toBe('v1');
    const mismatch = await rejectionOf(
      h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionId: token(1), VersionStage: 'AWSCURRENT' })),
    );
    expect(mismatch.name).toBe('ResourceNotFoundException');
    const noLabel = await rejectionOf(
      h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPENDING' })),
    );
    expect(noLabel.name).toBe('ResourceNotFoundException');
    const noVersion = await rejectionOf(
      h.client.send(new GetSecretValueCommand({ SecretId: 's', VersionId: token(42) })),
    );
    expect(noVersion.name).toBe('ResourceNotFoundException');
  });
});
