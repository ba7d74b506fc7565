import { chmod, readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoRandom } from '@docugen-secrets/core';
import { startGitHubServer } from '@docugen-secrets/github-server';
import { parseIdentities, setValue } from '@docugen-secrets/sops';
import { git } from '@docugen-secrets/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStep, type StepRun } from './bundle-run.js';
import {
  awsValues,
  BOT,
  checkout,
  DAY,
  expectNeverPrinted,
  openWorld,
  sopsValues,
  type BundleWorld,
} from './bundle-world.js';
import { bundleRuntime } from './node24.js';
import { manifestFiles, SECRETS } from './workspace.js';

const runtime = bundleRuntime();
const SOPS_A = `secrets/production/${SECRETS.sops}.sops.yaml`;
const SOPS_B = `secrets/production/${SECRETS.sops2}.sops.yaml`;
let world: BundleWorld;

beforeEach(async () => {
  world = await openWorld();
});
afterEach(async () => {
  await world.close();
});

const idsOf = (run: StepRun, name: string): string[] => (run.outputs[name] ?? '').split(',').filter(Boolean).sort();

/** A fresh clone of the remote's main, as `actions/checkout` leaves one for each job. */
function cloneOf(remote: string, name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rotator-clone-')), name);
  git(tmpdir(), 'clone', '--quiet', remote, dir);
  return dir;
}

/**
 * The push race, with real git: a post-commit hook in the action's checkout.
 * Once armed, the run's own commit (after its checkout and its fetch, before
 * its push) makes another clone push its prepared commit to the remote's
 * main first, so the action's first push is rejected as a non-fast-forward.
 */
async function raceHook(work: string): Promise<{ arm: (racer: string) => Promise<void> }> {
  const armed = join(work, '.git', 'race-armed');
  const hooks = join(work, '.git', 'hooks');
  const hook = join(hooks, 'post-commit');
  // The checkout's own hooks, whatever a system or global git config says.
  git(work, 'config', 'core.hooksPath', hooks);
  await writeFile(
    hook,
    [
      '#!/bin/sh',
      `[ -f '${armed}' ] || exit 0`,
      `racer="$(cat '${armed}')"`,
      `rm -f '${armed}'`,
      'unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE GIT_PREFIX',
      'git -C "$racer" push --quiet origin HEAD:refs/heads/main',
      '',
    ].join('\n'),
  );
  await chmod(hook, 0o755);
  return { arm: (racer) => writeFile(armed, racer) };
}

/** The racer's next commit on top of the remote's main (fetched now, pushed by the hook later). */
function racerCommit(racer: string, change: () => Promise<void>, message: string): Promise<string> {
  git(racer, 'fetch', '--quiet', 'origin');
  git(racer, 'reset', '--quiet', '--hard', 'origin/main');
  return change().then(() => {
    git(racer, 'add', '-A');
    git(racer, 'commit', '--quiet', '-m', message);
    return git(racer, 'rev-parse', 'HEAD').trim();
  });
}

