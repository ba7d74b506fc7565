import { isDocugenError, type RandomSource } from '@docugen-secrets/core';
import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { SecretsManagerState } from '../src/index.js';
import { token } from './helpers.js';

function counterRandom(): RandomSource {
  let n = 0;
  return {
    bytes: (len) => Uint8Array.from({ length: len }, (_, i) => (n + i) % 256),
    uuid: () => token(1000 + n++),
  };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isDocugenError(err) ? err.code : 'not a DocugenError';
  }
  return undefined;
}

describe('SecretsManagerState (no HTTP)', () => {
  it('is deterministic given a clock and a random source', () => {
    const make = (): SecretsManagerState =>
      new SecretsManagerState({
        clock: new FixedClock('2026-01-01T00:00:00Z'),
        random: counterRandom(),
        region: 'eu-central-1',
        accountId: '111122223333',
      });
    const a = make();
    const b = make();
    expect(a.execute('CreateSecret', { Name: 'x', SecretString: 'v' })).toEqual(
      b.execute('CreateSecret', { Name: 'x', SecretString: 'v' }),
    );
    expect(a.snapshot()).toEqual(b.snapshot());
    expect(a.snapshot().secrets[0]?.arn).toBe('arn:aws:secretsmanager:eu-central-1:111122223333:secret:x-BCDEFG');
  });

  it('throws AWS-typed errors with stable codes', () => {
    const s = new SecretsManagerState();
    expect(code(() => s.execute('GetSecretValue', { SecretId: 'none' }))).toBe('ResourceNotFoundException');
    expect(code(() => s.execute('CreateSecret', {}))).toBe('ValidationException');
    s.execute('CreateSecret', { Name: 'a', SecretString: 'v' });
    expect(code(() => s.execute('CreateSecret', { Name: 'a', SecretString: 'v' }))).toBe('ResourceExistsException');
    expect(code(() => s.execute('PutSecretValue', { SecretId: 'a', SecretBinary: 'not base64!' }))).toBe(
      'SerializationException',
    );
  });

  it('refuses a 101st version while none can be removed (LimitExceededException), then prunes the oldest deprecated one after 24 hours', () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const s = new SecretsManagerState({ clock });
    s.execute('CreateSecret', { Name: 'many', SecretString: 'v0', ClientRequestToken: token(0) });
    s.execute('PutSecretValue', {
      SecretId: 'many',
      SecretString: 'keep',
      ClientRequestToken: token(1),
      VersionStages: ['pinned'],
    });
    for (let i = 2; i < 100; i++)
      s.execute('PutSecretValue', { SecretId: 'many', SecretString: `v${i}`, ClientRequestToken: token(i) });
    const versionsOf = (): string[] => s.snapshot().secrets[0]?.versions.map((v) => v.versionId) ?? [];
    expect(versionsOf()).toHaveLength(100);
    expect(
      code(() =>
        s.execute('PutSecretValue', { SecretId: 'many', SecretString: 'v100', ClientRequestToken: token(100) }),
      ),
    ).toBe('LimitExceededException');
    expect(versionsOf()).toHaveLength(100);
    expect(versionsOf()).not.toContain(token(100));
    clock.advance(25 * 3_600_000);
    s.execute('PutSecretValue', { SecretId: 'many', SecretString: 'v100', ClientRequestToken: token(100) });
    const kept = versionsOf();
    expect(kept).toHaveLength(100);
    // The labelled one survives ('pinned'); the oldest deprecated one went.
    expect(kept).toContain(token(1));
    expect(kept).not.toContain(token(0));
    expect(kept).toContain(token(2));
    expect(kept.at(-1)).toBe(token(100));
  });

  it('refuses a 21st distinct staging label across the versions of a secret; moving a label is always allowed', () => {
    const s = new SecretsManagerState();
    s.execute('CreateSecret', { Name: 'labels', SecretString: 'v0', ClientRequestToken: token(0) });
    const labels = Array.from({ length: 19 }, (_, i) => `L${i}`); // + AWSCURRENT = 20
    s.execute('PutSecretValue', {
      SecretId: 'labels',
      SecretString: 'v1',
      ClientRequestToken: token(1),
      VersionStages: labels,
    });
    expect(
      code(() =>
        s.execute('UpdateSecretVersionStage', { SecretId: 'labels', VersionStage: 'L19', MoveToVersionId: token(0) }),
      ),
    ).toBe('LimitExceededException');
    s.execute('UpdateSecretVersionStage', {
      SecretId: 'labels',
      VersionStage: 'L0',
      MoveToVersionId: token(0),
      RemoveFromVersionId: token(1),
    });
    expect(s.snapshot().secrets[0]?.versions.find((v) => v.versionId === token(0))?.stages).toEqual([
      'AWSCURRENT',
      'L0',
    ]);
  });
});
