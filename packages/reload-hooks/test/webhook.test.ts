import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRestartLedger, rotateSecret, secretRef, type RestartRequest } from '@docugen-secrets/rotation';
import { canary } from '@docugen-secrets/test-support';
import {
  DELIVERY_HEADER,
  JsonFileRestartLedger,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  restartSignature,
  startRestartReceiver,
  verifyRestartSignature,
  webhookTrigger,
  type RunningRestartReceiver,
} from '../src/index.js';
import { consumer, secret, World } from './world.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const HOOK = { kind: 'webhook', url: 'https://deploy.docugen.example/hooks/restart' } as const;

async function receiver(w: World, secretText: string): Promise<RunningRestartReceiver> {
  const r = await startRestartReceiver({ secret: secretText, clock: w.clock });
  cleanups.push(() => r.close());
  return r;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reload-hooks-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const noSleep = (): Promise<void> => Promise.resolve();

describe('signed webhook restarts (a real HTTP receiver verifying the HMAC)', () => {
  it('a promotion posts a signed, value-free restart the receiver verifies; a wrong key is refused', async () => {
    const w = new World();
    const key = canary('webhook-key');
    const rx = await receiver(w, key);
    const m = secret('storage-key', [consumer('archive', HOOK)]);
    const old = canary('previous');
    await w.seed(m, old);
    const hook = webhookTrigger({ secret: key, clock: w.clock, fetch, endpoint: () => `${rx.url}/hooks/restart` });
    w.clock.set('2025-01-02T00:00:00Z');
    const ledger = new MemoryRestartLedger();
    const r = await rotateSecret(w.deps({ webhook: hook }, ledger), m);
    expect(r.restarts).toMatchObject([{ kind: 'triggered', service: 'archive' }]);
    expect(rx.restarts()).toMatchObject([
      { path: '/hooks/restart', payload: { secretId: 'storage-key', versionId: r.versionId, service: 'archive' } },
    ]);
    const current = await w.store.getValue(secretRef(m), 'current');
    const fresh = current?.value.kind === 'string' ? current.value.value : '';
    const everything = JSON.stringify([rx.restarts(), r, ledger.records, w.audit.text()]);
    for (const v of [old, fresh, key]) expect(everything).not.toContain(v);

    const forged = webhookTrigger({
      secret: 'not-the-key',
      clock: w.clock,
      fetch,
      sleep: noSleep,
      endpoint: () => rx.url,
    });
    const request: RestartRequest = {
      secretId: 's',
      versionId: 'v',
      service: 'archive',
      deployment: 'archive',
      trigger: HOOK,
      deliveryId: 'd-forged',
      emergency: false,
    };
    const refused = await forged.trigger(request).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RELOAD_WEBHOOK_FAILED', message: expect.stringContaining('(HTTP 401)') });
    expect((refused as Error).message).not.toContain('not-the-key');
    expect(rx.rejected()).toBe(1);
  });

  it('verification: constant-time compare over timestamp and raw body, stale timestamps refused', () => {
    const now = new Date('2025-01-02T00:00:00Z');
    const ts = String(now.getTime() / 1000);
    const sig = restartSignature('k', ts, '{"a":1}');
    expect(verifyRestartSignature('k', { signature: sig, timestamp: ts }, '{"a":1}', now)).toEqual({ ok: true });
    expect(verifyRestartSignature('k', { signature: sig, timestamp: ts }, '{"a":2}', now)).toMatchObject({ ok: false });
    const later = new Date(now.getTime() + 301_000);
    expect(verifyRestartSignature('k', { signature: sig, timestamp: ts }, '{"a":1}', later)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
    expect([SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER]).toEqual([
      'x-docugen-signature-256',
      'x-docugen-timestamp',
      'x-docugen-delivery',
    ]);
  });

  it('crash between the send and its record: a new process resends the same delivery id, the receiver restarts once', async () => {
    const w = new World();
    const key = canary('webhook-key');
    const rx = await receiver(w, key);
    const path = join(await tempDir(), 'restarts.json');
    const m = secret('storage-key', [consumer('archive', HOOK, 2)]);
    await w.seed(m, canary());
    const hook = webhookTrigger({ secret: key, clock: w.clock, fetch, endpoint: () => rx.url });
    w.clock.set('2025-01-02T00:00:00Z');
    const kill = (step: string): void => {
      if (step === 'restart') throw new Error('kill -9 after the send');
    };
    await expect(rotateSecret(w.deps({ webhook: hook }, new JsonFileRestartLedger(path), kill), m)).rejects.toThrow(
      'kill -9',
    );
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as { records: { triggeredAt?: string }[] };
    expect(onDisk.records).toHaveLength(1);
    expect(onDisk.records[0]?.triggeredAt).toBeUndefined();

    w.clock.set('2025-01-02T00:05:00Z');
    const rerun = await rotateSecret(w.deps({ webhook: hook }, new JsonFileRestartLedger(path)), m);
    expect(rerun.restarts).toMatchObject([{ kind: 'resent', until: new Date('2025-01-02T00:35:00Z') }]);
    expect(rx.restarts()).toMatchObject([{ deliveries: 2 }]);
    w.clock.set('2025-01-02T00:34:00Z');
    expect((await rotateSecret(w.deps({ webhook: hook }, new JsonFileRestartLedger(path)), m)).kind).toBe('not-due');
    w.clock.set('2025-01-02T00:35:00Z');
    expect((await rotateSecret(w.deps({ webhook: hook }, new JsonFileRestartLedger(path)), m)).kind).toBe('retired');
    expect(rx.restarts()).toHaveLength(1);
  });

  it('a damaged ledger file is a coded error naming the file, never silently reset', async () => {
    const path = join(await tempDir(), 'restarts.json');
    await writeFile(path, '{"format":"docugen-secrets/restart-ledger","version":1,"records":[{"secretId":1}]}');
    await expect(new JsonFileRestartLedger(path).read()).rejects.toMatchObject({
      code: 'RELOAD_LEDGER_INVALID',
      message: expect.stringContaining('records[0].secretId must be a string'),
    });
    await writeFile(path, '{"format":');
    await expect(new JsonFileRestartLedger(path).read()).rejects.toMatchObject({ code: 'RELOAD_LEDGER_INVALID' });
  });
});
