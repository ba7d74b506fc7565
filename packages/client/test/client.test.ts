import { describe, expect, it } from 'vitest';
import type { RandomSource } from '@docugen-secrets/core';
import { canary, ManualTimers, MemoryLogger, Observed, settle } from '@docugen-secrets/test-support';
import { createSecretClient, MemorySource, RoutedSource, type SecretClient } from '../src/index.js';
import { clientError } from '../src/errors.js';

const MINUTE = 60_000;
/** Draws 0 every time: waits are exactly the interval (or the backoff). */
const zeroRandom: RandomSource = {
  bytes: (n) => new Uint8Array(n),
  uuid: () => '00000000-0000-4000-8000-000000000000',
};
/** Draws just under 1 every time: waits are interval × (1 + jitter). */
const maxRandom: RandomSource = { bytes: (n) => new Uint8Array(n).fill(255), uuid: () => 'f' };

function setup(opts: { random?: RandomSource } = {}): {
  timers: ManualTimers;
  source: MemorySource;
  client: SecretClient;
  logger: MemoryLogger;
} {
  const timers = new ManualTimers();
  const source = new MemorySource();
  const logger = new MemoryLogger();
  const client = createSecretClient({
    source,
    clock: timers,
    timers,
    random: opts.random ?? zeroRandom,
    logger,
    refreshInterval: 'PT1M',
    backoffBase: 'PT1S',
  });
  return { timers, source, client, logger };
}

describe('createSecretClient: load and get', () => {
  it('get is a memory read: no source call however many reads', async () => {
    const { source, client } = setup();
    source.set('api-key', 'v1', 'key-one');
    await client.load(['api-key']);
    const before = { ...source.calls };
    for (let i = 0; i < 1000; i++) expect(client.get('api-key')).toBe('key-one');
    expect(source.calls).toEqual(before);
  });

  it('an unloaded secret is CLIENT_NOT_LOADED; a failed load is coded and leaves nothing behind', async () => {
    const { source, client } = setup();
    expect(() => client.get('nope')).toThrow(expect.objectContaining({ code: 'CLIENT_NOT_LOADED' }));
    await expect(client.load(['missing'])).rejects.toMatchObject({ code: 'CLIENT_NOT_FOUND' });
    source.set('missing', 'v1', 'x');
    await client.load(['missing']);
    expect(client.get('missing')).toBe('x');
  });

  it('rejects bad options with CLIENT_BAD_OPTIONS', async () => {
    const { client } = setup();
    expect(() => createSecretClient({ source: new MemorySource(), refreshInterval: 'soon' })).toThrow(
      expect.objectContaining({ code: 'CLIENT_BAD_OPTIONS' }),
    );
    expect(() => createSecretClient({ source: new MemorySource(), jitter: 2 })).toThrow(
      expect.objectContaining({ code: 'CLIENT_BAD_OPTIONS' }),
    );
    await expect(client.load([{ id: 'a', refreshInterval: 'PT1M', maxStaleness: 'PT1M' }])).rejects.toMatchObject({
      code: 'CLIENT_BAD_OPTIONS',
    });
  });
});

