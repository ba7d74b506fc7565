import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { startGitHubServer } from '@docugen-secrets/github-server';
import { canary, git } from '@docugen-secrets/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStep, type StepRun } from './bundle-run.js';
import {
  awsValues,
  BOT,
  checkout,
  DAY,
  expectNeverPrinted,
  githubTexts,
  openWorld,
  sopsValues,
  type BundleWorld,
} from './bundle-world.js';
import { bundleRuntime } from './node24.js';
import { manifestFiles, SECRETS } from './workspace.js';

const runtime = bundleRuntime();
if (runtime.skipped !== undefined)
  process.stderr.write(
    `\nrotator-action bundle tests: the Node 24 variant was SKIPPED (${runtime.skipped}); running the bundle under this Node ${runtime.version} instead\n\n`,
  );

let world: BundleWorld;
let env: Record<string, string>;

/** Every value the stores now hold for the two secrets (Secrets Manager current/previous, the SOPS file's versions). */
async function storedValues(work: string): Promise<string[]> {
  return [
    ...(await awsValues(world, `production/${SECRETS.aws}`)),
    ...(await sopsValues(world, join(work, 'secrets', 'production', `${SECRETS.sops}.sops.yaml`))),
  ];
}

// A fresh Secrets Manager per test: every test starts from an empty estate.
beforeEach(async () => {
  world = await openWorld();
  env = world.env;
});
afterEach(async () => {
  await world.close();
});

const rotatedOf = (run: StepRun): string[] => (run.outputs['rotated'] ?? '').split(',').filter(Boolean).sort();

