import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JITTER, PICKUP_SLACK_MS, runScenario, SERVICE_REFRESH_MS, type ScenarioReport } from './scenario.js';

/** `npm run zero-downtime` sets this to print the figures (tests never print). */
const REPORT = process.env['ZERO_DOWNTIME_REPORT'];

function summary(name: string, r: ScenarioReport): string {
  const slowest = r.pickupsMs.length === 0 ? 0 : Math.max(...r.pickupsMs);
  const rotations = Object.values(r.rotations).reduce((a, b) => a + b, 0);
  return `${name}: requests sent ${r.requests}, failed ${r.failed} ${JSON.stringify(r.failedByRoute)}, rotations ${rotations} ${JSON.stringify(r.rotations)}, slowest pickup ${slowest} ms, wall ${(r.wallMs / 1000).toFixed(1)} s`;
}

function report(line: string): void {
  if (REPORT !== undefined && REPORT !== '') writeFileSync(REPORT, `${line}\n`, { flag: 'a' });
}

describe('zero downtime under rotation (document service, real rotator, local Secrets Manager and emulators)', () => {
  it(
    'with the overlap: zero failed requests, every version picked up within one refresh interval + jitter, no restart',
    { timeout: 120_000 },
    async () => {
      const r = await runScenario('with-overlap', 3, 50_000);
      report(summary('with overlap', r));
      expect(r.rotationProblems).toEqual([]);
      for (const n of Object.values(r.rotations)) expect(n).toBeGreaterThanOrEqual(3);
      expect({ failed: r.failed, samples: r.samples }).toEqual({ failed: 0, samples: [] });
      expect(r.requests).toBeGreaterThan(100);
      expect(r.failedByRoute).toEqual({});
      expect(r.missedPickups).toBe(0);
      expect(r.lateChecks).toEqual([]);
      expect(r.pickupsMs.length).toBeGreaterThanOrEqual(12);
      expect(Math.max(...r.pickupsMs)).toBeLessThanOrEqual(SERVICE_REFRESH_MS * (1 + JITTER) + PICKUP_SLACK_MS);
      expect(new Set(r.instanceIds).size).toBe(1);
    },
  );

  it(
    'without the overlap (single strategy, retire at once): the same load sees failed requests',
    { timeout: 120_000 },
    async () => {
      const r = await runScenario('without-overlap', 2, 30_000);
      report(summary('without overlap', r));
      expect(r.rotationProblems).toEqual([]);
      expect(r.failed).toBeGreaterThan(0);
      expect(new Set(r.instanceIds).size).toBe(1);
    },
  );
});