describe('refresher', () => {
  it('checks the version cheaply each interval and fetches a value only for a new version', async () => {
    const { timers, source, client } = setup();
    source.set('s', 'v1', 'one');
    await client.load([{ id: 's', refreshInterval: 'PT1M' }]);
    expect(source.calls).toEqual({ versionIds: 1, values: 1 });
    await timers.advance(10 * MINUTE);
    expect(source.calls).toEqual({ versionIds: 11, values: 1 });
    source.putPending('s', 'v2', 'two');
    await timers.advance(MINUTE);
    expect(source.calls.values).toBe(2);
    expect(client.versions('s').pending?.versionId).toBe('v2');
    expect(client.get('s')).toBe('one');
    source.promote('s');
    await timers.advance(MINUTE);
    expect(source.calls.values).toBe(2);
    expect(client.get('s')).toBe('two');
    expect(client.versions('s').previous).toEqual({ versionId: 'v1', value: { kind: 'string', value: 'one' } });
    source.retire('s');
    await timers.advance(MINUTE);
    expect(client.versions('s').previous).toBeUndefined();
  });

  it('observes a new version within one interval plus jitter', async () => {
    const { timers, source, client } = setup({ random: maxRandom });
    source.set('s', 'v1', 'one');
    await client.load(['s']);
    source.putPending('s', 'v2', 'two');
    source.promote('s');
    await timers.advance(MINUTE);
    expect(client.get('s')).toBe('one');
    await timers.advance(0.1 * MINUTE);
    expect(client.get('s')).toBe('two');
  });

  it('single-flight: concurrent refreshNow calls and a due timer share one source call', async () => {
    const { timers, source, client } = setup();
    source.set('s', 'v1', 'one');
    await client.load(['s']);
    let release: () => void = () => undefined;
    source.delay = () => new Promise<void>((r) => (release = r));
    const calls = source.calls.versionIds;
    const all = Promise.all([client.refreshNow('s'), client.refreshNow('s'), client.refreshNow('s')]);
    void timers.advance(MINUTE);
    await settle();
    expect(source.calls.versionIds).toBe(calls + 1);
    release();
    source.delay = undefined;
    expect(await all).toEqual([false, false, false]);
  });

  it('serves stale on error with backoff, reports health, and throws CLIENT_STALE past maxStaleness', async () => {
    const { timers, source, client, logger } = setup();
    source.set('s', 'v1', 'one');
    await client.load([{ id: 's', maxStaleness: 'PT10M' }]);
    source.failure = clientError('CLIENT_SOURCE_UNAVAILABLE', 'down');
    await timers.advance(MINUTE);
    expect(client.get('s')).toBe('one');
    const h1 = client.health().secrets[0];
    expect(h1).toMatchObject({
      id: 's',
      consecutiveFailures: 1,
      lastErrorCode: 'CLIENT_SOURCE_UNAVAILABLE',
      stale: false,
    });
    // Backoff 1 s, 2 s, 4 s … capped at the interval.
    const calls = source.calls.versionIds;
    await timers.advance(1000);
    await timers.advance(2000);
    await timers.advance(4000);
    expect(source.calls.versionIds).toBe(calls + 3);
    await timers.advance(9 * MINUTE);
    expect(() => client.get('s')).toThrow(expect.objectContaining({ code: 'CLIENT_STALE' }));
    expect(client.health().ok).toBe(false);
    source.failure = undefined;
    await timers.advance(MINUTE);
    expect(client.get('s')).toBe('one');
    expect(client.health()).toMatchObject({ ok: true, secrets: [{ consecutiveFailures: 0, stale: false }] });
    expect(logger.records.some((r) => r.fields['errorCode'] === 'CLIENT_SOURCE_UNAVAILABLE')).toBe(true);
  });

  it('refreshNow is rate limited per secret', async () => {
    const { timers, source, client } = setup();
    source.set('s', 'v1', 'one');
    await client.load(['s']);
    const calls = source.calls.versionIds;
    source.putPending('s', 'v2', 'two');
    source.promote('s');
    expect(await client.refreshNow('s')).toBe(true);
    for (let i = 0; i < 100; i++) expect(await client.refreshNow('s')).toBe(false);
    expect(source.calls.versionIds).toBe(calls + 1);
    await timers.advance(5000);
    expect(await client.refreshNow('s')).toBe(false);
    expect(source.calls.versionIds).toBe(calls + 2);
  });

  it('onChange gets ids only; a throwing listener is logged and does not stop the refresher', async () => {
    const { timers, source, client, logger } = setup();
    source.set('s', 'v1', 'one');
    await client.load(['s']);
    const events: unknown[] = [];
    client.onChange('s', () => {
      throw new Error('boom');
    });
    const off = client.onChange('s', (e) => events.push(e));
    source.putPending('s', 'v2', 'two');
    source.promote('s');
    await timers.advance(MINUTE);
    expect(events).toEqual([{ id: 's', current: 'v2', previous: 'v1', changed: ['current', 'previous'] }]);
    expect(logger.records.some((r) => r.msg === 'onChange listener threw')).toBe(true);
    off();
    source.retire('s');
    await timers.advance(MINUTE);
    expect(events).toHaveLength(1);
  });

  it('close stops every refresher', async () => {
    const { timers, source, client } = setup();
    source.set('s', 'v1', 'one');
    await client.load(['s']);
    client.close();
    const calls = source.calls.versionIds;
    await timers.advance(10 * MINUTE);
    expect(source.calls.versionIds).toBe(calls);
    expect(timers.size).toBe(0);
    await expect(client.load(['t'])).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});

describe('overlap', () => {
  it('matches accepts current and previous (pending only when asked), in constant time', async () => {
    const { timers, source, client } = setup();
    source.set('hmac', 'v1', 'old-secret');
    source.set('jwt', 'k1', 'key-1');
    await client.load(['hmac', { id: 'jwt', acceptPending: true }]);
    source.putPending('hmac', 'v2', 'new-secret');
    source.putPending('jwt', 'k2', 'key-2');
    await timers.advance(MINUTE);
    expect(client.matches('hmac', 'new-secret')).toBe(false);
    expect(client.matches('jwt', 'key-2')).toBe(true);
    source.promote('hmac');
    await timers.advance(MINUTE);
    expect(client.matches('hmac', 'new-secret')).toBe(true);
    expect(client.matches('hmac', 'old-secret')).toBe(true);
    expect(client.matches('hmac', 'old-secre')).toBe(false);
    expect(client.matches('hmac', new TextEncoder().encode('new-secret'))).toBe(true);
    source.retire('hmac');
    await timers.advance(MINUTE);
    expect(client.matches('hmac', 'old-secret')).toBe(false);
  });

  it('never puts a value in errors, logs or health (canaries)', async () => {
    const { timers, source, client, logger } = setup();
    const secret = canary('client');
    source.set('s', 'v1', secret);
    await client.load(['s']);
    const seen = new Observed();
    source.failure = clientError('CLIENT_SOURCE_UNAVAILABLE', 'down');
    await timers.advance(61 * MINUTE);
    try {
      client.get('s');
    } catch (err) {
      seen.addError(err);
    }
    seen.add(JSON.stringify(client.health()));
    seen.add(JSON.stringify(logger.records));
    try {
      client.signingKeys('s');
    } catch (err) {
      seen.addError(err);
    }
    expect(seen.text()).toContain('CLIENT_STALE');
    expect(seen.text()).not.toContain(secret);
  });
});

describe('RoutedSource', () => {
  it('reads each secret from its own source', async () => {
    const a = new MemorySource();
    const b = new MemorySource();
    a.set('one', 'v1', 'from-a');
    b.set('two', 'v1', 'from-b');
    const client = createSecretClient({ source: new RoutedSource({ one: a, two: b }), timers: new ManualTimers() });
    await client.load(['one', 'two']);
    expect([client.get('one'), client.get('two')]).toEqual(['from-a', 'from-b']);
    await expect(client.load(['three'])).rejects.toMatchObject({ code: 'CLIENT_BAD_OPTIONS' });
    client.close();
  });
});