describe(
  `the bundled action (dist/index.js) run as GitHub runs it, under Node ${runtime.version}`,
  { timeout: 240_000 },
  () => {
    it('runs under Node 24 (in CI it must)', () => {
      if (process.env['CI'] !== undefined && process.env['CI'] !== '')
        expect(runtime.skipped, 'CI must prove the bundle on Node 24').toBeUndefined();
      if (runtime.skipped === undefined) expect(runtime.version).toMatch(/^v24\./);
    });

    it('a scheduled run rotates a due SOPS and a due Secrets Manager secret; no value is ever printed', async () => {
      const { work, remote } = await checkout();
      const first = await runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate' }, env });
      expect(first.stderr).toBe('');
      expect(first.code, first.stdout).toBe(0);
      expect(rotatedOf(first)).toEqual([SECRETS.aws, SECRETS.sops].sort());
      const created = await storedValues(work);
      expect(created).toHaveLength(2);
      await expectNeverPrinted(created, first, { remote });

      const before = git(remote, 'rev-parse', 'refs/heads/main').trim();
      const now = new Date(Date.now() + 61 * DAY).toISOString();
      const run = await runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate', now }, env });
      // One commit per run on the remote, whatever number of SOPS steps the rotation took.
      expect(git(remote, 'rev-list', '--count', `${before}..refs/heads/main`).trim()).toBe('1');
      expect(run.code, run.stdout).toBe(0);
      expect(rotatedOf(run)).toEqual([SECRETS.aws, SECRETS.sops].sort());
      expect(run.outputs['failed']).toBe('');
      expect(run.summary).toContain('## docugen-secrets rotate (schedule)');
      // The SOPS update reached the bare remote: the commit output is its main branch, authored by the bot.
      const head = git(remote, 'rev-parse', 'refs/heads/main').trim();
      expect(run.outputs['commit']).toBe(head);
      expect(git(remote, 'log', '-1', '--format=%an', head).trim()).toBe(BOT[0]);
      expect(git(remote, 'show', '--name-only', '--format=', head)).toContain(`${SECRETS.sops}.sops.yaml`);
      const values = await storedValues(work);
      expect(values.length).toBeGreaterThanOrEqual(3);
      await expectNeverPrinted(values, run, { remote });
    });

    it('the alerts job opens an alert for a third secret expiring by hand from the shard reports, and a later run closes it', async () => {
      const github = await startGitHubServer({ repos: ['docugen/app'], token: 'ghs_e2e-token-0123456789' });
      try {
        const { work, remote } = await checkout(manifestFiles(true));
        const name = `production/${SECRETS.expiring}`;
        const handSet = [canary('crm'), canary('crm')];
        await world.sm.send(new CreateSecretCommand({ Name: name, SecretString: handSet[0] }));
        const alertsEnv = { ...env, GITHUB_API_URL: github.url };
        const first = await runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate' }, env });
        expect(rotatedOf(first)).toEqual([SECRETS.aws, SECRETS.sops].sort());
        const now = new Date(Date.now() + 61 * DAY).toISOString();
        const rotate = await runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate', now }, env });
        expect(rotatedOf(rotate)).toEqual([SECRETS.aws, SECRETS.sops].sort());
        const outcomes = join(rotate.runnerTemp, 'docugen-secrets');
        const alerts = await runStep({
          node: runtime.node,
          workspace: work,
          inputs: { command: 'alerts', now, outcomes },
          env: alertsEnv,
        });
        expect(alerts.code, alerts.stdout).toBe(0);
        const openIssues = () =>
          github
            .snapshot()
            .repos.find((r) => r.name === 'app')
            ?.issues.filter((i) => i.state === 'open') ?? [];
        const open = openIssues();
        expect(open.map((i) => i.title).join('\n')).toContain(SECRETS.expiring);
        expect(open).toHaveLength(1);
        expect(alerts.summary).toMatch(/Alerts: opened \\#\d+ crm-api-token \(manual-rotation-needed\)/);

        // A person rotates it by hand (a new current version); the next alerts run closes the issue.
        await world.sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: handSet[1] }));
        const later = await runStep({
          node: runtime.node,
          workspace: work,
          // Today: the hand-rotated value is fresh (the local server dates it by the real clock).
          inputs: { command: 'alerts' },
          env: alertsEnv,
        });
        expect(later.code, later.stdout).toBe(0);
        expect(openIssues()).toEqual([]);
        expect(later.summary).toMatch(/closed \\#\d+ crm-api-token/);
        // No issue or comment carries a value: neither the rotated ones nor the hand-set one the alerts never read.
        await expectNeverPrinted(await storedValues(work), rotate, { remote, github });
        const texts = githubTexts(github);
        for (const value of handSet) expect(texts.includes(value)).toBe(false);
        for (const run of [alerts, later]) for (const value of handSet) expect(run.stdout).not.toContain(value);
      } finally {
        await github.close();
      }
    });

    it('an emergency dispatch rotates with the emergency overlap and records the reason', async () => {
      const { work } = await checkout();
      await runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate' }, env });
      const reason = 'INC-42: key pasted in a ticket';
      const emergency = await runStep({
        node: runtime.node,
        workspace: work,
        eventName: 'workflow_dispatch',
        inputs: { command: 'rotate', secret: SECRETS.sops, emergency: 'true', reason },
        env,
      });
      expect(emergency.code, emergency.stdout).toBe(0);
      expect(emergency.outputs['rotated']).toBe(SECRETS.sops);
      expect(emergency.summary).toContain('## docugen-secrets rotate (emergency)');
      expect(emergency.summary).toContain(reason);
      const audit = await readFile(join(emergency.runnerTemp, 'docugen-secrets', 'audit.jsonl'), 'utf8');
      expect(audit).toContain(reason);
      // The emergency overlap (PT30M), not the normal one (P3D): 31 minutes later the old version retires.
      const later = new Date(Date.now() + 31 * 60_000).toISOString();
      const retire = await runStep({
        node: runtime.node,
        workspace: work,
        inputs: { command: 'rotate', now: later },
        env,
      });
      expect(retire.code, retire.stdout).toBe(0);
      expect(rotatedOf(retire)).toEqual([SECRETS.sops]);
      const report = JSON.parse(await readFile(retire.outputs['report'] ?? '', 'utf8')) as {
        results: { secretId: string; kind: string }[];
      };
      expect(report.results.find((r) => r.secretId === SECRETS.sops)?.kind).toBe('retired');
    });

    it('a bad input fails the step with one escaped error and exit code 1', async () => {
      const { work } = await checkout();
      const run = await runStep({
        node: runtime.node,
        workspace: work,
        inputs: { command: 'rotate', emergency: 'true', secret: SECRETS.aws },
        env,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^::error::docugen-secrets: ACTION_INPUT: input "reason"/m);
    });
  },
);
