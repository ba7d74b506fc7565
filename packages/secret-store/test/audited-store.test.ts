import { isDocugenError } from '@docugen-secrets/core';
import { FixedClock, canary } from '@docugen-secrets/test-support';
import { MemoryAuditLog, type AuditEvent, type AuditSink } from '@docugen-secrets/audit';
import { describe, expect, it } from 'vitest';
import { AuditedStore, InMemoryStore, rotationToken, type SecretRef } from '../src/index.js';

const ref: SecretRef = { id: 'api-key', target: { kind: 'memory', name: 'api-key' } };
const actor = {
  kind: 'github-actions',
  actor: 'octocat',
  runId: '99',
  roleArn: 'arn:aws:iam::123456789012:role/rotator',
} as const;

describe('AuditedStore', () => {
  it('records who, what, which version, when and how long, with no value or fingerprint without a key', async () => {
    const clock = new FixedClock('2026-11-29T12:00:00Z');
    const log = new MemoryAuditLog();
    const store = new AuditedStore(new InMemoryStore({ clock }), { sink: log, actor, clock });
    const value = canary();
    await store.create(ref, { initialValue: { kind: 'string', value } });
    await store.getValue(ref, 'pending');
    expect(log.records.map((r) => r.action)).toEqual(['store.create', 'store.getValue']);
    expect(log.records[1]).toMatchObject({
      at: '2026-11-29T12:00:00.000Z',
      actor,
      secretId: 'api-key',
      outcome: 'success',
      durationMs: 0,
      details: { stage: 'pending', found: false, store: 'memory' },
    });
    expect(log.records[0]?.fingerprint).toBeUndefined();
    expect(log.text()).not.toContain(value);
  });

  it('fails closed: an operation whose event cannot be written reports the audit failure', async () => {
    const broken: AuditSink = { append: (_e: AuditEvent) => Promise.reject(new Error('disk full')) };
    const inner = new InMemoryStore();
    const store = new AuditedStore(inner, { sink: broken, actor });
    await expect(store.create(ref, {})).rejects.toThrow('disk full');
    // The operation itself happened (it is idempotent to retry); only its acknowledgement was withheld.
    expect((await inner.describe(ref)).exists).toBe(true);
  });

  it('audits failures with the error code and rethrows the original error', async () => {
    const log = new MemoryAuditLog();
    const store = new AuditedStore(new InMemoryStore(), { sink: log, actor });
    const err = await store
      .putPending(ref, { kind: 'string', value: canary() }, rotationToken('api-key', 's'))
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_NOT_FOUND')).toBe(true);
    expect(log.records[0]).toMatchObject({
      action: 'store.putPending',
      outcome: 'failure',
      errorCode: 'STORE_NOT_FOUND',
      versionId: rotationToken('api-key', 's'),
    });
  });
});
