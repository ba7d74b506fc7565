import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { isDocugenError } from '@docugen-secrets/core';
import { MemoryAuditLog } from '@docugen-secrets/audit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuditedStore,
  rotationToken,
  type SecretRef,
  type SecretStore,
  type SecretValue,
} from '@docugen-secrets/secret-store';
import { canary } from '@docugen-secrets/test-support';
import { RateLimiter } from '../src/index.js';
import { awsHarness, type AwsHarness } from './aws-harness.js';

const str = (value: string): SecretValue => ({ kind: 'string', value });
let h: AwsHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withSecret(harness: AwsHarness, label: string): Promise<SecretRef> {
  const ref = harness.newRef(label);
  await harness.store.create(ref, { initialValue: str(canary('initial')) });
  return ref;
}

const nameOf = (ref: SecretRef): string => (ref.target.kind === 'aws-secrets-manager' ? ref.target.name : '');

function versionCount(harness: AwsHarness, ref: SecretRef): number {
  return harness.server.snapshot().secrets.find((s) => s.name === nameOf(ref))?.versions.length ?? -1;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (e: unknown) => (isDocugenError(e) ? e.code : String(e)),
  );
}

describe('AWS adapter under faults (local server)', () => {
  it('retries throttling and records the request ids and token in the audit event', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'throttle');
    const audit = new MemoryAuditLog();
    const store = new AuditedStore(h.store, { sink: audit, actor: { kind: 'local', user: 't' } });
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'throttle', times: 2 });
    const before = h.server.requestCounts()['PutSecretValue'] ?? 0;
    const token = rotationToken(ref.id, 'throttle');
    expect(await store.putPending(ref, str(canary()), token)).toEqual({ versionId: token, created: true });
    expect((h.server.requestCounts()['PutSecretValue'] ?? 0) - before).toBe(3);
    const event = audit.records.at(-1)!;
    expect(event).toMatchObject({
      action: 'store.putPending',
      outcome: 'success',
      correlation: { clientRequestToken: token },
    });
    expect(event.requestIds).toHaveLength(3); // ListSecretVersionIds, PutSecretValue (final attempt), ListSecretVersionIds
    expect(event.correlation?.['secretArn']).toMatch(/^arn:aws:secretsmanager:/);
  });

  it("retries throttling in the SDK's adaptive mode too", async () => {
    h = await awsHarness({ store: { retryMode: 'adaptive' } });
    const ref = await withSecret(h, 'adaptive');
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'throttle', times: 2 });
    const token = rotationToken(ref.id, 'adaptive');
    expect(await h.store.putPending(ref, str(canary()), token)).toEqual({ versionId: token, created: true });
    expect(h.server.requestCounts()['PutSecretValue']).toBe(3);
  });

  it('retries 500s on reads and on label moves', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'internal');
    h.server.injectFault({ operation: 'GetSecretValue', kind: 'internal-error', times: 2 });
    expect((await h.store.getValue(ref, 'current'))?.value.kind).toBe('string');
    const token = rotationToken(ref.id, 'internal');
    await h.store.putPending(ref, str(canary()), token);
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'internal-error', times: 2 });
    await h.store.promote(ref, token);
    expect((await h.store.getValue(ref, 'current'))?.versionId).toBe(token);
  });

  it('gives up with STORE_THROTTLED (and the request id) when every attempt is throttled', async () => {
    h = await awsHarness({ store: { maxAttempts: 2 } });
    const ref = await withSecret(h, 'exhausted');
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'throttle', times: 5 });
    const err = await h.store.putPending(ref, str(canary()), rotationToken(ref.id, 'x')).catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_THROTTLED')).toBe(true);
    expect(isDocugenError(err) && typeof err.details['requestId']).toBe('string');
  });

  it('resolves a connection dropped after a successful PutSecretValue by the token: no duplicate version', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'drop');
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-after-write', times: 1 });
    const token = rotationToken(ref.id, 'drop');
    const value = str(canary());
    expect(await h.store.putPending(ref, value, token)).toEqual({ versionId: token, created: true });
    expect(h.server.requestCounts()['PutSecretValue']).toBe(2);
    expect(versionCount(h, ref)).toBe(2);
    expect(await h.store.getValue(ref, 'pending')).toEqual({ versionId: token, value });
  });

  it('resolves a dropped write on rerun (no SDK retry) by the same rotation token', async () => {
    h = await awsHarness({ store: { maxAttempts: 1 } });
    const ref = await withSecret(h, 'rerun');
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-after-write', times: 1 });
    const value = str(canary());
    expect(await codeOf(h.store.putPending(ref, value, rotationToken(ref.id, 'slot-7')))).toBe('STORE_UNAVAILABLE');
    // The "crashed" run is rerun: same secret, same slot, same token.
    expect(await h.store.putPending(ref, value, rotationToken(ref.id, 'slot-7'))).toEqual({
      versionId: rotationToken(ref.id, 'slot-7'),
      created: false,
    });
    expect(versionCount(h, ref)).toBe(2);
  });

  it('finishes a promote whose response was lost: the SDK retry is refused ("not attached"), the labels show it done', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'promote-drop');
    const token = rotationToken(ref.id, 'promote-drop');
    await h.store.putPending(ref, str(canary()), token);
    const before = h.server.requestCounts()['UpdateSecretVersionStage'] ?? 0;
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-after-write', times: 1 });
    await h.store.promote(ref, token);
    expect((h.server.requestCounts()['UpdateSecretVersionStage'] ?? 0) - before).toBe(2);
    expect((await h.store.getValue(ref, 'current'))?.versionId).toBe(token);
    expect((await h.store.describe(ref)).versions.map((v) => v.stages)).toEqual([['current'], ['previous']]);
  });

  it('finishes a promote whose response was lost without an SDK retry too, and a rerun is a no-op', async () => {
    h = await awsHarness({ store: { maxAttempts: 1 } });
    const ref = await withSecret(h, 'promote-drop-once');
    const token = rotationToken(ref.id, 'promote-drop-once');
    await h.store.putPending(ref, str(canary()), token);
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-after-write', times: 1 });
    await h.store.promote(ref, token);
    const before = h.server.requestCounts()['UpdateSecretVersionStage'];
    await h.store.promote(ref, token);
    expect(h.server.requestCounts()['UpdateSecretVersionStage']).toBe(before);
    expect((await h.store.getValue(ref, 'current'))?.versionId).toBe(token);
  });

  it('finishes a markFailed and a retire that a crash left half-done, when their label removals lose their responses', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'moves-drop');
    const client = new SecretsManagerClient({
      region: h.server.region,
      endpoint: h.server.endpoint,
      credentials: { accessKeyId: 'AKIDRAW', secretAccessKey: 'raw' },
    });
    const flag = (label: string, versionId: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({ SecretId: nameOf(ref), VersionStage: label, MoveToVersionId: versionId }),
      );
    const first = (await h.store.getValue(ref, 'current'))!.versionId;
    const failed = rotationToken(ref.id, 'failed');
    await h.store.putPending(ref, str(canary()), failed);
    await flag('DOCUGEN_FAILED', failed); // the crash: flagged, still pending
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-after-write', times: 1 });
    await h.store.markFailed(ref, failed);
    const good = rotationToken(ref.id, 'good');
    await h.store.putPending(ref, str(canary()), good);
    await h.store.promote(ref, good);
    await flag('DOCUGEN_RETIRED', first); // the crash: flagged, still previous
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-after-write', times: 1 });
    await h.store.retire(ref, first);
    client.destroy();
    const stored = h.server.snapshot().secrets.find((x) => x.name === nameOf(ref))?.versions ?? [];
    expect(Object.fromEntries(stored.map((v) => [v.versionId, v.stages]))).toMatchObject({
      [failed]: ['DOCUGEN_FAILED'],
      [first]: ['DOCUGEN_RETIRED'],
    });
    const versions = await h.store.listVersions(ref);
    expect(versions.find((v) => v.versionId === failed)).toMatchObject({ stages: [], failed: true });
    expect(versions.find((v) => v.versionId === first)).toMatchObject({ stages: [], retired: true });
    expect((await h.store.getValue(ref, 'current'))?.versionId).toBe(good);
  });

  it('still reports a label move that did not happen', async () => {
    h = await awsHarness({ store: { maxAttempts: 1 } });
    const ref = await withSecret(h, 'drop-before-move');
    const token = rotationToken(ref.id, 'drop-before-move');
    await h.store.putPending(ref, str(canary()), token);
    h.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-before', times: 1 });
    expect(await codeOf(h.store.promote(ref, token))).toBe('STORE_UNAVAILABLE');
    expect((await h.store.getValue(ref, 'pending'))?.versionId).toBe(token);
  });

  it('retries a connection dropped before the write', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'drop-before');
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-before', times: 1 });
    expect((await h.store.putPending(ref, str(canary()), rotationToken(ref.id, 'db'))).created).toBe(true);
    expect(versionCount(h, ref)).toBe(2);
  });

  it('refuses a second rotator while the first one has a pending version', async () => {
    h = await awsHarness();
    const ref = await withSecret(h, 'second');
    const other = h.anotherStore();
    const t1 = rotationToken(ref.id, 'run-1');
    await h.store.putPending(ref, str(canary()), t1);
    expect(await codeOf(other.putPending(ref, str(canary()), rotationToken(ref.id, 'run-2')))).toBe(
      'STORE_ROTATION_IN_PROGRESS',
    );
    // The first rotator resumes after a crash: same token, same value is a replay.
    await h.store.promote(ref, t1);
    expect((await other.getValue(ref, 'current'))?.versionId).toBe(t1);
  });

  it('lets exactly one of two racing rotations finish', async () => {
    h = await awsHarness();
    const other = h.anotherStore();
    for (let round = 0; round < 5; round++) {
      const ref = await withSecret(h, `race-${round}`);
      const rotate = async (store: SecretStore, run: string): Promise<string> => {
        const t = rotationToken(ref.id, run);
        await store.putPending(ref, str(canary()), t);
        return t;
      };
      const puts = await Promise.allSettled([rotate(h.store, 'a'), rotate(other, 'b')]);
      const promotes = await Promise.allSettled(
        puts.map((p, i) =>
          p.status === 'fulfilled'
            ? (i === 0 ? h!.store : other).promote(ref, p.value).then(() => p.value)
            : Promise.reject(p.reason as Error),
        ),
      );
      const winners = promotes.flatMap((p) => (p.status === 'fulfilled' ? [p.value] : []));
      const losers = promotes.flatMap((p) => (p.status === 'rejected' ? [p.reason as unknown] : []));
      expect(winners).toHaveLength(1);
      expect(losers.every((e) => isDocugenError(e, 'STORE_ROTATION_IN_PROGRESS'))).toBe(true);
      expect((await h.store.getValue(ref, 'current'))?.versionId).toBe(winners[0]);
    }
  });

  it('keeps a run under the shared write quota with the client-side rate limiter', async () => {
    h = await awsHarness({
      server: { writeQuotaTps: 10 },
      store: { maxAttempts: 1, writeRateLimiter: () => new RateLimiter({ ratePerSecond: 8 }) },
    });
    const refs: SecretRef[] = [];
    for (let i = 0; i < 4; i++) refs.push(await withSecret(h, `quota-${i}`));
    const limited = await Promise.all(
      refs.map((ref) =>
        codeOf(
          h!.store
            .putPending(ref, str(canary()), rotationToken(ref.id, 'q'))
            .then((r) => h!.store.promote(ref, r.versionId)),
        ),
      ),
    );
    expect(limited).toEqual(['ok', 'ok', 'ok', 'ok']);
    // A burst without the limiter (two rotations each: 16 writes against a bucket of 10) hits the quota (the SDK may not retry: maxAttempts 1).
    const unlimited = h.anotherStore({
      writeRateLimiter: () => new RateLimiter({ ratePerSecond: 10_000, burst: 1000 }),
    });
    const rotate = async (ref: SecretRef, slot: string): Promise<void> =>
      unlimited.promote(ref, (await unlimited.putPending(ref, str(canary()), rotationToken(ref.id, slot))).versionId);
    const burst = await Promise.all(
      refs.map((ref) => codeOf(rotate(ref, 'burst-1').then(() => rotate(ref, 'burst-2')))),
    );
    expect(burst).toContain('STORE_THROTTLED');
  });
});