describe(`the bundled action's commits (under Node ${runtime.version})`, { timeout: 240_000 }, () => {
  it('a push race is resolved by replaying onto the new remote head; a change to the same SOPS file stops that secret only', async () => {
    const { work, remote } = await checkout(manifestFiles(false, { secondSops: true }));
    const hook = await raceHook(work);
    const racer = cloneOf(remote, 'racer');
    const rotate = (inputs: Record<string, string>): Promise<StepRun> =>
      runStep({ node: runtime.node, workspace: work, inputs: { command: 'rotate', ...inputs }, env: world.env });

    // Run 1: a teammate's unrelated commit lands between the run's commit and its push.
    const theirs = await racerCommit(
      racer,
      () => writeFile(join(racer, 'OWNERS.md'), '# owners\n\nplatform\n'),
      'docs: owners',
    );
    await hook.arm(racer);
    const first = await rotate({});
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(0);
    expect(idsOf(first, 'rotated')).toEqual([SECRETS.aws, SECRETS.sops, SECRETS.sops2].sort());
    const head = git(remote, 'rev-parse', 'refs/heads/main').trim();
    expect(first.outputs['commit']).toBe(head);
    // Exactly one bot commit, on top of theirs, holding the two SOPS files and nothing else.
    expect(git(remote, 'rev-parse', `${head}^`).trim()).toBe(theirs);
    expect(git(remote, 'log', '-1', '--format=%an <%ae>', head).trim()).toBe(`${BOT[0]} <${BOT[1]}>`);
    expect(git(remote, 'diff', '--name-only', theirs, head).split('\n').filter(Boolean).sort()).toEqual(
      [SOPS_A, SOPS_B].sort(),
    );
    const report1 = JSON.parse(await readFile(first.outputs['report'] ?? '', 'utf8')) as {
      published: { kind: string; attempts: number; conflicts: string[] };
    };
    expect(report1.published).toMatchObject({ kind: 'pushed', attempts: 2, conflicts: [] });

    // Run 2, due again: someone re-encrypts webhook-hmac-secret's file (same value, new tokens) during the run.
    const identities = await parseIdentities(world.keyText, 'key');
    const theirs2 = await racerCommit(
      racer,
      async () => {
        const path = join(racer, SOPS_A);
        const [value = ''] = await sopsValues(world, path);
        const text = await setValue(await readFile(path, 'utf8'), ['versions', 0, 'value'], value, identities, {
          format: 'yaml',
          now: new Date(),
          random: cryptoRandom,
        });
        await writeFile(path, text);
      },
      'chore: re-encrypt the webhook secret',
    );
    const reencrypted = git(racer, 'show', `HEAD:${SOPS_A}`);
    await hook.arm(racer);
    const second = await rotate({ now: new Date(Date.now() + 61 * DAY).toISOString() });
    expect(second.code, 'a secret failed: the step fails').toBe(1);
    expect(idsOf(second, 'failed')).toEqual([SECRETS.sops]);
    expect(idsOf(second, 'rotated')).toEqual([SECRETS.aws, SECRETS.sops2].sort());
    expect(second.stdout).toMatch(/^::error title=docugen-secrets%3A webhook-hmac-secret::.*RUNNER_COMMIT_CONFLICT/m);
    const head2 = git(remote, 'rev-parse', 'refs/heads/main').trim();
    expect(second.outputs['commit']).toBe(head2);
    expect(git(remote, 'rev-parse', `${head2}^`).trim()).toBe(theirs2);
    expect(git(remote, 'diff', '--name-only', theirs2, head2).trim()).toBe(SOPS_B);
    expect(git(remote, 'log', '-1', '--format=%B', head2)).not.toContain(SECRETS.sops + ' ');
    // Their file stands, in the remote and in the checkout the next run starts from.
    expect(git(remote, 'show', `${head2}:${SOPS_A}`)).toBe(reencrypted);
    expect(await readFile(join(work, SOPS_A), 'utf8')).toBe(reencrypted);

    const values = [
      ...(await awsValues(world, `production/${SECRETS.aws}`)),
      ...(await sopsValues(world, join(work, SOPS_A))),
      ...(await sopsValues(world, join(work, SOPS_B))),
    ];
    expect(values.length).toBeGreaterThanOrEqual(4);
    await expectNeverPrinted(values, second, { remote });
  });

  it('pull-request mode opens one labelled pull request, and the next run updates the same one', async () => {
    const { work, remote } = await checkout();
    const github = await startGitHubServer({
      validate: true,
      token: 'ghs_e2e-token-0123456789',
      gitDirs: { 'docugen/app': remote },
    });
    try {
      const env = { ...world.env, GITHUB_API_URL: github.url };
      const mainBefore = git(remote, 'rev-parse', 'refs/heads/main').trim();
      const pulls = () => github.snapshot().repos.flatMap((r) => r.issues.filter((i) => i.pull !== undefined));
      const first = await runStep({
        node: runtime.node,
        workspace: work,
        inputs: { command: 'rotate', 'commit-mode': 'pull-request' },
        env,
      });
      expect(first.stderr).toBe('');
      expect(first.code, first.stdout).toBe(0);
      expect(pulls()).toHaveLength(1);
      const [pull] = pulls();
      expect(first.outputs['pull-request']).toMatch(new RegExp(`/pull/${pull?.number ?? 0}$`));
      expect(pull?.pull?.headRef).toBe('docugen-secrets/rotation');
      expect(pull?.pull?.baseRef).toBe('main');
      const labels = github.snapshot().repos.flatMap((r) => r.labels.filter((l) => pull?.labelIds.includes(l.id)));
      expect(labels.map((l) => l.name)).toEqual(['secret-rotation']);
      expect(pull?.body).toContain(SECRETS.sops);
      // Protected main is untouched: the SOPS update waits on the rotation branch.
      expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(mainBefore);
      expect(first.outputs['commit']).toBe(git(remote, 'rev-parse', 'refs/heads/docugen-secrets/rotation').trim());

      // The next scheduled run, from a fresh checkout of main, builds on the branch and updates the same pull request.
      const next = cloneOf(remote, 'next');
      const second = await runStep({
        node: runtime.node,
        workspace: next,
        inputs: {
          command: 'rotate',
          'commit-mode': 'pull-request',
          now: new Date(Date.now() + 61 * DAY).toISOString(),
        },
        env,
      });
      expect(second.code, second.stdout).toBe(0);
      expect(idsOf(second, 'rotated')).toEqual([SECRETS.aws, SECRETS.sops].sort());
      expect(pulls()).toHaveLength(1);
      expect(second.outputs['pull-request']).toBe(first.outputs['pull-request']);
      const branch = git(remote, 'rev-parse', 'refs/heads/docugen-secrets/rotation').trim();
      expect(second.outputs['commit']).toBe(branch);
      expect(git(remote, 'rev-parse', `${branch}^`).trim()).toBe(first.outputs['commit']);
      expect(pulls()[0]?.body).toContain('Earlier runs on this branch');
      expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(mainBefore);

      const values = [
        ...(await awsValues(world, `production/${SECRETS.aws}`)),
        ...(await sopsValues(world, join(next, SOPS_A))),
      ];
      expect(values.length).toBeGreaterThanOrEqual(3);
      await expectNeverPrinted(values, second, { remote, github });
      expect(github.violations()).toEqual([]);
    } finally {
      await github.close();
    }
  });
});
