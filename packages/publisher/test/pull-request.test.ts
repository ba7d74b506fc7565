import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDocugenError } from '@docugen-secrets/core';
import { createGitHubClient } from '@docugen-secrets/github-client';
import { startGitHubServer, type RunningGitHubServer } from '@docugen-secrets/github-server';
import { canary, git } from '@docugen-secrets/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { PullRequestPublisher, ROTATION_BRANCH } from '../src/index.js';
import { change, FIXED_RANDOM, recordingSleep, repos, request, show, write } from './helpers.js';

const servers: RunningGitHubServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]); // every exchange matched GitHub's OpenAPI description
  }
});

/** The local GitHub server over the bare remote (its branches are the API's), and a publisher on `work`. */
async function setup(remote: string): Promise<{
  server: RunningGitHubServer;
  publisherOn: (work: string) => PullRequestPublisher;
}> {
  const server = await startGitHubServer({ validate: true, gitDirs: { 'docugen/secrets': remote } });
  servers.push(server);
  const github = createGitHubClient({
    apiUrl: server.url,
    token: 'local-test-token',
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
    msPerRetrySecond: 1,
  });
  const publisherOn = (work: string): PullRequestPublisher =>
    new PullRequestPublisher({
      root: work,
      github,
      owner: 'docugen',
      repo: 'secrets',
      base: 'main',
      random: FIXED_RANDOM,
      sleep: recordingSleep().sleep,
    });
  return { server, publisherOn };
}

/** A fresh checkout of main, as a CI job starts. */
function freshClone(remote: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'publisher-ci-')), 'checkout');
  git(tmpdir(), 'clone', '--quiet', remote, dir);
  return dir;
}

async function openPulls(server: RunningGitHubServer): Promise<{ number: number; body: string; labels: string[] }[]> {
  const res = await fetch(`${server.url}/repos/docugen/secrets/pulls?state=all`, {
    headers: { authorization: 'token t' },
  });
  const list = (await res.json()) as { number: number; body: string; labels: { name: string }[]; state: string }[];
  return list.map((p) => ({ number: p.number, body: p.body, labels: p.labels.map((l) => l.name), state: p.state }));
}

describe('PullRequestPublisher (commit-mode pull-request)', { timeout: 90_000 }, () => {
  it('the first run opens one labelled pull request; the next run builds on its branch and updates it', async () => {
    const r = repos();
    const { server, publisherOn } = await setup(r.remote);
    const value = canary('pr');

    const work1 = freshClone(r.remote);
    const run1 = publisherOn(work1);
    await run1.prepare();
    expect(show(work1, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(ROTATION_BRANCH);
    write(work1, 'secrets/prod/a.sops.yaml', `a: ENC[${Buffer.from(value).toString('hex')}]\n`);
    const out1 = await run1.publish(request(change('a')));
    expect(out1).toMatchObject({ kind: 'pull-request', branch: ROTATION_BRANCH, created: true, attempts: 1 });
    expect(show(r.remote, 'rev-parse', 'main')).toBe(show(r.remote, 'rev-parse', `${ROTATION_BRANCH}~1`)); // main untouched
    expect(show(r.remote, 'log', '-1', '--format=%an', ROTATION_BRANCH).trim()).toBe('github-actions[bot]');

    // The next scheduled run starts from a fresh checkout of main: prepare puts it on the open branch.
    const work2 = freshClone(r.remote);
    const run2 = publisherOn(work2);
    await run2.prepare();
    expect(show(work2, 'show', 'HEAD:secrets/prod/a.sops.yaml')).toContain('ENC[');
    write(work2, 'secrets/prod/b.sops.yaml', 'b: 2\n');
    const out2 = await run2.publish(request(change('b')));
    expect(out2).toMatchObject({ kind: 'pull-request', created: false });
    if (out1.kind !== 'pull-request' || out2.kind !== 'pull-request') throw new Error('unreachable');
    expect(out2.number).toBe(out1.number);
    expect(show(r.remote, 'log', '--format=%s', `main..${ROTATION_BRANCH}`).trim().split('\n')).toEqual([
      'docugen-secrets: rotate b',
      'docugen-secrets: rotate a',
    ]);

    const pulls = await openPulls(server);
    expect(pulls).toHaveLength(1);
    const [pull] = pulls;
    expect(pull).toMatchObject({ number: out1.number, labels: ['secret-rotation'], state: 'open' });
    expect(pull?.body).toMatch(/^Automated secret rotation/);
    expect(pull?.body.indexOf('`b`')).toBeLessThan(pull?.body.indexOf('`a`') ?? 0); // this run first, earlier runs below
    expect(pull?.body).toContain('Earlier runs on this branch');
    const commits = show(r.remote, 'log', '--format=%B', ROTATION_BRANCH);
    for (const text of [pull?.body ?? '', commits]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(Buffer.from(value).toString('hex'));
    }
  });

  it('nothing changed and nothing pending: no push, no pull request', async () => {
    const r = repos();
    const { server, publisherOn } = await setup(r.remote);
    const p = publisherOn(freshClone(r.remote));
    await p.prepare();
    expect(await p.publish(request(change('a')))).toEqual({ kind: 'nothing' });
    expect(await openPulls(server)).toEqual([]);
    expect(show(r.remote, 'branch', '--list', ROTATION_BRANCH).trim()).toBe('');
  });

  it('a run that pushed and stopped before opening the pull request: the next run opens it', async () => {
    const r = repos();
    const { server, publisherOn } = await setup(r.remote);
    server.injectFault({ operation: 'pulls/create', kind: 'server-error', times: 10 });
    const work = freshClone(r.remote);
    const p = publisherOn(work);
    await p.prepare();
    write(work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const err = await p.publish(request(change('a'))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDocugenError(err, 'PUBLISH_PULL_REQUEST_FAILED')).toBe(true);
    expect(show(r.remote, 'log', '-1', '--format=%s', ROTATION_BRANCH).trim()).toBe('docugen-secrets: rotate a');
    server.clearFaults();

    const again = publisherOn(freshClone(r.remote));
    await again.prepare();
    expect(await again.publish(request())).toMatchObject({ kind: 'pull-request', created: true });
    expect((await openPulls(server)).map((p) => p.labels)).toEqual([['secret-rotation']]);
  });
});
