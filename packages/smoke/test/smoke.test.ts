import { afterEach, describe, expect, it } from 'vitest';
import { isDocugenError } from '@docugen-secrets/core';
import { runSmoke, smokeJson, smokeMarkdown, smokeText, type SmokeReport } from '../src/index.js';
import { canaryManifest, startSmokeWorld, type SmokeWorld } from './world.js';

let world: SmokeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ctx = { env: 'local', notes: ['test'] };

function failed(report: SmokeReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

/** Every text the smoke test produced: the three report formats, log lines and audit lines. */
function printed(w: SmokeWorld, report: SmokeReport): string {
  return [
    smokeText(report, ctx),
    smokeJson(report, ctx),
    smokeMarkdown(report, ctx),
    JSON.stringify(w.logger.records),
    ...w.audit.lines,
  ].join('\n');
}

describe('runSmoke on the real rotation engine, Secrets Manager server and client (simulated time)', () => {
  it('a healthy consumer passes every check, twice in a row, and no value reaches a report, log or audit line', async () => {
    world = await startSmokeWorld();
    const first = await runSmoke(canaryManifest(), world.ports);
    expect(first.checks.map((c) => [c.name, c.ok])).toEqual([
      ['canary-ready', true],
      ['consumer-loads', true],
      ['rotated', true],
      ['new-version-observed', true],
      ['old-value-accepted-in-overlap', true],
      ['previous-retired', true],
      ['consumer-works-after-retire', true],
      ['old-value-refused-after-retire', true],
    ]);
    expect(first.ok).toBe(true);
    const second = await runSmoke(canaryManifest(), world.ports);
    expect(failed(second)).toEqual([]);
    expect(second.checks[0]?.detail).toBe('the canary already has a current version');
    expect(world.source.seen.size).toBeGreaterThanOrEqual(3);
    const text = printed(world, second) + printed(world, first);
    for (const value of world.source.seen) expect(text).not.toContain(value);
  });

  it('FAILS when the consumer does not refresh within its interval (refresh effectively disabled)', async () => {
    world = await startSmokeWorld({ refreshInterval: 'P1D' });
    const report = await runSmoke(canaryManifest(), world.ports);
    expect(report.ok).toBe(false);
    expect(failed(report)).toContain('new-version-observed');
    expect(smokeText(report, ctx)).toContain('smoke test FAILED');
  });

  it('FAILS when the overlap is removed: the old value is refused right after the rotation', async () => {
    world = await startSmokeWorld();
    const noOverlap = canaryManifest({
      rotation: {
        kind: 'random-secret',
        strategy: 'alternating',
        length: 32,
        charset: 'hex',
        cadence: 'P1D',
        overlap: 'PT0S',
      },
    });
    const report = await runSmoke(noOverlap, world.ports);
    expect(report.ok).toBe(false);
    expect(failed(report)).toContain('old-value-accepted-in-overlap');
  });

  it('refuses a manifest that is not marked smoke: true, before touching the store', async () => {
    world = await startSmokeWorld();
    const err = await runSmoke(canaryManifest({ smoke: false }), world.ports).catch((e: unknown) => e);
    expect(isDocugenError(err) && err.code).toBe('SMOKE_NOT_CANARY');
    expect(world.sm.requestCounts()['CreateSecret'] ?? 0).toBe(0);
  });
});
