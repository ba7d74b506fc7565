import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubServer } from '@docugen-secrets/github-server';
import { OffsetClock } from '@docugen-secrets/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStep, type StepRun } from './bundle-run.js';
import { awsValues, checkout, DAY, expectNeverPrinted, openWorld, type BundleWorld } from './bundle-world.js';
import { bundleRuntime } from './node24.js';
import { manifestFiles, SECRETS } from './workspace.js';

const runtime = bundleRuntime();
const DEPLOY = 'docugen/app-deploy';
const TOKEN = 'ghs_e2e-token-0123456789';
let world: BundleWorld;
// The local Secrets Manager dates versions by this clock, kept five minutes behind each run's `now`: the
// rotation compares the store's dates with the run's clock, and the bundle's process starts a moment
// after its `now` was computed (a store ahead of the runner would defer the promotion to the next run).
const SKEW = 5 * 60_000;
let clock: OffsetClock;

beforeEach(async () => {
  clock = new OffsetClock();
  world = await openWorld(clock);
});
afterEach(async () => {
  await world.close();
});

interface Result {
  secretId: string;
  kind: string;
  retiredVersionId?: string;
  restarts?: { kind: string; service: string; versionId: string; deliveryId: string }[];
}

async function resultOf(run: StepRun, secretId: string): Promise<Result | undefined> {
  const report = JSON.parse(await readFile(run.outputs['report'] ?? '', 'utf8')) as { results: Result[] };
  return report.results.find((r) => r.secretId === secretId);
}

describe(`the bundled action's restart ledger (under Node ${runtime.version})`, { timeout: 300_000 }, () => {
  it('a rotation restarts the consumer; past the rollout the next run retires the previous version with the persisted ledger, and a lost ledger never retires it', async () => {
    const { work, remote } = await checkout(manifestFiles(false, { restartRepository: DEPLOY }));
    const github = await startGitHubServer({ validate: true, repos: [DEPLOY], token: TOKEN });
    try {
      // The ledger lives outside RUNNER_TEMP and the workspace, as the workflow's cache keeps it between jobs.
      const kept = join(await mkdtemp(join(tmpdir(), 'rotator-ledger-')), 'shard-0', 'restarts.json');
      const env = { ...world.env, GITHUB_API_URL: github.url };
      let offset = 0;
      const rotate = (at: number, ledger: string): Promise<StepRun> => {
        clock.advance(at - SKEW - offset);
        offset = at - SKEW;
        return runStep({
          node: runtime.node,
          workspace: work,
          inputs: { command: 'rotate', 'restart-ledger': ledger, now: new Date(Date.now() + at).toISOString() },
          env,
          token: TOKEN,
        });
      };
      const dispatches = () => github.snapshot().repos.flatMap((r) => r.dispatches ?? []);
      const name = `production/${SECRETS.aws}`;

      const created = await rotate(0, kept);
      expect(created.code, created.stdout).toBe(0);
      expect(dispatches()).toEqual([]); // nothing to restart for a first version

      // Due: the new version is promoted and the rolling-restart consumer restarted through its deploy repository.
      const rotated = await rotate(61 * DAY, kept);
      expect(rotated.code, rotated.stdout).toBe(0);
      const restart = (await resultOf(rotated, SECRETS.aws))?.restarts?.[0];
      expect(restart).toMatchObject({ kind: 'triggered', service: 'partner-sync' });
      expect(dispatches()).toHaveLength(1);
      expect(dispatches()[0]).toMatchObject({ kind: 'repository_dispatch', eventType: 'docugen-secret-rotated' });
      expect(await awsValues(world, name)).toHaveLength(2);
      const ledgerText = await readFile(kept, 'utf8');
      expect(ledgerText).toContain(restart?.deliveryId ?? '-');
      const values = await awsValues(world, name);
      await expectNeverPrinted(values, rotated, { remote, github });
      for (const value of values) expect(ledgerText.includes(value), 'the ledger holds a value').toBe(false);

      // Past the overlap and the rollout, a run whose ledger was lost (cache evicted) fails safe:
      // it sends the restart again (same delivery id) and keeps the previous version.
      const lost = join(await mkdtemp(join(tmpdir(), 'rotator-ledger-lost-')), 'restarts.json');
      const unsure = await rotate(65 * DAY, lost);
      expect(unsure.code, unsure.stdout).toBe(0);
      const again = await resultOf(unsure, SECRETS.aws);
      expect(again?.kind).not.toBe('retired');
      expect(again?.restarts?.[0]).toMatchObject({ kind: 'triggered', deliveryId: restart?.deliveryId });
      expect(await awsValues(world, name)).toHaveLength(2);
      expect(dispatches()).toHaveLength(2);

      // With the persisted ledger the restart is confirmed and rolled out: the previous version retires.
      const retired = await rotate(65 * DAY, kept);
      expect(retired.code, retired.stdout).toBe(0);
      expect(await resultOf(retired, SECRETS.aws)).toMatchObject({ kind: 'retired' });
      expect(await awsValues(world, name)).toHaveLength(1);
      expect(dispatches()).toHaveLength(2); // never restarted twice for one version by one ledger
      expect(github.violations()).toEqual([]);
    } finally {
      await github.close();
    }
  });
});
