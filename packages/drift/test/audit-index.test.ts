import { describe, expect, it } from 'vitest';
import { AuditIndexBuilder, indexAudit } from '../src/index.js';
import { ago, event } from './fixtures.js';

describe('the audit index (one history per secret, built event by event)', () => {
  it('keeps the first record of each version, its promote, emergencies and commits', () => {
    const index = indexAudit([
      event('a', 'store.create', 'v1', ago(30)),
      event('a', 'store.putPending', 'v2', ago(10), { details: { emergency: true } }),
      event('a', 'store.promote', 'v2', ago(9)),
      event('a', 'store.putPending', 'v2', ago(8)), // a later record of v2 does not move its first write
      event('a', 'store.putPending', 'v3', ago(2), { correlation: { commit: 'c3' } }),
      event('b', 'rotation.test', 'w1', ago(1)), // not a write
    ]);
    const a = index.get('a');
    expect(a?.wroteAny()).toBe(true);
    expect(['v1', 'v2', 'v3', 'v4'].map((v) => a?.wrote(v))).toEqual([true, true, true, false]);
    expect(a?.writtenAt('v1')).toEqual(ago(30));
    expect(a?.writtenAt('v2')).toEqual(ago(10));
    expect(a?.promotedAt('v2')).toEqual(ago(9));
    expect(a?.promotedAt('v1')).toEqual(ago(30)); // never promoted: its first write (AWS makes a first put current)
    expect(a?.writtenAt('v4')).toBeUndefined();
    expect([a?.isEmergency('v2'), a?.isEmergency('v1')]).toEqual([true, false]);
    expect([a?.hasCommit('c3'), a?.hasCommit('c1')]).toEqual([true, false]);
    expect(index.has('b')).toBe(false); // nothing it did can change a history
  });

  it('skips failed events and events whose time does not parse', () => {
    const builder = new AuditIndexBuilder();
    builder.add(event('a', 'store.putPending', 'v1', ago(3), { outcome: 'failure' }));
    builder.add({ ...event('a', 'store.putPending', 'v2', ago(2)), at: 'not a time' });
    builder.add(event('a', 'store.putPending', 'v3', ago(1)));
    const a = builder.index.get('a');
    expect(['v1', 'v2', 'v3'].map((v) => a?.wrote(v))).toEqual([false, false, true]);
  });

  it('a single write keeps no collection and still answers every question', () => {
    const a = indexAudit([event('a', 'store.create', 'only', ago(5))]).get('a');
    expect([a?.wrote('only'), a?.wrote('other'), a?.isEmergency('only'), a?.hasCommit('x')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(a?.promotedAt('only')).toEqual(ago(5));
  });
});
