import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/index.js';

function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = 1000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

describe('RateLimiter', () => {
  it('spaces calls at the rate after the burst', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ratePerSecond: 5, burst: 2, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 6; i++) await limiter.acquire();
    expect(time.sleeps).toEqual([200, 200, 200, 200]);
  });

  it('serves concurrent callers in order, each at its own slot', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ratePerSecond: 10, now: time.now, sleep: time.sleep });
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 100, 200]);
  });

  it('refills while idle, up to the burst', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(time.sleeps).toEqual([]);
    await time.sleep(10_000);
    time.sleeps.length = 0;
    for (let i = 0; i < 4; i++) await limiter.acquire();
    expect(time.sleeps).toEqual([500]);
  });

  it('never exceeds the rate over any window (property)', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ratePerSecond: 50, burst: 5, now: time.now, sleep: time.sleep });
    const starts = Array.from({ length: 500 }, () => time.now() + limiter.reserve());
    for (let i = 0; i + 55 < starts.length; i++) expect(starts[i + 55]! - starts[i]!).toBeGreaterThanOrEqual(1000);
  });

  it('rejects nonsense settings', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
